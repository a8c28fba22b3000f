import * as z from 'zod';
import type { MessageContent, ReferralSchema, ReplyContextSchema } from '../../../schemas/events';

/*
 * What an Instagram message says (its text and each attachment, one converter per attachment
 * type) and what it carries (the message or story it replies to, the link or ad that brought the
 * guest). Part schemas are built once here; each reads only the keys it needs, so parsing copies
 * no more than that, and what is kept raw is always the part as received.
 */

type ReplyContext = z.infer<typeof ReplyContextSchema>;
type Referral = z.infer<typeof ReferralSchema>;

export const MessagePart = z.object({
  mid: z.string().min(1),
  text: z.string().optional(),
  attachments: z.array(z.unknown()).optional(),
  reply_to: z
    .object({
      mid: z.string().optional(),
      story: z.object({ id: z.string().optional(), url: z.string().optional() }).optional(),
    })
    .optional(),
  quick_reply: z.object({ payload: z.string() }).optional(),
  referral: z.unknown().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
});
export type MessagePart = z.infer<typeof MessagePart>;

/** One piece of a message's content, with the suffix that keys it apart from its siblings. */
export interface Piece {
  suffix: string;
  content: MessageContent;
}

/**
 * A message yields one piece per thing it says: its text and each attachment, none dropped.
 * `raw` is the message as received, kept whole when it cannot be read.
 */
export function piecesOf(message: MessagePart, raw: unknown): Piece[] {
  if (message.is_deleted)
    return [{ suffix: '', content: { type: 'deleted', deletedMessageId: message.mid } }];
  if (message.is_unsupported) {
    const reason = 'Instagram could not show this message to the business';
    return [{ suffix: '', content: unsupportedContent(reason, 'is_unsupported', raw) }];
  }
  const pieces: Piece[] = [];
  const words = wordsOf(message);
  if (words) pieces.push({ suffix: '', content: words });
  const attachments = message.attachments ?? [];
  for (let index = 0; index < attachments.length; index++) {
    pieces.push({ suffix: `:${index}`, content: attachmentContentOf(attachments[index]) });
  }
  if (pieces.length === 0) {
    const reason = 'Message with neither text nor attachments';
    pieces.push({ suffix: '', content: unsupportedContent(reason, undefined, raw) });
  }
  return pieces;
}

/** A tapped quick reply is its text plus the payload the hotel defined for it. */
function wordsOf({ text, quick_reply }: MessagePart): MessageContent | undefined {
  if (quick_reply) {
    return {
      type: 'interactive',
      interactive: { kind: 'quick_reply', id: quick_reply.payload, title: text },
    };
  }
  return text === undefined ? undefined : { type: 'text', text };
}

const AttachmentPart = z.object({
  type: z.string().min(1),
  payload: z.object({ url: z.string().optional(), title: z.string().optional() }),
});
type AttachmentPayload = z.infer<typeof AttachmentPart>['payload'];

const ATTACHMENT_CONVERTERS: Record<string, (payload: AttachmentPayload) => MessageContent> = {
  image: ({ url }) => ({ type: 'image', media: { url } }),
  video: ({ url }) => ({ type: 'video', media: { url } }),
  audio: ({ url }) => ({ type: 'audio', media: { url } }),
  file: ({ url }) => ({ type: 'document', media: { url } }),
  share: ({ url }) => ({ type: 'share', share: { url } }),
  story_mention: ({ url }) => ({ type: 'story_mention', storyMention: { url } }),
  ig_reel: ({ url, title }) => ({ type: 'reel', reel: { url, title } }),
  reel: ({ url, title }) => ({ type: 'reel', reel: { url, title } }),
};

function attachmentContentOf(raw: unknown): MessageContent {
  const attachment = AttachmentPart.safeParse(raw);
  if (!attachment.success)
    return unsupportedContent(`Malformed attachment: ${issuesOf(attachment.error)}`, undefined, raw);
  const { type, payload } = attachment.data;
  const convert = Object.hasOwn(ATTACHMENT_CONVERTERS, type) ? ATTACHMENT_CONVERTERS[type] : undefined;
  return convert
    ? convert(payload)
    : unsupportedContent(`Instagram attachment type "${type}" is not handled`, type, raw);
}

const unsupportedContent = (
  reason: string,
  platformType: string | undefined,
  raw: unknown,
): MessageContent => ({
  type: 'unsupported',
  unsupported: { reason, platformType, raw },
});

/** Where and what failed, never the offending value: it may be a guest's words. */
export const issuesOf = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join('.') || '(part)'}: ${issue.message}`).join('; ');

// ---------------------------------------------------------------------------------------------
// What a message carries besides its content

export function replyContextOf(replyTo: MessagePart['reply_to']): ReplyContext | undefined {
  if (!replyTo) return undefined;
  const { mid, story } = replyTo;
  return { replyToMessageId: mid, replyToStory: story && { id: story.id, url: story.url } };
}

const ReferralPart = z.object({
  ref: z.string().optional(),
  source: z.string().optional(),
  type: z.string().optional(),
  ad_id: z.string().optional(),
  ads_context_data: z
    .object({
      ad_title: z.string().optional(),
      // Added later than the rest: a malformed creative URL is left out, not the whole referral.
      photo_url: z.string().optional().catch(undefined),
    })
    .optional(),
  product: z.object({ id: z.string().optional() }).optional(),
});

/** The ig.me link or ad that brought the guest; undefined when absent or malformed. */
export function referralOf(raw: unknown): Referral | undefined {
  const referral = raw === undefined ? undefined : ReferralPart.safeParse(raw).data;
  return (
    referral && {
      ref: referral.ref,
      sourceType: referral.source,
      sourceId: referral.ad_id ?? referral.product?.id,
      headline: referral.ads_context_data?.ad_title,
      mediaUrl: referral.ads_context_data?.photo_url,
    }
  );
}
