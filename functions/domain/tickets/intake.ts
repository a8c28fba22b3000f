import {
  type BusinessMessageEchoed,
  type GuestMessageReceived,
  surveyThreadId,
} from '../../../schemas/events';
import type { Survey } from '../../../schemas/surveys';
import type { TemplatesFile } from '../../../schemas/templates';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { SENSITIVE_RAW_BODY_DAYS } from '../../contracts/raw-archive';
import { captureCsatAnswer } from '../csat/capture-answer';
import { MessagingWindowError, ValidationError } from '../errors';
import type { Hotel } from '../hotels';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { type ConsentStore, consentTextVersionOf, optOutRecords } from '../privacy/consent';
import { type OptOut, recogniseOptOut } from '../privacy/opt-out';
import { composeOptOutConfirmation, holderIdOf, type OptOutHolder } from '../privacy/opt-out-confirmation';
import { attachmentOf, protectMessageText, type SensitiveIntakePorts } from '../privacy/protect-message-text';
import { captureNpsAnswer, type NpsIntakePorts } from '../surveys/capture-nps-answer';
import { isAcknowledgement } from './acknowledgement';
import { isFinished } from './finished';
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
  /**
   * Opt-outs ("STOP", "dur", "Abmelden", "стоп"). Left out where no guest ever writes (the
   * benchmark, tools): such a message then lands as any other.
   */
  privacy?: PrivacyIntakePorts;
  /**
   * Seals special-category text, identity documents and card numbers (`protectMessageText`). Left
   * out where no key is wired (the benchmark, tools): such a text is then withheld and not kept.
   */
  sensitive?: SensitiveIntakePorts;
}

/** What the intake needs to honour a guest's opt-out at once. */
export interface PrivacyIntakePorts {
  consent: Pick<ConsentStore, 'append'>;
  /** The hotel's name, accounts and privacy notice version, for the record and the confirmation. */
  hotelOf(tenantId: string): Hotel | undefined;
  /** The reply templates (`loadTemplates()`): the confirmation is `privacy-opt-out-confirmation`. */
  catalogue: TemplatesFile;
}

export type Landing = {
  ticketId: string;
  outcome:
    | 'opened'
    | 'appended'
    | 'resumed'
    | 'reopened'
    | 'csat-answered'
    | 'nps-answered'
    | 'opted-out'
    | 'duplicate';
};

/** Conversation races (two messages at once) are settled by re-reading; a few rounds always suffice. */
const MAX_ROUNDS = 8;

/**
 * A guest message lands in exactly one ticket: the conversation's open one, one it reopens
 * within the window, or a new one with the next record number. A score answering the ticket's
 * CSAT question is recorded and reopens nothing; one answering the guest's post-stay NPS survey
 * is recorded on the survey and opens no ticket but its follow-up. An opt-out ("STOP") is
 * recorded before anything else and confirmed (`landOptOut`). Redelivered events land once.
 */
