import * as z from 'zod';

/** The three triage baskets of seed 000: Satış / Destek / Şikâyet. */
export const BasketSchema = z.enum(['sales', 'support', 'complaint']);
export type Basket = z.infer<typeof BasketSchema>;

/** The intent tag of seed 000, one per basket. */
export const IntentSchema = z.enum(['SalesLead', 'Info', 'Complaint']);
export type Intent = z.infer<typeof IntentSchema>;

/** The guest languages the hotels answer in (seed 000 "TR / EN / DE / RU"). */
export const GuestLanguageSchema = z.enum(['tr', 'en', 'de', 'ru']);
export type GuestLanguage = z.infer<typeof GuestLanguageSchema>;

/** A guest language, or `unknown` when a message carries no usable evidence ("👍", "ok", "2+1?"). */
export const LanguageSchema = z.enum([...GuestLanguageSchema.options, 'unknown']);
export type Language = z.infer<typeof LanguageSchema>;

/** SLA priority: complaint/crisis `urgent`, reservation intent and OTA requests `high`, info `normal`. */
export const PrioritySchema = z.enum(['urgent', 'high', 'normal', 'low']);
export type Priority = z.infer<typeof PrioritySchema>;

/**
 * A topic tag in kebab case. The default lexicons use `price-availability`, `package-campaign`,
 * `transfer`, `children`, `check-in-out`, `concept`, `room-features`, `location`, `facilities`,
 * `food`, `special-request`, `payment`, `group-event`, `photos`, `cancel-change`, `refund`,
 * `invoice`, `lost-item`, `cleanliness`, `noise`, `staff`, `maintenance`, `billing`, `delay`,
 * `feedback`, and `ota` when a message names an OTA or tour operator; a hotel's lexicon may add its own.
 */
export const TopicSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab case, e.g. lost-item');
export type Topic = z.infer<typeof TopicSchema>;

/**
 * What the triage of one guest message decides.
 * @example { "basket": "sales", "intent": "SalesLead", "language": "tr",
 *            "topics": ["price-availability", "children"], "priority": "high", "reputationRisk": false }
 */
export const TriageResultSchema = z.strictObject({
  basket: BasketSchema,
  intent: IntentSchema,
  language: LanguageSchema,
  /** Most telling first; empty when no rule named a topic. */
  topics: z.array(TopicSchema),
  priority: PrioritySchema,
  /** A public-review, OTA/social-media or legal threat, or a complaint that asks for the manager. */
  reputationRisk: z.boolean(),
});
export type TriageResult = z.infer<typeof TriageResultSchema>;

/** Where a lexicon applies: one guest language, or `common` (brand names, emoji) for every language. */
export const LexiconLanguageSchema = z.enum([...GuestLanguageSchema.options, 'common']);
export type LexiconLanguage = z.infer<typeof LexiconLanguageSchema>;

/** The length of the shortest prefix or suffix word of a term, without its `*`. */
const shortestPrefix = (term: string) =>
  Math.min(
    ...term
      .split(/\s+/)
      .map((word) => (/^\*|\*$/.test(word) ? word.replace(/^\*|\*$/g, '').length : Number.POSITIVE_INFINITY)),
  );

/**
 * One term of a rule: words separated by spaces, matched after folding (lower case, Turkish
 * dotted/dotless i folded to `i`, diacritics dropped: `müsait` matches "MUSAIT" and "müsait").
 * A word ending in `*` is a prefix (`fiyat*` matches "fiyatlar"), one starting with `*` a suffix
 * (`*rabatt` matches "Kinderrabatt"), one with both found anywhere in a word (`*angebot*` matches
 * "Sonderangebote"); `#` matches any number. The words of a phrase are adjacent, except across
 * `..`, which lets a few words (the policy's `phraseMaxGap`) come between: "write .. review"
 * matches "write a bad review".
 * @example "oda* var mi"
 */
export const LexiconTermSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((term) => shortestPrefix(term) >= (term.includes(' ') ? 2 : 3), {
    message: 'a prefix or suffix needs 3 characters besides the * (2 inside a phrase)',
  })
  .refine((term) => !/^\.\.(\s|$)|\s\.\.$/.test(term), { message: 'a term cannot start or end with ..' });

export const RuleFlagSchema = z.enum(['reputation', 'reputation-if-complaint']);
export type RuleFlag = z.infer<typeof RuleFlagSchema>;

