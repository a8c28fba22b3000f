import type { MessageContent } from '../../../schemas/events';

/** The NPS scale of the `nps-question` template (seed 002): 0 (not at all likely) to 10 (extremely likely). */
export const NPS_MIN_SCORE = 0;
export const NPS_MAX_SCORE = 10;

/**
 * Number words after folding (lower case, diacritics dropped, Turkish ı → i, Russian ё → е, й → и).
 * Russian grade nouns ("девятка", "ставлю девятку") count as their number.
 */
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...words(['sifir', 'zero', 'null', 'ноль', 'нуль'], 0),
  ...words(['one', 'eins', 'один', 'одна', 'одно', 'единица', 'единицу'], 1),
  ...words(['iki', 'two', 'zwei', 'zwo', 'два', 'две', 'двоика', 'двоику'], 2),
  ...words(['uc', 'three', 'drei', 'три', 'троика', 'троику'], 3),
  ...words(['dort', 'four', 'vier', 'четыре', 'четверка', 'четверку'], 4),
  ...words(['bes', 'five', 'funf', 'fuenf', 'пять', 'пятерка', 'пятерку'], 5),
  ...words(['alti', 'six', 'sechs', 'шесть', 'шестерка', 'шестерку'], 6),
  ...words(['yedi', 'seven', 'sieben', 'семь', 'семерка', 'семерку'], 7),
  ...words(['sekiz', 'eight', 'acht', 'восемь', 'восьмерка', 'восьмерку'], 8),
  ...words(['dokuz', 'nine', 'neun', 'девять', 'девятка', 'девятку'], 9),
  ...words(['on', 'ten', 'zehn', 'десять', 'десяти', 'десятка', 'десятку'], 10),
]);

/**
 * Words that are also articles ("bir" = a, "eine glatte 10" = a clean 10): a score only when the
 * message holds no other number.
 */
const ARTICLE_NUMBERS: ReadonlyMap<string, number> = new Map(
  words(['bir', 'ein', 'eine', 'einen', 'einer'], 1),
);

/** "9 of 10", "8 von 10", "9 из 10": the scale follows the score ("out" is a filler). */
const SCALE_AFTER = new Set(['of', 'von', 'из']);
/** "10 üzerinden 9": Turkish names the scale first. */
const SCALE_BEFORE = 'uzerinden';

/**
 * Words a score reply may carry besides its number and scale, in TR/EN/DE/RU: greetings, thanks,
 * "I'd say", "ich gebe", "ставлю", units such as "puan", "points", "Punkte", "баллов". Anything
 * else ("room", "pm", "Uhr", "euro", "adults", "not") makes the message something other than an
 * answer, so it lands as a guest message.
 */
const FILLERS = new Set([
  // English
  ...['i', "i'd", "i'll", "i'm", 'id', 'we', "we'd", 'would', 'will', 'say', 'give', 'gave', 'it', "it's"],
  ...['a', 'an', 'my', 'our', 'your', 'you', 'the', 'me', 'from', 'for', 'is', 'out', 'score', 'rating'],
  ...['rate', 'solid', 'strong', 'clear', 'easy', 'perfect', 'definitely', 'surely', 'probably', 'maybe'],
  ...['honestly', 'overall', 'thanks', 'thank', 'thx', 'ok', 'okay', 'hi', 'hello', 'point', 'points', 'pts'],
  // Turkish
  ...['merhaba', 'selam', 'tesekkurler', 'tesekkur', 'ederim', 'ederiz', 'sagolun', 'sagol', 'puan', 'puani'],
  ...['puanim', 'puanimiz', 'veriyorum', 'veririm', 'verirdim', 'verdim', 'derim', 'diyorum', 'benden'],
  ...['bizden', 'kesinlikle', 'tam', 'bence', 'sanirim', 'olarak'],
  // German
  ...['ich', 'wir', 'gebe', 'geben', 'geb', 'gebe', 'wurde', 'wuerde', 'wurden', 'sage', 'sagen', 'mir'],
  ...['uns', 'glatte', 'klare', 'volle', 'solide', 'meine', 'unsere', 'bewertung', 'danke', 'vielen'],
  ...['dank', 'hallo', 'punkte', 'punkt'],
  // Russian (folded: й → и)
  ...['я', 'мы', 'ставлю', 'поставлю', 'поставил', 'поставила', 'поставили', 'даю', 'дам', 'бы', 'на'],
  ...['оценка', 'оценку', 'моя', 'мою', 'наша', 'нашу', 'твердая', 'твердую', 'уверенная', 'уверенную'],
  ...[
    'спасибо',
    'здравствуите',
    'привет',
    'думаю',
    'наверное',
    'оцениваю',
    'балл',
    'балла',
    'баллов',
    'баллы',
  ],
]);

