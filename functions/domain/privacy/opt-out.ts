import * as z from 'zod';
import type { MessageContent } from '../../../schemas/events';
import { type GuestLanguage, GuestLanguageSchema } from '../../../schemas/triage';
import { tokenize } from '../triage/normalize-text';
import lexiconJson from './opt-out-lexicon.json' with { type: 'json' };

const PhrasesSchema = z.array(z.string().trim().min(1)).min(1);

/**
 * The opt-out lexicon (`opt-out-lexicon.json`): phrases that are an opt-out when they make up the
 * whole message, per language (`universal` ones, like "STOP", say nothing of the language), and
 * courtesy words that may come with them ("lütfen", "bitte").
 * @example { "version": 1, "maxWords": 8, "maxCharacters": 120, "universal": ["stop"],
 *   "phrases": { "tr": ["dur"], "en": ["opt out"], "de": ["abmelden"], "ru": ["стоп"] },
 *   "courtesy": { "tr": ["lütfen"], "en": ["please"], "de": ["bitte"], "ru": ["пожалуйста"] } }
 */
export const OptOutLexiconSchema = z.object({
  version: z.literal(1),
  description: z.string().optional(),
  /** Longer messages are never an opt-out: a guest who explains is asking something. */
  maxWords: z.number().int().min(1).max(20),
  maxCharacters: z.number().int().min(10).max(500),
  universal: PhrasesSchema,
  phrases: z.strictObject({ tr: PhrasesSchema, en: PhrasesSchema, de: PhrasesSchema, ru: PhrasesSchema }),
  courtesy: z.strictObject({ tr: PhrasesSchema, en: PhrasesSchema, de: PhrasesSchema, ru: PhrasesSchema }),
});
export type OptOutLexicon = z.infer<typeof OptOutLexiconSchema>;

/** A guest's opt-out, and the language it was written in when the words tell ("dur" yes, "STOP" no). */
export interface OptOut {
  language?: GuestLanguage;
}

/** A phrase as folded words, what it is, and its language (none for a universal one). */
interface Segment {
  words: readonly string[];
  optOut: boolean;
  language?: GuestLanguage;
}

interface CompiledLexicon {
  maxWords: number;
  maxCharacters: number;
  segments: readonly Segment[];
}

/** The words of a phrase as a message's are compared: folded as triage folds them. */
const foldedWords = (phrase: string) =>
  tokenize(phrase)
    .filter((token) => token.kind === 'word')
    .map((token) => token.folded);

export function compileOptOutLexicon(lexicon: OptOutLexicon): CompiledLexicon {
  const segments: Segment[] = lexicon.universal.map((phrase) => ({
    words: foldedWords(phrase),
    optOut: true,
  }));
  for (const language of GuestLanguageSchema.options) {
    for (const phrase of lexicon.phrases[language])
      segments.push({ words: foldedWords(phrase), optOut: true, language });
    for (const phrase of lexicon.courtesy[language])
      segments.push({ words: foldedWords(phrase), optOut: false, language });
  }
  // A phrase of no words (an emoji) would match anywhere without consuming the message.
  return {
    maxWords: lexicon.maxWords,
    maxCharacters: lexicon.maxCharacters,
    segments: segments.filter((segment) => segment.words.length > 0),
  };
}

const DEFAULT_LEXICON = (() => {
  const parsed = OptOutLexiconSchema.safeParse(lexiconJson);
  if (!parsed.success) throw new Error(`opt-out-lexicon.json: ${z.prettifyError(parsed.error)}`);
  return compileOptOutLexicon(parsed.data);
})();

/**
 * Whether a guest message is an opt-out from surveys and marketing, on any channel: the whole
 * message is one or more opt-out phrases ("STOP", "dur", "Abmelden", "стоп", "bana mesaj
 * atmayın", "unsubscribe"), with at most courtesy words ("lütfen", "please") and emoji around
 * them, and no number. Punctuation, case and diacritics do not matter. A sentence that only
 * holds such a word ("the shower doesn't stop dripping", "stop by the lobby", "durum nedir") is
 * not one. Text, a template's quick-reply button ("Stop promotions") and an interactive reply
 * count; media captions do not.
 */
export function recogniseOptOut(content: MessageContent, lexicon = DEFAULT_LEXICON): OptOut | undefined {
  const text = replyTextOf(content);
  if (text === undefined || text.length > lexicon.maxCharacters) return undefined;
  const tokens = tokenize(text);
  if (tokens.some((token) => token.kind === 'number')) return undefined;
  const words = tokens.filter((token) => token.kind === 'word').map((token) => token.folded);
  if (words.length === 0 || words.length > lexicon.maxWords) return undefined;
  const parse = segmentsOf(words, 0, lexicon.segments);
  if (!parse?.some((segment) => segment.optOut)) return undefined;
  const languages = new Set(parse.flatMap((segment) => (segment.language ? [segment.language] : [])));
  const [language] = languages;
  return languages.size === 1 && language ? { language } : {};
}

/** The words a guest typed or tapped: text, a quick-reply button, an interactive reply. */
function replyTextOf(content: MessageContent): string | undefined {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'button':
      return content.button.text;
    case 'interactive':
      return content.interactive.title;
    default:
      return undefined;
  }
}

/**
 * The words from `at` on as a sequence of phrases, preferring one with an opt-out; undefined
 * when some word belongs to no phrase. Messages are a few words long: a plain search is enough.
 */
function segmentsOf(
  words: readonly string[],
  at: number,
  segments: readonly Segment[],
): Segment[] | undefined {
  if (at === words.length) return [];
  let fallback: Segment[] | undefined;
  for (const segment of segments) {
    if (!segment.words.every((word, i) => words[at + i] === word)) continue;
    const rest = segmentsOf(words, at + segment.words.length, segments);
    if (!rest) continue;
    const parse = [segment, ...rest];
    if (parse.some((s) => s.optOut)) return parse;
    fallback ??= parse;
  }
  return fallback;
}
