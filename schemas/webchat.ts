import * as z from 'zod';

/** Longest web-chat message, the same limit as a WhatsApp text body. */
export const WEBCHAT_MAX_TEXT_LENGTH = 4096;

/**
 * `POST /webchat/sessions`: the widget on a hotel's site opens a session with the site key.
 * @example { "siteKey": "wk_aurora_belek", "visitor": { "name": "Anna", "locale": "de" } }
 */
export const WebchatSessionRequestSchema = z.strictObject({
  siteKey: z.string().min(1).max(128),
  visitor: z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      phoneNumber: z
        .string()
        .regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +905321234567')
        .optional(),
      email: z.email().max(320).optional(),
      locale: z.string().max(35).optional(),
    })
    .optional(),
});
export type WebchatSessionRequest = z.infer<typeof WebchatSessionRequestSchema>;

/**
 * `POST /webchat/messages` with `Authorization: Bearer <visitor token>`.
 * `clientMessageId` lets the widget retry a send without doubling it.
 * @example { "text": "Hi, is there a shuttle from Antalya airport?", "clientMessageId": "8f1c…" }
 */
export const WebchatMessageRequestSchema = z.strictObject({
  text: z.string().trim().min(1).max(WEBCHAT_MAX_TEXT_LENGTH),
  clientMessageId: z.uuid().optional(),
});
export type WebchatMessageRequest = z.infer<typeof WebchatMessageRequestSchema>;

/** `GET /webchat/messages?after=<cursor>&limit=<n>`: the visitor polls for replies. */
export const WebchatPollQuerySchema = z.object({
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const WebchatTranscriptMessageSchema = z.object({
  id: z.string(),
  direction: z.enum(['guest', 'hotel']),
  text: z.string(),
  sentAt: z.string(),
});
export type WebchatTranscriptMessage = z.infer<typeof WebchatTranscriptMessageSchema>;
