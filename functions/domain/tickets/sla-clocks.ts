import type { SlaClockName } from '../../../schemas/events';
import type { SlaClock, SlaOutcome, Ticket } from '../../../schemas/ticket';
import { extendForPauses, type SlaPolicy } from '../sla';
import { isFinished } from './finished';

export interface ClockDecision {
  clock: SlaClockName;
  outcome: SlaOutcome;
  dueAt: string;
}

export interface ClockReview {
  decisions: ClockDecision[];
  /** The next undecided clock to wait for, if any. */
  next?: { clock: SlaClockName; dueAt: string };
}

/** While a ticket waits for the guest, a passed deadline is looked at again after this long. */
export const PAUSED_RECHECK_MINUTES = 60;

const CLOCK_FIELDS = {
  'first-response': 'firstResponse',
  'interim-update': 'interimUpdate',
  resolution: 'resolution',
} as const satisfies Record<SlaClockName, keyof NonNullable<Ticket['sla']>>;

const before = (at: string | undefined, dueAt: Date) => at !== undefined && Date.parse(at) <= dueAt.getTime();

/**
 * Decides what can be decided of a ticket's SLA clocks at `now`: an answer, update or
 * resolution in time is `met`; a deadline passed without it is `breached`. Time spent waiting
 * for the guest moves deadlines later; while the guest is awaited nothing is breached.
 */
export function reviewClocks(ticket: Ticket, now: Date, policy: SlaPolicy): ClockReview {
  const sla = ticket.sla;
  if (!sla) return { decisions: [] };
  const pauses = ticket.pauses
    .filter((p) => p.to !== undefined)
    .map((p) => ({ from: new Date(p.from), to: new Date(p.to as string) }));
  const waitingForGuest = ticket.status === 'pending-guest';
  const finished = isFinished(ticket);
  const decisions: ClockDecision[] = [];
  let next: ClockReview['next'];

  for (const clock of ['first-response', 'interim-update', 'resolution'] as const) {
    const state: SlaClock | undefined = sla[CLOCK_FIELDS[clock]];
    if (!state || state.outcome) continue;
    const dueAt = extendForPauses(new Date(state.dueAt), pauses, policy.calendar, sla.clock);
    const done = doneAt(ticket, clock);
    let outcome: SlaOutcome | undefined;
    if (done !== undefined) outcome = before(done, dueAt) ? 'met' : 'breached';
    else if (finished) outcome = clock === 'interim-update' ? 'met' : 'breached';
    else if (now >= dueAt && !waitingForGuest) outcome = 'breached';

    if (outcome) decisions.push({ clock, outcome, dueAt: dueAt.toISOString() });
    else {
      const wakeAt = now >= dueAt ? new Date(now.getTime() + PAUSED_RECHECK_MINUTES * 60_000) : dueAt;
      if (!next || wakeAt.toISOString() < next.dueAt) next = { clock, dueAt: wakeAt.toISOString() };
    }
  }
  return next ? { decisions, next } : { decisions };
}

/** When the thing a clock waits for happened, if it did. */
function doneAt(ticket: Ticket, clock: SlaClockName): string | undefined {
  switch (clock) {
    case 'first-response':
      return ticket.firstResponseAt;
    case 'interim-update':
      // An update is an answer after the first one, or the resolution itself.
      if (ticket.resolvedAt) return ticket.resolvedAt;
      return ticket.lastOutboundAt && ticket.firstResponseAt && ticket.lastOutboundAt > ticket.firstResponseAt
        ? ticket.lastOutboundAt
        : undefined;
    case 'resolution':
      return ticket.resolvedAt;
  }
}

export const clockField = (clock: SlaClockName) => CLOCK_FIELDS[clock];
