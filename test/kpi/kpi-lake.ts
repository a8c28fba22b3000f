import { FolderLakeStore } from '../../functions/adapters/lake-store';
import { encodeParquet } from '../../functions/adapters/parquet-encoder';
import { exportHotelDay, type KpiExportDeps, type KpiSource } from '../../functions/domain/kpi/export-kpis';
import { localDateOf, shiftDate } from '../../functions/domain/kpi/lake-days';
import type { AuditEntry } from '../../schemas/audit';
import type { KpiDataset } from './kpi-dataset';

export const EXPORTED_AT = new Date('2026-08-05T03:00:00.000Z');

/** The records as the export reads them from DynamoDB: ranges are [from, to). */
export function memorySource(data: KpiDataset): KpiSource {
  const within = (at: string, from: string, to: string) =>
    Date.parse(at) >= Date.parse(from) && Date.parse(at) < Date.parse(to);
  return {
    listTicketsOpenedBetween: async (tenantId, from, to) =>
      data.tickets.filter((t) => t.tenantId === tenantId && within(t.openedAt, from, to)),
    listMessages: async (_tenantId, ticketId) => data.messages.get(ticketId) ?? [],
    listSurveys: async (tenantId, from, to) =>
      data.surveys.filter((s) => s.tenantId === tenantId && within(s.scheduledFor, from, to)),
    listAuditEntries: async (tenantId, from, to) =>
      auditEntriesOf(data).filter((e) => e.tenantId === tenantId && within(e.at, from, to)),
  };
}

/**
 * The audit log the dataset implies: each ticket's messages read by staff when it opened, and the
 * guest's profile corrected on each complaint (the changed field names only, as the API records).
 */
export function auditEntriesOf(data: KpiDataset): AuditEntry[] {
  return data.tickets.flatMap((ticket, i): AuditEntry[] => {
    const target = { ticketId: ticket.ticketId, guestId: ticket.guestId };
    const actor = {
      userId: `staff-${i % 5}`,
      role: i % 2 === 0 ? ('frontline' as const) : ('coordinator' as const),
    };
    const read: AuditEntry = {
      tenantId: ticket.tenantId,
      auditId: `${ticket.openedAt}#read-${ticket.ticketId}`,
      at: ticket.openedAt,
      actor,
      action: 'ticket.messages.read',
      target,
    };
    if (ticket.basket !== 'complaint') return [read];
    return [
      read,
      {
        ...read,
        auditId: `${ticket.openedAt}#fix-${ticket.ticketId}`,
        action: 'guest.profile.corrected',
        details: { name: true, email: true },
      },
    ];
  });
}

export const exportDeps = (data: KpiDataset, lakeDir: string): KpiExportDeps => ({
  source: memorySource(data),
  lake: new FolderLakeStore(lakeDir),
  encode: encodeParquet,
  salt: 'kpi-test-salt',
  now: () => EXPORTED_AT,
});

/** Every hotel-local day that holds a record of the hotel, first to last. */
export function daysOf(data: KpiDataset, tenantId: string, timeZone: string): string[] {
  const dates = [
    ...data.tickets.filter((t) => t.tenantId === tenantId).map((t) => t.openedAt),
    ...data.surveys.filter((s) => s.tenantId === tenantId).map((s) => s.scheduledFor),
  ]
    .map((at) => localDateOf(at, timeZone))
    .sort();
  const days: string[] = [];
  for (let dt = dates[0] as string; dt <= (dates.at(-1) as string); dt = shiftDate(dt, 1)) days.push(dt);
  return days;
}

/** The whole dataset in the lake folder, one export per hotel and day, as the scheduled export writes it. */
export async function exportDataset(data: KpiDataset, lakeDir: string): Promise<void> {
  const deps = exportDeps(data, lakeDir);
  for (const hotel of data.hotels)
    for (const dt of daysOf(data, hotel.tenantId, hotel.timeZone)) await exportHotelDay(deps, hotel, dt);
}
