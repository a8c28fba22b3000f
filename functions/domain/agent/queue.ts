import type { QueueQuery, QueueResponse } from '../../../schemas/agent-api';
import type { Ticket } from '../../../schemas/ticket';
import { ForbiddenError, ValidationError } from '../errors';
import type { Hotel } from '../hotels';
import { parseRecordNumber, recordNumberOf } from '../tickets/record-number';
import type { AgentContext } from './context';
import { toQueueItem } from './views';

/**
 * The queue: open and pending tickets of the caller's hotels (or one of them), filtered, in the
 * order of their place in the hotel's queue (nearest SLA deadline first, then record number),
 * one page at a time. Each hotel's queue is read in order, a stretch at a time, and the hotels'
 * queues are merged by place until the page is full and one more match shows a next page, or
 * every queue has been read to its end. The cursor holds, per hotel, the place of the last ticket
 * passed, so a page never repeats one; a ticket whose deadline moves between two pages may move
 * past the cursor.
 */
export async function listQueue(ctx: AgentContext, query: QueueQuery): Promise<QueueResponse> {
  const hotels = query.hotel === undefined ? ctx.tickets.hotels : [hotelOf(ctx, query.hotel)];
  const passed =
    query.cursor === undefined
      ? new Map<string, string>()
      : placesByHotel(hotels, decodeCursor(query.cursor));
  const assignee = query.assignee === 'me' ? ctx.principal.userId : query.assignee;
  const matches = (t: Ticket) =>
    (query.basket === undefined || t.basket === query.basket) &&
    (query.status === undefined || t.status === query.status) &&
    (query.channel === undefined || t.channel === query.channel) &&
    (query.team === undefined || t.ownerTeam === query.team) &&
    (assignee === undefined || t.assignee === assignee);
  // One hotel may fill the whole page, and one ticket more tells whether a next page exists.
  const stretch = query.limit + 1;
  const queues = hotels.map((h) => new HotelQueue(ctx, h.tenantId, passed.get(h.tenantId), stretch));

  const page: Ticket[] = [];
  let more = false;
  for (let next = await nearest(queues); next; next = await nearest(queues)) {
    if (matches(next.head)) {
      if (page.length === query.limit) {
        more = true;
        break;
      }
      page.push(next.head);
    }
    next.queue.pass();
  }
  return {
    items: page.map((ticket) => toQueueItem(ticket, ctx.tickets.hotelOf(ticket.tenantId))),
    ...(more && { nextCursor: encodeCursor(queues.flatMap((q) => q.passed ?? [])) }),
  };
}

/** Its place in the hotel's queue (`<deadline>#<record number>`); unique across hotels. */
const placeOf = (ticket: Ticket) => ticket.queueKey ?? `${ticket.openedAt}#${ticket.ticketId}`;

/** One hotel's queue as this request reads it: the tickets read and not yet passed. */
class HotelQueue {
  private buffer: Ticket[] = [];
  private readOnAfter: string | undefined;
  private ended = false;

  constructor(
    private readonly ctx: AgentContext,
    private readonly tenantId: string,
    /** The place of the last ticket passed (shown or filtered out), as the cursor keeps it. */
    public passed: string | undefined,
    private readonly stretch: number,
  ) {
    this.readOnAfter = passed;
  }

  /** The next ticket not yet passed, read on when none is left; undefined at the queue's end. */
  async head(): Promise<Ticket | undefined> {
    while (this.buffer.length === 0 && !this.ended) {
      const read = await this.ctx.tickets.readQueue(this.tenantId, this.readOnAfter, this.stretch);
      this.buffer = read.tickets;
      this.readOnAfter = read.readOnAfter;
      this.ended = read.readOnAfter === undefined;
    }
    return this.buffer[0];
  }

  pass(): void {
    const ticket = this.buffer.shift();
    if (ticket) this.passed = placeOf(ticket);
  }
}

/** The queue whose next ticket comes first, and that ticket; undefined when all are read. */
async function nearest(queues: readonly HotelQueue[]) {
  const heads = await Promise.all(queues.map(async (queue) => ({ queue, head: await queue.head() })));
  let first: { queue: HotelQueue; head: Ticket } | undefined;
  for (const { queue, head } of heads) {
    if (head && (!first || placeOf(head) < placeOf(first.head))) first = { queue, head };
  }
  return first;
}

function hotelOf(ctx: AgentContext, hotel: string): Hotel {
  const match = ctx.tickets.hotels.find((h) => h.tenantId === hotel || h.hotelCode === hotel);
  if (!match) throw new ForbiddenError('Not one of your hotels');
  return match;
}

/** The cursor's places by the hotel their record number names; places of other hotels are ignored. */
function placesByHotel(hotels: readonly Hotel[], places: readonly string[]): Map<string, string> {
  const byCode = new Map(hotels.map((h) => [h.hotelCode, h.tenantId]));
  const passed = new Map<string, string>();
  for (const place of places) {
    const tenantId = byCode.get(parseRecordNumber(ticketIdOf(place))?.hotelCode ?? '');
    if (tenantId) passed.set(tenantId, place);
  }
  return passed;
}

const ticketIdOf = (place: string) => place.slice(place.lastIndexOf('#') + 1);

const isPlace = (value: unknown): value is string => {
  if (typeof value !== 'string' || !value.includes('#')) return false;
  const record = parseRecordNumber(ticketIdOf(value));
  return (
    record !== undefined &&
    recordNumberOf(record.hotelCode, record.year, record.sequence) === ticketIdOf(value)
  );
};

interface Cursor {
  v: 2;
  /** Per hotel, the place of the last ticket passed; the record number in it names the hotel. */
  after: string[];
}

export const encodeCursor = (after: readonly string[]): string =>
  Buffer.from(JSON.stringify({ v: 2, after: [...after] } satisfies Cursor)).toString('base64url');

export function decodeCursor(cursor: string): string[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (parsed.v === 2 && Array.isArray(parsed.after) && parsed.after.every(isPlace)) return parsed.after;
  } catch {
    // Falls through to the one answer for any cursor we did not write.
  }
  throw new ValidationError('cursor', 'is not a cursor this API returned');
}
