import { daysOfIsoWeek, isoWeekOf, shiftDate } from '../../functions/domain/kpi/lake-days';
import type { KpiResult, KpiRow, KpiValue } from './kpi-queries';

/** How the report shows one query: the columns that name a row, and the figures followed week by week. */
export interface KpiLayout {
  keys: string[];
  /** Columns the table leaves out (sort helpers such as `bucket_order`). */
  hidden?: string[];
  /** Figures whose weekly trend is shown, per `trendKeys` (default: `keys`). */
  trend?: string[];
  trendKeys?: string[];
}

/** The report's sections in meeting order; a query not listed here comes last, without a trend. */
export const REPORT_LAYOUT: Record<string, KpiLayout> = {
  first_response_time: { keys: ['channel'], trend: ['median_seconds'] },
  first_response_distribution: { keys: ['channel', 'bucket'], hidden: ['bucket_order'] },
  resolution_time: { keys: ['basket', 'topic'], trend: ['median_seconds'] },
  sla_breach_rate: { keys: ['basket', 'clock'], trend: ['breach_rate'] },
  sla_breaches_daily: { keys: ['dt'] },
  resolution_and_reopen_rate: { keys: [], trend: ['resolution_rate', 'reopen_rate'] },
  escalation_rate: { keys: [], trend: ['escalation_rate'] },
  leads_per_channel: { keys: ['channel'], trend: ['leads'] },
  lead_funnel: { keys: [], trend: ['leads', 'lead_to_offer_rate', 'offer_to_booked_rate'] },
  lost_opportunities: { keys: ['channel'], trend: ['lost_opportunities'] },
  complaints: { keys: [], trend: ['complaints', 'median_closing_seconds'] },
  top_root_causes: { keys: ['place'], trend: ['tickets'], trendKeys: ['root_cause'] },
  nps: { keys: [], trend: ['nps', 'answered'] },
  nps_by_segment: { keys: ['segment', 'value'], trend: ['nps'] },
  survey_response_rate: { keys: ['survey_type', 'channel'], trend: ['response_rate'] },
  detractor_callback_time: { keys: [], trend: ['median_callback_seconds', 'called_back'] },
};

/** How many weeks the trend shows, the asked one included. */
export const TREND_WEEKS = 8;

export interface TrendRow {
  /** The row's key values and, with several figures, the figure's name. */
  label: string;
  metric: string;
  /** One value a week, oldest first; null when the week has no such row. */
  values: (number | null)[];
}

export interface ReportSection {
  name: string;
  title: string;
  description: string;
  /** The table's columns (without `week` and hidden ones). */
  columns: string[];
  /** The asked week's rows. */
  rows: KpiRow[];
  /** Every row of the trend weeks, with its `week` (the week's Monday). */
  history: KpiRow[];
  trend: TrendRow[];
}

export interface WeeklyReport {
  hotel: { tenantId: string; name: string };
  /** The asked ISO week, e.g. `2026-W30`, and its first and last day (hotel-local dates). */
  week: string;
  from: string;
  to: string;
  /** The trend's ISO weeks, oldest first, the asked one last. */
  weeks: string[];
  sections: ReportSection[];
}

/** The days the report's queries cover: the Monday `TREND_WEEKS - 1` weeks back to the asked Sunday. */
export function reportDays(week: string): { from: string; to: string } {
  const days = daysOfIsoWeek(week);
  return { from: shiftDate(days[0] as string, -7 * (TREND_WEEKS - 1)), to: days[6] as string };
}

const titleOf = (description: string) => description.split(': ', 1)[0] ?? description;
const mondayOf = (week: string) => daysOfIsoWeek(week)[0] as string;
const numberOrNull = (value: KpiValue | undefined) => (typeof value === 'number' ? value : null);

/** The query results (rows with a `week` column, over `reportDays(week)`) as the week's report. */
export function weeklyReport(
  hotel: { tenantId: string; name: string },
  week: string,
  results: Record<string, KpiResult>,
): WeeklyReport {
  const days = daysOfIsoWeek(week);
  const first = reportDays(week).from;
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => isoWeekOf(shiftDate(first, 7 * i)));
  const known = Object.keys(REPORT_LAYOUT).filter((name) => name in results);
  const others = Object.keys(results)
    .filter((name) => !(name in REPORT_LAYOUT))
    .sort();
  const sections = [...known, ...others].map((name) => {
    const result = results[name] as KpiResult;
    const layout = REPORT_LAYOUT[name] ?? { keys: [] };
    const hidden = new Set(['week', ...(layout.hidden ?? [])]);
    return {
      name,
      title: titleOf(result.description),
      description: result.description,
      columns: result.columns.filter((column) => !hidden.has(column)),
      rows: result.rows.filter((row) => row.week === mondayOf(week)),
      history: result.rows,
      trend: trendOf(result.rows, weeks, layout),
    };
  });
  return { hotel, week, from: days[0] as string, to: days[6] as string, weeks, sections };
}

