import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CARD_MASK,
  cardNetworkOf,
  findCardNumbers,
  maskCardNumbers,
  passesLuhn,
} from '../../functions/domain/privacy/card-numbers';

describe('the Luhn check', () => {
  it.each([
    '4111111111111111',
    '4242424242424242',
    '5555555555554444',
    '378282246310005',
    '9792030000000000',
    '79927398713',
  ])('accepts %s', (digits) => {
    expect(passesLuhn(digits)).toBe(true);
  });

  it.each([
    '4111111111111112',
    '1234567812345678',
    '5555555555554445',
    '79927398710',
    '',
    '4111 1111 1111 1111',
  ])('rejects %s', (digits) => {
    expect(passesLuhn(digits)).toBe(false);
  });
});

describe('card schemes', () => {
  it.each([
    ['4111111111111111', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['9792030000000000', 'troy'],
    ['2200000000000004', 'mir'],
    ['6011111111111117', 'discover'],
    ['6200000000000005', 'unionpay'],
    ['3530111333300000', 'jcb'],
    ['30569309025904', 'diners'],
    ['6759649826438453', 'maestro'],
  ])('recognises %s as %s', (digits, network) => {
    expect(cardNetworkOf(digits)).toBe(network);
  });

  it.each([
    ['a number outside every IIN range', '1234567812345670'],
    ['a Visa prefix with 13 digits, like a German mobile number', '4915112345678'],
    ['an Amex prefix with 16 digits', '3782822463100050'],
  ])('knows no scheme for %s', (_, digits) => {
    expect(cardNetworkOf(digits)).toBeUndefined();
  });
});

describe('finding card numbers', () => {
  it.each([
    ['solid', 'kart no 4111111111111111 teşekkürler'],
    ['in groups of four', 'kart no 4111 1111 1111 1111 teşekkürler'],
    ['with dashes', 'kart no 4111-1111-1111-1111 teşekkürler'],
    ['in the Amex 4-6-5 layout', 'kart no 3782 822463 10005 teşekkürler'],
  ])('finds a card number written %s', (_, text) => {
    expect(findCardNumbers(text)).toHaveLength(1);
  });

  it('gives where a number is and its scheme, never its digits', () => {
    const text = 'Card: 5555 5555 5555 4444, thanks';

    const [location] = findCardNumbers(text);

    expect(location).toEqual({ start: 6, end: 25, network: 'mastercard' });
    expect(JSON.stringify(location)).not.toMatch(/4444|5555/);
  });

  it('finds a card number that follows another number in the same run', () => {
    expect(findCardNumbers('2 4111 1111 1111 1111')).toEqual([{ start: 2, end: 21, network: 'visa' }]);
  });

  it.each([
    ['a price', 'Fiyat 1234 5678 TL mi?'],
    ['a 16-digit number that fails Luhn', '4111 1111 1111 1112'],
    ['a Turkish mobile number', 'Beni 0532 123 45 67 numarasından arayın'],
    ['an international phone number', 'Call me on +90 532 123 45 67 or +4915112345678'],
    ['a booking reference', 'Booking ref AUB-2026-000001, Expedia itinerary 7234567890123'],
    ['a Turkish IBAN', 'IBAN TR33 0006 1005 1978 6457 8413 26'],
    ['dates and room numbers', 'Oda 1204, 12-15 Temmuz 2026, 2 yetişkin 1 çocuk'],
  ])('leaves %s alone', (_, text) => {
    expect(findCardNumbers(text)).toEqual([]);
    expect(maskCardNumbers(text)).toBe(text);
  });
});

describe('masking card numbers', () => {
  it('keeps the last four digits and the text around the number', () => {
    expect(maskCardNumbers('Kartım 4111 1111 1111 1111, son kullanma 12/27.')).toBe(
      'Kartım •••• •••• •••• 1111, son kullanma 12/27.',
    );
  });

  it('writes every number the same way, whatever its layout and length', () => {
    expect(maskCardNumbers('4242424242424242 / 3782-822463-10005')).toBe(
      `${CARD_MASK}4242 / ${CARD_MASK}0005`,
    );
  });

  it('masks every card number in a message', () => {
    const masked = maskCardNumbers('Visa 4111111111111111 ya da Troy 9792 0300 0000 0000');

    expect(masked).toBe(`Visa ${CARD_MASK}1111 ya da Troy ${CARD_MASK}0000`);
  });

  it('changes nothing more when applied again', () => {
    const once = maskCardNumbers('4242 4242 4242 4242 4111 1111 1111 1111');

    expect(maskCardNumbers(once)).toBe(once);
  });
});

// Known IIN prefixes with a length each scheme issues.
const CARD_SHAPES: readonly [string, number][] = [
  ['4', 16],
  ['4', 19],
  ['51', 16],
  ['2221', 16],
  ['34', 15],
  ['9792', 16],
  ['2200', 16],
  ['6011', 16],
  ['62', 19],
  ['3530', 16],
  ['36', 14],
  ['56', 13],
];

function withLuhnDigit(partial: string): string {
  for (let digit = 0; digit <= 9; digit++) {
    if (passesLuhn(`${partial}${digit}`)) return `${partial}${digit}`;
  }
  throw new Error('unreachable: one of ten check digits passes');
}

const cardNumberArb = fc.constantFrom(...CARD_SHAPES).chain(([prefix, length]) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), {
      minLength: length - prefix.length - 1,
      maxLength: length - prefix.length - 1,
    })
    .map((body) => withLuhnDigit(`${prefix}${body.join('')}`)),
);

const writtenCardArb = fc
  .tuple(cardNumberArb, fc.constantFrom('', ' ', '-'))
  .map(([digits, separator]) => digits.replace(/(\d{4})(?=\d)/g, `$1${separator}`));

/** Guest-like text around card numbers: words, other numbers, separators, anything ASCII. */
const messageArb = fc
  .array(
    fc.oneof(
      writtenCardArb,
      fc.stringMatching(/^\d{1,20}$/),
      fc.constantFrom(' ', '-', ', ', 'kart ', 'Karte: ', 'номер ', '\n'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Solid runs of 13-19 digits a card scheme would issue, other than after "+" (a phone number). */
const solidCardLikeRuns = (text: string) =>
  Array.from(text.matchAll(/(?<![\d+])\d{13,19}(?!\d)/g), ([digits]) => digits).filter(
    (digits) => passesLuhn(digits) && cardNetworkOf(digits) !== undefined,
  );

describe('masking, for any text', () => {
  it('leaves no card number behind', () => {
    fc.assert(
      fc.property(messageArb, (text) => {
        const masked = maskCardNumbers(text);

        expect(findCardNumbers(masked)).toEqual([]);
        expect(solidCardLikeRuns(masked)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(messageArb, (text) => {
        const masked = maskCardNumbers(text);

        expect(maskCardNumbers(masked)).toBe(masked);
      }),
      { numRuns: 500 },
    );
  });

  it('masks every generated card number written between words', () => {
    fc.assert(
      fc.property(writtenCardArb, (card) => {
        const masked = maskCardNumbers(`Kart numaram ${card}, teşekkürler`);

        expect(masked).toBe(`Kart numaram ${CARD_MASK}${card.replace(/\D/g, '').slice(-4)}, teşekkürler`);
      }),
    );
  });
});
