import type { Csat, Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import type { PublishableEvent } from '../ingest/normalizer';
import { toWaitTimestamp } from '../sla/wait-timestamp';
import { ticketEvent } from '../tickets/ticket-event';

/** The catalogue template that asks the one question (it has an approved WhatsApp twin, `csat_question`). */
export const CSAT_TEMPLATE_ID = 'csat-question';

/** Hours the guest has to answer before the survey counts as unanswered (seed 003). */
export const CSAT_ANSWER_WINDOW_HOURS = 48;

const MINUTE = 60_000;

/** The ticket message the question is recorded under: one per resolution cycle, the same on every retry. */
export const csatMessageId = (ticketId: string, cycle: number) => `csat-${ticketId}-${cycle}`;

/**
 * When to ask: the hotel's delay after the resolution, `speed` times shorter in a demo
 * (SLA_CLOCK_SPEED), as a Wait timestamp.
 */
export const csatSendAt = (resolvedAt: string, delayMinutes: number, speed: number): string =>
  toWaitTimestamp(new Date(Date.parse(resolvedAt) + (delayMinutes * MINUTE) / speed));

/** When silence becomes `no-response`: 48 hours after the question, `speed` times shorter in a demo. */
export const csatExpireAt = (sentAt: string, speed: number): string =>
  toWaitTimestamp(new Date(Date.parse(sentAt) + (CSAT_ANSWER_WINDOW_HOURS * 60 * MINUTE) / speed));

/**
 * Whether a guest message at `at` may still answer the question. The expire task is the authority
 * (it moves the survey off `sent`); this only keeps a late message from counting when that task
 * has not run yet, in real hours since the intake does not know the demo speed.
 */
export function isAnswerWindowOpen(csat: Csat, at: string): boolean {
  if (csat.status !== 'sent' || !csat.sentAt) return false;
  const elapsed = Date.parse(at) - Date.parse(csat.sentAt);
  return elapsed >= 0 && elapsed <= CSAT_ANSWER_WINDOW_HOURS * 60 * MINUTE;
}

type RecordedStatus = 'answered' | 'no-response' | 'not-sent';

export const isRecorded = (csat: Csat): csat is Csat & { status: RecordedStatus } =>
  csat.status === 'answered' || csat.status === 'no-response' || csat.status === 'not-sent';

/**
 * CSAT Recorded for the survey's outcome. One per resolution cycle whatever the outcome, so an
 * answer racing the expiry, or a task run twice, still gives one event.
 */
export function csatRecorded(
  ticket: Ticket,
  csat: Csat & { status: RecordedStatus },
  occurredAt: string,
): PublishableEvent {
  return ticketEvent(ticket, `csat:${csat.cycle}`, DetailType.csatRecorded, occurredAt, {
    outcome: csat.status,
    ...(csat.score !== undefined && { score: csat.score }),
    ...(csat.reason !== undefined && { reason: csat.reason }),
    resolutionCycle: csat.cycle,
  });
}
