import type { QueueQuery, QueueResponse } from '../../../schemas/agent-api';
import type { Ticket } from '../../../schemas/ticket';
import { ForbiddenError, ValidationError } from '../errors';
import type { AgentContext } from './context';
import { toQueueItem } from './views';

/**
 * The queue: open and pending tickets of the caller's hotels (or one of them), filtered, in the
 * order of their place in the hotel's queue (nearest SLA deadline first, then record number),
 * one page at a time. The cursor is the place of the last ticket shown, so a page never repeats
 * one; a ticket whose deadline moves between two pages may move past the cursor.
 */
export async function listQueue(ctx: AgentContext, query: QueueQuery): Promise<QueueResponse> {
  const { tickets, principal } = ctx;
  const tenantId = query.hotel === undefined ? undefined : tenantOf(ctx, query.hotel);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const assignee = query.assignee === 'me' ? principal.userId : query.assignee;

  const matching = (await tickets.openTickets(tenantId))
    .filter(
      (t) =>
        (query.basket === undefined || t.basket === query.basket) &&
        (query.status === undefined || t.status === query.status) &&
        (query.channel === undefined || t.channel === query.channel) &&
        (query.team === undefined || t.ownerTeam === query.team) &&
        (assignee === undefined || t.assignee === assignee),
    )
    .map((ticket) => ({ ticket, place: placeOf(ticket) }))
    .filter(({ place }) => after === undefined || place > after)
    .sort((a, b) => (a.place < b.place ? -1 : a.place > b.place ? 1 : 0));

  const page = matching.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ ticket }) => toQueueItem(ticket, tickets.hotelOf(ticket.tenantId))),
    ...(matching.length > page.length && last && { nextCursor: encodeCursor(last.place) }),
  };
}

/** Its place in the hotel's queue (`<deadline>#<record number>`); unique across hotels. */
const placeOf = (ticket: Ticket) => ticket.queueKey ?? `${ticket.openedAt}#${ticket.ticketId}`;

function tenantOf(ctx: AgentContext, hotel: string): string {
  const match = ctx.tickets.hotels.find((h) => h.tenantId === hotel || h.hotelCode === hotel);
  if (!match) throw new ForbiddenError('Not one of your hotels');
  return match.tenantId;
}

interface Cursor {
  v: 1;
  after: string;
}

export const encodeCursor = (after: string): string =>
  Buffer.from(JSON.stringify({ v: 1, after } satisfies Cursor)).toString('base64url');

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (parsed.v === 1 && typeof parsed.after === 'string' && parsed.after !== '') return parsed.after;
  } catch {
    // Falls through to the one answer for any cursor we did not write.
  }
  throw new ValidationError('cursor', 'is not a cursor this API returned');
}
