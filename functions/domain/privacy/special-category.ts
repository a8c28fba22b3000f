import { GuestLanguageSchema } from '../../../schemas/triage';
import { matchRules, matchWords } from '../triage/match-lexicon';
import { tokenize } from '../triage/normalize-text';
import { findCardNumbers } from './card-numbers';
import { containsDocumentNumber, findTurkishNationalIds } from './identity-numbers';
import {
  type DocumentCategory,
  type SensitiveCategory,
  SensitiveCategorySchema,
  type SensitiveFinding,
} from './sensitive-finding';
import {
  compileSensitiveLexicons,
  DEFAULT_SENSITIVE_LEXICONS,
  type SensitiveLexicon,
} from './sensitive-lexicons';

export interface DetectionOptions {
  /** The message came with a file; its text is the caption ("here is my passport"). */
  attachment?: 'image' | 'document';
}

export type SensitiveDataDetector = (text: string, options?: DetectionOptions) => SensitiveFinding;

/**
 * Every language's terms are matched in every message, whatever language it is in: guests mix
 * languages ("Merhaba, my son is diabetic") and name documents in the hotel's language
 * ("pasaport"), and a missed allergy costs more than a needless warning.
 */
const EVERY_LANGUAGE = new Set(GuestLanguageSchema.options);

/**
 * A detector over the given lexicons. Per category it counts distinct evidence: each lexicon term
 * found once, each valid Turkish identity number, each payment card number.
 *
 * What it deliberately leaves alone, because hotel messages are full of it:
 * - places of worship as landmarks ("room with a view of the mosque", "camii manzaralı"): a view
 *   says nothing of the guest's belief; praying, fasting, halal or kosher food do.
 * - holidays as dates ("Ramazan Bayramı'nda fiyat?", "Orthodox Easter", "religiöse Feiertage").
 * - slang and idioms: "the pool is sick!", "I'm sick of waiting", "helal olsun", "das ist krank",
 *   "the room was like a prison", "Я болею за Спартак"; and words that fold into sensitive ones
 *   ("schwül" humid is "schwul", "Kurt" the name is "kürt", "Roma'dan" is from Rome).
 * - facility questions about documents and cards ("do I need a passport?", "can I pay by credit
 *   card?"): no document is carried, see `SensitiveLexiconSchema`.
 * - numbers that are not card or ID numbers: prices, phone numbers, booking references.
 *
 * What it flags although the guest may only be asking: an accessible room, wheelchair access, a
 * pregnant guest at the spa, halal food. Such a request tells the hotel about someone in the party.
 */
export function createSensitiveDataDetector(
  lexicons: readonly SensitiveLexicon[] = DEFAULT_SENSITIVE_LEXICONS,
): SensitiveDataDetector {
  const { matcher, evidence } = compileSensitiveLexicons(lexicons);
  return (text, options = {}) => {
    const counts = new Map<SensitiveCategory, number>();
    const add = (category: SensitiveCategory, found = 1) => {
      if (found > 0) counts.set(category, (counts.get(category) ?? 0) + found);
    };
    const carriesDocument = (category: DocumentCategory) =>
      options.attachment !== undefined || (category === 'identity-document' && containsDocumentNumber(text));

    const tokens = tokenize(text);
    for (const { rule } of matchRules(matcher, tokens, matchWords(matcher, tokens), EVERY_LANGUAGE)) {
      const what = evidence.get(rule.id);
      if (what?.kind === 'data') add(what.category);
      else if (what?.kind === 'document-name' && carriesDocument(what.category)) add(what.category);
    }
    add('identity-document', findTurkishNationalIds(text).length);
    add('payment-card', findCardNumbers(text).length);

    const categories = SensitiveCategorySchema.options.filter((category) => counts.has(category));
    return {
      flagged: categories.length > 0,
      categories,
      counts: Object.fromEntries(categories.map((category) => [category, counts.get(category)])),
    };
  };
}

const detectWithDefaults = createSensitiveDataDetector();

/**
 * The special categories of personal data (health, allergy, pregnancy, disability, religion,
 * ethnicity, political opinion, union membership, sex life, criminal records, biometrics), identity
 * documents and payment cards in one guest message, in Turkish, English, German or Russian, with
 * the shipped lexicons. The words are compared as triage compares them (case, the Turkish i's and
 * diacritics folded). The finding names categories and counts only.
 * @example detectSensitiveData('Oğlum şeker hastası, fıstık alerjisi de var')
 *   // { flagged: true, categories: ['health', 'allergy'], counts: { health: 1, allergy: 1 } }
 */
export function detectSensitiveData(text: string, options?: DetectionOptions): SensitiveFinding {
  return detectWithDefaults(text, options);
}
