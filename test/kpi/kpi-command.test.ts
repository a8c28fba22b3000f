import { describe, expect, test } from 'vitest';
import { parseKpiArgs } from '../../local/cli/commands/kpi';
import { KPI_HOTELS } from './kpi-dataset';

const [belek, cancun] = KPI_HOTELS as [(typeof KPI_HOTELS)[number], (typeof KPI_HOTELS)[number]];
// Sunday 22:30 UTC: already Monday of the next week in Belek, still Sunday evening in Cancún.
const NOW = new Date('2026-07-26T22:30:00Z');

describe('hotel-inbox kpi arguments', () => {
  test('take the hotel by tenant id or code, and default to the table of the current week in its time zone', () => {
    expect(parseKpiArgs(['--hotel', 'aurora-belek'], KPI_HOTELS, NOW)).toEqual({
      hotel: belek,
      week: '2026-W31',
      format: 'table',
      html: undefined,
    });
    expect(parseKpiArgs(['--hotel', 'rvc'], KPI_HOTELS, NOW).week).toBe('2026-W30');
    expect(parseKpiArgs(['--hotel', 'RVC'], KPI_HOTELS, NOW).hotel).toBe(cancun);
  });

  test('take a week, a format and an HTML file', () => {
    expect(
      parseKpiArgs(
        ['--hotel', 'AUB', '--week', '2026-W29', '--format', 'csv', '--html', 'r.html'],
        KPI_HOTELS,
        NOW,
      ),
    ).toEqual({ hotel: belek, week: '2026-W29', format: 'csv', html: 'r.html' });
  });

  test('name the known hotels when the hotel is unknown', () => {
    expect(() => parseKpiArgs(['--hotel', 'nowhere'], KPI_HOTELS, NOW)).toThrow(
      'no hotel nowhere; known hotels: aurora-belek (AUB), riviera-cancun (RVC)',
    );
  });

  test.each([
    [[], /usage: hotel-inbox kpi --hotel H/],
    [['--hotel', 'AUB', '--format', 'xml'], /--format must be one of table, json, csv/],
    [['--hotel', 'AUB', '--week', '2026-30'], /not an ISO week/],
    [['--hotel', 'AUB', '--week', '2026-W54'], /does not exist/],
    [['--hotel', 'AUB', '--from', '2026-07-01'], /Unknown option/],
  ])('refuse %j', (args, message) => {
    expect(() => parseKpiArgs(args, KPI_HOTELS, NOW)).toThrow(message);
  });
});
