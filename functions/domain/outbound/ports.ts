import type { OutboundContent } from '../../../schemas/events';

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
