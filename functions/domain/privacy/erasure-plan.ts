import type { Departure, Survey } from '../../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { localDateOf } from '../kpi/lake-days';
import type { StoredDeparture } from '../surveys/ports';
import type { SurveyThreadMessage } from '../surveys/survey-message';
import { contactPointsOf, type GuestRecords } from './guest-records';
import { type ContactPoints, ERASED, maskPersonal } from './mask-personal';

/** Ids given to what an erasure keeps in place of the guest's: `erased-<random>`. */
export const ERASED_ID_PREFIX = 'erased-';
/** The conversation key of a kept ticket: the real one is derived from the guest's platform id. */
export const ERASED_CONVERSATION = 'erased';

/** A thread message written again: the old item (its key) goes, the anonymised one comes. */
export interface MessageRewrite<M extends TicketMessage | SurveyThreadMessage = TicketMessage> {
  before: { messageId: string; at: string };
  after: M;
}

export interface TicketErasure {
  after: Ticket;
  messages: MessageRewrite[];
  /** It was open or waiting for the guest: the erasure closes it. */
  closed: boolean;
}

export interface SurveyErasure {
  after: Survey;
  messages: MessageRewrite<SurveyThreadMessage>[];
}

/**
 * What an erasure writes in place of what it keeps: tickets, surveys and departures stay for the
 * KPIs, re-keyed to a fresh random guest id (one per erased guest, so counts of distinct guests do
 * not change) and stripped of everything personal; message ids are replaced too (a WhatsApp
 * message id encodes the guest's number).
 */
export interface ErasurePlan {
  /** Each erased guest id and the random id that replaces it on what is kept. */
  guestIds: Map<string, string>;
  tickets: TicketErasure[];
  surveys: SurveyErasure[];
  departures: StoredDeparture[];
}

/** The plan for the records; `newId` gives fresh random ids, `at` is the erasure's time. */
export function planErasure(records: GuestRecords, newId: () => string, at: Date): ErasurePlan {
  const erasedId = (id: string) => (id.startsWith(ERASED_ID_PREFIX) ? id : `${ERASED_ID_PREFIX}${newId()}`);
  const guestIds = new Map(records.guestIds.map((id) => [id, erasedId(id)]));
  const guestOf = (id: string) => guestIds.get(id) ?? erasedId(id);
  const messageIds = new Map<string, string>();
  const messageOf = (id: string) => {
    let mapped = messageIds.get(id);
    if (mapped === undefined) {
      mapped = erasedId(id);
      messageIds.set(id, mapped);
    }
    return mapped;
  };
  const points = contactPointsOf(records);
  const iso = at.toISOString();
  const rewrite = <M extends TicketMessage | SurveyThreadMessage>(message: M): MessageRewrite<M> => ({
    before: { messageId: message.messageId, at: message.at },
    after: anonymiseMessage(message, messageOf(message.messageId)),
  });

  return {
    guestIds,
    tickets: records.tickets.map(({ ticket, messages }) => ({
      after: anonymiseTicket(ticket, guestOf(ticket.guestId), messageOf, points, iso),
      messages: messages.map(rewrite),
      closed: isOpen(ticket),
    })),
    surveys: records.surveys.map(({ survey, messages }) => ({
      after: {
        ...survey,
        guestId: guestOf(survey.guestId),
        ...(survey.messageId && { messageId: messageOf(survey.messageId) }),
      },
      messages: messages.map(rewrite),
    })),
    departures: records.departures.map((stored) => ({
      ...stored,
      guestId: guestOf(stored.guestId),
      departure: anonymiseDeparture(stored.departure),
    })),
  };
}

const isOpen = (ticket: Ticket) => ticket.status === 'open' || ticket.status === 'pending-guest';

/**
 * A message as kept: who wrote it, when, on which channel, of what type, how its delivery went;
 * no text, no platform message id, nothing a later field could add (it is rebuilt, not copied).
 */
export function anonymiseMessage<M extends TicketMessage | SurveyThreadMessage>(
  message: M,
  messageId: string,
): M {
  const { direction, author, channel, type, at, agentId, templateId, sentAs, delivery } = message;
  return {
    messageId,
    direction,
    author,
    channel,
    type,
    at,
    ...(agentId !== undefined && { agentId }),
    ...(templateId !== undefined && { templateId }),
    ...(sentAs !== undefined && { sentAs }),
    ...(delivery && {
      delivery: {
        status: delivery.status,
        updatedAt: delivery.updatedAt,
        ...(delivery.error && { error: delivery.error }),
      },
    }),
  } as M;
}

/**
 * A ticket as kept: its KPI fields (basket, topics, timestamps, SLA clocks, counts, escalation,
 * lead stage, CSAT score) under the new guest id; without where replies went (platform id, web-chat
 * session), the conversation key (derived from the platform id), the complaint's account and the
 * compensation's description. Staff categories (root cause, lost reason, tags) keep their words
 * but not the guest's names, numbers or addresses. An open ticket is closed.
 */
export function anonymiseTicket(
  ticket: Ticket,
  guestId: string,
  messageOf: (id: string) => string,
  points: ContactPoints,
  at: string,
): Ticket {
  const {
    recipientId: _recipient,
    webchatSessionId: _session,
    complaint: _complaint,
    queueKey: _queue,
    leadFollowUpDueAt,
    ...kept
  } = ticket;
  const open = isOpen(ticket);
  return {
    ...kept,
    guestId,
    conversationKey: ERASED_CONVERSATION,
    firstMessageId: messageOf(ticket.firstMessageId),
    ...(ticket.reopenedByMessageId && { reopenedByMessageId: messageOf(ticket.reopenedByMessageId) }),
    ...(ticket.csat?.messageId && { csat: { ...ticket.csat, messageId: messageOf(ticket.csat.messageId) } }),
    ...(ticket.compensation && { compensation: { ...ticket.compensation, description: ERASED } }),
    ...(ticket.rootCause !== undefined && { rootCause: maskPersonal(ticket.rootCause, points) }),
    ...(ticket.lostReason !== undefined && { lostReason: maskPersonal(ticket.lostReason, points) }),
    tags: ticket.tags.map((tag) => maskPersonal(tag, points)),
    ...(!open && leadFollowUpDueAt !== undefined && { leadFollowUpDueAt }),
    ...(open && { status: 'closed' as const, closedAt: at }),
    updatedAt: at,
  };
}

/**
 * A departure as kept: its reservation id (so the PMS sending it again is a duplicate, not a new
 * guest to survey), stay dates and segment; the name stands as `[erased]` (the schema wants one),
 * phone and e-mail are gone.
 */
export function anonymiseDeparture(departure: Departure): Departure {
  const { phone: _phone, email: _email, ...kept } = departure;
  return { ...kept, guestName: ERASED };
}

/** The hotel-local days of the lake the records are in: the days their tickets opened, surveys were scheduled. */
export function lakeDaysOf(records: Pick<GuestRecords, 'tickets' | 'surveys'>, timeZone: string): string[] {
  return [
    ...new Set([
      ...records.tickets.map((t) => localDateOf(t.ticket.openedAt, timeZone)),
      ...records.surveys.map((s) => localDateOf(s.survey.scheduledFor, timeZone)),
    ]),
  ].sort();
}
