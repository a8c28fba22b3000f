import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Hotel } from '../../../functions/domain/hotels';
import { exportHotelDay } from '../../../functions/domain/kpi/export-kpis';
import { daysOfIsoWeek, isoWeekOf, localDateOf, shiftDate } from '../../../functions/domain/kpi/lake-days';
import { reportFromLake } from '../../kpi/lake-report';
import { lakeDirOf, localKpiExportDeps } from '../../kpi/local-export';
import { renderHtml } from '../../kpi/report-html';
import { renderCsv, renderJson, renderText, reportDays } from '../../kpi/weekly-report';
import { type LocalConfig, loadConfig } from '../../runtime/config';
import { LOCAL_TABLE_NAME, loadHotels, runtimeFileOf } from '../../runtime/runtime';
import { openLocalData } from '../local-data';

const USAGE = 'usage: hotel-inbox kpi --hotel H [--week 2026-W30] [--format table|json|csv] [--html FILE]';
const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export interface KpiOptions {
  hotel: Hotel;
  week: string;
  format: Format;
  html: string | undefined;
}

/** The command's options; `--week` defaults to the current ISO week in the hotel's time zone. */
export function parseKpiArgs(args: string[], hotels: readonly Hotel[], now: Date): KpiOptions {
  const { values } = parseArgs({
    args,
    options: {
      hotel: { type: 'string' },
      week: { type: 'string' },
      format: { type: 'string', default: 'table' },
      html: { type: 'string' },
    },
  });
  if (!values.hotel) throw new Error(USAGE);
  const name = values.hotel;
  const hotel = hotels.find((h) => h.tenantId === name || h.hotelCode === name.toUpperCase());
  if (!hotel) {
    const known = hotels.map((h) => `${h.tenantId} (${h.hotelCode})`).join(', ');
    throw new Error(`no hotel ${name}; known hotels: ${known}`);
  }
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new Error(`--format must be one of ${FORMATS.join(', ')}, got ${values.format}`);
  const week = values.week ?? isoWeekOf(localDateOf(now, hotel.timeZone));
  daysOfIsoWeek(week); // throws on `2026-30` or `2026-W54`
  return { hotel, week, format, html: values.html };
}

/**
 * `hotel-inbox kpi --hotel H --week 2026-W30`: the weekly KPI report, from the same
 * `queries/*.sql` Athena runs, here in DuckDB over `DATA_DIR/lake`. A running pipeline first
 * exports the report's days, so the figures are current.
 */
export async function kpiCommand(args: string[]): Promise<number> {
  const config = loadConfig();
  const running = existsSync(runtimeFileOf(config.dataDir));
  // `simulate` runs the pipeline's clock days ahead: "this week" and "today" are the pipeline's.
  const now = running ? await pipelineTime(config) : new Date();
  const options = parseKpiArgs(args, loadHotels(config.hotelsFile), now);
  if (running) await exportReportDays(config, options.hotel, options.week, now);
  else
    process.stderr.write(
      `hotel-inbox is not running: reporting from the lake as it is (${lakeDirOf(config)})\n`,
    );
  const report = await reportFromLake(lakeDirOf(config), options.hotel, options.week);
  const render = { table: renderText, json: renderJson, csv: renderCsv }[options.format];
  process.stdout.write(`${render(report).trimEnd()}\n`);
  if (options.html) {
    writeFileSync(resolve(options.html), renderHtml(report));
    process.stderr.write(`wrote ${options.html}\n`);
  }
  return 0;
}

/** The running pipeline's clock (`GET /_local/clock`), or the system's when it does not answer. */
async function pipelineTime(config: LocalConfig): Promise<Date> {
  try {
    const { clockEndpoint } = JSON.parse(readFileSync(runtimeFileOf(config.dataDir), 'utf8')) as {
      clockEndpoint?: string;
    };
    if (!clockEndpoint) return new Date();
    const response = await fetch(clockEndpoint, { signal: AbortSignal.timeout(2_000) });
    const { now } = (await response.json()) as { now?: string };
    return now ? new Date(now) : new Date();
  } catch {
    return new Date();
  }
}

/** Exports the report's days up to the hotel's today from the running pipeline into the lake. */
async function exportReportDays(config: LocalConfig, hotel: Hotel, week: string, now: Date): Promise<void> {
  const data = openLocalData(config);
  try {
    const deps = localKpiExportDeps(data.client, config, LOCAL_TABLE_NAME, () => now);
    const today = localDateOf(now, hotel.timeZone);
    const { from, to } = reportDays(week);
    for (let day = from; day <= to && day <= today; day = shiftDate(day, 1))
      await exportHotelDay(deps, hotel, day);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `could not export from the running pipeline (${reason}): reporting from the lake as it is\n`,
    );
  } finally {
    data.close();
  }
}
