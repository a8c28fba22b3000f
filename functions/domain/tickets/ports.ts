import type { Channel } from '../../../schemas/events';
import type { Csat, CsatStatus, Ticket, TicketMessage } from '../../../schemas/ticket';

export interface GuestIdentity {
  channel: Channel;
  platformId: string;
  phoneNumber?: string;
  email?: string;
  profileName?: string;
}

/** Guests and their identities per channel; the same phone number links channels to one guest. */
export interface GuestDirectory {
  guestIdByIdentity(tenantId: string, channel: Channel, platformId: string): Promise<string | undefined>;
  guestIdByPhone(tenantId: string, phoneNumber: string): Promise<string | undefined>;
  /** Creates the guest if new and links the identity (and phone); returns the guest id that won a race. */
  linkIdentity(tenantId: string, guestId: string, identity: GuestIdentity, at: string): Promise<string>;
}

export interface Conversation {
  conversationKey: string;
  currentTicketId?: string;
}

export type OpenTicketResult =
  | { opened: true; ticket: Ticket }
  | { opened: false; currentTicketId: string | undefined };

/** One read of a hotel's open queue: tickets in queue order, and whether the index may hold more. */
export interface OpenTicketsPage {
  tickets: Ticket[];
  more: boolean;
}

/** Tickets, their messages and the conversations that point at them. */
export interface TicketStore {
  getConversation(tenantId: string, conversationKey: string): Promise<Conversation | undefined>;
  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined>;
  /**
   * Opens a ticket with the next record number of the hotel's year, atomically with pointing
   * the conversation at it, provided the conversation still points where the caller saw it.
   */
  openTicket(
    draft: Omit<Ticket, 'ticketId' | 'number'>,
    hotelCode: string,
    expectedCurrentTicketId: string | undefined,
  ): Promise<OpenTicketResult>;
  /** Appends once per message id; false when it was appended before (a redelivered event). */
  appendMessage(tenantId: string, ticketId: string, message: TicketMessage): Promise<boolean>;
  /** Sets fields of an existing ticket, optionally only if its status is one of `ifStatusIn`. */
  updateTicket(
    tenantId: string,
    ticketId: string,
    changes: Partial<Ticket>,
    ifStatusIn?: readonly Ticket['status'][],
  ): Promise<boolean>;
  /** Counts an inbound message and moves `lastInboundAt` forward (never back). */
  recordInbound(tenantId: string, ticketId: string, at: string): Promise<void>;
  /** Records the first agent answer once; false when one was already recorded. */
  recordFirstResponse(tenantId: string, ticketId: string, at: string, seconds: number): Promise<boolean>;
  /** Moves `lastOutboundAt` (and `updatedAt`) forward to `at`, never back; false when it was not earlier. */
  recordOutbound(tenantId: string, ticketId: string, at: string): Promise<boolean>;
  /**
   * Raises the escalation level, never lowers it, noting when (`escalatedAt`) and the staff member
   * who did it (`escalatedBy`, absent for the workflow); false when it already was at or above it.
   */
  raiseEscalation(
    tenantId: string,
    ticketId: string,
    level: number,
    at: string,
    by?: string,
  ): Promise<boolean>;
  /**
   * Puts a finished (resolved or closed) ticket that took new words after it finished (a note, an
   * opt-out, a compensation, a lost reason) back on the retention purge's list from `at`, if it is
   * off it (purged already); an open ticket, or one still listed, stays as it is.
   */
  relistWords(tenantId: string, ticketId: string, at: string): Promise<void>;
  /** Orders the ticket in the hotel's open queue by its nearest deadline (or opening time). */
  setQueuePosition(tenantId: string, ticketId: string, sortKey: string): Promise<void>;
  listMessages(tenantId: string, ticketId: string): Promise<TicketMessage[]>;
  /** A hotel's open and pending tickets, nearest deadline first, each with its `queueKey`. */
  listOpenTickets(tenantId: string): Promise<Ticket[]>;
  /**
   * At most `limit` of a hotel's open and pending tickets in queue order, after the place `after`
   * (a `queueKey` it returned, `<deadline>#<ticketId>`) when given; it reads no further than that.
   */
  readOpenTickets(tenantId: string, options: { after?: string; limit: number }): Promise<OpenTicketsPage>;
  /**
   * Puts an answered sales lead on the hotel's follow-up list until `dueAt` (or takes it off,
   * with undefined): past it, the lead sweep flags a lost opportunity.
   */
  setLeadFollowUp(tenantId: string, ticketId: string, dueAt: string | undefined): Promise<void>;
  /** The hotel's leads whose follow-up deadline is before `now`. */
  listLeadFollowUpsDue(tenantId: string, now: string): Promise<Ticket[]>;
  /**
   * Writes the ticket's CSAT survey state if the current one is in `expected` for the same
   * resolution cycle (`none`: no survey yet for this cycle); false when it was not.
   */
  updateCsat(
    tenantId: string,
    ticketId: string,
    csat: Csat,
    expected: readonly CsatStatus[] | 'none',
  ): Promise<boolean>;
}

/** Posts a hotel message into a web-chat visitor's transcript (what the widget polls). */
export interface WebchatOutbox {
  /**
   * `posted` when the message is in a live session's transcript (now or by an earlier post of
   * the same id); `session-gone` when the session has expired, so no visitor will ever see it.
   */
  post(
    tenantId: string,
    sessionId: string,
    message: { id: string; text: string; sentAt: string },
  ): Promise<'posted' | 'session-gone'>;
}
