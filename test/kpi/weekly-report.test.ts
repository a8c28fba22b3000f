import { describe, expect, test } from 'vitest';
import {
  formatDuration,
  formatValue,
  renderCsv,
  renderJson,
  renderText,
  reportDays,
  weeklyReport,
} from '../../local/kpi/weekly-report';
import { sampleResults } from './sample-results';

const HOTEL = { tenantId: 'aurora-belek', name: 'Aurora Belek Resort & Spa' };

describe('weeklyReport', () => {
  const report = weeklyReport(HOTEL, '2026-W30', sampleResults());

  test('covers the asked week and the seven before it', () => {
    expect(reportDays('2026-W30')).toEqual({ from: '2026-06-01', to: '2026-07-26' });
    expect(report.weeks).toEqual([
      '2026-W23',
      '2026-W24',
      '2026-W25',
      '2026-W26',
      '2026-W27',
      '2026-W28',
      '2026-W29',
      '2026-W30',
    ]);
    expect([report.from, report.to]).toEqual(['2026-07-20', '2026-07-26']);
  });

  test('orders sections as the meeting reads them, titled by their description', () => {
    expect(report.sections.map((s) => [s.name, s.title])).toEqual([
      ['first_response_time', 'First response time per channel'],
      ['first_response_distribution', 'First response distribution per channel'],
      ['top_root_causes', 'Top 5 root causes'],
      ['nps', 'NPS'],
    ]);
  });

  test("shows the asked week's rows without the week and sort-helper columns", () => {
    const distribution = report.sections[1];
    expect(distribution?.columns).toEqual(['channel', 'bucket', 'tickets']);
    expect(report.sections[0]?.rows.map((r) => r.channel)).toEqual(['instagram', 'whatsapp']);
  });

  test('follows each figure over the weeks, null where a week has no row', () => {
    const trend = report.sections[0]?.trend;
    expect(trend).toEqual([
      {
        label: 'instagram',
        metric: 'median_seconds',
        values: [null, null, null, null, null, null, null, 42],
      },
      { label: 'whatsapp', metric: 'median_seconds', values: [null, null, null, null, null, null, 95, 245] },
    ]);
    expect(report.sections[3]?.trend.map((t) => t.label)).toEqual(['nps', 'answered']);
  });
});

describe('formatting', () => {
  test.each([
    [0, '0s'],
    [42.4, '42s'],
    [245, '4m 05s'],
    [7380, '2h 03m'],
    [100_800, '1d 04h'],
  ])('%s seconds read %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  test('rates as percentages, the NPS signed, missing values as a dash', () => {
    expect(formatValue('breach_rate', 0.125)).toBe('12.5%');
    expect(formatValue('nps', 25)).toBe('+25.0');
    expect(formatValue('nps', -100 / 3)).toBe('-33.3');
    expect(formatValue('median_seconds', null)).toBe('-');
    expect(formatValue('tickets', 12)).toBe('12');
  });
});

describe('rendering', () => {
  const report = weeklyReport(HOTEL, '2026-W30', sampleResults());

  test('text: a table per KPI and its trend', () => {
    const text = renderText(report);
    expect(text).toContain(
      'KPI report: Aurora Belek Resort & Spa (aurora-belek), week 2026-W30 (2026-07-20 to 2026-07-26)',
    );
    expect(text).toContain(
      [
        '  channel    tickets  answered  median     p90',
        '  instagram        2         1     42s     42s',
        '  whatsapp         5         5  4m 05s  2h 03m',
      ].join('\n'),
    );
    expect(text).toMatch(/ {4}whatsapp +- +- +- +- +- +- +1m 35s +4m 05s/);
    expect(text).toContain('  surveys  answered    nps\n       12         9  -33.3');
  });

  test('csv: one figure a line for every trend week, quoted where needed', () => {
    const lines = renderCsv(report).trimEnd().split('\n');
    expect(lines[0]).toBe('kpi,week,group,metric,value');
    expect(lines).toContain('first_response_time,2026-W29,channel=whatsapp,median_seconds,95');
    expect(lines).toContain('nps,2026-W29,,nps,25');
    expect(lines).toContain('top_root_causes,2026-W30,place=1,root_cause,"klima, ""salon"""');
    expect(lines.some((line) => line.includes('bucket_order'))).toBe(false);
  });

  test('json: the report model itself', () => {
    expect(JSON.parse(renderJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
