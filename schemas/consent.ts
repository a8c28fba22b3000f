import * as z from 'zod';
import { ChannelSchema, IsoTimestampSchema } from './events/common';

/**
 * What a guest may be contacted for (KVKK/GDPR purposes): `service` (answers to their own
 * requests, stay information), `surveys` (CSAT, post-stay NPS and its review invitation),
 * `marketing` (offers, campaigns).
 */
export const ConsentPurposeSchema = z.enum(['service', 'surveys', 'marketing']);
export type ConsentPurpose = z.infer<typeof ConsentPurposeSchema>;

/**
 * Where a consent decision came from: the PMS check-out export (the registration card's flags),
 * the guest's own message ("STOP"), a staff member recording what the guest said, or a web form.
 */
export const ConsentSourceSchema = z.enum(['pms-checkout', 'guest-message', 'agent', 'web-form']);
export type ConsentSource = z.infer<typeof ConsentSourceSchema>;

/** The version of the privacy notice (aydınlatma metni) shown when consent was given or withdrawn. */
export const ConsentTextVersionSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,39}$/, 'lower-case letters, digits, dots and dashes, e.g. kvkk-2026-01');

/**
 * One consent decision of a guest for one purpose. Records are never changed: each decision is a
 * new record, and a purpose's latest record is the guest's current consent for it. `by` names the
 * staff member of an `agent` record; `reservationId` the stay of a `pms-checkout` one; `messageId`
 * the guest's message of a `guest-message` one (the evidence, on the ticket or survey thread).
 * @example { "tenantId": "aurora-belek", "guestId": "g_4f1c", "purpose": "surveys", "granted": false,
 *   "source": "guest-message", "textVersion": "kvkk-2026-01", "at": "2026-07-20T07:00:01.000Z",
 *   "channel": "whatsapp", "messageId": "wamid.HBgM…" }
 */
export const ConsentRecordSchema = z
  .strictObject({
    tenantId: z.string().min(1),
    guestId: z.string().min(1),
    purpose: ConsentPurposeSchema,
    granted: z.boolean(),
    source: ConsentSourceSchema,
    textVersion: ConsentTextVersionSchema,
    at: IsoTimestampSchema,
    /** The staff member who recorded it (source `agent`). */
    by: z.string().min(1).optional(),
    /** The channel the guest said it on (source `guest-message`, `agent` when known). */
    channel: ChannelSchema.optional(),
    /** The reservation whose check-out carried it (source `pms-checkout`). */
    reservationId: z.string().min(1).optional(),
    /** The guest's message that said it (source `guest-message`). */
    messageId: z.string().min(1).optional(),
  })
  .superRefine((record, ctx) => {
    const required: Partial<Record<ConsentSource, keyof typeof record>> = {
      agent: 'by',
      'pms-checkout': 'reservationId',
      'guest-message': 'messageId',
    };
    const field = required[record.source];
    if (field && record[field] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `a ${record.source} record names its ${field}`,
      });
  });
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;
