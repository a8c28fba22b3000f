import * as z from 'zod';
import {
  GuestLanguageSchema,
  type Lexicon,
  type LexiconRule,
  LexiconTermSchema,
} from '../../../schemas/triage';
import { compileLexicons, type LexiconMatcher } from '../triage/compile-lexicons';
import { DEFAULT_POLICY } from '../triage/load-lexicons';
import de from './lexicons/de.json' with { type: 'json' };
import en from './lexicons/en.json' with { type: 'json' };
import ru from './lexicons/ru.json' with { type: 'json' };
import tr from './lexicons/tr.json' with { type: 'json' };
import {
  type DocumentCategory,
  DocumentCategorySchema,
  type SensitiveCategory,
  SensitiveCategorySchema,
} from './sensitive-finding';

const TermsSchema = z.array(LexiconTermSchema).min(1);

/**
 * The sensitive-data vocabulary of one language, in the triage term syntax (folded matching, `*`
 * prefixes and suffixes, `..` gaps, `#` numbers; see `LexiconTermSchema`).
 *
 * - `categories`: terms that are the data. A guest who writes "fıstık alerjim var" or "ich bin
 *   schwanger" has told it; the message is flagged whatever else it says.
 * - `documents`: words naming an identity document or a payment card. Naming one is not carrying
 *   one ("do I need a passport?", "can I pay by card?"), so they flag a message only with an
 *   attachment they caption ("here is my passport" under a photo) or, for an identity document,
 *   beside something shaped like its number ("pasaport no U12345678").
 * - `exclusions`: phrases that look sensitive and are not ("helal olsun" is "well done", "like a
 *   prison" a complaint about a room). Matched before every other term, they claim their words.
 *
 * @example { "language": "en", "categories": { "allergy": ["allerg*"] },
 *            "documents": { "identity-document": ["passport*"] }, "exclusions": ["sick of"] }
 */
export const SensitiveLexiconSchema = z.strictObject({
  language: GuestLanguageSchema,
  categories: z.partialRecord(SensitiveCategorySchema, TermsSchema),
  documents: z.partialRecord(DocumentCategorySchema, TermsSchema).default({}),
  exclusions: z.array(LexiconTermSchema).default([]),
});
export type SensitiveLexicon = z.infer<typeof SensitiveLexiconSchema>;

/** The shipped lexicons: Turkish, English, German, Russian. */
export const DEFAULT_SENSITIVE_LEXICONS: readonly SensitiveLexicon[] = [tr, en, de, ru].map((lexicon) => {
  const parsed = SensitiveLexiconSchema.safeParse(lexicon);
  if (!parsed.success) {
    throw new Error(`sensitive lexicon ${lexicon.language}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
});

/** What a matched term says about the message. */
export type TermEvidence =
  | { kind: 'data'; category: SensitiveCategory }
  | { kind: 'document-name'; category: DocumentCategory }
  | { kind: 'exclusion' };

/** The triage matcher over the sensitive vocabulary, and what each of its rules is evidence of. */
export interface SensitiveMatcher {
  matcher: LexiconMatcher;
  evidence: ReadonlyMap<string, TermEvidence>;
}

/**
 * Misspelling tolerance is off: with a vocabulary made only of sensitive words, a word one edit
 * away from one of them is more often an ordinary word ("player" / "prayer") than a typo.
 */
const MATCHING_POLICY = { ...DEFAULT_POLICY, fuzzy: { minLength: Number.POSITIVE_INFINITY, weight: 0 } };

/**
 * Turns the lexicons into triage lexicons and compiles them with the triage matcher. Each term is a
 * rule of its own, so that the rules that fire count the distinct terms found; the exclusions of
 * every language come first, so that they win ties against the terms they guard against.
 */
export function compileSensitiveLexicons(lexicons: readonly SensitiveLexicon[]): SensitiveMatcher {
  const evidence = new Map<string, TermEvidence>();
  const ruleFor = (term: string, what: TermEvidence): LexiconRule => {
    const id = `term-${evidence.size}`;
    evidence.set(id, what);
    return { id, terms: [term] };
  };
  const exclusions: Lexicon = {
    language: 'common',
    letters: {},
    stopwords: [],
    rules: lexicons.flatMap((lexicon) =>
      lexicon.exclusions.map((term) => ruleFor(term, { kind: 'exclusion' })),
    ),
  };
  const byLanguage = lexicons.map(
    (lexicon): Lexicon => ({
      language: lexicon.language,
      letters: {},
      stopwords: [],
      rules: [
        ...SensitiveCategorySchema.options.flatMap((category) =>
          (lexicon.categories[category] ?? []).map((term) => ruleFor(term, { kind: 'data', category })),
        ),
        ...DocumentCategorySchema.options.flatMap((category) =>
          (lexicon.documents[category] ?? []).map((term) =>
            ruleFor(term, { kind: 'document-name', category }),
          ),
        ),
      ],
    }),
  );
  return { matcher: compileLexicons([exclusions, ...byLanguage], MATCHING_POLICY), evidence };
}
