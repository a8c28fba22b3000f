import { type GuestMessageReceived, surveyThreadId } from '../../../schemas/events';
import type { Survey } from '../../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { isAnswerWindowOpen } from '../csat/csat-survey';
import { parseCsatAnswer } from '../csat/parse-answer';
import type { PublishableEvent } from '../ingest/normalizer';
import { publishOnce } from '../ingest/publish-once';
import { textOf } from '../tickets/message-text';
import { type FollowUpDeps, npsCategoryOf, openFollowUp } from './follow-ups';
import { parseNpsAnswer } from './parse-nps-answer';
import { surveyEventIds } from './survey-events';

export type NpsAnswerDeps = FollowUpDeps;

/** What the ticket intake needs, besides its own ports, to take NPS answers. */
export type NpsIntakePorts = Pick<NpsAnswerDeps, 'surveys' | 'catalogue' | 'hotelOf' | 'policyOf'>;

/**
 * What became of a guest message taken as an NPS answer: recorded (`nps-answered`), or a
 * redelivery of a recorded answer (`duplicate`). `ticketId` is where the message is: the
 * follow-up ticket, the guest's open ticket, or the survey's thread (`survey:<surveyId>`); empty
 * for a redelivery recognised after the survey stopped waiting, when that is no longer looked up.
 */
export interface NpsCapture {
  ticketId: string;
  outcome: 'nps-answered' | 'duplicate';
}

/**
 * A 0–10 score the guest sends while their post-stay survey waits for it (before `answerBy`) is
 * the answer. The survey becomes `answered` (only if still `sent`) with its score and category;
 * the message joins the guest's open ticket, or else the survey's thread, and opens no ticket of
 * its own; a detractor or passive gets a follow-up (that open ticket, or a new one); Survey Answered is published once and
 * the survey stops waiting. Undefined when the message is not an answer and lands as any other.
 * A redelivered answer has one effect.
 */
export async function captureNpsAnswer(
  deps: NpsAnswerDeps,
  guestId: string,
  event: GuestMessageReceived,
  message: TicketMessage,
): Promise<NpsCapture | undefined> {
  const score = parseNpsAnswer(event.message.content);
  if (score === undefined) return undefined;
  const { tenantId } = event;
  const pending = await deps.surveys.getPendingAnswer(tenantId, guestId);
  if (!pending)
    return (await wasAnswer(deps, event))
      ? { ticketId: await holderOf(deps, event), outcome: 'duplicate' }
      : undefined;
  if (Date.parse(event.receivedAt) > Date.parse(pending.answerBy)) return undefined;
  const survey = await deps.surveys.getSurvey(tenantId, pending.surveyId);
  if (!survey || !(survey.status === 'sent' || isThisAnswer(survey, score, event.receivedAt)))
    return undefined;

  const conversation = await deps.tickets.getConversation(tenantId, event.conversationKey);
  const current = conversation?.currentTicketId
    ? await deps.tickets.getTicket(tenantId, conversation.currentTicketId)
    : undefined;
  if (survey.status === 'sent' && csatAskedSince(current, survey, event)) return undefined;
  const answered = await recordScore(deps, survey, score, event.receivedAt);
  if (!answered) return undefined;

  const landedOn = current && isOpen(current) ? current.ticketId : surveyThreadId(survey.surveyId);
  const appended = await deps.tickets.appendMessage(tenantId, landedOn, message);
  if (appended && landedOn === current?.ticketId)
    await deps.tickets.recordInbound(tenantId, landedOn, event.receivedAt);
  const followUp = await openFollowUp(deps, { survey: answered, event, guestId, answer: message });
  await publishOnce(deps, [surveyAnswered(answered, event), ...(followUp?.events ?? [])]);
  await markAnswer(deps, event);
  await stopWaiting(deps, answered, guestId);
  return {
    ticketId: followUp?.ticket.ticketId ?? landedOn,
    outcome: appended ? 'nps-answered' : 'duplicate',
  };
}

