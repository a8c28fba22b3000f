import * as z from 'zod';
import {
  type HotelLexicon,
  type Lexicon,
  type LexiconOverride,
  LexiconSchema,
  type TriagePolicy,
  TriagePolicySchema,
} from '../../../schemas/triage';
import common from './lexicons/common.json' with { type: 'json' };
import de from './lexicons/de.json' with { type: 'json' };
import en from './lexicons/en.json' with { type: 'json' };
import policy from './lexicons/policy.json' with { type: 'json' };
import ru from './lexicons/ru.json' with { type: 'json' };
import tr from './lexicons/tr.json' with { type: 'json' };

/** The shipped lexicons: language-neutral names and emoji, then Turkish, English, German, Russian. */
export const DEFAULT_LEXICONS: readonly Lexicon[] = [common, tr, en, de, ru].map((lexicon) => {
  const parsed = LexiconSchema.safeParse(lexicon);
  if (!parsed.success) throw new Error(`lexicon ${lexicon.language}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
});

/** The shipped scoring policy (basket to intent and priority, thresholds). */
export const DEFAULT_POLICY: TriagePolicy = TriagePolicySchema.parse(policy);

/**
 * One lexicon with a hotel's override laid over it: a rule whose id already exists is replaced in
 * place, new rules are appended, `removeRules` drops rules, stopwords are added.
 */
export function mergeLexicon(base: Lexicon, override: LexiconOverride): Lexicon {
  const removed = new Set(override.removeRules ?? []);
  const replacements = new Map((override.rules ?? []).map((rule) => [rule.id, rule]));
  const rules = base.rules
    .filter((rule) => !removed.has(rule.id))
    .map((rule) => replacements.get(rule.id) ?? rule);
  const baseIds = new Set(base.rules.map((rule) => rule.id));
  const added = (override.rules ?? []).filter((rule) => !baseIds.has(rule.id));
  return {
    ...base,
    stopwords: [...new Set([...base.stopwords, ...(override.stopwords ?? [])])],
    rules: [...rules, ...added],
  };
}

/** The lexicons a hotel triages with: each default lexicon merged with the hotel's override for it. */
export function withHotelLexicon(lexicons: readonly Lexicon[], hotel: HotelLexicon): Lexicon[] {
  return lexicons.map((lexicon) => {
    const override = hotel[lexicon.language];
    return override ? mergeLexicon(lexicon, override) : lexicon;
  });
}