export async function landGuestMessage(deps: IntakeDeps, event: GuestMessageReceived): Promise<Landing> {
  const { tenantId, conversationKey } = event;
  const hotel = deps.hotelOf(tenantId);
  if (!hotel) throw new Error(`No hotel is configured for tenant ${tenantId}`);
  const guestId = await resolveGuest(deps, event);
  const message = await protectMessageText(
    deps.sensitive,
    tenantId,
    inboundMessage(event),
    attachmentOf(event.message.content.type),
  );
  if (message.sensitive)
    await deps.sensitive?.rawArchive?.retag(event.rawArchiveKey, SENSITIVE_RAW_BODY_DAYS);
  const at = new Date(event.receivedAt);
  const optOut = deps.privacy ? recogniseOptOut(event.message.content) : undefined;
  if (deps.privacy && optOut) return landOptOut(deps, deps.privacy, event, guestId, message, optOut);
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
 * A guest's opt-out, on any channel: surveys and marketing are withdrawn first, before anything
 * else can fail, so no survey goes out after it. The message then joins the conversation's open
 * ticket, else the survey awaiting the guest's answer (they are replying to it), else the
 * conversation's last ticket, resolved or closed, without reopening it: the team has nothing to
 * do. Only a guest with none of these gets a new ticket, so the message is never lost and the
 * team sees who wrote. The confirmation (`privacy-opt-out-confirmation`) goes back where the
 * message landed. A redelivery records, lands and confirms nothing twice.
 */
async function landOptOut(
  deps: IntakeDeps,
  privacy: PrivacyIntakePorts,
  event: GuestMessageReceived,
  guestId: string,
  message: TicketMessage,
  optOut: OptOut,
): Promise<Landing> {
  const { tenantId, conversationKey } = event;
  const hotel = privacy.hotelOf(tenantId);
  if (!hotel) throw new Error(`No hotel is configured for tenant ${tenantId}`);
  const decision = {
    tenantId,
    guestId,
    at: event.receivedAt,
    channel: event.channel,
    messageId: event.message.id,
    textVersion: consentTextVersionOf(hotel),
  };
  for (const record of optOutRecords(decision)) await privacy.consent.append(record);

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const conversation = await deps.tickets.getConversation(tenantId, conversationKey);
    const current = conversation?.currentTicketId
      ? await deps.tickets.getTicket(tenantId, conversation.currentTicketId)
      : undefined;
    const survey = current && isOpen(current) ? undefined : await surveyAwaitingAnswer(deps, guestId, event);
    let holder: OptOutHolder;
    let appended: boolean;
    if (current && (isOpen(current) || !survey)) {
      holder = { kind: 'ticket', ticket: current };
      appended = await deps.tickets.appendMessage(tenantId, current.ticketId, message);
      if (appended) await deps.tickets.recordInbound(tenantId, current.ticketId, event.receivedAt);
      else await republishLifecycleEvent(deps, current, event);
      // A purged ticket's new words go back on the purge's list (a redelivery relists nothing twice).
      if (isFinished(current)) await deps.tickets.relistWords(tenantId, current.ticketId, event.receivedAt);
    } else if (survey) {
      holder = { kind: 'survey', survey };
      appended = await deps.tickets.appendMessage(tenantId, surveyThreadId(survey.surveyId), message);
    } else {
      // The survey it answered may have stopped waiting since an earlier delivery landed it there.
      if (await wasLandedOnSurvey(deps, event)) return { ticketId: '', outcome: 'duplicate' };
      const result = await deps.tickets.openTicket(
        newTicketDraft(event, guestId),
        hotel.hotelCode,
        conversation?.currentTicketId,
      );
      if (!result.opened) continue;
      holder = { kind: 'ticket', ticket: result.ticket };
      appended = await deps.tickets.appendMessage(tenantId, result.ticket.ticketId, message);
      await publishOnce(deps, [ticketOpened(result.ticket, event)]);
    }
    await confirmOptOut(deps, privacy, { holder, event, hotel, language: optOut.language });
    if (holder.kind === 'survey') await markLandedOnSurvey(deps, event);
    return { ticketId: holderIdOf(holder), outcome: appended ? 'opted-out' : 'duplicate' };
  }
  throw new Error(`Conversation ${conversationKey} kept changing; the message will be retried`);
}

/** The post-stay survey still waiting for this guest's answer when they wrote, if any. */
async function surveyAwaitingAnswer(
  deps: IntakeDeps,
  guestId: string,
  event: GuestMessageReceived,
): Promise<Survey | undefined> {
  if (!deps.nps) return undefined;
  const pending = await deps.nps.surveys.getPendingAnswer(event.tenantId, guestId);
  if (!pending || Date.parse(event.receivedAt) > Date.parse(pending.answerBy)) return undefined;
  return deps.nps.surveys.getSurvey(event.tenantId, pending.surveyId);
}

/** Sends the confirmation, unless the hotel has no account to answer from on that channel. */
async function confirmOptOut(
  deps: IntakeDeps,
  privacy: PrivacyIntakePorts,
  request: { holder: OptOutHolder; event: GuestMessageReceived; hotel: Hotel; language?: OptOut['language'] },
): Promise<void> {
  let composed: ReturnType<typeof composeOptOutConfirmation>;
  try {
    composed = composeOptOutConfirmation({ ...request, catalogue: privacy.catalogue });
  } catch (error) {
    // The opt-out stands; only its confirmation cannot go (no account configured, window closed).
    if (error instanceof MessagingWindowError || error instanceof ValidationError) return;
    throw error;
  }
  await deps.tickets.appendMessage(request.event.tenantId, holderIdOf(request.holder), composed.message);
  await publishOnce(deps, [composed.request]);
}

/**
 * Marks an opt-out landed on a survey's thread for the dedupe store's retention: once the survey
 * stops waiting, this is how a redelivery is still told from a first delivery (as NPS answers are).
 */
async function markLandedOnSurvey(deps: IntakeDeps, event: GuestMessageReceived): Promise<void> {
  const key = optOutKey(event);
  await deps.dedupe.claim([key], deps.now());
  await deps.dedupe.confirm([key], deps.now());
}

/** Whether the message landed on a survey's thread before; a claim taken only to look is given back. */
async function wasLandedOnSurvey(deps: IntakeDeps, event: GuestMessageReceived): Promise<boolean> {
  const key = optOutKey(event);
  const claimed = await deps.dedupe.claim([key], deps.now());
  if (!claimed.has(key)) return true;
  await deps.dedupe.release([key]);
  return false;
}

const optOutKey = (event: GuestMessageReceived) => `${event.tenantId}#opt-out:${event.message.id}`;

const isOpen = (ticket: Ticket) => ticket.status === 'open' || ticket.status === 'pending-guest';

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
