import type { GuestLanguage } from '../../../schemas/triage';
import {
  ANY_NUMBER,
  type CompiledRule,
  GAP,
  type LexiconMatcher,
  type Term,
  type Word,
} from './compile-lexicons';
import { withinOneEdit } from './edit-distance';
import type { Token } from './normalize-text';

/** For each token, the lexicon words it matches and how well (1, or the fuzzy weight). */
export type WordMatches = Map<number, number>[];

/** A rule that fired: the term that matched first and the match quality. */
export interface RuleHit {
  rule: CompiledRule;
  term: string;
  quality: number;
}

/**
 * The lexicon words each token matches: exactly, as a prefix, or, for a long word no lexicon knows
 * at all, one edit away from a lexicon word (a misspelling) at the policy's fuzzy weight.
 */
export function matchWords(matcher: LexiconMatcher, tokens: readonly Token[]): WordMatches {
  return tokens.map((token) => {
    const found = new Map<number, number>();
    const text = token.folded;
    for (const id of matcher.exact.get(text) ?? []) found.set(id, 1);
    for (let end = 1; end <= text.length; end++) {
      for (const id of matcher.prefixes.get(text.slice(0, end)) ?? []) found.set(id, 1);
      for (const id of matcher.suffixes.get(text.slice(end - 1)) ?? []) found.set(id, 1);
    }
    for (const id of matcher.infixes) {
      const infix = matcher.words[id]?.text;
      if (infix && text.includes(infix)) found.set(id, 1);
    }
    const { minLength, weight } = matcher.policy.fuzzy;
    if (found.size > 0 || token.kind !== 'word' || text.length < minLength) return found;
    for (const id of matcher.fuzzy.get(text.slice(0, 1)) ?? []) {
      const word = matcher.words[id];
      if (word && fuzzyMatch(text, word)) found.set(id, weight);
    }
    return found;
  });
}

/** Short prefixes only stretch a couple of letters: "fiyeti" is "fiyat*", "promised" is not "promo*". */
const SHORT_PREFIX = 6;
const SHORT_PREFIX_TAIL = 2;

function fuzzyMatch(text: string, word: Word): boolean {
  if (!word.prefix) return withinOneEdit(text, word.text);
  const length = word.text.length;
  if (length < SHORT_PREFIX && text.length > length + SHORT_PREFIX_TAIL) return false;
  for (let end = length - 1; end <= Math.min(length + 1, text.length); end++) {
    if (withinOneEdit(text.slice(0, end), word.text)) return true;
  }
  return false;
}

/**
 * The rules whose terms occur among the tokens, for the given languages (and `common`). Each
 * token serves one term: longer terms are tried first and claim their tokens.
 */
export function matchRules(
  matcher: LexiconMatcher,
  tokens: readonly Token[],
  matches: WordMatches,
  languages: ReadonlySet<GuestLanguage>,
): RuleHit[] {
  const claimed = new Array<boolean>(tokens.length).fill(false);
  const hits = new Map<number, RuleHit>();
  for (const term of matcher.terms) {
    const rule = matcher.rules[term.rule];
    if (!rule || (rule.language !== 'common' && !languages.has(rule.language))) continue;
    for (let start = 0; start < tokens.length; start++) {
      const found = matchTermAt(term, start, tokens, matches, claimed, matcher.policy.phraseMaxGap);
      if (!found) continue;
      for (const position of found.positions) claimed[position] = true;
      const previous = hits.get(term.rule);
      if (!previous || previous.quality < found.quality) {
        hits.set(term.rule, { rule, term: term.text, quality: found.quality });
      }
      start = found.positions[found.positions.length - 1] ?? start;
    }
  }
  return [...hits.values()];
}

function matchTermAt(
  term: Term,
  start: number,
  tokens: readonly Token[],
  matches: WordMatches,
  claimed: boolean[],
  maxGap: number,
): { positions: number[]; quality: number } | undefined {
  const positions: number[] = [];
  let quality = 1;
  let next = start;
  let gap = 0;
  for (const word of term.words) {
    if (word === GAP) {
      gap = maxGap;
      continue;
    }
    const last = positions.length === 0 ? start : Math.min(next + gap, tokens.length - 1);
    let at = -1;
    for (let i = next; i <= last; i++) {
      const q = claimed[i] ? 0 : wordQuality(word, tokens[i], matches[i]);
      if (q > 0) {
        at = i;
        quality = Math.min(quality, q);
        break;
      }
    }
    if (at < 0) return undefined;
    positions.push(at);
    next = at + 1;
    gap = 0;
  }
  return positions.length > 0 ? { positions, quality } : undefined;
}

function wordQuality(
  word: number,
  token: Token | undefined,
  matches: Map<number, number> | undefined,
): number {
  if (word === ANY_NUMBER) return token?.kind === 'number' ? 1 : 0;
  return matches?.get(word) ?? 0;
}
