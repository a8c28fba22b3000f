import type { Channel, GuestMessageReceived } from '../../../schemas/events';
import type { NpsCategory, Survey } from '../../../schemas/surveys';
import type { TemplatesFile } from '../../../schemas/templates';
import type { Team, Ticket, TicketMessage } from '../../../schemas/ticket';
import type { Basket, GuestLanguage, Intent, Priority } from '../../../schemas/triage';
import { DetailType } from '../../contracts/bus';
import { MessagingWindowError, ValidationError } from '../errors';
import type { Hotel } from '../hotels';
import type { PublishableEvent } from '../ingest/normalizer';
import type { PublishOnceDeps } from '../ingest/publish-once';
import { composeOutbound } from '../outbound/compose-outbound';
import {
  clockMinutesBetween,
  deadlineAfter,
  endOfBusinessDay,
  isWithinBusinessHours,
  resolveSlaRule,
  type SlaDeadlines,
  type SlaPolicy,
  toWaitTimestamp,
} from '../sla';
import type { TicketStore } from '../tickets/ports';
import { ticketEvent } from '../tickets/ticket-event';
import type { SurveyStore } from './ports';
import { surveyEventIds } from './survey-events';

/** Why a follow-up ticket exists: a detractor's call-back or a passive's follow-up (seed 002 §9). */
export type FollowUpOrigin = NonNullable<Ticket['origin']>;

export interface FollowUpDeps extends PublishOnceDeps {
  tickets: TicketStore;
  surveys: SurveyStore;
  /** The reply templates (`loadTemplates()`): `nps-detractor-callback`, `nps-passive-follow-up`. */
  catalogue: TemplatesFile;
  hotelOf(tenantId: string): Hotel | undefined;
  /** The hotel's SLA policy, as the conversation workflow uses it. */
  policyOf(tenantId: string): SlaPolicy;
}

interface FollowUpSpec {
  basket: Basket;
  intent: Intent;
  priority: Priority;
  /** Seed 002: a detractor is a reputation risk; the supervisor is involved at once. */
  reputationRisk: boolean;
  templateId: string;
  route: { team: Team; department?: string; rule: string };
}

/**
 * Seed 002's action table: a detractor gets a same-day call-back by the owner (guest relations)
 * with the supervisor; a passive one improvement question and a gentle follow-up within 48 hours
 * by CRM / guest relations (the coordinator).
 */
const FOLLOW_UPS: Record<FollowUpOrigin, FollowUpSpec> = {
  'nps-detractor': {
    basket: 'complaint',
    intent: 'Complaint',
    priority: 'high',
    reputationRisk: true,
    templateId: 'nps-detractor-callback',
    route: { team: 'owner', department: 'guest-relations', rule: 'nps-detractor: same-day call-back' },
  },
  'nps-passive': {
    basket: 'support',
    intent: 'Info',
    priority: 'normal',
    reputationRisk: false,
    templateId: 'nps-passive-follow-up',
    route: { team: 'coordinator', rule: 'nps-passive: follow-up within 48 hours' },
  },
};

const MINUTE = 60_000;
/** When a detractor answers out of business hours, the call-back is due a day later. */
const OUT_OF_HOURS_CALL_BACK_MINUTES = 24 * 60;
/** Seed 002: a passive's follow-up within 48 hours, wall-clock. */
const PASSIVE_FOLLOW_UP_MINUTES = 48 * 60;
/** Conversation races are settled by re-reading; a few rounds always suffice. */
const MAX_ROUNDS = 8;

/** Seed 002: 0–6 detractor, 7–8 passive, 9–10 promoter. */
export const npsCategoryOf = (score: number): NpsCategory =>
  score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';

/** The follow-up a category asks for here; promoters get the review invitation of the NPS workflow. */
export const followUpOriginOf = (category: NpsCategory): FollowUpOrigin | undefined =>
  category === 'detractor' ? 'nps-detractor' : category === 'passive' ? 'nps-passive' : undefined;

/** The team that owns a follow-up ticket, whatever the hotel's routing rules say about its basket. */
export const followUpRoute = (origin: FollowUpOrigin) => FOLLOW_UPS[origin].route;

