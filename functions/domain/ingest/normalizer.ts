import type * as z from 'zod';
import type { CanonicalEvent, Channel } from '../../../schemas/events';

/** What the use case knows before normalizing: when, where the body is archived, whose accounts. */
export interface NormalizeContext {
  receivedAt: string;
  rawArchiveKey: string;
  /** The hotel registered for a platform account id (phone number id, WABA id, Instagram id), if any. */
  tenantFor(accountId: string): string | undefined;
}

/** A canonical event with the key that tells a real duplicate delivery from a distinct event. */
export interface PublishableEvent {
  dedupeKey: string;
  event: CanonicalEvent;
}

export interface NormalizeResult {
  events: PublishableEvent[];
  /** Account ids named in the delivery that no hotel is registered for. */
  unroutableAccountIds: string[];
}

/**
 * Turns one platform's webhook envelope into canonical events. Pure: no I/O, no clock.
 * Every entry, change and message of the envelope yields an event; nothing is dropped.
 */
export interface DeliveryNormalizer<Envelope> {
  channel: Channel;
  /** Validates the envelope; a failure is answered 400 with the failing field path. */
  envelopeSchema: z.ZodType<Envelope>;
  /** The account ids the envelope is addressed to, for tenant resolution before normalizing. */
  accountIds(envelope: Envelope): string[];
  normalize(envelope: Envelope, context: NormalizeContext): NormalizeResult;
}
