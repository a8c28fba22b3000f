/** The card schemes whose numbers are recognised, by their issuer identification number (IIN). */
export type CardNetwork =
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'troy'
  | 'mir'
  | 'discover'
  | 'unionpay'
  | 'jcb'
  | 'diners'
  | 'maestro';

/** Where a card number sits in a text, and its scheme. Never its digits. */
export interface CardNumberLocation {
  start: number;
  end: number;
  network: CardNetwork;
}

interface NetworkRule {
  network: CardNetwork;
  /** Inclusive ranges of leading digits, both ends of one length: ['2221', '2720']. */
  prefixes: readonly (readonly [string, string])[];
  lengths: readonly number[];
}

const SIXTEEN_TO_NINETEEN = [16, 17, 18, 19];

/**
 * The IIN ranges recognised: the schemes guests of Turkish resorts pay with (Troy is Turkey's own,
 * Mir Russia's), simplified to their well-known prefixes and lengths. Thirteen-digit Visa numbers
 * are left out: no longer issued, and a German mobile number written as "+49 151 ..." is 13 digits
 * starting with 4.
 */
const NETWORKS: readonly NetworkRule[] = [
  { network: 'visa', prefixes: [['4', '4']], lengths: [16, 19] },
  {
    network: 'mastercard',
    prefixes: [
      ['51', '55'],
      ['2221', '2720'],
    ],
    lengths: [16],
  },
  {
    network: 'amex',
    prefixes: [
      ['34', '34'],
      ['37', '37'],
    ],
    lengths: [15],
  },
  { network: 'troy', prefixes: [['9792', '9792']], lengths: [16] },
  { network: 'mir', prefixes: [['2200', '2204']], lengths: SIXTEEN_TO_NINETEEN },
  {
    network: 'discover',
    prefixes: [
      ['6011', '6011'],
      ['644', '649'],
      ['65', '65'],
    ],
    lengths: SIXTEEN_TO_NINETEEN,
  },
  { network: 'unionpay', prefixes: [['62', '62']], lengths: SIXTEEN_TO_NINETEEN },
  { network: 'jcb', prefixes: [['3528', '3589']], lengths: SIXTEEN_TO_NINETEEN },
  {
    network: 'diners',
    prefixes: [
      ['300', '305'],
      ['36', '36'],
      ['38', '39'],
    ],
    lengths: [14, 16],
  },
  {
    network: 'maestro',
    prefixes: [
      ['50', '50'],
      ['56', '58'],
      ['6304', '6304'],
      ['6759', '6759'],
      ['6761', '6763'],
    ],
    lengths: [13, 14, 15, 16, 17, 18, 19],
  },
];

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/** What a masked number shows before its last four digits, whatever its length. */
export const CARD_MASK = '•••• •••• •••• ';

/**
 * Digit groups joined by single spaces or dashes. A run does not start after a digit, after "+" (a
 * phone number), or right after `CARD_MASK` (the visible end of a number already masked: this keeps
 * masking idempotent, at the price of missing a number a guest types right after four bullets).
 */
const DIGIT_RUN = /(?<![\d+])(?<!•••• )\d+(?:[ -]\d+)*/g;
const DIGIT_GROUP = /\d+/g;

/** The Luhn (mod 10) check every payment card number passes, and a typo or a price rarely does. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The scheme whose IIN range and length a digit string fits, if any (the Luhn check aside). */
export function cardNetworkOf(digits: string): CardNetwork | undefined {
  for (const { network, prefixes, lengths } of NETWORKS) {
    if (!lengths.includes(digits.length)) continue;
    const fits = prefixes.some(([low, high]) => {
      const leading = digits.slice(0, low.length);
      return leading >= low && leading <= high;
    });
    if (fits) return network;
  }
  return undefined;
}

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
}

/**
 * The payment card numbers in a text: 13 to 19 digits, written solid or in groups split by single
 * spaces or dashes ("4111 1111 1111 1111", "3782-822463-10005"), that fit a known IIN range and
 * pass the Luhn check. Phone numbers, prices and booking references fail one of the three. Within
 * a run of digit groups the longest number starting at the earliest group wins, so "2 kişi 4111
 * 1111 1111 1111" finds the card after the "2".
 */
export function findCardNumbers(text: string): CardNumberLocation[] {
  const found: CardNumberLocation[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups = Array.from(run[0].matchAll(DIGIT_GROUP), (group) => ({
      start: run.index + group.index,
      end: run.index + group.index + group[0].length,
      digits: group[0],
    }));
    let first = 0;
    while (first < groups.length) {
      const card = longestCardFrom(groups, first);
      if (card) {
        found.push(card.location);
        first = card.after;
      } else {
        first++;
      }
    }
  }
  return found;
}

function longestCardFrom(
  groups: readonly DigitGroup[],
  first: number,
): { location: CardNumberLocation; after: number } | undefined {
  let digits = '';
  let longest: { location: CardNumberLocation; after: number } | undefined;
  for (let last = first; last < groups.length; last++) {
    const group = groups[last];
    const start = groups[first]?.start;
    if (!group || start === undefined) break;
    digits += group.digits;
    if (digits.length > MAX_DIGITS) break;
    if (digits.length < MIN_DIGITS) continue;
    const network = cardNetworkOf(digits);
    if (network && passesLuhn(digits)) {
      longest = { location: { start, end: group.end, network }, after: last + 1 };
    }
  }
  return longest;
}

/**
 * The text with every card number replaced by `•••• •••• •••• ` and its last four digits, the way
 * a card terminal prints it; the words around it are untouched, and so are digit runs that are not
 * card numbers. Applying it twice changes nothing more.
 * @example maskCardNumbers('kart: 4111-1111-1111-1111?') // 'kart: •••• •••• •••• 1111?'
 */
export function maskCardNumbers(text: string): string {
  let masked = '';
  let from = 0;
  for (const { start, end } of findCardNumbers(text)) {
    const digits = text.slice(start, end).replace(/\D/g, '');
    masked += text.slice(from, start) + CARD_MASK + digits.slice(-4);
    from = end;
  }
  return masked + text.slice(from);
}