/**
 * The SLA clocks of a follow-up ticket opened at `openedAt`. First response as the policy sets it
 * for the basket and channel. Resolution: a detractor's call-back by the end of the business day
 * (of the day the first response is due in, when that is later), or 24 hours on when the answer
 * came out of hours; a passive's follow-up 48 hours on. Only the call-back owes an interim
 * update (seed 002: "ara bilgilendirme"), by the policy's rule.
 */
export function followUpDeadlines(
  origin: FollowUpOrigin,
  policy: SlaPolicy,
  subject: { channel: Channel; openedAt: Date },
): SlaDeadlines {
  const { calendar } = policy;
  const { openedAt } = subject;
  const base = resolveSlaRule(policy, { basket: FOLLOW_UPS[origin].basket, channel: subject.channel });
  const firstResponseDueAt = deadlineAfter(openedAt, base.firstResponseMinutes, calendar, base.clock);
  const after = (minutes: number) => new Date(openedAt.getTime() + minutes * MINUTE);

  if (origin === 'nps-passive') {
    const rule = { ...base, resolution: PASSIVE_FOLLOW_UP_MINUTES };
    return { firstResponseDueAt, resolutionDueAt: after(PASSIVE_FOLLOW_UP_MINUTES), rule };
  }
  const rule = { ...base, resolution: 'same-business-day' as const };
  let resolutionDueAt = after(OUT_OF_HOURS_CALL_BACK_MINUTES);
  if (isWithinBusinessHours(openedAt, calendar)) {
    resolutionDueAt = endOfBusinessDay(openedAt, calendar);
    // A business deadline may sit on a period's end, which is already closed: look 1 ms before it.
    if (resolutionDueAt < firstResponseDueAt)
      resolutionDueAt = endOfBusinessDay(new Date(firstResponseDueAt.getTime() - 1), calendar);
  }
  const deadlines = { firstResponseDueAt, resolutionDueAt, rule };
  if (base.interimUpdate === false) return deadlines;
  const window = clockMinutesBetween(openedAt, resolutionDueAt, calendar, base.clock);
  if (window <= base.interimUpdate.whenResolutionOverMinutes) return deadlines;
  const interimUpdateDueAt = deadlineAfter(
    openedAt,
    window * base.interimUpdate.atFraction,
    calendar,
    base.clock,
  );
  if (interimUpdateDueAt <= firstResponseDueAt || interimUpdateDueAt >= resolutionDueAt) return deadlines;
  return { ...deadlines, interimUpdateDueAt };
}

export interface FollowUpRequest {
  /** The survey as answered (status `answered`, score and category set). */
  survey: Survey;
  /** The guest message that answered it. */
  event: GuestMessageReceived;
  guestId: string;
  /** That message as a ticket message: the follow-up ticket's first. */
  answer: TicketMessage;
}

export interface FollowUp {
  ticket: Ticket;
  /** Ticket Opened, the message's send request, Detractor Follow-up Opened: to publish once. */
  events: PublishableEvent[];
}

/**
 * Acts on an answered survey: a detractor or a passive gets a ticket on the conversation the
 * answer came in (it becomes the conversation's current ticket, so the guest's reply lands on it),
 * or, when the guest still has an open ticket there, that one (a detractor's is escalated to the
 * supervisor), holding the answer and the follow-up message in the guest's language, and the
 * survey points at it. Undefined for a promoter. Safe to run again for the same answer: the ticket the answer
 * opened before is found (the survey's `followUpTicketId`, or the conversation's ticket opened by
 * this very message) and nothing is appended or requested twice.
 */
