import type { BusinessMessageEchoed, GuestMessageReceived } from '../../../schemas/events';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { captureCsatAnswer } from '../csat/capture-answer';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { captureNpsAnswer, type NpsIntakePorts } from '../surveys/capture-nps-answer';
import { isAcknowledgement } from './acknowledgement';
import { normalizePhoneNumber } from './guest-phone';
import { textOf } from './message-text';
import type { GuestDirectory, TicketStore } from './ports';
import { DEFAULT_REOPEN_WINDOW_DAYS, decideLanding } from './reopen-policy';
import { ticketEvent } from './ticket-event';

export interface HotelRef {
  hotelCode: string;
  reopenWindowDays?: number;
}

export interface IntakeDeps extends PublishOnceDeps {
  guests: GuestDirectory;
  tickets: TicketStore;
  hotelOf(tenantId: string): HotelRef | undefined;
  newGuestId(): string;
  /**
   * Post-stay NPS answers and their follow-ups. Left out where no survey is ever sent (the
   * benchmark, tools): every message then lands on a ticket.
   */
  nps?: NpsIntakePorts;
}

export type Landing = {
  ticketId: string;
  outcome: 'opened' | 'appended' | 'resumed' | 'reopened' | 'csat-answered' | 'nps-answered' | 'duplicate';
};

/** Conversation races (two messages at once) are settled by re-reading; a few rounds always suffice. */
const MAX_ROUNDS = 8;

/**
 * A guest message lands in exactly one ticket: the conversation's open one, one it reopens
 * within the window, or a new one with the next record number. A score answering the ticket's
 * CSAT question is recorded and reopens nothing; one answering the guest's post-stay NPS survey
 * is recorded on the survey and opens no ticket but its follow-up. Redelivered events land once.
 */
export async function landGuestMessage(deps: IntakeDeps, event: GuestMessageReceived): Promise<Landing> {
  const { tenantId, conversationKey } = event;
  const hotel = deps.hotelOf(tenantId);
  if (!hotel) throw new Error(`No hotel is configured for tenant ${tenantId}`);
  const guestId = await resolveGuest(deps, event);
  const message = inboundMessage(event);
  const at = new Date(event.receivedAt);
  if (deps.nps) {
    const answer = await captureNpsAnswer({ ...deps, ...deps.nps }, guestId, event, message);
    if (answer) return answer;
  }

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const conversation = await deps.tickets.getConversation(tenantId, conversationKey);
    const current = conversation?.currentTicketId
      ? await deps.tickets.getTicket(tenantId, conversation.currentTicketId)
      : undefined;
    if (current) {
      const answer = await captureCsatAnswer(deps, current, event, message);
      if (answer === 'changed') continue;
      if (answer) return { ticketId: current.ticketId, outcome: answer };
    }
    const decision = decideLanding(
      current,
      at,
      hotel.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
      isAcknowledgement(event.message.content),
    );

    if (decision === 'open-new' || !current) {
      const result = await deps.tickets.openTicket(
        newTicketDraft(event, guestId),
        hotel.hotelCode,
        conversation?.currentTicketId,
      );
      if (!result.opened) continue;
      await deps.tickets.appendMessage(tenantId, result.ticket.ticketId, message);
      await publishOnce(deps, [ticketOpened(result.ticket, event)]);
      return { ticketId: result.ticket.ticketId, outcome: 'opened' };
    }

    if (!(await deps.tickets.appendMessage(tenantId, current.ticketId, message))) {
      await republishLifecycleEvent(deps, current, event);
      return { ticketId: current.ticketId, outcome: 'duplicate' };
    }
    await deps.tickets.recordInbound(tenantId, current.ticketId, event.receivedAt);
    if (decision === 'resume') await resume(deps, current, event.receivedAt);
    if (decision === 'reopen') await reopen(deps, current, event);
    return {
      ticketId: current.ticketId,
      outcome: `${decision === 'append' ? 'append' : decision}ed` as Landing['outcome'],
    };
  }
  throw new Error(`Conversation ${conversationKey} kept changing; the message will be retried`);
}

/**
 * The hotel answered from the platform's own app (an Instagram echo): it lands on the
 * conversation's ticket and counts as the first response when none was recorded.
 */
