import * as z from 'zod';
import { CANONICAL_EVENT_VERSION, ChannelSchema, IsoTimestampSchema } from './common';

/**
 * A delivery for an account no hotel is registered for. Answered 200 (Meta must not stop
 * delivering), its body archived, and this event raised so an operator fixes the registry
 * and replays. It names no guest.
 */
export const UnroutableDeliverySchema = z.object({
  version: z.literal(CANONICAL_EVENT_VERSION),
  eventId: z.string(),
  channel: ChannelSchema,
  accountId: z.string().describe('WhatsApp phone number id or business account id, Instagram account id'),
  receivedAt: IsoTimestampSchema,
  rawArchiveKey: z.string(),
});
export type UnroutableDelivery = z.infer<typeof UnroutableDeliverySchema>;