export async function openFollowUp(
  deps: FollowUpDeps,
  request: FollowUpRequest,
): Promise<FollowUp | undefined> {
  const { survey, event } = request;
  const origin = survey.category && followUpOriginOf(survey.category);
  if (!origin) return undefined;
  const hotel = deps.hotelOf(event.tenantId);
  if (!hotel) throw new Error(`No hotel is configured for tenant ${event.tenantId}`);

  const ticket = await followUpTicket(deps, origin, hotel, request);
  await deps.tickets.appendMessage(event.tenantId, ticket.ticketId, request.answer);
  const message = await followUpMessage(deps, origin, hotel, ticket, request);
  if (survey.followUpTicketId !== ticket.ticketId) {
    await deps.surveys.updateSurvey(
      survey.tenantId,
      survey.surveyId,
      { followUpTicketId: ticket.ticketId, updatedAt: deps.now().toISOString() },
      ['answered'],
    );
  }
  // A guest who already had an open ticket keeps it: it becomes the follow-up (so no ticket is
  // left open with no conversation pointing at it), and a detractor's goes to the supervisor.
  const opened = ticket.origin === origin;
  const events = opened ? [ticketOpened(ticket)] : [];
  if (!opened && origin === 'nps-detractor') events.push(...(await escalateToSupervisor(deps, ticket)));
  if (message) events.push(message);
  if (origin === 'nps-detractor') {
    const { resolutionDueAt } = followUpDeadlines(origin, deps.policyOf(ticket.tenantId), {
      channel: ticket.channel,
      openedAt: new Date(event.receivedAt),
    });
    events.push(detractorFollowUpOpened(survey, ticket, toWaitTimestamp(resolutionDueAt)));
  }
  return { ticket, events };
}

async function followUpTicket(
  deps: FollowUpDeps,
  origin: FollowUpOrigin,
  hotel: Hotel,
  request: FollowUpRequest,
): Promise<Ticket> {
  const { tenantId, conversationKey, message } = request.event;
  const known = request.survey.followUpTicketId;
  const recorded = known ? await deps.tickets.getTicket(tenantId, known) : undefined;
  if (recorded) return recorded;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const conversation = await deps.tickets.getConversation(tenantId, conversationKey);
    const current = conversation?.currentTicketId
      ? await deps.tickets.getTicket(tenantId, conversation.currentTicketId)
      : undefined;
    // Opened by an earlier attempt that stopped before the survey pointed at it.
    if (current?.origin === origin && current.firstMessageId === message.id) return current;
    if (current && (current.status === 'open' || current.status === 'pending-guest')) return current;
    const result = await deps.tickets.openTicket(
      followUpDraft(origin, request),
      hotel.hotelCode,
      conversation?.currentTicketId,
    );
    if (result.opened) return result.ticket;
  }
  throw new Error(`Conversation ${conversationKey} kept changing; the answer will be retried`);
}

function followUpDraft(
  origin: FollowUpOrigin,
  request: FollowUpRequest,
): Omit<Ticket, 'ticketId' | 'number'> {
  const { event, survey } = request;
  const spec = FOLLOW_UPS[origin];
  return {
    tenantId: event.tenantId,
    conversationKey: event.conversationKey,
    guestId: request.guestId,
    channel: event.channel,
    ...(event.platform.kind === 'webchat'
      ? { webchatSessionId: event.platform.sessionId }
      : { recipientId: event.guest.platformId }),
    status: 'open',
    origin,
    openedAt: event.receivedAt,
    updatedAt: event.receivedAt,
    lastInboundAt: event.receivedAt,
    messageCount: 1,
    firstMessageId: event.message.id,
    basket: spec.basket,
    intent: spec.intent,
    language: survey.language,
    stage: 'post-stay',
    topics: ['feedback'],
    priority: spec.priority,
    reputationRisk: spec.reputationRisk,
    tags: [],
    escalationLevel: 0,
    reopenCount: 0,
    pauses: [],
  };
}

/** Greeting when neither the PMS nor the guest's profile gives a name. */
const NAMELESS_GREETING: Record<GuestLanguage, string> = {
  tr: 'değerli misafirimiz',
  en: 'dear guest',
  de: 'lieber Gast',
  ru: 'уважаемый гость',
};

/**
 * The call-back template's `{{phone}}` while the hotel configuration has no phone number: the
 * guest can call the number they are writing to. Each fits its template's sentence.
 */
const THIS_CHAT_NUMBER: Record<GuestLanguage, string> = {
  tr: 'bu yazışmanın',
  en: 'the number of this chat',
  de: 'der Nummer dieses Chats',
  ru: 'этого чата',
};

