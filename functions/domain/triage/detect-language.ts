import type { GuestLanguage, Language } from '../../../schemas/triage';
import type { LexiconMatcher } from './compile-lexicons';
import type { WordMatches } from './match-lexicon';
import { lettersOf, type Token } from './normalize-text';

export interface LanguageGuess {
  language: Language;
  /** The evidence for each guest language, roughly one point per word. */
  scores: Record<GuestLanguage, number>;
}

const SCRIPTS = { Cyrillic: /\p{Script=Cyrillic}/u } as const;
const MAX_LETTER_SCORE = 2;

/**
 * The language of a message, from three clues per word: its script (Cyrillic is Russian), letters
 * only one language uses ("ş", "ı", "ğ" Turkish; "ß", "ä" German), and the lexicons that hold the
 * word (stopwords and rule terms, a word shared by n languages giving each 1/n). Works without
 * diacritics ("cocuk", "musait" are Turkish lexicon words) and on one word ("Preis?"). A tie, or too
 * little evidence ("👍", "ok"), is `unknown`.
 */
export function detectLanguage(
  matcher: LexiconMatcher,
  tokens: readonly Token[],
  matches: WordMatches,
): LanguageGuess {
  const scores = Object.fromEntries(matcher.languages.map((l) => [l.language, 0])) as Record<
    GuestLanguage,
    number
  >;
  tokens.forEach((token, i) => {
    if (token.kind !== 'word') return;
    for (const [language, vote] of votesOf(matcher, token, matches[i])) scores[language] += vote;
  });
  const ranked = (Object.entries(scores) as [GuestLanguage, number][]).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  const decided = best && best[1] >= matcher.policy.language.minScore && (!second || second[1] < best[1]);
  return { language: decided ? best[0] : 'unknown', scores };
}

function votesOf(matcher: LexiconMatcher, token: Token, matched: Map<number, number> | undefined) {
  const votes = new Map<GuestLanguage, number>();
  const add = (language: GuestLanguage, vote: number) =>
    votes.set(language, (votes.get(language) ?? 0) + vote);
  const letters = new Set(lettersOf(token.raw));
  for (const { language, script, letters: telling } of matcher.languages) {
    if (script && SCRIPTS[script].test(token.raw)) add(language, 1);
    let letterScore = 0;
    for (const letter of letters) letterScore += telling.get(letter) ?? 0;
    if (letterScore > 0) add(language, Math.min(letterScore, MAX_LETTER_SCORE));
  }
  const lexical = new Map<GuestLanguage, number>();
  for (const [id, quality] of matched ?? []) {
    for (const language of matcher.words[id]?.languages ?? []) {
      lexical.set(language, Math.max(lexical.get(language) ?? 0, quality));
    }
  }
  for (const [language, quality] of lexical) add(language, quality / lexical.size);
  return votes;
}
