import * as z from 'zod';
import { ConversationEventBaseSchema } from './common';
import {
  MessageContentSchema,
  PlatformErrorSchema,
  ReferralSchema,
  ReplyContextSchema,
} from './message-content';

/**
 * A guest wrote, reacted, shared or otherwise acted in a conversation. Every kind of guest
 * message becomes this event; a kind we do not know yet arrives with content type `unsupported`.
 * @example detail-type "Guest Message Received", source "hotel-inbox.ingest"
 */
export const GuestMessageReceivedSchema = ConversationEventBaseSchema.extend({
  message: z.object({
    id: z.string().describe('The platform message id (WhatsApp wamid, Instagram mid, web-chat message id)'),
    content: MessageContentSchema,
    context: ReplyContextSchema.optional(),
    referral: ReferralSchema.optional(),
    errors: z.array(PlatformErrorSchema).optional(),
  }),
});
export type GuestMessageReceived = z.infer<typeof GuestMessageReceivedSchema>;
