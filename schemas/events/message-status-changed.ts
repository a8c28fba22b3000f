import * as z from 'zod';
import { ConversationEventBaseSchema } from './common';
import { PlatformErrorSchema } from './message-content';

export const DeliveryStatusSchema = z.enum(['sent', 'delivered', 'read', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/**
 * The platform reports progress of a message the hotel sent (WhatsApp statuses, Instagram
 * read receipts). Statuses may arrive out of order: consumers never move a message backwards.
 */
export const MessageStatusChangedSchema = ConversationEventBaseSchema.extend({
  messageId: z.string().describe('The outbound message the status is about'),
  status: DeliveryStatusSchema,
  errors: z.array(PlatformErrorSchema).optional(),
  pricing: z
    .object({
      billable: z.boolean().optional(),
      category: z.string().optional(),
      model: z.string().optional(),
    })
    .optional(),
  platformConversation: z
    .object({ id: z.string(), originType: z.string().optional(), expiresAt: z.string().optional() })
    .optional(),
});
export type MessageStatusChanged = z.infer<typeof MessageStatusChangedSchema>;