function trendOf(rows: readonly KpiRow[], weeks: readonly string[], layout: KpiLayout): TrendRow[] {
  const metrics = layout.trend ?? [];
  const keys = layout.trendKeys ?? layout.keys;
  const mondays = weeks.map(mondayOf);
  const labels = new Map<string, Map<string, KpiRow>>();
  for (const row of rows) {
    const label = keys.map((key) => String(row[key] ?? '-')).join(' / ');
    const byWeek = labels.get(label) ?? new Map<string, KpiRow>();
    byWeek.set(String(row.week), row);
    labels.set(label, byWeek);
  }
  return [...labels.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([label, byWeek]) =>
      metrics.map((metric) => ({
        label: [label, metrics.length > 1 ? heading(metric) : ''].filter(Boolean).join(' · '),
        metric,
        values: mondays.map((monday) => numberOrNull(byWeek.get(monday)?.[metric])),
      })),
    );
}

/** `median_seconds` → `median`, `breach_rate` → `breach rate`. */
export const heading = (column: string) => column.replace(/_seconds$/, '').replaceAll('_', ' ');

/** `42s`, `4m 05s`, `2h 03m`, `1d 04h`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${pad(Math.floor((s % 86_400) / 3600))}h`;
}

/** A value as the meeting reads it: durations, percentages, a signed NPS. */
export function formatValue(column: string, value: KpiValue | undefined): string {
  if (value === null || value === undefined) return '-';
  if (typeof value !== 'number') return String(value);
  if (column.endsWith('_seconds')) return formatDuration(value);
  if (column.endsWith('_rate')) return `${(value * 100).toFixed(1)}%`;
  if (column === 'nps') return `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Left-aligned text, right-aligned figures, two spaces between columns. */
function textTable(header: string[], body: string[][], numeric: boolean[], indent = '  '): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)];
}

/** The report as plain text tables, for a terminal. */
export function renderText(report: WeeklyReport): string {
  const lines = [
    `KPI report: ${report.hotel.name} (${report.hotel.tenantId}), week ${report.week} (${report.from} to ${report.to})`,
  ];
  const weekLabels = report.weeks.map((week) => week.slice(5));
  for (const section of report.sections) {
    lines.push('', section.title);
    if (section.rows.length === 0) lines.push('  no data this week');
    else {
      // Figures right-aligned, names left; a column of only nulls is a figure not yet known.
      const numeric = section.columns.map(
        (column) => !section.rows.some((row) => typeof row[column] === 'string'),
      );
      const body = section.rows.map((row) =>
        section.columns.map((column) => formatValue(column, row[column])),
      );
      lines.push(...textTable(section.columns.map(heading), body, numeric));
    }
    if (section.trend.length > 0) {
      lines.push(`  trend, ${report.weeks[0]} to ${report.week}:`);
      const body = section.trend.map((row) => [
        row.label || heading(row.metric),
        ...row.values.map((value) => formatValue(row.metric, value)),
      ]);
      lines.push(...textTable(['', ...weekLabels], body, [false, ...weekLabels.map(() => true)], '    '));
    }
  }
  return lines.join('\n');
}

export function renderJson(report: WeeklyReport): string {
  return JSON.stringify(report, null, 2);
}

const csvCell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * Every figure of every trend week, one a line (`kpi,week,group,metric,value`): the shape a
 * spreadsheet pivots. `group` names the row (`channel=whatsapp;bucket=1-4 h`), values are raw
 * (seconds, rates 0–1).
 */
export function renderCsv(report: WeeklyReport): string {
  const lines = ['kpi,week,group,metric,value'];
  for (const section of report.sections) {
    const layout = REPORT_LAYOUT[section.name];
    const keys = new Set(
      layout?.keys ?? section.columns.filter((c) => section.rows.some((r) => typeof r[c] === 'string')),
    );
    const hidden = new Set(['week', ...(layout?.hidden ?? [])]);
    for (const row of section.history) {
      const group = [...keys].map((key) => `${key}=${row[key] ?? ''}`).join(';');
      const week = isoWeekOf(String(row.week));
      for (const [metric, value] of Object.entries(row)) {
        if (keys.has(metric) || hidden.has(metric)) continue;
        lines.push(
          [section.name, week, group, metric, value === null ? '' : String(value)].map(csvCell).join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
