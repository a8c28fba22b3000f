/** One word, number or emoji of a message, as written and as folded for matching. */
export interface Token {
  raw: string;
  folded: string;
  kind: 'word' | 'number' | 'emoji';
}

const TOKEN = /\p{N}+|[\p{L}\p{M}]+|\p{Extended_Pictographic}/gu;
const DIGITS = /^\p{N}+$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;
const ASCII = /^[A-Za-z0-9]*$/;

/**
 * The form every word is compared in: lower case, the four Turkish i's (I, İ, ı, i) folded to `i`
 * (so "IPTAL", "İptal" and "iptal" meet whatever keyboard wrote them), `ß` to `ss`, and every
 * diacritic dropped ("müsait" = "musait", "çocuk" = "cocuk", "Rückerstattung" = "ruckerstattung").
 * Cyrillic folds the same way: "ё" = "е", "й" = "и".
 */
export function foldWord(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  return word
    .replace(/[Iİı]/g, 'i')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/**
 * The words, numbers and emoji of a message, in order. Apostrophes, hyphens and punctuation split
 * words ("Antalya'dan" gives "antalya" + "dan", "check-in" gives "check" + "in"), and so do digits
 * ("9da" gives "9" + "da").
 */
export function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(TOKEN), ([raw]) => ({
    raw,
    folded: foldWord(raw),
    kind: EMOJI.test(raw) ? 'emoji' : DIGITS.test(raw) ? 'number' : 'word',
  }));
}

/** The letters of a word lower-cased for spotting a language: "İ" stays Turkish (as "ı"). */
export function lettersOf(word: string): string {
  return word.replace(/İ/g, 'ı').toLowerCase();
}
