import * as z from 'zod';
import { CANONICAL_EVENT_VERSION, ChannelSchema, IsoTimestampSchema } from './common';

/**
 * A valid delivery part that is not a conversation event we understand (an unknown webhook
 * field, an Instagram event of a new kind). Kept whole so nothing is lost.
 */
export const UnsupportedDeliveryReceivedSchema = z.object({
  version: z.literal(CANONICAL_EVENT_VERSION),
  eventId: z.string(),
  tenantId: z.string().min(1),
  channel: ChannelSchema,
  accountId: z.string(),
  reason: z.string(),
  raw: z.unknown(),
  receivedAt: IsoTimestampSchema,
  rawArchiveKey: z.string(),
});
export type UnsupportedDeliveryReceived = z.infer<typeof UnsupportedDeliveryReceivedSchema>;
