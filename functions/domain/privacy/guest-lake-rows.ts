import type { LakeRow, LakeValue } from '../../contracts/lake';
import { csatRow, messageRows, npsRow, slaEventRows, ticketRow, ticketTopicRows } from '../kpi/lake-rows';
import type { GuestRecords } from './guest-records';

/** The lake tables that hold rows about a guest's tickets and surveys. */
export const GUEST_LAKE_TABLES = ['tickets', 'ticket_topics', 'messages', 'sla_events', 'surveys'] as const;
export type GuestLakeTable = (typeof GUEST_LAKE_TABLES)[number];

export type JsonLakeRow = Record<string, string | number | boolean | null>;

const jsonOf = (row: LakeRow): JsonLakeRow =>
  Object.fromEntries(
    Object.entries(row).map(([column, value]: [string, LakeValue]) => [
      column,
      value instanceof Date ? value.toISOString() : value,
    ]),
  );

/**
 * The lake's rows for the guest's records, derived by the export's own row functions: what the
 * lake holds for them as of its last export of their days (the guest appears as `guest_key`).
 */
export function guestLakeRows(
  records: Pick<GuestRecords, 'tickets' | 'surveys'>,
  guestKey: (guestId: string) => string,
  exportedAt: Date,
): Record<GuestLakeTable, JsonLakeRow[]> {
  const { tickets, surveys } = records;
  const rows: Record<GuestLakeTable, LakeRow[]> = {
    tickets: tickets.map(({ ticket }) => ticketRow(ticket, guestKey(ticket.guestId), exportedAt)),
    ticket_topics: tickets.flatMap(({ ticket }) => ticketTopicRows(ticket)),
    messages: tickets.flatMap(({ ticket, messages }) => messageRows(ticket, messages)),
    sla_events: tickets.flatMap(({ ticket }) => slaEventRows(ticket)),
    surveys: [
      ...surveys.map(({ survey }) => npsRow(survey, guestKey(survey.guestId))),
      ...tickets.flatMap(({ ticket }) => csatRow(ticket, guestKey(ticket.guestId))),
    ],
  };
  return Object.fromEntries(GUEST_LAKE_TABLES.map((table) => [table, rows[table].map(jsonOf)])) as Record<
    GuestLakeTable,
    JsonLakeRow[]
  >;
}
