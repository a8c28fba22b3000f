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
 * Where a message goes: a platform conversation (WhatsApp, Instagram, web chat) for any send,
 * or, for a survey send only, an e-mail address (SES) or a phone number by SMS (SNS).
 */
export const OutboundRecipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('whatsapp'), waId: z.string(), phoneNumberId: z.string() }),
  z.object({ kind: z.literal('instagram'), igsid: z.string(), accountId: z.string() }),
  z.object({ kind: z.literal('webchat'), sessionId: z.string() }),
  z.object({ kind: z.literal('email'), address: z.email() }),
  z.object({ kind: z.literal('sms'), phoneNumber: z.string().regex(/^\+\d{7,15}$/, 'E.164') }),
]);
export type OutboundRecipient = z.infer<typeof OutboundRecipientSchema>;

/** The channels a message may go out on: the platforms, and e-mail and SMS for surveys. */
export const OutboundChannelSchema = z.enum(['whatsapp', 'instagram', 'webchat', 'email', 'sms']);
export type OutboundChannel = z.infer<typeof OutboundChannelSchema>;

/** The thread a survey's messages are recorded under, in place of a ticket: `survey:<surveyId>`. */
export const surveyThreadId = (surveyId: string) => `survey:${surveyId}`;

/** The survey a thread id names (`survey:<surveyId>`), or undefined for a ticket id. */
export const surveyIdOfThread = (threadId: string): string | undefined =>
  threadId.startsWith('survey:') ? threadId.slice('survey:'.length) : undefined;

/**
 * A message to a guest is ready to go: the outbound queue takes it to the sender. Carries the
 * ticket message id it is recorded under, so the sender updates that message's delivery. A
 * survey's message belongs to no ticket: it is recorded on the survey's thread (`ticketId` is
 * `survey:<surveyId>`, `number` the survey id, `surveyId` set) and may go by e-mail or SMS.
 */
export const OutboundMessageRequestedSchema = TicketEventBaseSchema.extend({
  ticketId: z.string().describe('The ticket, or the survey thread (`survey:<surveyId>`), the message is on'),
  channel: OutboundChannelSchema,
  /** Set when the message is a survey's (its question, its review invitation). */
  surveyId: z.string().optional(),
  messageId: z.string().describe('The ticket message this send is recorded under'),
  messageAt: IsoTimestampSchema.describe('Its timestamp, part of the message key'),
  recipient: OutboundRecipientSchema,
  content: OutboundContentSchema,
  /** The e-mail's subject line; e-mail sends only. */
  subject: z.string().min(1).max(200).optional(),
  /** Instagram between 24 hours and 7 days after the guest's last message: a human agent's reply. */
  tag: z.literal('HUMAN_AGENT').optional(),
  /** What the message is for; `privacy` confirms a guest's opt-out from surveys and marketing. */
  purpose: z.enum(['reply', 'csat', 'closing', 'nps', 'nps-review', 'privacy']).default('reply'),
}).superRefine((request, ctx) => {
  const { kind } = request.recipient;
  if ((kind === 'email' || kind === 'sms') && request.surveyId === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['recipient'],
      message: 'e-mail and SMS carry survey messages only',
    });
  if ((kind === 'email' || kind === 'sms') && request.content.kind !== 'text')
    ctx.addIssue({ code: 'custom', path: ['content'], message: 'e-mail and SMS carry text' });
  if (kind === 'email' && request.subject === undefined)
    ctx.addIssue({ code: 'custom', path: ['subject'], message: 'an e-mail needs a subject' });
  if (kind !== request.channel)
    ctx.addIssue({ code: 'custom', path: ['channel'], message: `the recipient is a ${kind} one` });
});
export type OutboundMessageRequested = z.infer<typeof OutboundMessageRequestedSchema>;

/** The platform refused a message for good: it is marked failed on the ticket for an agent to act. */
export const OutboundMessageFailedSchema = TicketEventBaseSchema.extend({
  ticketId: z.string().describe('The ticket, or the survey thread (`survey:<surveyId>`), the message is on'),
  channel: OutboundChannelSchema,
  /** Set when the failed message was a survey's. */
  surveyId: z.string().optional(),
  messageId: z.string(),
  code: z
    .string()
    .describe('The Graph API error code, e.g. 131047 (re-engagement required), or the SES/SNS one'),
  title: z.string(),
  failedAt: IsoTimestampSchema,
});
export type OutboundMessageFailed = z.infer<typeof OutboundMessageFailedSchema>;
