/** The CSAT scale of the `csat-question` template: 1 (very dissatisfied) to 5 (very satisfied). */
export const CSAT_MIN_SCORE = 1;
export const CSAT_MAX_SCORE = 5;

/** Arabic-Indic (U+0660), Extended Arabic-Indic (U+06F0) and fullwidth (U+FF10) zeros: each block has ten digits. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0xff10];

const STAR = '(?:⭐|🌟|★)';
const SCORE = '([1-5])';
const OUT_OF = '(?:/|out of|of|von|из)';
/** Words a guest may put after the number: "5 puan", "4 Punkte", "5 stars", "5 баллов". */
const UNIT = '(?:puan|yıldız|points?|stars?|punkte?|sterne?|балл(?:а|ов)?|звезд[аы]?)';

/**
 * The shapes a score reply takes, tried on the whole message (after trimming, folding digits,
 * dropping closing punctuation): a bare digit must stand alone, so "room 512", "2 adults 1 child"
 * or "I'll arrive at 5 pm" never read as a score.
 */
const SHAPES: readonly RegExp[] = [
  new RegExp(`^${SCORE}(?:\\s*${UNIT})?$`, 'iu'),
  new RegExp(`^${SCORE}\\s*${OUT_OF}\\s*5$`, 'iu'),
  // Turkish puts the scale first: "5 üzerinden 4".
  new RegExp(`^5\\s*üzerinden\\s*${SCORE}$`, 'iu'),
  new RegExp(`^${SCORE}\\s*${STAR}$`, 'u'),
];

/**
 * The 1–5 score a guest's reply to the CSAT question gives, or undefined when the message is
 * anything else: "5", " 4 ", "5/5", "4 out of 5", "⭐⭐⭐⭐", "5 ⭐", "٥", "５".
 */
export function parseCsatAnswer(text: string): number | undefined {
  const folded = foldDigits(text)
    .normalize('NFKC')
    // Emoji presentation selectors and joiners ride along with stars typed on phones.
    .replace(/[\uFE0E\uFE0F\u200D]/g, '')
    .trim()
    .replace(/[\s.!,;]+$/u, '')
    .replace(/\s+/gu, ' ');
  const stars = starCount(folded);
  if (stars !== undefined) return stars;
  for (const shape of SHAPES) {
    const digit = shape.exec(folded)?.[1];
    if (digit) return Number(digit);
  }
  return undefined;
}

/** "⭐⭐⭐⭐" (spaces allowed between stars): the number of stars, when 1 to 5. */
function starCount(text: string): number | undefined {
  if (!new RegExp(`^(?:${STAR}\\s?)+$`, 'u').test(text)) return undefined;
  const count = text.match(new RegExp(STAR, 'gu'))?.length ?? 0;
  return count >= CSAT_MIN_SCORE && count <= CSAT_MAX_SCORE ? count : undefined;
}

function foldDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9\uFF10-\uFF19]/g, (char) => {
    const code = char.codePointAt(0) ?? 0;
    const zero = DIGIT_ZEROS.find((z) => code >= z && code < z + 10) ?? code;
    return String(code - zero);
  });
}
