/**
 * `npm run bench:kpi`: what the KPI export and the KPI queries cost on 1 million tickets,
 * generated in the same run. The export's own work (records → rows → Parquet files, one per
 * hotel and day, as the Lambda writes them) is set against DuckDB's `COPY … TO` of the same rows
 * into the same layout: the floor a native columnar engine gives. Then every queries/*.sql runs
 * through DuckDB over the lake, as `hotel-inbox kpi` runs them.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FolderLakeStore } from '../functions/adapters/lake-store';
import { encodeParquet } from '../functions/adapters/parquet-encoder';
import { lakeObjectKey } from '../functions/contracts/lake';
import { shiftDate } from '../functions/domain/kpi/lake-days';
import { guestKeyOf, ticketRow } from '../functions/domain/kpi/lake-rows';
import { openDuckDbLake } from '../local/kpi/duckdb-lake';
import { loadKpiQueries, runKpiQuery } from '../local/kpi/kpi-queries';
import { type Random, seededRandom } from '../local/simulator/random';
import type { Ticket } from '../schemas/ticket';

const TICKETS = Number(process.env.BENCH_KPI_TICKETS ?? 1_000_000);
const HOTELS = 10;
const DAYS = 100;
const FIRST_DAY = '2026-04-01';
const SALT = 'bench-salt';

/** One hotel's day of tickets, shaped like the pipeline writes them. */
function ticketsOf(hotel: number, day: number, count: number, random: Random): Ticket[] {
  const { next } = random;
  const dt = shiftDate(FIRST_DAY, day);
  return Array.from({ length: count }, (_, i) => {
    const openedAt = new Date(Date.parse(`${dt}T06:00:00Z`) + next() * 14 * 3_600_000);
    const basket = random.pick(['sales', 'support', 'complaint'] as const);
    const answered = next() < 0.95;
    const firstResponseSeconds = Math.round(60 + next() * 3600);
    const resolved = answered && next() < 0.85;
    const resolutionSeconds = firstResponseSeconds + Math.round(next() * 86_400);
    const at = (seconds: number) => new Date(openedAt.getTime() + seconds * 1000).toISOString();
    const id = `H${hotel}-${dt}-${i}`;
    return {
      tenantId: `hotel-${hotel}`,
      ticketId: id,
      number: id,
      conversationKey: `cv-${id}`,
      guestId: `g-${hotel}-${Math.floor(next() * 50_000)}`,
      channel: random.pick(['whatsapp', 'instagram', 'webchat'] as const),
      status: resolved ? 'resolved' : 'open',
      openedAt: openedAt.toISOString(),
      updatedAt: openedAt.toISOString(),
      lastInboundAt: openedAt.toISOString(),
      messageCount: 1 + Math.floor(next() * 5),
      firstMessageId: `m-${id}`,
      basket,
      language: random.pick(['tr', 'en', 'de', 'ru'] as const),
      topics: [random.pick(['wifi', 'room', 'pool', 'price', 'transfer', 'food'])],
      priority: random.pick(['low', 'normal', 'high'] as const),
      reputationRisk: next() < 0.03,
      sla: {
        clock: '24/7',
        cycle: 0,
        firstResponse: {
          dueAt: at(900),
          ...(answered && { outcome: firstResponseSeconds <= 900 ? 'met' : 'breached' }),
        },
        resolution: {
          dueAt: at(86_400),
          ...(resolved && { outcome: resolutionSeconds <= 86_400 ? 'met' : 'breached' }),
        },
      },
      ...(answered && { firstResponseAt: at(firstResponseSeconds), firstResponseSeconds }),
      ...(resolved && { resolvedAt: at(resolutionSeconds), resolutionSeconds }),
      escalationLevel: next() < 0.1 ? 1 : 0,
      reopenCount: next() < 0.05 ? 1 : 0,
      ...(basket === 'sales' && {
        leadStage: random.pick(['lead', 'offer-sent', 'booked', 'lost'] as const),
      }),
      ...(basket === 'complaint' &&
        resolved && { rootCause: random.pick(['maintenance', 'cleaning', 'noise', 'staff']) }),
      tags: [],
      pauses: [],
    } satisfies Ticket;
  });
}

