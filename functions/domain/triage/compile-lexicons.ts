import type {
  GuestLanguage,
  Lexicon,
  LexiconLanguage,
  LexiconRule,
  TriagePolicy,
} from '../../../schemas/triage';
import { foldWord, tokenize } from './normalize-text';

/** A lexicon word: folded text, and whether it is a prefix (`fiyat*`), a suffix (`*rabatt`) or both. */
export interface Word {
  text: string;
  prefix: boolean;
  suffix: boolean;
  /** The guest languages whose lexicon holds this word: the evidence it gives for a language. */
  languages: Set<GuestLanguage>;
}

/** In a term's word list: `#`, any number. */
export const ANY_NUMBER = -1;
/** In a term's word list: `..`, a few words may come between. */
export const GAP = -2;

export interface Term {
  rule: number;
  /** Word ids, `ANY_NUMBER` for `#`, `GAP` for `..`. */
  words: number[];
  text: string;
}

export interface CompiledRule extends LexiconRule {
  language: LexiconLanguage;
}

export interface LanguageTraits {
  language: GuestLanguage;
  script?: 'Cyrillic';
  letters: Map<string, number>;
}

/** Lexicons turned into lookup tables, built once per set of lexicons. */
export interface LexiconMatcher {
  words: Word[];
  rules: CompiledRule[];
  languages: LanguageTraits[];
  exact: Map<string, number[]>;
  prefixes: Map<string, number[]>;
  suffixes: Map<string, number[]>;
  /** Words with a `*` on both sides: found anywhere in a word ("*angebot*" in "Sonderangebote"). */
  infixes: number[];
  /** Words long enough for a fuzzy match, by first letter. */
  fuzzy: Map<string, number[]>;
  terms: Term[];
  policy: TriagePolicy;
}

/**
 * Indexes the words of every stopword and rule term (folded, by exact text, prefix, suffix and first
 * letter for fuzzy matching) and orders the terms so that longer, more specific ones match first.
 */
export function compileLexicons(lexicons: readonly Lexicon[], policy: TriagePolicy): LexiconMatcher {
  const matcher: LexiconMatcher = {
    words: [],
    rules: [],
    languages: [],
    exact: new Map(),
    prefixes: new Map(),
    suffixes: new Map(),
    infixes: [],
    fuzzy: new Map(),
    terms: [],
    policy,
  };
  const ids = new Map<string, number>();
  const wordId = (raw: string, language: LexiconLanguage): number => {
    const prefix = raw.length > 1 && raw.endsWith('*');
    const suffix = raw.length > 1 && raw.startsWith('*');
    const text = foldWord(raw.slice(suffix ? 1 : 0, prefix ? -1 : undefined));
    const key = `${suffix ? '*' : '='}${text}${prefix ? '*' : '='}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = matcher.words.push({ text, prefix, suffix, languages: new Set() }) - 1;
      ids.set(key, id);
      if (prefix && suffix) matcher.infixes.push(id);
      else push(prefix ? matcher.prefixes : suffix ? matcher.suffixes : matcher.exact, text, id);
      if (!suffix && text.length >= policy.fuzzy.minLength) push(matcher.fuzzy, text.slice(0, 1), id);
    }
    if (language !== 'common') matcher.words[id]?.languages.add(language);
    return id;
  };

  for (const lexicon of lexicons) {
    const { language } = lexicon;
    if (language !== 'common') {
      matcher.languages.push({
        language,
        script: lexicon.script,
        letters: new Map(Object.entries(lexicon.letters)),
      });
    }
    for (const stopword of lexicon.stopwords) {
      for (const raw of stopword.split(/\s+/)) splitWord(raw, language, wordId);
    }
    for (const rule of lexicon.rules) {
      const ruleIndex = matcher.rules.push({ ...rule, language }) - 1;
      for (const term of rule.terms) {
        const words = term
          .split(/\s+/)
          .flatMap((raw) =>
            raw === '#' ? [ANY_NUMBER] : raw === '..' ? [GAP] : splitWord(raw, language, wordId),
          );
        matcher.terms.push({ rule: ruleIndex, words, text: term });
      }
    }
  }
  // Longer, more specific terms claim their words first: "iptal koşulu" before "iptal*".
  const keys = new Map(
    matcher.terms.map((term) => [term, [wordCount(term), specificity(term, matcher)] as const]),
  );
  const keyOf = (term: Term) => keys.get(term) ?? [0, 0];
  matcher.terms.sort((a, b) => keyOf(b)[0] - keyOf(a)[0] || keyOf(b)[1] - keyOf(a)[1]);
  return matcher;
}

const ONE_TOKEN = /^(?:[\p{L}\p{M}]+|\p{N}+)$/u;

/** A lexicon word the tokenizer would split ("check-in", "booking.com", "jet2") becomes consecutive words. */
function splitWord(
  raw: string,
  language: LexiconLanguage,
  wordId: (raw: string, l: LexiconLanguage) => number,
) {
  const prefix = raw.length > 1 && raw.endsWith('*');
  const suffix = raw.length > 1 && raw.startsWith('*');
  const core = raw.slice(suffix ? 1 : 0, prefix ? -1 : undefined);
  const parts = ONE_TOKEN.test(core) ? [core] : tokenize(core).map((token) => token.raw);
  const last = parts.length - 1;
  return parts.map((part, i) =>
    wordId(`${suffix && i === 0 ? '*' : ''}${part}${prefix && i === last ? '*' : ''}`, language),
  );
}

function wordCount(term: Term): number {
  return term.words.filter((w) => w !== GAP).length;
}

function specificity(term: Term, matcher: LexiconMatcher): number {
  return term.words.reduce((sum, id) => sum + (id >= 0 ? (matcher.words[id]?.text.length ?? 0) : 1), 0);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