/** The ticket message id of a survey's follow-up message: the same on every retry. */
export const followUpMessageId = (origin: FollowUpOrigin, surveyId: string) => `${origin}-${surveyId}`;

/**
 * The follow-up message on the ticket and its send request, or undefined when the platform no
 * longer lets an automated message out (the ticket stays for the team to call).
 */
async function followUpMessage(
  deps: FollowUpDeps,
  origin: FollowUpOrigin,
  hotel: Hotel,
  ticket: Ticket,
  request: FollowUpRequest,
): Promise<PublishableEvent | undefined> {
  const { survey } = request;
  const fields = {
    guestName: await guestNameOf(deps, request),
    ...(origin === 'nps-detractor' && { phone: hotelPhoneOf(hotel) ?? THIS_CHAT_NUMBER[survey.language] }),
  };
  const messageId = followUpMessageId(origin, survey.surveyId);
  const compose = (now: Date) =>
    composeOutbound({
      ticket,
      hotel,
      catalogue: deps.catalogue,
      body: { templateId: FOLLOW_UPS[origin].templateId, fields },
      messageId,
      now,
      sender: { kind: 'system' },
      purpose: 'reply',
      fallbackLanguage: survey.language,
    });
  try {
    const composed = compose(deps.now());
    if (await deps.tickets.appendMessage(ticket.tenantId, ticket.ticketId, composed.message))
      return composed.request;
    // Recorded by an earlier attempt: its request must name the recorded time, part of the message's key.
    const messages = await deps.tickets.listMessages(ticket.tenantId, ticket.ticketId);
    const recorded = messages.find((m) => m.messageId === messageId);
    return recorded ? compose(new Date(recorded.at)).request : composed.request;
  } catch (error) {
    if (error instanceof MessagingWindowError) return undefined;
    if (error instanceof ValidationError && error.path === 'ticketId') return undefined;
    throw error;
  }
}

/** The name the PMS gave for the stay, else the guest's profile name, else a polite greeting. */
async function guestNameOf(deps: FollowUpDeps, request: FollowUpRequest): Promise<string> {
  const { survey, event } = request;
  const stored = await deps.surveys.getDeparture(survey.tenantId, survey.reservationId);
  const name = stored?.departure.guestName.trim() || event.guest.profileName?.trim();
  return name || NAMELESS_GREETING[survey.language];
}

/** The hotel's phone number for guests, when its configuration has one. */
const hotelPhoneOf = (hotel: Hotel): string | undefined => hotel.phone;

async function escalateToSupervisor(deps: FollowUpDeps, ticket: Ticket): Promise<PublishableEvent[]> {
  const at = deps.now().toISOString();
  const raised = await deps.tickets.raiseEscalation(ticket.tenantId, ticket.ticketId, 2, at);
  if (!raised && ticket.escalationLevel >= 2) return [];
  return [
    ticketEvent(ticket, 'escalated:2', DetailType.ticketEscalated, at, {
      level: 2,
      reason: 'reputation-risk',
      team: 'supervisor',
    }),
  ];
}

const ticketOpened = (ticket: Ticket) =>
  ticketEvent(ticket, 'opened', DetailType.ticketOpened, ticket.openedAt, {
    conversationKey: ticket.conversationKey,
    guestId: ticket.guestId,
    firstMessageId: ticket.firstMessageId,
    receivedAt: ticket.openedAt,
  });

function detractorFollowUpOpened(survey: Survey, ticket: Ticket, callBackDueAt: string): PublishableEvent {
  const { dedupeKey, eventId } = surveyEventIds(survey, 'detractor-follow-up');
  if (survey.score === undefined) throw new Error(`Survey ${survey.surveyId} has no score`);
  return {
    dedupeKey,
    event: {
      detailType: DetailType.detractorFollowUpOpened,
      detail: {
        version: 1,
        eventId,
        tenantId: survey.tenantId,
        surveyId: survey.surveyId,
        kind: survey.kind,
        occurredAt: ticket.openedAt,
        segment: survey.segment,
        score: survey.score,
        ticketId: ticket.ticketId,
        number: ticket.number,
        callBackDueAt,
      },
    },
  };
}
