import type { AuditQuery, AuditResponse } from '../../../schemas/agent-api';
import type { AuditEntry } from '../../../schemas/audit';
import { ForbiddenError, ValidationError } from '../errors';
import type { Hotel } from '../hotels';
import { recordAudit } from './audit';
import type { AgentContext } from './context';

const DAY_MS = 86_400_000;

/**
 * One page of a hotel's audit log, oldest first, for an admin or the DPO of that hotel; another
 * hotel is 403, as in the queue. The range is read a stretch at a time from the cursor on (a day,
 * doubled after each empty stretch), so a page reads little more than it returns however long
 * the range. The read is itself recorded (`audit.read`, details: the range and how many entries
 * were returned), after the page was read, so it shows on a later read.
 */
export async function listAuditEntries(ctx: AgentContext, query: AuditQuery): Promise<AuditResponse> {
  const hotel = hotelOf(ctx, query.hotel);
  const from = new Date(query.from).toISOString();
  const to = new Date(query.to).toISOString();
  const after = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor, from, to);

  const found: AuditEntry[] = [];
  let start = after === undefined ? from : atOf(after);
  for (let stretch = DAY_MS; start < to && found.length <= query.limit; ) {
    const end = new Date(Math.min(Date.parse(start) + stretch, Date.parse(to))).toISOString();
    const read = await ctx.audit.list(hotel.tenantId, start, end);
    found.push(...(after === undefined ? read : read.filter((entry) => entry.auditId > after)));
    if (read.length === 0) stretch *= 2;
    start = end;
  }
  const entries = found.slice(0, query.limit);
  const last = entries.at(-1);

  await recordAudit(ctx, hotel.tenantId, 'audit.read', {}, { from, to, entries: entries.length });
  return {
    entries,
    ...(found.length > query.limit && last && { nextCursor: encodeAuditCursor(last.auditId) }),
  };
}

function hotelOf(ctx: AgentContext, hotel: string): Hotel {
  const match = ctx.tickets.hotels.find((h) => h.tenantId === hotel || h.hotelCode === hotel);
  if (!match) throw new ForbiddenError('Not one of your hotels');
  return match;
}

/** The time an audit id starts with (`<at>#<id>`). */
const atOf = (auditId: string) => auditId.slice(0, auditId.indexOf('#'));

interface AuditCursor {
  v: 1;
  /** The id of the last entry returned. */
  after: string;
}

export const encodeAuditCursor = (auditId: string): string =>
  Buffer.from(JSON.stringify({ v: 1, after: auditId } satisfies AuditCursor)).toString('base64url');

/** The audit id a cursor of this range holds; any other cursor is a 400. */
export function decodeAuditCursor(cursor: string, from: string, to: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<AuditCursor>;
    const after = parsed.v === 1 && typeof parsed.after === 'string' ? parsed.after : undefined;
    const at = after?.includes('#') ? atOf(after) : '';
    if (after && !Number.isNaN(Date.parse(at)) && at >= from && at < to) return after;
  } catch {
    // Falls through to the one answer for any cursor we did not write.
  }
  throw new ValidationError('cursor', 'is not a cursor this API returned for this range');
}
