import { daysOfIsoWeek } from '../../functions/domain/kpi/lake-days';
import type { KpiRow } from './kpi-queries';
import { formatValue, heading, type ReportSection, type WeeklyReport } from './weekly-report';

/** Text for HTML: every character that could open markup or leave an attribute is escaped. */
export const escapeHtml = (value: unknown): string =>
  String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const WIDTH = 640;
/** Fast to slow: the first-response buckets. */
const BUCKET_COLOURS = ['#1a9850', '#91cf60', '#fee08b', '#fc8d59', '#d73027'];
const AXIS = '#888';
const round = (n: number) => Math.round(n * 10) / 10;

const sectionOf = (report: WeeklyReport, name: string): ReportSection | undefined =>
  report.sections.find((section) => section.name === name);
const num = (row: KpiRow | undefined, column: string): number => {
  const value = row?.[column];
  return typeof value === 'number' ? value : 0;
};

function svg(title: string, height: number, body: string[]): string {
  return [
    `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    ...body,
    '</svg>',
  ].join('\n');
}

const text = (x: number, y: number, content: string, attributes = '') =>
  `<text x="${round(x)}" y="${round(y)}"${attributes ? ` ${attributes}` : ''}>${escapeHtml(content)}</text>`;
const rect = (x: number, y: number, width: number, height: number, fill: string, label: string) =>
  `<rect x="${round(x)}" y="${round(y)}" width="${round(Math.max(width, 0))}" height="${round(height)}" fill="${fill}"><title>${escapeHtml(label)}</title></rect>`;

function figure(name: string, caption: string, chart: string): string {
  return `<figure id="chart-${name}">\n${chart}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}

/** Stacked bars: per channel, how many first answers fell in each time bucket. */
export function firstResponseChart(report: WeeklyReport): string {
  const rows = sectionOf(report, 'first_response_distribution')?.rows ?? [];
  const times = sectionOf(report, 'first_response_time')?.rows ?? [];
  const buckets = [...new Map(rows.map((r) => [num(r, 'bucket_order'), String(r.bucket)])).entries()].sort(
    ([a], [b]) => a - b,
  );
  const channels = [...new Set(rows.map((r) => String(r.channel)))].sort();
  const totals = channels.map((channel) =>
    rows.filter((r) => r.channel === channel).reduce((sum, r) => sum + num(r, 'tickets'), 0),
  );
  const max = Math.max(1, ...totals);
  const [left, barWidth, rowHeight] = [90, 300, 30];
  const body: string[] = [];
  channels.forEach((channel, i) => {
    const y = 10 + i * rowHeight;
    body.push(text(0, y + 15, channel));
    let x = left;
    for (const [order, bucket] of buckets) {
      const count = num(
        rows.find((r) => r.channel === channel && r.bucket_order === order),
        'tickets',
      );
      const width = (count / max) * barWidth;
      body.push(rect(x, y, width, 20, BUCKET_COLOURS[order - 1] ?? AXIS, `${channel}, ${bucket}: ${count}`));
      x += width;
    }
    const time = times.find((r) => r.channel === channel);
    body.push(
      text(
        x + 6,
        y + 15,
        `${totals[i]} · median ${formatValue('median_seconds', time?.median_seconds)} · p90 ${formatValue('p90_seconds', time?.p90_seconds)}`,
        'class="note"',
      ),
    );
  });
  const legendY = 20 + channels.length * rowHeight;
  buckets.forEach(([order, bucket], i) => {
    body.push(rect(left + i * 105, legendY, 12, 12, BUCKET_COLOURS[order - 1] ?? AXIS, bucket));
    body.push(text(left + i * 105 + 16, legendY + 11, bucket, 'class="note"'));
  });
  if (channels.length === 0) body.push(text(left, 25, 'no answered tickets this week', 'class="note"'));
  return svg('First response time per channel', Math.max(legendY + 24, 60), body);
}

/** Columns per day of the week: decided SLA clocks, and the breached ones in front. */
export function slaBreachChart(report: WeeklyReport): string {
  const rows = sectionOf(report, 'sla_breaches_daily')?.rows ?? [];
  const days = daysOfIsoWeek(report.week);
  const max = Math.max(1, ...rows.map((r) => num(r, 'decided')));
  const [top, plotHeight, step] = [20, 150, WIDTH / 7];
  const body = [
    `<line x1="0" y1="${top + plotHeight}" x2="${WIDTH}" y2="${top + plotHeight}" stroke="${AXIS}"/>`,
  ];
  days.forEach((day, i) => {
    const row = rows.find((r) => r.dt === day);
    const [decided, breached] = [num(row, 'decided'), num(row, 'breached')];
    const x = i * step + step * 0.2;
    const height = (n: number) => (n / max) * plotHeight;
    body.push(
      rect(
        x,
        top + plotHeight - height(decided),
        step * 0.6,
        height(decided),
        '#c6dbef',
        `${day}: ${decided} decided`,
      ),
    );
    body.push(
      rect(
        x,
        top + plotHeight - height(breached),
        step * 0.6,
        height(breached),
        '#d73027',
        `${day}: ${breached} breached`,
      ),
    );
    body.push(
      text(
        x + step * 0.3,
        top + plotHeight - height(decided) - 4,
        `${breached}/${decided}`,
        'class="note" text-anchor="middle"',
      ),
    );
    body.push(text(x + step * 0.3, top + plotHeight + 16, day.slice(5), 'class="note" text-anchor="middle"'));
  });
  return svg('SLA breaches per day', top + plotHeight + 26, body);
}

/** The NPS of each trend week, on a −100 to +100 scale. */
export function npsTrendChart(report: WeeklyReport): string {
  const history = sectionOf(report, 'nps')?.history ?? [];
  const [top, plotHeight, left] = [15, 160, 40];
  const step = (WIDTH - left - 20) / Math.max(1, report.weeks.length - 1);
  const y = (nps: number) => top + ((100 - nps) / 200) * plotHeight;
  const body = [
    `<line x1="${left}" y1="${y(0)}" x2="${WIDTH - 10}" y2="${y(0)}" stroke="${AXIS}" stroke-dasharray="4 3"/>`,
    text(0, y(100) + 4, '+100', 'class="note"'),
    text(0, y(0) + 4, '0', 'class="note"'),
    text(0, y(-100) + 4, '-100', 'class="note"'),
  ];
  const points = report.weeks.map((week, i) => {
    const row = history.find((r) => r.week === daysOfIsoWeek(week)[0]);
    const nps = row?.nps;
    return { x: left + i * step, week, nps: typeof nps === 'number' ? nps : undefined };
  });
  const known = points.filter((p): p is typeof p & { nps: number } => p.nps !== undefined);
  if (known.length > 1)
    body.push(
      `<polyline fill="none" stroke="#2166ac" stroke-width="2" points="${known.map((p) => `${round(p.x)},${round(y(p.nps))}`).join(' ')}"/>`,
    );
  for (const p of points) {
    body.push(text(p.x, top + plotHeight + 18, p.week.slice(5), 'class="note" text-anchor="middle"'));
    if (p.nps === undefined) continue;
    body.push(
      `<circle cx="${round(p.x)}" cy="${round(y(p.nps))}" r="4" fill="#2166ac"><title>${escapeHtml(`${p.week}: NPS ${formatValue('nps', p.nps)}`)}</title></circle>`,
    );
    body.push(text(p.x, y(p.nps) - 8, formatValue('nps', p.nps), 'class="note" text-anchor="middle"'));
  }
  return svg('NPS trend', top + plotHeight + 28, body);
}

/** Leads, offers, booked: bars as long as their count, with the step's rate. */
export function funnelChart(report: WeeklyReport): string {
  const row = sectionOf(report, 'lead_funnel')?.rows[0];
  const steps = [
    { label: 'leads', count: num(row, 'leads'), rate: '' },
    {
      label: 'offers',
      count: num(row, 'offers'),
      rate: formatValue('lead_to_offer_rate', row?.lead_to_offer_rate),
    },
    {
      label: 'booked',
      count: num(row, 'booked'),
      rate: formatValue('offer_to_booked_rate', row?.offer_to_booked_rate),
    },
  ];
  const max = Math.max(1, ...steps.map((s) => s.count));
  const [left, barWidth] = [70, 420];
  const body = steps.flatMap((s, i) => {
    const width = (s.count / max) * barWidth;
    const x = left + (barWidth - width) / 2;
    return [
      text(0, 25 + i * 40, s.label),
      rect(x, 10 + i * 40, width, 24, ['#4292c6', '#2171b5', '#08519c'][i] ?? AXIS, `${s.label}: ${s.count}`),
      text(
        left + barWidth + 10,
        27 + i * 40,
        s.rate ? `${s.count} (${s.rate})` : String(s.count),
        'class="note"',
      ),
    ];
  });
  return svg('Lead funnel', 130, body);
}

function sectionHtml(section: ReportSection, weeks: readonly string[]): string {
  const parts = [`<section id="${escapeHtml(section.name)}">`, `<h3>${escapeHtml(section.title)}</h3>`];
  parts.push(`<p class="note">${escapeHtml(section.description)}</p>`);
  if (section.rows.length === 0) parts.push('<p class="note">no data this week</p>');
  else
    parts.push(
      '<table>',
      `<tr>${section.columns.map((c) => `<th>${escapeHtml(heading(c))}</th>`).join('')}</tr>`,
      ...section.rows.map(
        (row) =>
          `<tr>${section.columns.map((c) => `<td${typeof row[c] === 'string' ? ' class="text"' : ''}>${escapeHtml(formatValue(c, row[c]))}</td>`).join('')}</tr>`,
      ),
      '</table>',
    );
  if (section.trend.length > 0)
    parts.push(
      '<table class="trend">',
      `<tr><th>trend</th>${weeks.map((w) => `<th>${escapeHtml(w)}</th>`).join('')}</tr>`,
      ...section.trend.map(
        (row) =>
          `<tr><td>${escapeHtml(row.label || heading(row.metric))}</td>${row.values.map((v) => `<td>${escapeHtml(formatValue(row.metric, v))}</td>`).join('')}</tr>`,
      ),
      '</table>',
    );
  parts.push('</section>');
  return parts.join('\n');
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; } h2 { font-size: 17px; margin-top: 28px; } h3 { font-size: 15px; margin: 20px 0 2px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(660px, 1fr)); gap: 16px; }
figure { margin: 0; } figcaption { font-weight: 600; margin-top: 4px; }
svg text { font: 12px system-ui, sans-serif; fill: #222; } svg text.note { fill: #555; }
table { border-collapse: collapse; margin: 6px 0; } th, td { padding: 2px 10px; text-align: right; border-bottom: 1px solid #e3e3e3; }
th:first-child, td:first-child, td.text { text-align: left; }
svg { max-width: 100%; height: auto; } .note { color: #666; font-size: 12px; }
@media print { .charts { display: block; } figure { break-inside: avoid; } }`;

/** One self-contained page for the weekly meeting: inline SVG charts and the tables, nothing fetched. */
export function renderHtml(report: WeeklyReport): string {
  const title = `KPI report: ${report.hotel.name}, week ${report.week}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="note">${escapeHtml(`${report.hotel.tenantId}, ${report.from} to ${report.to} (hotel time); trends ${report.weeks[0]} to ${report.week}`)}</p>`,
    '<div class="charts">',
    figure('first-response', 'First response per channel (this week)', firstResponseChart(report)),
    figure(
      'sla-breaches',
      'SLA breaches per day (breached / decided, by the day the ticket opened)',
      slaBreachChart(report),
    ),
    figure('nps-trend', 'NPS per week', npsTrendChart(report)),
    figure('funnel', 'Lead funnel (this week)', funnelChart(report)),
    '</div>',
    '<h2>All KPIs</h2>',
    ...report.sections.map((section) => sectionHtml(section, report.weeks)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