function generate(): Ticket[][] {
  const random = seededRandom(1);
  const perDay = Math.ceil(TICKETS / (HOTELS * DAYS));
  const days: Ticket[][] = [];
  for (let hotel = 0; hotel < HOTELS; hotel++)
    for (let day = 0; day < DAYS; day++) days.push(ticketsOf(hotel, day, perDay, random));
  return days;
}

const folderBytes = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => statSync(join(dir, path)))
    .filter((s) => s.isFile())
    .reduce((sum, s) => sum + s.size, 0);

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function main() {
  const days = generate();
  const rows = days.reduce((n, d) => n + d.length, 0);
  const work = mkdtempSync(join(tmpdir(), 'bench-kpi-'));
  const lakeDir = join(work, 'lake');
  const lake = new FolderLakeStore(lakeDir);
  const exportedAt = new Date();

  // The export: rows built from the records, encoded and written, one file per hotel and day.
  let start = process.hrtime.bigint();
  for (const tickets of days) {
    const first = tickets[0] as Ticket;
    const dt = first.openedAt.slice(0, 10);
    const lakeRows = tickets.map((t) => ticketRow(t, guestKeyOf(SALT, t.tenantId, t.guestId), exportedAt));
    await lake.put(lakeObjectKey('tickets', dt, first.tenantId), encodeParquet('tickets', lakeRows));
  }
  const exportSeconds = seconds(start);
  const exportBytes = folderBytes(lakeDir);

  // The floor: DuckDB writes the same rows (loaded from our files, not timed) into the same layout.
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run(
    `CREATE TABLE t AS SELECT * FROM read_parquet('${lakeDir}/kpi/tickets/dt=*/*.parquet', hive_partitioning=true, hive_types={'dt': VARCHAR})`,
  );
  const duckDir = join(work, 'duckdb');
  start = process.hrtime.bigint();
  await connection.run(
    `COPY t TO '${duckDir}' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (dt, hotel))`,
  );
  const floorSeconds = seconds(start);
  const floorBytes = folderBytes(duckDir);
  connection.closeSync();

  const rate = (s: number) => Math.round(rows / s).toLocaleString('en-US');
  console.log(
    `KPI export: ${rows.toLocaleString('en-US')} ticket rows, ${days.length} files (${HOTELS} hotels x ${DAYS} days)`,
  );
  console.log('                                   seconds     rows/s   size MB');
  console.log(
    `export (rows + Parquet + files)  ${exportSeconds.toFixed(2).padStart(9)} ${rate(exportSeconds).padStart(10)} ${(exportBytes / 1e6).toFixed(1).padStart(9)}`,
  );
  console.log(
    `DuckDB COPY (floor)              ${floorSeconds.toFixed(2).padStart(9)} ${rate(floorSeconds).padStart(10)} ${(floorBytes / 1e6).toFixed(1).padStart(9)}`,
  );
  console.log(`export / floor time: ${(exportSeconds / floorSeconds).toFixed(1)}x`);
  console.log('');

  // The queries, for one hotel over the eight weeks a weekly report reads.
  const from = shiftDate(FIRST_DAY, 42);
  const to = shiftDate(from, 55);
  const queryLake = await openDuckDbLake(lakeDir);
  console.log(
    `KPI queries through DuckDB (hotel-0, ${from} .. ${to}, over all ${rows.toLocaleString('en-US')} rows)`,
  );
  console.log('query                              ms   result rows');
  for (const query of loadKpiQueries()) {
    start = process.hrtime.bigint();
    const result = await runKpiQuery(queryLake.connection, query, { hotel: 'hotel-0', from, to });
    console.log(
      `${query.name.padEnd(30)} ${(seconds(start) * 1000).toFixed(0).padStart(6)} ${String(result.rows.length).padStart(12)}`,
    );
  }
  queryLake.close();
  rmSync(work, { recursive: true, force: true });
}

await main();