/** The survey with the score recorded, or undefined when another message or the expiry won. */
async function recordScore(
  deps: NpsAnswerDeps,
  survey: Survey,
  score: number,
  answeredAt: string,
): Promise<Survey | undefined> {
  if (survey.status !== 'sent') return survey;
  const changes = {
    status: 'answered' as const,
    score,
    category: npsCategoryOf(score),
    answeredAt,
    updatedAt: deps.now().toISOString(),
  };
  if (await deps.surveys.updateSurvey(survey.tenantId, survey.surveyId, changes, ['sent']))
    return { ...survey, ...changes };
  const stored = await deps.surveys.getSurvey(survey.tenantId, survey.surveyId);
  return stored && isThisAnswer(stored, score, answeredAt) ? stored : undefined;
}

/**
 * The survey was already answered by this very message (a redelivery, or a concurrent delivery
 * of it): the same score at the same receipt time.
 */
const isThisAnswer = (survey: Survey, score: number, receivedAt: string) =>
  survey.status === 'answered' && survey.answeredAt === receivedAt && survey.score === score;

const isOpen = (ticket: Ticket) => ticket.status === 'open' || ticket.status === 'pending-guest';

/**
 * A CSAT question on the guest's ticket asked after the NPS one takes a 1–5 reply: the guest
 * answers what they were asked last.
 */
function csatAskedSince(current: Ticket | undefined, survey: Survey, event: GuestMessageReceived): boolean {
  const csat = current?.csat;
  if (!current || !csat || csat.cycle !== current.reopenCount) return false;
  if (!isAnswerWindowOpen(csat, event.receivedAt) || (csat.sentAt ?? '') <= (survey.sentAt ?? ''))
    return false;
  return parseCsatAnswer(textOf(event.message.content) ?? '') !== undefined;
}

/** Clears the guest's pending answer if it is still this survey's (a later survey may have its own). */
async function stopWaiting(deps: NpsAnswerDeps, survey: Survey, guestId: string): Promise<void> {
  const pending = await deps.surveys.getPendingAnswer(survey.tenantId, guestId);
  if (pending?.surveyId === survey.surveyId)
    await deps.surveys.setPendingAnswer(survey.tenantId, guestId, undefined);
}

/**
 * Marks a message as a survey's answer for the dedupe store's retention: once the survey stops
 * waiting, this is how a redelivery of the answer is still told from a new message.
 */
async function markAnswer(deps: NpsAnswerDeps, event: GuestMessageReceived): Promise<void> {
  const key = answerKey(event);
  await deps.dedupe.claim([key], deps.now());
  await deps.dedupe.confirm([key], deps.now());
}

/** Whether the message was taken as an answer before; a claim taken only to look is given back. */
async function wasAnswer(deps: NpsAnswerDeps, event: GuestMessageReceived): Promise<boolean> {
  const key = answerKey(event);
  const claimed = await deps.dedupe.claim([key], deps.now());
  if (!claimed.has(key)) return true;
  await deps.dedupe.release([key]);
  return false;
}

/**
 * Where a redelivered answer is: the conversation's ticket if it holds the message (the follow-up,
 * or the guest's open ticket), else empty (a survey's thread, no longer known).
 */
async function holderOf(deps: NpsAnswerDeps, event: GuestMessageReceived): Promise<string> {
  const conversation = await deps.tickets.getConversation(event.tenantId, event.conversationKey);
  const ticketId = conversation?.currentTicketId;
  if (!ticketId) return '';
  const messages = await deps.tickets.listMessages(event.tenantId, ticketId);
  return messages.some((m) => m.messageId === event.message.id) ? ticketId : '';
}

const answerKey = (event: GuestMessageReceived) => `${event.tenantId}#nps-answer:${event.message.id}`;

function surveyAnswered(survey: Survey, event: GuestMessageReceived): PublishableEvent {
  const { score, category, answeredAt, sentAt } = survey;
  if (score === undefined || !category || !answeredAt)
    throw new Error(`Survey ${survey.surveyId} is not recorded as answered`);
  const { dedupeKey, eventId } = surveyEventIds(survey, 'answered');
  return {
    dedupeKey,
    event: {
      detailType: DetailType.surveyAnswered,
      detail: {
        version: 1,
        eventId,
        tenantId: survey.tenantId,
        surveyId: survey.surveyId,
        kind: survey.kind,
        occurredAt: answeredAt,
        segment: survey.segment,
        score,
        category,
        channel: event.channel,
        answeredAt,
        responseSeconds: sentAt
          ? Math.max(0, Math.round((Date.parse(answeredAt) - Date.parse(sentAt)) / 1000))
          : 0,
      },
    },
  };
}
