import * as z from 'zod';
import { ConversationEventBaseSchema } from './common';
import { MessageContentSchema, ReplyContextSchema } from './message-content';

/**
 * The hotel sent a message outside hotel-inbox (for example from the Instagram app) and the
 * platform echoed it. It counts as an agent reply; `guest` is the recipient.
 */
export const BusinessMessageEchoedSchema = ConversationEventBaseSchema.extend({
  message: z.object({
    id: z.string(),
    content: MessageContentSchema,
    context: ReplyContextSchema.optional(),
  }),
});
export type BusinessMessageEchoed = z.infer<typeof BusinessMessageEchoedSchema>;
