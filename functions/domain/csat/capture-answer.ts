import type { GuestMessageReceived } from '../../../schemas/events';
import type { Csat, Ticket, TicketMessage } from '../../../schemas/ticket';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { textOf } from '../tickets/message-text';
import type { TicketStore } from '../tickets/ports';
import { csatRecorded, isAnswerWindowOpen } from './csat-survey';
import { parseCsatAnswer } from './parse-answer';

export interface CsatAnswerDeps extends PublishOnceDeps {
  tickets: TicketStore;
}

/**
 * What became of a guest message offered as a CSAT answer: recorded (`csat-answered`), a
 * redelivery of the recorded answer (`duplicate`), or `changed` when the survey moved under
 * us (the caller re-reads and lands the message again).
 */
export type CsatCapture = 'csat-answered' | 'duplicate' | 'changed';

/** Content a guest types or taps as an answer; a reaction ⭐ to the question is not a score. */
const ANSWER_CONTENT_TYPES = new Set(['text', 'button', 'interactive']);

/**
 * A score the guest sends while the ticket's survey of this resolution waits for one is the
 * answer: the survey is `answered` (only if still `sent`), the message joins the ticket without
 * reopening it, and CSAT Recorded is published once. Undefined when the message is not an answer
 * and lands as any other.
 */
export async function captureCsatAnswer(
  deps: CsatAnswerDeps,
  ticket: Ticket,
  event: GuestMessageReceived,
  message: TicketMessage,
): Promise<CsatCapture | undefined> {
  const csat = ticket.csat;
  if (!csat || csat.cycle !== ticket.reopenCount) return undefined;
  if (!ANSWER_CONTENT_TYPES.has(event.message.content.type)) return undefined;
  const score = parseCsatAnswer(textOf(event.message.content) ?? '');
  if (score === undefined) return undefined;

  const answered = { ...csat, status: 'answered' as const, score, answeredAt: event.receivedAt };
  if (!isThisAnswer(csat, answered)) {
    if (!isAnswerWindowOpen(csat, event.receivedAt)) return undefined;
    if (!(await deps.tickets.updateCsat(ticket.tenantId, ticket.ticketId, answered, ['sent'])))
      return 'changed';
  }
  const appended = await deps.tickets.appendMessage(ticket.tenantId, ticket.ticketId, message);
  if (appended) await deps.tickets.recordInbound(ticket.tenantId, ticket.ticketId, event.receivedAt);
  await publishOnce(deps, [csatRecorded(ticket, answered, event.receivedAt)]);
  return appended ? 'csat-answered' : 'duplicate';
}

/**
 * The survey was already answered by this very message (a redelivery after the answer was
 * stored): the same score at the same receipt time.
 */
const isThisAnswer = (stored: Csat, answer: Csat) =>
  stored.status === 'answered' && stored.answeredAt === answer.answeredAt && stored.score === answer.score;
