import * as z from 'zod';

/** Version of the canonical event contract. Bump on a breaking change; consumers check it. */
export const CANONICAL_EVENT_VERSION = 1 as const;

export const ChannelSchema = z
  .enum(['whatsapp', 'instagram', 'webchat'])
  .describe('The channel a message came on');
export type Channel = z.infer<typeof ChannelSchema>;

const IsoTimestampSchema = z.iso.datetime({ offset: true });

/**
 * The guest as the platform knows them.
 * @example { "platformId": "905321234567", "profileName": "Ayşe", "phoneNumber": "+905321234567" }
 */
export const GuestIdentitySchema = z.object({
  platformId: z.string().min(1).describe('WhatsApp wa_id, Instagram-scoped user id, or web-chat visitor id'),
  profileName: z.string().optional(),
  phoneNumber: z.string().optional().describe('E.164, when the platform discloses it (WhatsApp, web chat)'),
  email: z.string().optional().describe('Only web chat visitors who give it'),
  platformUserId: z
    .string()
    .optional()
    .describe('WhatsApp business-scoped user id (BSUID); stays when the phone number is withheld'),
});
export type GuestIdentity = z.infer<typeof GuestIdentitySchema>;

/** Platform-specific routing facts: the only place a platform's own field names appear. */
export const PlatformSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('whatsapp'),
    businessAccountId: z.string(),
    phoneNumberId: z.string(),
    displayPhoneNumber: z.string().optional(),
  }),
  z.object({ kind: z.literal('instagram'), accountId: z.string() }),
  z.object({ kind: z.literal('webchat'), sessionId: z.string(), siteKey: z.string() }),
]);
export type Platform = z.infer<typeof PlatformSchema>;

/** Fields every event about one conversation carries. */
export const ConversationEventBaseSchema = z.object({
  version: z.literal(CANONICAL_EVENT_VERSION),
  eventId: z.string().describe('Deterministic id from the dedupe key: consumers can be idempotent on it'),
  tenantId: z.string().min(1).describe('The hotel'),
  channel: ChannelSchema,
  conversationKey: z.string().describe('Stable for guest × channel × hotel; holds no personal data'),
  guest: GuestIdentitySchema,
  platformTimestamp: IsoTimestampSchema.describe('When the platform says it happened'),
  receivedAt: IsoTimestampSchema.describe('When hotel-inbox received the delivery'),
  rawArchiveKey: z.string().describe('Where the delivery body that carried this event is archived'),
  platform: PlatformSchema,
});

export { IsoTimestampSchema };
