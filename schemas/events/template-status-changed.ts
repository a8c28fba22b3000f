import * as z from 'zod';
import { CANONICAL_EVENT_VERSION, IsoTimestampSchema } from './common';

/** Meta approved, rejected, paused or disabled one of the hotel's WhatsApp message templates. */
export const TemplateStatusChangedSchema = z.object({
  version: z.literal(CANONICAL_EVENT_VERSION),
  eventId: z.string(),
  tenantId: z.string().min(1),
  channel: z.literal('whatsapp'),
  businessAccountId: z.string(),
  template: z.object({
    id: z.string(),
    name: z.string(),
    language: z.string(),
    status: z.string().describe('APPROVED, REJECTED, PAUSED, DISABLED, …'),
    reason: z.string().optional(),
  }),
  platformTimestamp: IsoTimestampSchema,
  receivedAt: IsoTimestampSchema,
  rawArchiveKey: z.string(),
});
export type TemplateStatusChanged = z.infer<typeof TemplateStatusChangedSchema>;
