import * as z from 'zod';

/**
 * A media attachment, referenced and never downloaded at ingestion.
 * WhatsApp gives an id to fetch with the access token; Instagram gives a short-lived URL.
 */
export const MediaSchema = z.object({
  id: z.string().optional(),
  url: z.string().optional(),
  mimeType: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

export const ContactCardSchema = z.object({
  formattedName: z.string().optional(),
  phones: z.array(
    z.object({ phone: z.string().optional(), waId: z.string().optional(), type: z.string().optional() }),
  ),
  emails: z.array(z.object({ email: z.string().optional(), type: z.string().optional() })),
  organization: z.string().optional(),
});

/**
 * What a message says, one shape per kind. `unsupported` keeps the platform's raw part so
 * that a kind we do not know yet is never lost.
 * @example { "type": "text", "text": "Merhaba, 12-15 Temmuz için fiyat alabilir miyim?" }
 */
export const MessageContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), media: MediaSchema }),
  z.object({ type: z.literal('audio'), media: MediaSchema }),
  z.object({ type: z.literal('video'), media: MediaSchema }),
  z.object({ type: z.literal('document'), media: MediaSchema }),
  z.object({ type: z.literal('sticker'), media: MediaSchema }),
  z.object({
    type: z.literal('location'),
    location: z.object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    }),
  }),
  z.object({ type: z.literal('contacts'), contacts: z.array(ContactCardSchema) }),
  z.object({
    type: z.literal('interactive'),
    interactive: z.object({
      kind: z.enum(['button_reply', 'list_reply', 'nfm_reply', 'quick_reply']),
      id: z.string(),
      title: z.string().optional(),
      description: z.string().optional(),
      responseJson: z.string().optional().describe("A WhatsApp Flow's answers (nfm_reply), as sent"),
    }),
  }),
  z.object({
    type: z.literal('button'),
    button: z.object({ text: z.string(), payload: z.string().optional() }),
  }),
  z.object({
    type: z.literal('reaction'),
    reaction: z.object({
      messageId: z.string().describe('The message reacted to'),
      emoji: z.string().optional(),
      removed: z.boolean().describe('True when the guest took the reaction back'),
    }),
  }),
  z.object({
    type: z.literal('order'),
    order: z.object({
      catalogId: z.string().optional(),
      text: z.string().optional(),
      items: z.array(
        z.object({
          productRetailerId: z.string(),
          quantity: z.number(),
          itemPrice: z.number().optional(),
          currency: z.string().optional(),
        }),
      ),
    }),
  }),
  z.object({
    type: z.literal('system'),
    system: z.object({ kind: z.string(), body: z.string().optional(), newPlatformId: z.string().optional() }),
  }),
  z
    .object({ type: z.literal('conversation_opened') })
    .describe('The guest opened the chat (WhatsApp request_welcome)'),
  z.object({ type: z.literal('deleted'), deletedMessageId: z.string() }),
  z.object({
    type: z.literal('postback'),
    postback: z.object({ payload: z.string(), title: z.string().optional() }),
  }),
  z.object({ type: z.literal('share'), share: z.object({ url: z.string().optional() }) }),
  z.object({ type: z.literal('story_mention'), storyMention: z.object({ url: z.string().optional() }) }),
  z.object({
    type: z.literal('reel'),
    reel: z.object({ url: z.string().optional(), title: z.string().optional() }),
  }),
  z.object({
    type: z.literal('unsupported'),
    unsupported: z.object({
      reason: z.string().describe('Why it is not understood, e.g. the unknown platform type'),
      platformType: z.string().optional(),
      raw: z.unknown().describe('The platform part as received'),
    }),
  }),
]);
export type MessageContent = z.infer<typeof MessageContentSchema>;
export type MessageType = MessageContent['type'];

/** The message a guest answered or quoted, or the story they replied to. */
export const ReplyContextSchema = z.object({
  replyToMessageId: z.string().optional(),
  replyToStory: z.object({ id: z.string().optional(), url: z.string().optional() }).optional(),
  forwarded: z.boolean().optional(),
  frequentlyForwarded: z.boolean().optional(),
  referredProduct: z.object({ catalogId: z.string(), productRetailerId: z.string() }).optional(),
});

/** The ad or link that brought the guest (click-to-WhatsApp ad, ig.me link). */
export const ReferralSchema = z.object({
  sourceUrl: z.string().optional(),
  sourceId: z.string().optional(),
  sourceType: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  mediaType: z.string().optional(),
  ctwaClid: z.string().optional(),
  ref: z.string().optional(),
  mediaUrl: z
    .string()
    .optional()
    .describe('The ad creative: WhatsApp image_url/video_url, Instagram ads_context_data.photo_url'),
});

/** An error the platform attached to a message or status. */
export const PlatformErrorSchema = z.object({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  details: z.string().optional(),
});