/** Stars rate CSAT (1–5), not NPS: "5 stars", "5 yıldız", "5 Sterne", "5 звезд", "⭐⭐⭐⭐⭐". */
const STAR_WORD = /^(?:star|yildiz|stern|звезд)/u;
const STAR_SIGN = /[⭐🌟★☆]/u;
/** Money, percentages, room or phone numbers ("#305", "+90…"): never a score. */
const NOT_A_SCORE_SIGN = /[\p{Sc}%#№+@&=°]/u;
/** "-1", "8-9", "7–8": a negative number or a range. */
const DASHED_NUMBER = /[-‐‑‒–—−]\d/u;
/** A number with a separator inside is a time, a date, a decimal or a price: "9:30", "12.07", "8,5". */
const TOKEN = /\d+(?:[.,:]\d+)*|\p{L}[\p{L}']*|\//gu;

type Token =
  | { kind: 'number'; value: number; article: boolean }
  | { kind: 'word'; word: string }
  | { kind: 'slash' };

/**
 * The 0–10 score a guest's reply to the NPS question gives, or undefined when it is anything
 * else. The whole reply must be a score: one number (digits or a TR/EN/DE/RU number word),
 * optionally with its scale ("9/10", "9 из 10", "8 von 10", "10 üzerinden 9"), a unit ("8 puan")
 * and a few words around it ("I'd say 9", "Ich gebe 8 Punkte", "Ставлю 10"). Times, dates, room
 * numbers, prices, stars and replies with two different numbers are refused.
 */
export function parseNpsText(text: string): number | undefined {
  const folded = fold(text);
  if (STAR_SIGN.test(folded) || NOT_A_SCORE_SIGN.test(folded) || DASHED_NUMBER.test(folded)) return undefined;
  const tokens = tokenize(folded);
  if (!tokens) return undefined;
  const rest = withoutScale(tokens);
  if (!rest) return undefined;

  const scores = new Set<number>();
  const articles = new Set<number>();
  for (const token of rest) {
    if (token.kind === 'slash') return undefined;
    if (token.kind === 'word') {
      if (STAR_WORD.test(token.word) || !FILLERS.has(token.word)) return undefined;
      continue;
    }
    (token.article ? articles : scores).add(token.value);
  }
  const [only] = scores.size > 0 ? scores : articles;
  return (scores.size > 0 ? scores.size : articles.size) === 1 ? only : undefined;
}

/** Button and list ids that name the score: "nps_9", "NPS-10", "score:7". */
const SCORE_ID = /^(?:nps|score|rating|puan)(?:[\s_.:=-]*(?:nps|score|rating|puan))*[\s_.:=-]*(\d{1,2})$/i;
const BARE_ID = /^\d{1,2}$/;

/**
 * The score a guest's message gives as an NPS answer: typed text, or a tapped button or list row
 * whose id ("nps_9") or title ("9") carries it. Other kinds of message (media, reactions,
 * locations) never answer.
 */
export function parseNpsAnswer(content: MessageContent): number | undefined {
  switch (content.type) {
    case 'text':
      return parseNpsText(content.text);
    case 'button':
      return fromChoice(content.button.payload, content.button.text);
    case 'interactive':
      return fromChoice(content.interactive.id, content.interactive.title);
    case 'postback':
      return fromChoice(content.postback.payload, content.postback.title);
    default:
      return undefined;
  }
}

/** An id made for the survey wins over the title a guest reads; a bare number id is the last resort. */
function fromChoice(id: string | undefined, title: string | undefined): number | undefined {
  const named = id?.trim().match(SCORE_ID)?.[1];
  if (named !== undefined) return inScale(Number(named));
  const fromTitle = title === undefined ? undefined : parseNpsText(title);
  if (fromTitle !== undefined) return fromTitle;
  const bare = id?.trim();
  return bare && BARE_ID.test(bare) ? inScale(Number(bare)) : undefined;
}

const inScale = (n: number) =>
  Number.isInteger(n) && n >= NPS_MIN_SCORE && n <= NPS_MAX_SCORE ? n : undefined;

/** Undefined when a token can never be part of a score (a time, a decimal, a number over 10). */
function tokenize(folded: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (const [raw] of folded.matchAll(TOKEN)) {
    if (raw === '/') tokens.push({ kind: 'slash' });
    else if (/^\d/.test(raw)) {
      // "07" or "010" is a time, a date or a room, not how anyone writes a score.
      const value = /^(?:\d|10)$/.test(raw) ? Number(raw) : undefined;
      if (value === undefined) return undefined;
      tokens.push({ kind: 'number', value, article: false });
    } else {
      const word = raw.replace(/'+$/, '');
      const number = NUMBER_WORDS.get(word);
      const article = ARTICLE_NUMBERS.get(word);
      if (number !== undefined) tokens.push({ kind: 'number', value: number, article: false });
      else if (article !== undefined) tokens.push({ kind: 'number', value: article, article: true });
      else tokens.push({ kind: 'word', word });
    }
  }
  return tokens;
}

/**
 * The tokens with the scale taken out ("/ 10", "of ten", "10 üzerinden"); undefined when a scale
 * is not 0–10 ("4/5", "4 out of 5", "12/07"). A scale word with no number beside it is a filler
 * ("von mir eine 10").
 */
function withoutScale(tokens: readonly Token[]): Token[] | undefined {
  const rest: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    const isScaleWord = token.kind === 'word' && SCALE_AFTER.has(token.word);
    if (token.kind === 'slash' || (isScaleWord && next?.kind === 'number')) {
      const previous = rest[rest.length - 1];
      if (next?.kind !== 'number' || next.value !== NPS_MAX_SCORE) return undefined;
      if (token.kind === 'slash' && previous?.kind !== 'number') return undefined;
      i++;
      continue;
    }
    if (token.kind === 'word' && token.word === SCALE_BEFORE) {
      const previous = rest[rest.length - 1];
      if (previous?.kind === 'number') {
        if (previous.value !== NPS_MAX_SCORE) return undefined;
        rest.pop();
      }
      continue;
    }
    if (isScaleWord) continue;
    rest.push(token);
  }
  return rest;
}

/** Arabic-Indic (U+0660) and Extended Arabic-Indic (U+06F0) zeros: each block has ten digits. */
const DIGIT_ZEROS = [0x0660, 0x06f0];

function fold(text: string): string {
  return (
    text
      .replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (char) => {
        const code = char.codePointAt(0) ?? 0;
        const zero = DIGIT_ZEROS.find((z) => code >= z && code < z + 10) ?? code;
        return String(code - zero);
      })
      // U+1F51F is the keycap ten; a keycap digit is the digit, U+FE0F and the enclosing keycap U+20E3.
      .replace(/\u{1F51F}/gu, ' 10 ')
      .replace(/\uFE0E|\uFE0F|\u200D|\u20E3/g, '')
      // Turkish İ lower-cases to i + a combining dot in the default locale; the dot is dropped below.
      .normalize('NFKC')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/ı/g, 'i')
      .replace(/[’‘`´]/g, "'")
  );
}

function words(list: readonly string[], value: number): [string, number][] {
  return list.map((word) => [word, value]);
}
