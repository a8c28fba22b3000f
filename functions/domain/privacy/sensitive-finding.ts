import * as z from 'zod';

/**
 * What a guest message can carry that needs more than ordinary care. The first eleven are the
 * special categories of personal data (KVKK art. 6, GDPR art. 9 and 10): health, with allergy and
 * pregnancy kept apart because a hotel acts on them differently (the kitchen, the spa), disability,
 * religion (which takes in the philosophical beliefs and the religious dress KVKK lists),
 * ethnicity, political opinion, union membership, sex life (sexual orientation included), criminal
 * records, and biometric and genetic data. The last two are not special categories but are
 * protected the same way: identity documents and payment cards.
 */
export const SensitiveCategorySchema = z.enum([
  'health',
  'allergy',
  'pregnancy',
  'disability',
  'religion',
  'ethnicity',
  'political-opinion',
  'union-membership',
  'sex-life',
  'criminal-record',
  'biometric',
  'identity-document',
  'payment-card',
]);
export type SensitiveCategory = z.infer<typeof SensitiveCategorySchema>;

/** The categories whose data lives in a document a guest may send: an ID or a payment card. */
export const DocumentCategorySchema = SensitiveCategorySchema.extract(['identity-document', 'payment-card']);
export type DocumentCategory = z.infer<typeof DocumentCategorySchema>;

/**
 * What was found in one message: the categories and how many distinct pieces of evidence for each
 * (lexicon terms, valid ID or card numbers). It never holds the words or numbers themselves, so it
 * can be logged, stored beside the ticket and shown to any agent.
 * @example { "flagged": true, "categories": ["allergy", "payment-card"],
 *            "counts": { "allergy": 1, "payment-card": 1 } }
 */
export const SensitiveFindingSchema = z.strictObject({
  /** Whether anything was found: the message text is to be encrypted and the agent warned. */
  flagged: z.boolean(),
  /** In the order of `SensitiveCategorySchema`; empty when nothing was found. */
  categories: z.array(SensitiveCategorySchema),
  counts: z.partialRecord(SensitiveCategorySchema, z.number().int().positive()),
});
export type SensitiveFinding = z.infer<typeof SensitiveFindingSchema>;
