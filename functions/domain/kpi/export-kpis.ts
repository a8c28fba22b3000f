import type { AuditEntry } from '../../../schemas/audit';
import type { Survey } from '../../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { LAKE_TABLE_NAMES, type LakeRow, type LakeTableName, lakeObjectKey } from '../../contracts/lake';
import type { Hotel } from '../hotels';
import { daysToExport, localDayBounds } from './lake-days';
import {
  auditRow,
  csatRow,
  guestKeyOf,
  messageRows,
  npsRow,
  slaEventRows,
  ticketRow,
  ticketTopicRows,
} from './lake-rows';

/** Where the export reads a hotel's records. Ranges are ISO instants, [from, to). */
export interface KpiSource {
  listTicketsOpenedBetween(tenantId: string, from: string, to: string): Promise<Ticket[]>;
  listMessages(tenantId: string, ticketId: string): Promise<TicketMessage[]>;
  listSurveys(tenantId: string, from: string, to: string): Promise<Survey[]>;
  /** The hotel's audit log entries in the range, oldest first (`AuditLog.list`). */
  listAuditEntries(tenantId: string, from: string, to: string): Promise<AuditEntry[]>;
}

/** The lake's storage: an S3 bucket, or a folder locally. */
export interface LakeStore {
  put(key: string, body: Uint8Array): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface KpiExportDeps {
  source: KpiSource;
  lake: LakeStore;
  encode: (table: LakeTableName, rows: readonly LakeRow[]) => Uint8Array;
  /** The pseudonymisation salt; it never leaves the exporter. */
  salt: string;
  now: () => Date;
  /** How many threads are read at once. */
  concurrency?: number;
}

export type KpiExportRequest = { mode: 'hourly' | 'daily' } | { days: string[] };

export type TableCounts = Record<LakeTableName, number>;

export interface DayExport {
  tenantId: string;
  dt: string;
  rows: TableCounts;
}

/**
 * Writes one hotel's day of every lake table, replacing what an earlier export wrote for it
 * (a day with no rows removes the file), so running it twice leaves the same lake.
 */
export async function exportHotelDay(deps: KpiExportDeps, hotel: Hotel, dt: string): Promise<DayExport> {
  const { tenantId, timeZone } = hotel;
  const { from, to } = localDayBounds(dt, timeZone);
  const exportedAt = deps.now();
  const guestKey = (guestId: string) => guestKeyOf(deps.salt, tenantId, guestId);

  const tickets = await deps.source.listTicketsOpenedBetween(tenantId, from, to);
  const threads = await mapWithConcurrency(tickets, deps.concurrency ?? 8, (ticket) =>
    deps.source.listMessages(tenantId, ticket.ticketId),
  );
  const surveys = await deps.source.listSurveys(tenantId, from, to);
  const audit = await deps.source.listAuditEntries(tenantId, from, to);

  const tables: Record<LakeTableName, LakeRow[]> = {
    tickets: tickets.map((ticket) => ticketRow(ticket, guestKey(ticket.guestId), exportedAt)),
    ticket_topics: tickets.flatMap(ticketTopicRows),
    messages: tickets.flatMap((ticket, i) => messageRows(ticket, threads[i] ?? [])),
    sla_events: tickets.flatMap(slaEventRows),
    surveys: [
      ...surveys.map((survey) => npsRow(survey, guestKey(survey.guestId))),
      ...tickets.flatMap((ticket) => csatRow(ticket, guestKey(ticket.guestId))),
    ],
    audit_log: audit.map((entry) =>
      auditRow(entry, entry.target.guestId === undefined ? null : guestKey(entry.target.guestId)),
    ),
  };
  for (const table of LAKE_TABLE_NAMES) {
    const key = lakeObjectKey(table, dt, tenantId);
    const rows = tables[table];
    if (rows.length === 0) await deps.lake.remove(key);
    else await deps.lake.put(key, deps.encode(table, rows));
  }
  const rows = Object.fromEntries(LAKE_TABLE_NAMES.map((t) => [t, tables[t].length])) as TableCounts;
  return { tenantId, dt, rows };
}

/** The scheduled export (or the given days) for every hotel. */
export async function exportKpis(
  deps: KpiExportDeps,
  hotels: readonly Hotel[],
  request: KpiExportRequest,
  refreshDays: number,
): Promise<DayExport[]> {
  const exports: DayExport[] = [];
  for (const hotel of hotels) {
    const days =
      'days' in request ? request.days : daysToExport(request.mode, deps.now(), hotel.timeZone, refreshDays);
    for (const dt of days) exports.push(await exportHotelDay(deps, hotel, dt));
  }
  return exports;
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
