import type { OutboundContent } from '../../../schemas/events';
import type { Delivery, DeliveryState } from '../../../schemas/ticket';

/** One send to a guest on WhatsApp or Instagram, in platform-neutral terms. */
export interface PlatformSendRequest {
  channel: 'whatsapp' | 'instagram';
  /** The WhatsApp phone-number id or the Instagram professional account id that sends. */
  senderId: string;
  /** The guest's WhatsApp wa_id or Instagram-scoped id. */
  recipientId: string;
  content: OutboundContent;
  /** Instagram only: a human agent's reply between 24 hours and 7 days after the guest's message. */
  tag?: 'HUMAN_AGENT';
}

/**
 * What the platform answered, after the client's own retries of throttling and server errors:
 * accepted with its message id, or refused. `retryable` refusals (still throttled, still down)
 * are worth another try later; the others are final (re-engagement required, undeliverable…).
 */
export type PlatformSendResult =
  | { ok: true; platformMessageId: string }
  | { ok: false; retryable: boolean; status: number; code: string; title: string };

/** The Graph API seen from the sender: WhatsApp Cloud API and the Instagram Send API. */
export interface MessagingPlatform {
  send(request: PlatformSendRequest): Promise<PlatformSendResult>;
}

/** The ticket message an outbound send is recorded under. */
export interface OutboundMessageRef {
  tenantId: string;
  ticketId: string;
  messageId: string;
  /** The message's timestamp, part of its key. */
  messageAt: string;
}

export interface DeliveryError {
  code: string;
  title: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; delivery: Delivery | undefined };

/** A platform status (`sent`, `delivered`, `read`, `failed`) for a platform message id. */
export interface StatusUpdate {
  status: Exclude<DeliveryState, 'queued' | 'sending'>;
  at: string;
  error?: DeliveryError;
}

/**
 * Where a status landed: on the ticket message the platform id is linked to (with that
 * message's delivery afterwards, changed or not), or, when no message is linked yet, kept on
 * a short-lived stub that the sender merges when it records the platform's acceptance.
 */
export type StatusResult =
  | { linked: true; ticketId: string; messageId: string; changed: boolean; delivery: Delivery }
  | { linked: false };

/**
 * The delivery of outbound ticket messages. A send is claimed before it goes out, so duplicate
 * or concurrent deliveries of one request send once; a claim older than the store's lease was
 * abandoned (its sender died) and can be claimed again.
 */
export interface OutboundStore {
  getDelivery(ref: OutboundMessageRef): Promise<Delivery | undefined>;
  /** Takes the message from `queued` (or an abandoned `sending`) to `sending` under `attemptId`. */
  claim(ref: OutboundMessageRef, attemptId: string, now: Date): Promise<ClaimResult>;
  /** Gives a claim back (`queued`) so the next delivery of the request tries again. */
  release(ref: OutboundMessageRef, attemptId: string, now: Date): Promise<void>;
  /**
   * Records the platform's acceptance and links the platform id to the message, atomically,
   * merging a status that arrived before the link. Returns the delivery it recorded, or
   * undefined when the claim was no longer this attempt's.
   */
  recordAccepted(
    ref: OutboundMessageRef,
    attemptId: string,
    platformMessageId: string,
    now: Date,
  ): Promise<Delivery | undefined>;
  /** A web-chat message is in the visitor's transcript: `delivered`. False when the claim was lost. */
  markDelivered(ref: OutboundMessageRef, attemptId: string, now: Date): Promise<boolean>;
  /** The platform refused the message for good. False when the claim was lost. */
  markFailed(ref: OutboundMessageRef, attemptId: string, error: DeliveryError, now: Date): Promise<boolean>;
  /** Applies a platform status, forward only (sent < delivered < read; failed unless delivered or read). */
  applyStatus(tenantId: string, platformMessageId: string, update: StatusUpdate): Promise<StatusResult>;
}
