import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { LAKE_TABLE_NAMES, lakeObjectKey } from '../../functions/contracts/lake';
import { exportHotelDay } from '../../functions/domain/kpi/export-kpis';
import { localDateOf } from '../../functions/domain/kpi/lake-days';
import { openDuckDbLake } from '../../local/kpi/duckdb-lake';
import { generateKpiDataset, KPI_HOTELS, type KpiDataset } from './kpi-dataset';
import { daysOf, exportDeps } from './kpi-lake';

const hotel = KPI_HOTELS[0] as (typeof KPI_HOTELS)[number];
const full = generateKpiDataset();
/** One hotel is enough here, and keeps the test quick. */
const data: KpiDataset = {
  ...full,
  hotels: [hotel],
  tickets: full.tickets.filter((t) => t.tenantId === hotel.tenantId),
  surveys: full.surveys.filter((s) => s.tenantId === hotel.tenantId),
};
const days = daysOf(data, hotel.tenantId, hotel.timeZone);
let lakeDir: string;

beforeEach(() => {
  lakeDir = mkdtempSync(join(tmpdir(), 'kpi-export-'));
});

afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));

async function exportAll(source: KpiDataset) {
  const deps = exportDeps(source, lakeDir);
  for (const dt of days) await exportHotelDay(deps, hotel, dt);
}

const snapshot = () =>
  Object.fromEntries(
    readdirSync(lakeDir, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.parquet'))
      .sort()
      .map((path) => [path, readFileSync(join(lakeDir, path)).toString('base64')]),
  );

async function counts(): Promise<Record<string, unknown>> {
  const lake = await openDuckDbLake(lakeDir);
  try {
    const reader = await lake.connection.runAndReadAll(`
      SELECT
        (SELECT count(*) FROM tickets) AS tickets,
        (SELECT count(DISTINCT ticket_id) FROM tickets) AS distinct_tickets,
        (SELECT count(*) FROM messages) AS messages,
        (SELECT count(DISTINCT message_id) FROM messages) AS distinct_messages,
        (SELECT count(*) FROM surveys) AS surveys,
        (SELECT count(DISTINCT survey_id) FROM surveys) AS distinct_surveys`);
    return Object.fromEntries(
      Object.entries(reader.getRowObjectsJson()[0] ?? {}).map(([k, v]) => [k, Number(v)]),
    );
  } finally {
    lake.close();
  }
}

test('exporting every day again writes the same bytes and no row twice', async () => {
  await exportAll(data);
  const first = snapshot();
  await exportAll(data);

  expect(snapshot()).toEqual(first);
  const messages = data.tickets.reduce((n, t) => n + (data.messages.get(t.ticketId)?.length ?? 0), 0);
  const surveys = data.surveys.length + data.tickets.filter((t) => t.csat).length;
  expect(await counts()).toEqual({
    tickets: data.tickets.length,
    distinct_tickets: data.tickets.length,
    messages,
    distinct_messages: messages,
    surveys,
    distinct_surveys: surveys,
  });
});

test('a day whose records are gone loses its files; the other days keep theirs', async () => {
  await exportAll(data);
  const day = days[10] as string;
  const onDay = (at: string) => localDateOf(at, hotel.timeZone) === day;
  const before = snapshot();
  expect(
    LAKE_TABLE_NAMES.filter((t) => existsSync(join(lakeDir, lakeObjectKey(t, day, hotel.tenantId)))),
  ).toEqual(LAKE_TABLE_NAMES);

  const emptied = {
    ...data,
    tickets: data.tickets.filter((t) => !onDay(t.openedAt)),
    surveys: data.surveys.filter((s) => !onDay(s.scheduledFor)),
  };
  await exportHotelDay(exportDeps(emptied, lakeDir), hotel, day);

  for (const table of LAKE_TABLE_NAMES)
    expect(existsSync(join(lakeDir, lakeObjectKey(table, day, hotel.tenantId)))).toBe(false);
  const after = snapshot();
  const kept = Object.fromEntries(Object.entries(before).filter(([path]) => !path.includes(`dt=${day}/`)));
  expect(after).toEqual(kept);
});

test('the views of a lake with no files have the contract columns and no rows, and every query runs on them', async () => {
  const { loadKpiQueries, runKpiQueries } = await import('../../local/kpi/kpi-queries');
  const lake = await openDuckDbLake(lakeDir);
  try {
    const results = await runKpiQueries(lake.connection, loadKpiQueries(), {
      hotel: hotel.tenantId,
      from: '2026-07-01',
      to: '2026-07-31',
    });
    for (const result of Object.values(results)) {
      expect(result.rows).toEqual([]);
      expect(result.columns[0]).toBe('week');
    }
  } finally {
    lake.close();
  }
});