export async function landBusinessEcho(
  deps: Pick<IntakeDeps, 'tickets'>,
  event: BusinessMessageEchoed,
): Promise<Landing | undefined> {
  const conversation = await deps.tickets.getConversation(event.tenantId, event.conversationKey);
  const ticket = conversation?.currentTicketId
    ? await deps.tickets.getTicket(event.tenantId, conversation.currentTicketId)
    : undefined;
  if (!ticket) return undefined;
  const appended = await deps.tickets.appendMessage(event.tenantId, ticket.ticketId, {
    messageId: event.message.id,
    direction: 'outbound',
    author: 'hotel-app',
    channel: event.channel,
    type: event.message.content.type,
    ...(textOf(event.message.content) !== undefined && { text: textOf(event.message.content) }),
    at: event.platformTimestamp,
  });
  if (appended && !ticket.firstResponseAt && ticket.status === 'open') {
    const seconds = secondsBetween(ticket.lastInboundAt, event.platformTimestamp);
    await deps.tickets.recordFirstResponse(event.tenantId, ticket.ticketId, event.platformTimestamp, seconds);
  }
  return { ticketId: ticket.ticketId, outcome: appended ? 'appended' : 'duplicate' };
}

/**
 * A redelivered message that had opened or reopened its ticket publishes that event again:
 * if the first attempt failed after writing, this is how the workflow still starts (publishing
 * is deduplicated, so a success before is not doubled).
 */
async function republishLifecycleEvent(deps: IntakeDeps, ticket: Ticket, event: GuestMessageReceived) {
  if (ticket.firstMessageId === event.message.id) await publishOnce(deps, [ticketOpened(ticket, event)]);
  else if (ticket.reopenedByMessageId === event.message.id)
    await publishOnce(deps, [ticketReopened(ticket, event)]);
}

async function resolveGuest(deps: IntakeDeps, event: GuestMessageReceived): Promise<string> {
  const { tenantId, channel, guest } = event;
  const phoneNumber = normalizePhoneNumber(guest.phoneNumber);
  const known =
    (await deps.guests.guestIdByIdentity(tenantId, channel, guest.platformId)) ??
    (phoneNumber ? await deps.guests.guestIdByPhone(tenantId, phoneNumber) : undefined);
  return deps.guests.linkIdentity(
    tenantId,
    known ?? deps.newGuestId(),
    {
      channel,
      platformId: guest.platformId,
      ...(phoneNumber && { phoneNumber }),
      ...(guest.email && { email: guest.email }),
      ...(guest.profileName && { profileName: guest.profileName }),
    },
    event.receivedAt,
  );
}

function inboundMessage(event: GuestMessageReceived): TicketMessage {
  const text = textOf(event.message.content);
  return {
    messageId: event.message.id,
    direction: 'inbound',
    author: 'guest',
    channel: event.channel,
    type: event.message.content.type,
    ...(text !== undefined && { text }),
    at: event.platformTimestamp,
  };
}

function newTicketDraft(event: GuestMessageReceived, guestId: string): Omit<Ticket, 'ticketId' | 'number'> {
  return {
    tenantId: event.tenantId,
    conversationKey: event.conversationKey,
    guestId,
    channel: event.channel,
    ...(event.platform.kind === 'webchat'
      ? { webchatSessionId: event.platform.sessionId }
      : { recipientId: event.guest.platformId }),
    status: 'open',
    openedAt: event.receivedAt,
    updatedAt: event.receivedAt,
    lastInboundAt: event.receivedAt,
    messageCount: 1,
    firstMessageId: event.message.id,
    topics: [],
    tags: [],
    reputationRisk: false,
    escalationLevel: 0,
    reopenCount: 0,
    pauses: [],
  };
}

async function resume(deps: IntakeDeps, ticket: Ticket, at: string) {
  const pauses = ticket.pauses.map((p, i) =>
    i === ticket.pauses.length - 1 && !p.to ? { ...p, to: at } : p,
  );
  await deps.tickets.updateTicket(
    ticket.tenantId,
    ticket.ticketId,
    { status: 'open', pauses, updatedAt: at },
    ['pending-guest'],
  );
}

async function reopen(deps: IntakeDeps, ticket: Ticket, event: GuestMessageReceived) {
  const changes = {
    status: 'open' as const,
    reopenCount: ticket.reopenCount + 1,
    reopenedByMessageId: event.message.id,
    reopenedAt: event.receivedAt,
  };
  const reopened = await deps.tickets.updateTicket(
    ticket.tenantId,
    ticket.ticketId,
    { ...changes, updatedAt: event.receivedAt },
    ['resolved'],
  );
  if (reopened) await publishOnce(deps, [ticketReopened({ ...ticket, ...changes }, event)]);
}

const ticketReopened = (ticket: Ticket, event: GuestMessageReceived) =>
  ticketEvent(ticket, `reopened:${ticket.reopenCount}`, DetailType.ticketReopened, event.receivedAt, {
    reopenCount: ticket.reopenCount,
    receivedAt: event.receivedAt,
  });

const ticketOpened = (ticket: Ticket, event: GuestMessageReceived) =>
  ticketEvent(ticket, 'opened', DetailType.ticketOpened, event.receivedAt, {
    conversationKey: ticket.conversationKey,
    guestId: ticket.guestId,
    firstMessageId: ticket.firstMessageId,
    receivedAt: event.receivedAt,
  });

export const secondsBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
