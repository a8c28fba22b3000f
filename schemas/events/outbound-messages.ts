import * as z from 'zod';
import { IsoTimestampSchema } from './common';
import { TicketEventBaseSchema } from './ticket-events';

/** A WhatsApp template parameter, named as approved (`guest_name`). */
export const TemplateParameterSchema = z.object({ name: z.string(), text: z.string() });

/**
 * What goes out: free text, or (WhatsApp outside the 24-hour window) an approved template
 * by name, language code and named body parameters.
 */
export const OutboundContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(4096) }),
  z.object({
    kind: z.literal('template'),
    name: z.string(),
    languageCode: z.string(),
    parameters: z.array(TemplateParameterSchema),
    /** The rendered text, as the guest will read it, for the ticket's transcript. */
    text: z.string(),
  }),
]);
export type OutboundContent = z.infer<typeof OutboundContentSchema>;

/**
 * A message to a guest is ready to go: the outbound queue takes it to the sender. Carries the
 * ticket message id it is recorded under, so the sender updates that message's delivery.
 */
export const OutboundMessageRequestedSchema = TicketEventBaseSchema.extend({
  messageId: z.string().describe('The ticket message this send is recorded under'),
  messageAt: IsoTimestampSchema.describe('Its timestamp, part of the message key'),
  recipient: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('whatsapp'), waId: z.string(), phoneNumberId: z.string() }),
    z.object({ kind: z.literal('instagram'), igsid: z.string(), accountId: z.string() }),
    z.object({ kind: z.literal('webchat'), sessionId: z.string() }),
  ]),
  content: OutboundContentSchema,
  /** Instagram between 24 hours and 7 days after the guest's last message: a human agent's reply. */
  tag: z.literal('HUMAN_AGENT').optional(),
  purpose: z.enum(['reply', 'csat', 'closing']).default('reply'),
});
export type OutboundMessageRequested = z.infer<typeof OutboundMessageRequestedSchema>;

/** The platform refused a message for good: it is marked failed on the ticket for an agent to act. */
export const OutboundMessageFailedSchema = TicketEventBaseSchema.extend({
  messageId: z.string(),
  code: z.string().describe('The Graph API error code, e.g. 131047 (re-engagement required)'),
  title: z.string(),
  failedAt: IsoTimestampSchema,
});
export type OutboundMessageFailed = z.infer<typeof OutboundMessageFailedSchema>;
