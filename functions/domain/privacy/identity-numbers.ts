/** Where an identity number sits in a text. Never its digits. */
export interface IdentityNumberLocation {
  start: number;
  end: number;
}

const ELEVEN_DIGITS = /(?<!\d)\d{11}(?!\d)/g;

/**
 * The checksum of a Turkish national identity number (T.C. Kimlik No): eleven digits, the first not
 * 0; the tenth is (7 × the sum of the 1st, 3rd, 5th, 7th and 9th − the sum of the 2nd, 4th, 6th and
 * 8th) mod 10, the eleventh the sum of the first ten mod 10. A Turkish mobile number written with
 * its leading 0 ("05321234567") fails the first rule; any other eleven digits pass both checks one
 * time in a hundred.
 */
export function isValidTurkishNationalId(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const d = Array.from(digits, Number) as [number, ...number[]];
  const at = (position: number) => d[position - 1] ?? 0;
  const odd = at(1) + at(3) + at(5) + at(7) + at(9);
  const even = at(2) + at(4) + at(6) + at(8);
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  if (tenth !== at(10)) return false;
  const firstTen = d.slice(0, 10).reduce((sum, digit) => sum + digit, 0);
  return firstTen % 10 === at(11);
}

/** The valid Turkish national identity numbers in a text, written as eleven digits in a row. */
export function findTurkishNationalIds(text: string): IdentityNumberLocation[] {
  return Array.from(text.matchAll(ELEVEN_DIGITS))
    .filter(([digits]) => isValidTurkishNationalId(digits))
    .map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

/**
 * A word of 6 to 12 letters and digits with at least 5 digits ("U12345678", "C01X00T47", the
 * "123456" of a Russian passport's "4509 123456"), not preceded by "+" and not a 10-plus-digit
 * number starting with 0: the shape of a passport, ID card or driving licence number, and not that
 * of a phone number.
 */
const DOCUMENT_NUMBER = /(?<![\p{L}\p{N}+])(?=(?:\p{L}*\p{N}){5})[\p{L}\p{N}]{6,12}(?![\p{L}\p{N}])/gu;
const PHONE_LIKE = /^0\d{9,}$/;

/**
 * Whether a text holds something shaped like an identity document's number. On its own it means
 * little (a booking reference has the same shape); beside a document's name ("passport no") it
 * tells a message that carries the document from one that only asks about it.
 */
export function containsDocumentNumber(text: string): boolean {
  for (const [word] of text.matchAll(DOCUMENT_NUMBER)) {
    if (!PHONE_LIKE.test(word)) return true;
  }
  return false;
}
