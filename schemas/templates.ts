import * as z from 'zod';
import { BasketSchema, GuestLanguageSchema, TopicSchema } from './triage';

/**
 * What a reply template is for: answering a `sales`, `support` or `complaint` message (seed 000's
 * baskets), a step of the ticket's life (`lifecycle`: out-of-hours greeting, interim update,
 * closing message, review invitation) or a `survey` question (CSAT, NPS).
 */
export const TemplateCategorySchema = z.enum(['sales', 'support', 'complaint', 'lifecycle', 'survey']);
export type TemplateCategory = z.infer<typeof TemplateCategorySchema>;

/** A template id, kebab case: `price-availability-offer`. */
export const TemplateIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab case, e.g. price-availability-offer');

/** A field name, camel case, written `{{guestName}}` in a text. */
export const TemplateFieldNameSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, 'must be camel case, e.g. guestName');

/** One language's text: plain text (no HTML, no Markdown), `{{field}}` placeholders, newlines allowed. */
const TemplateTextLineSchema = z.string().trim().min(1);

/**
 * The text per guest language. The schema accepts a template still being translated;
 * `lintTemplates` reports every missing language, and `loadTemplates` refuses to ship one.
 */
export const TemplateTextSchema = z.partialRecord(GuestLanguageSchema, TemplateTextLineSchema);
export type TemplateText = z.infer<typeof TemplateTextSchema>;

/**
 * The WhatsApp message template approved by Meta for this reply, sent when the guest's last message
 * is more than 24 hours old (free text is refused then). `languageCodes` maps a guest language to
 * the code the template was approved under (`tr`, `en`, `en_US`, `de`, `ru`).
 * @example { "name": "nps_question", "languageCodes": { "tr": "tr", "en": "en", "de": "de", "ru": "ru" } }
 */
export const WhatsAppTemplateRefSchema = z.strictObject({
  name: z
    .string()
    .max(512)
    .regex(/^[a-z0-9_]+$/, 'must be lower case letters, digits and underscores, as Meta requires'),
  languageCodes: z.partialRecord(
    GuestLanguageSchema,
    z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a WhatsApp language code, e.g. tr or en_US'),
  ),
});
export type WhatsAppTemplateRef = z.infer<typeof WhatsAppTemplateRefSchema>;

/**
 * One approved reply template. `fields` names every `{{field}}` its texts use (the caller must give
 * each one); `basket` is the triage basket of the messages it answers, `topics` the triage topics
 * it suits, so an agent's screen can suggest it.
 * @example { "id": "nps-question", "category": "survey", "fields": ["guestName", "hotelName"],
 *   "text": { "tr": "Merhaba {{guestName}}, …", "en": "Hello {{guestName}}, …", "de": "…", "ru": "…" } }
 */
export const TemplateSchema = z.strictObject({
  id: TemplateIdSchema,
  category: TemplateCategorySchema,
  basket: BasketSchema.optional(),
  topics: z.array(TopicSchema).optional(),
  /** What the template is for, in English, for the agent's template picker. */
  description: z.string().trim().min(1).max(200).optional(),
  fields: z.array(TemplateFieldNameSchema).refine((names) => new Set(names).size === names.length, {
    message: 'field names must be unique',
  }),
  whatsapp: WhatsAppTemplateRefSchema.optional(),
  /** It carries an offer (price, booking link): sending it moves a sales lead to `offer-sent`. */
  offer: z.boolean().optional(),
  text: TemplateTextSchema,
});
export type Template = z.infer<typeof TemplateSchema>;

/**
 * The file `templates/templates.json`: the catalogue of approved replies, versioned as a whole.
 * Ids must be unique (`lintTemplates` reports duplicates).
 */
export const TemplatesFileSchema = z.strictObject({
  version: z.literal(1),
  templates: z.array(TemplateSchema).min(1),
});
export type TemplatesFile = z.infer<typeof TemplatesFileSchema>;

/** Where a lint rule looks: the first sentence, the last sentence, or the whole text. */
export const TemplateLintScopeSchema = z.enum(['first-sentence', 'last-sentence', 'text']);
export type TemplateLintScope = z.infer<typeof TemplateLintScopeSchema>;

/**
 * One term of a lint lexicon: words separated by spaces, compared after the triage folding (lower
 * case, Turkish i's and diacritics folded: `üzgün*` matches "ÜZGÜNÜZ" and "uzgunuz"). A word ending
 * in `*` is a prefix; `..` between words lets up to three words come between ("tut uns .. leid"
 * matches "tut uns sehr leid").
 */
export const TemplateLintTermSchema = z
  .string()
  .regex(
    /^[\p{L}\p{N}]+\*?( ([\p{L}\p{N}]+\*?|\.\.))*$/u,
    'must be words (a prefix ends in *) separated by single spaces, with .. for a gap',
  )
  .refine((term) => !term.endsWith(' ..'), { message: 'a term cannot end with ..' })
  .refine((term) => term.split(' ').every((word) => !word.endsWith('*') || word.length >= 4), {
    message: 'a prefix needs at least 3 letters before the *',
  });

const TermsSchema = z.array(TemplateLintTermSchema).min(1);

/**
 * One editorial rule of the tone standard, kept as data: a template of one of `categories` passes
 * when the rule's `scope` of each language's text holds one of that language's `terms`, or one of
 * the placeholders named in `fields` (a `{{bookingLink}}` is a closing step in any language).
 * A failure is reported as `missing-<id>`.
 * @example { "id": "closing-step", "categories": ["sales"], "scope": "last-sentence",
 *   "fields": ["bookingLink", "phone"], "terms": { "tr": ["arayalım"], "en": ["call"], … } }
 */
export const TemplateLintRuleSchema = z.strictObject({
  id: TemplateIdSchema,
  description: z.string().trim().min(1),
  categories: z.array(TemplateCategorySchema).min(1),
  scope: TemplateLintScopeSchema,
  fields: z.array(TemplateFieldNameSchema).optional(),
  terms: z.strictObject({ tr: TermsSchema, en: TermsSchema, de: TermsSchema, ru: TermsSchema }),
});
export type TemplateLintRule = z.infer<typeof TemplateLintRuleSchema>;

/** The file `templates/lint-lexicons.json`: the tone rules `lintTemplates` checks, with their lexicons. */
export const TemplateLintLexiconsSchema = z.strictObject({
  version: z.literal(1),
  rules: z
    .array(TemplateLintRuleSchema)
    .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, {
      message: 'rule ids must be unique',
    }),
});
export type TemplateLintLexicons = z.infer<typeof TemplateLintLexiconsSchema>;
