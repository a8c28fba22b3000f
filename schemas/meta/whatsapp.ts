import * as z from 'zod';

/*
 * The WhatsApp Cloud API webhook envelope. Only the envelope's structure is validated here, so that
 * a body that is not Meta's fails with a precise path. Messages and statuses are checked only for
 * what identifies them, and every object keeps its unknown keys: a valid payload of a kind we do not
 * know yet is published as unsupported with its raw part, never answered 4xx. Per-kind parts (a text
 * body, an image) are parsed by the normalizer.
 */

/** Unix seconds: a numeric string from Meta, a number from some producers. */
export const WhatsAppTimestampSchema = z.union([
  z.string().regex(/^\d+$/, 'Expected Unix seconds as a numeric string'),
  z.number().nonnegative(),
]);

/**
 * Who wrote, as `value.contacts[]` names them. `user_id` / `parent_user_id` are business-scoped
 * user ids (BSUID); once a user adopts a username, `wa_id` (the phone number) may be missing.
 * @example { "profile": { "name": "Ayşe Yılmaz" }, "wa_id": "905321234567", "user_id": "TR.1502576394655843" }
 */
export const WhatsAppContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
export type WhatsAppContact = z.infer<typeof WhatsAppContactSchema>;

/**
 * One incoming message, checked only for what identifies it. `from` is the sender's phone number;
 * `from_user_id` their BSUID, the only sender id left when the phone number is withheld.
 * @example { "from": "905321234567", "id": "wamid.HBgM…", "timestamp": "1751360400", "type": "text", "text": { "body": "Merhaba" } }
 */
export const WhatsAppMessageSchema = z.looseObject({
  id: z.string().min(1),
  from: z.string().min(1).optional(),
  from_user_id: z.string().min(1).optional(),
  timestamp: WhatsAppTimestampSchema,
  type: z.string().min(1),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessageSchema>;

/**
 * Progress of a message the hotel sent, checked only for what identifies it.
 * @example { "id": "wamid.HBgM…", "status": "read", "timestamp": "1751360460", "recipient_id": "905321234567" }
 */
export const WhatsAppStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: WhatsAppTimestampSchema,
  recipient_id: z.string().min(1).optional(),
  recipient_user_id: z.string().min(1).optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatusSchema>;

/** The business phone number a `messages` change is addressed to: the routing key. */
export const WhatsAppMetadataSchema = z.looseObject({
  phone_number_id: z.string().min(1),
  display_phone_number: z.string().optional(),
});

/** A change's value. Only the `messages` field has this shape; other fields carry their own keys. */
export const WhatsAppChangeValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: WhatsAppMetadataSchema.optional(),
  contacts: z.array(WhatsAppContactSchema).optional(),
  messages: z.array(WhatsAppMessageSchema).optional(),
  statuses: z.array(WhatsAppStatusSchema).optional(),
  errors: z.array(z.unknown()).optional(),
});

/**
 * One change of a WhatsApp Business Account: `field` names what changed (`messages`,
 * `message_template_status_update`, …) and `value` describes it.
 */
export const WhatsAppChangeSchema = z
  .looseObject({ field: z.string().min(1), value: WhatsAppChangeValueSchema })
  .superRefine((change, ctx) => {
    if (change.field === 'messages' && change.value.metadata === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['value', 'metadata'],
        message: 'A messages change names the business phone number it is for',
      });
    }
  });
export type WhatsAppChange = z.infer<typeof WhatsAppChangeSchema>;

/** One WhatsApp Business Account (WABA) and its changes. */
export const WhatsAppEntrySchema = z.looseObject({
  id: z.string().min(1).describe('The WhatsApp Business Account id'),
  time: z.number().optional(),
  changes: z.array(WhatsAppChangeSchema),
});
export type WhatsAppEntry = z.infer<typeof WhatsAppEntrySchema>;

/**
 * A WhatsApp Cloud API webhook POST body. One body can carry several entries, each with several
 * changes, each with several messages or statuses.
 * @example { "object": "whatsapp_business_account", "entry": [{ "id": "102290129340398", "changes": [{ "field": "messages", "value": { "messaging_product": "whatsapp", "metadata": { "display_phone_number": "902124440000", "phone_number_id": "106540352242922" }, "messages": [] } }] }] }
 */
export const WhatsAppEnvelopeSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(WhatsAppEntrySchema),
});
export type WhatsAppEnvelope = z.infer<typeof WhatsAppEnvelopeSchema>;
