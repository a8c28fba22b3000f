import * as z from 'zod';

/*
 * The Instagram messaging webhook envelope (Instagram API with Instagram Login: `object:
 * "instagram"`; Messenger API for Instagram: also `"page"`). Only the envelope's structure is
 * validated here; each messaging event is checked only for who, to whom and when, and keeps its
 * unknown keys, so an event of a kind we do not know yet is published as unsupported, never 4xx.
 * Per-kind parts (message, reaction, read, …) are parsed by the normalizer.
 */

/** Milliseconds as a number in live events; Unix seconds as a numeric string in the dashboard's test event. */
export const InstagramTimestampSchema = z.union([
  z.number().nonnegative(),
  z.string().regex(/^\d+$/, 'Expected a Unix timestamp as a numeric string'),
]);

/** An Instagram-scoped user id (the guest) or the professional account's id (the hotel). */
export const InstagramParticipantSchema = z.looseObject({ id: z.string().min(1) });

/**
 * One messaging event: exactly one of `message`, `reaction`, `read`, `postback`, `referral`, …
 * accompanies who sent it, to whom and when.
 * @example { "sender": { "id": "6931824916859214" }, "recipient": { "id": "17841405309211844" }, "timestamp": 1751360400123, "message": { "mid": "aWdf…", "text": "Merhaba" } }
 */
export const InstagramMessagingEventSchema = z.looseObject({
  sender: InstagramParticipantSchema,
  recipient: InstagramParticipantSchema,
  timestamp: InstagramTimestampSchema,
});
export type InstagramMessagingEvent = z.infer<typeof InstagramMessagingEventSchema>;

/**
 * A field change. The App Dashboard's test event arrives this way with `field: "messages"` and a
 * messaging event as its value; other fields (comments, mentions, …) carry their own shapes.
 */
export const InstagramChangeSchema = z.looseObject({ field: z.string().min(1), value: z.unknown() });
export type InstagramChange = z.infer<typeof InstagramChangeSchema>;

/** One Instagram professional account (or, for `object: "page"`, its Facebook Page) and its events. */
export const InstagramEntrySchema = z.looseObject({
  id: z.string().min(1).describe('The Instagram professional account id (the Page id for object "page")'),
  time: InstagramTimestampSchema.optional(),
  messaging: z.array(InstagramMessagingEventSchema).optional(),
  changes: z.array(InstagramChangeSchema).optional(),
  standby: z.array(z.unknown()).optional().describe('Events seen while another app controls the thread'),
});
export type InstagramEntry = z.infer<typeof InstagramEntrySchema>;

/**
 * An Instagram messaging webhook POST body. One body can carry several entries, each with several
 * messaging events; several events can name the same `mid` (a message and a reaction to it).
 * @example { "object": "instagram", "entry": [{ "id": "17841405309211844", "time": 1751360401000, "messaging": [] }] }
 */
export const InstagramEnvelopeSchema = z.looseObject({
  object: z.enum(['instagram', 'page']),
  entry: z.array(InstagramEntrySchema),
});
export type InstagramEnvelope = z.infer<typeof InstagramEnvelopeSchema>;
