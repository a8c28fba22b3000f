import * as z from 'zod';
import type {
  MessageContent,
  PlatformErrorSchema,
  ReferralSchema,
  ReplyContextSchema,
} from '../../../schemas/events';
import type { WhatsAppMessage } from '../../../schemas/meta/whatsapp';

/*
 * What a WhatsApp message says (its content, one small converter per kind) and what it carries
 * (reply context, ad referral, errors). Each part schema is built once here and parsed once per
 * message; a malformed part becomes unsupported content or is left out, never a failed delivery.
 */

type ReplyContext = z.infer<typeof ReplyContextSchema>;
type Referral = z.infer<typeof ReferralSchema>;
type PlatformError = z.infer<typeof PlatformErrorSchema>;

/** A kind's part schema and how its parsed part reads as canonical content. */
interface KindConverter<Part> {
  part: z.ZodType<Part>;
  convert(part: Part, message: WhatsAppMessage): MessageContent;
}

const kind = <Part>(
  part: z.ZodType<Part>,
  convert: (part: Part, message: WhatsAppMessage) => MessageContent,
): KindConverter<Part> => ({ part, convert });

const TextPart = z.object({ body: z.string() });
const MediaPart = z.object({
  id: z.string().min(1),
  url: z.string().optional(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});
const LocationPart = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});
const ContactCardsPart = z.array(
  z.object({
    name: z.object({ formatted_name: z.string().optional() }).optional(),
    phones: z
      .array(
        z.object({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() }),
      )
      .optional(),
    emails: z.array(z.object({ email: z.string().optional(), type: z.string().optional() })).optional(),
    org: z.object({ company: z.string().optional() }).optional(),
  }),
);
const InteractivePart = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('button_reply'),
    button_reply: z.object({ id: z.string(), title: z.string().optional() }),
  }),
  z.object({
    type: z.literal('list_reply'),
    list_reply: z.object({
      id: z.string(),
      title: z.string().optional(),
      description: z.string().optional(),
    }),
  }),
  z.object({
    type: z.literal('nfm_reply'),
    nfm_reply: z.object({
      name: z.string().optional(),
      body: z.string().optional(),
      response_json: z.string(),
    }),
  }),
]);
const ButtonPart = z.object({ text: z.string(), payload: z.string().optional() });
const ReactionPart = z.object({ message_id: z.string().min(1), emoji: z.string().optional() });
const AmountSchema = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);
const OrderPart = z.object({
  catalog_id: z.string().optional(),
  text: z.string().optional(),
  product_items: z.array(
    z.object({
      product_retailer_id: z.string(),
      quantity: AmountSchema,
      item_price: AmountSchema.optional(),
      currency: z.string().optional(),
    }),
  ),
});
const SystemPart = z.object({
  type: z.string().optional(),
  body: z.string().optional(),
  wa_id: z.string().optional(),
  new_wa_id: z.union([z.string(), z.number()]).optional(),
  user_id: z.string().optional(),
});
const RevokePart = z.object({ original_message_id: z.string().min(1) });
const UnsupportedPart = z.object({ type: z.string().optional() }).optional();

const media = (part: z.infer<typeof MediaPart>) => ({
  id: part.id,
  url: part.url,
  mimeType: part.mime_type,
  sha256: part.sha256,
  caption: part.caption,
  filename: part.filename,
  voice: part.voice,
  animated: part.animated,
});

function interactiveOf(reply: z.infer<typeof InteractivePart>): MessageContent {
  switch (reply.type) {
    case 'button_reply':
      return { type: 'interactive', interactive: { kind: reply.type, ...reply.button_reply } };
    case 'list_reply':
      return { type: 'interactive', interactive: { kind: reply.type, ...reply.list_reply } };
    case 'nfm_reply': {
      const { name, body, response_json } = reply.nfm_reply;
      return {
        type: 'interactive',
        interactive: { kind: reply.type, id: name ?? 'flow', title: body, responseJson: response_json },
      };
    }
  }
}