/**
 * One triage rule: when any of its terms occurs, its weights are added to the basket scores
 * (once per message), its topic is tagged and its flags are raised. `priority` is a floor.
 * `reputation` marks a threat on its own; `reputation-if-complaint` (a review site, "the manager")
 * only when the message ends up a complaint.
 * @example { "id": "price", "topic": "price-availability", "weights": { "sales": 2 },
 *            "terms": ["fiyat*", "ne kadar"] }
 */
export const LexiconRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  topic: TopicSchema.optional(),
  weights: z.partialRecord(BasketSchema, z.number().min(-10).max(10)).optional(),
  flags: z.array(RuleFlagSchema).optional(),
  priority: PrioritySchema.optional(),
  terms: z.array(LexiconTermSchema).min(1),
});
export type LexiconRule = z.infer<typeof LexiconRuleSchema>;

const uniqueIds = (rules: { id: string }[]) => new Set(rules.map((r) => r.id)).size === rules.length;

/**
 * The triage vocabulary of one language. `stopwords` are frequent words that only vote for the
 * language; `letters` are letters that betray it ("ş", "ß") with their weight; `script` claims every
 * word written in a Unicode script (Cyrillic for Russian).
 * @example { "language": "de", "letters": { "ß": 1.5 }, "stopwords": ["und"], "rules": [] }
 */
export const LexiconSchema = z.strictObject({
  language: LexiconLanguageSchema,
  script: z.enum(['Cyrillic']).optional(),
  letters: z.record(z.string().length(1), z.number().min(0).max(5)).default({}),
  stopwords: z.array(z.string().min(1)).default([]),
  rules: z.array(LexiconRuleSchema).refine(uniqueIds, 'rule ids must be unique'),
});
export type Lexicon = z.infer<typeof LexiconSchema>;

/**
 * A hotel's changes to one language's lexicon: a rule with an existing id replaces it, a new id is
 * added, `removeRules` drops default rules, `stopwords` are added.
 * @example { "rules": [{ "id": "dolphin-show", "topic": "facilities", "weights": { "support": 2 },
 *            "terms": ["yunus gösteri*"] }] }
 */
export const LexiconOverrideSchema = z.strictObject({
  stopwords: z.array(z.string().min(1)).optional(),
  rules: z.array(LexiconRuleSchema).refine(uniqueIds, 'rule ids must be unique').optional(),
  removeRules: z.array(z.string()).optional(),
});
export type LexiconOverride = z.infer<typeof LexiconOverrideSchema>;

/**
 * A hotel's overrides, per language.
 * @example { "tr": { "removeRules": ["transfer"] }, "common": { "rules": [] } }
 */
export const HotelLexiconSchema = z.partialRecord(LexiconLanguageSchema, LexiconOverrideSchema);
export type HotelLexicon = z.infer<typeof HotelLexiconSchema>;

/**
 * The language-independent part of triage: how scores become a basket, an intent and a priority.
 * @example see functions/domain/triage/lexicons/policy.json
 */
export const TriagePolicySchema = z.strictObject({
  intentOf: z.record(BasketSchema, IntentSchema),
  priorityOf: z.record(BasketSchema, PrioritySchema),
  reputationRiskPriority: PrioritySchema,
  /** A message whose basket was voted for only by rules of these topics (a thank-you) gets `low`. */
  lowPriorityTopics: z.array(TopicSchema),
  /** The basket when no rule scored above zero. */
  defaultBasket: BasketSchema,
  /** Equal scores go to the basket named first. */
  tieOrder: z.array(BasketSchema).length(3),
  /** Scores added when a message repeats exclamation marks ("!!"). */
  emphasis: z.partialRecord(BasketSchema, z.number()),
  /** Words at least this long may match a lexicon word one edit away ("avaliable"), at this weight. */
  fuzzy: z.strictObject({ minLength: z.number().int().min(3), weight: z.number().min(0).max(1) }),
  phraseMaxGap: z.number().int().min(0).max(10),
  language: z.strictObject({
    /** Below this score the language is `unknown`. */
    minScore: z.number().min(0),
    /** Languages scoring at least this share of the best one also lend their rules (mixed lines). */
    secondaryShare: z.number().min(0).max(1),
  }),
});
export type TriagePolicy = z.infer<typeof TriagePolicySchema>;