const CONVERTERS: Record<string, KindConverter<unknown>> = {
  text: kind(TextPart, ({ body }) => ({ type: 'text', text: body })),
  image: kind(MediaPart, (part) => ({ type: 'image', media: media(part) })),
  audio: kind(MediaPart, (part) => ({ type: 'audio', media: media(part) })),
  video: kind(MediaPart, (part) => ({ type: 'video', media: media(part) })),
  document: kind(MediaPart, (part) => ({ type: 'document', media: media(part) })),
  sticker: kind(MediaPart, (part) => ({ type: 'sticker', media: media(part) })),
  location: kind(LocationPart, (location) => ({ type: 'location', location })),
  contacts: kind(ContactCardsPart, (cards) => ({
    type: 'contacts',
    contacts: cards.map((card) => ({
      formattedName: card.name?.formatted_name,
      phones: (card.phones ?? []).map(({ phone, wa_id, type }) => ({ phone, waId: wa_id, type })),
      emails: card.emails ?? [],
      organization: card.org?.company,
    })),
  })),
  interactive: kind(InteractivePart, interactiveOf),
  button: kind(ButtonPart, (button) => ({ type: 'button', button })),
  // WhatsApp reports a withdrawn reaction with an empty or absent emoji.
  reaction: kind(ReactionPart, ({ message_id, emoji }) => ({
    type: 'reaction',
    reaction: { messageId: message_id, emoji: emoji || undefined, removed: !emoji },
  })),
  order: kind(OrderPart, (order) => ({
    type: 'order',
    order: {
      catalogId: order.catalog_id,
      text: order.text,
      items: order.product_items.map((item) => ({
        productRetailerId: item.product_retailer_id,
        quantity: item.quantity,
        itemPrice: item.item_price,
        currency: item.currency,
      })),
    },
  })),
  system: kind(SystemPart, (system) => {
    const newPlatformId = system.wa_id ?? system.new_wa_id?.toString() ?? system.user_id;
    return { type: 'system', system: { kind: system.type ?? 'unknown', body: system.body, newPlatformId } };
  }),
  revoke: kind(RevokePart, (part) => ({ type: 'deleted', deletedMessageId: part.original_message_id })),
  request_welcome: kind(z.unknown(), () => ({ type: 'conversation_opened' })),
  unsupported: kind(UnsupportedPart, (part, message) =>
    unsupportedContent(
      errorsOf(message.errors)?.[0]?.title ?? 'WhatsApp could not deliver this message type',
      message,
      part?.type,
    ),
  ),
};

/** What the message says; a kind not known or a part not as documented is unsupported content. */
export function contentOf(message: WhatsAppMessage): MessageContent {
  const { type } = message;
  const converter = Object.hasOwn(CONVERTERS, type) ? CONVERTERS[type] : undefined;
  if (!converter) return unsupportedContent(`WhatsApp message type "${type}" is not handled`, message);
  const part = converter.part.safeParse(message[type]);
  return part.success
    ? converter.convert(part.data, message)
    : unsupportedContent(`Malformed ${type} message: ${issuesOf(part.error)}`, message);
}

const unsupportedContent = (
  reason: string,
  message: WhatsAppMessage,
  platformType = message.type,
): MessageContent => ({
  type: 'unsupported',
  unsupported: { reason, platformType, raw: message },
});

/** Where and what failed, never the offending value: it may be a guest's words. */
export const issuesOf = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join('.') || '(part)'}: ${issue.message}`).join('; ');

// ---------------------------------------------------------------------------------------------
// What a message carries besides its content. A malformed optional part is left out rather than
// failing the message; the delivery body stays archived.

const ContextPart = z.object({
  id: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
  referred_product: z.object({ catalog_id: z.string(), product_retailer_id: z.string() }).optional(),
});
const ReferralPart = z.object({
  source_url: z.string().optional(),
  source_id: z.string().optional(),
  source_type: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  media_type: z.string().optional(),
  // Added later than the rest: a malformed creative URL is left out, not the whole referral.
  image_url: z.string().optional().catch(undefined),
  video_url: z.string().optional().catch(undefined),
  ctwa_clid: z.string().optional(),
});
const ErrorsPart = z.array(
  z.object({
    code: z.number(),
    title: z.string().optional(),
    message: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  }),
);

/** The part parsed, or undefined when it is absent or malformed. */
export const parsedOrUndefined = <T>(schema: z.ZodType<T>, raw: unknown): T | undefined =>
  raw === undefined ? undefined : schema.safeParse(raw).data;

export function contextOf(raw: unknown): ReplyContext | undefined {
  const context = parsedOrUndefined(ContextPart, raw);
  if (!context) return undefined;
  const product = context.referred_product;
  return {
    replyToMessageId: context.id,
    forwarded: context.forwarded,
    frequentlyForwarded: context.frequently_forwarded,
    referredProduct: product && {
      catalogId: product.catalog_id,
      productRetailerId: product.product_retailer_id,
    },
  };
}

/** The click-to-WhatsApp ad that brought the guest. */
export function referralOf(raw: unknown): Referral | undefined {
  const referral = parsedOrUndefined(ReferralPart, raw);
  return (
    referral && {
      sourceUrl: referral.source_url,
      sourceId: referral.source_id,
      sourceType: referral.source_type,
      headline: referral.headline,
      body: referral.body,
      mediaType: referral.media_type,
      mediaUrl: referral.image_url ?? referral.video_url,
      ctwaClid: referral.ctwa_clid,
    }
  );
}

export function errorsOf(raw: unknown): PlatformError[] | undefined {
  const errors = parsedOrUndefined(ErrorsPart, raw);
  if (!errors || errors.length === 0) return undefined;
  return errors.map(({ code, title, message, error_data }) => ({
    code,
    title,
    message,
    details: error_data?.details,
  }));
}
