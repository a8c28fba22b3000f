import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findTurkishNationalIds,
  isValidTurkishNationalId,
} from '../../functions/domain/privacy/identity-numbers';
import {
  type SensitiveCategory,
  SensitiveCategorySchema,
  SensitiveFindingSchema,
} from '../../functions/domain/privacy/sensitive-finding';
import {
  DEFAULT_SENSITIVE_LEXICONS,
  SensitiveLexiconSchema,
} from '../../functions/domain/privacy/sensitive-lexicons';
import {
  createSensitiveDataDetector,
  detectSensitiveData,
} from '../../functions/domain/privacy/special-category';

type Case = [SensitiveCategory, 'tr' | 'en' | 'de' | 'ru', string];

const SPECIAL_CATEGORY_MESSAGES: Case[] = [
  ['health', 'tr', 'Oğlum şeker hastası, menüde şekersiz tatlı var mı?'],
  ['health', 'en', 'My husband is diabetic, can you keep his insulin in the fridge?'],
  ['health', 'de', 'Mein Mann ist Diabetiker und braucht einen Kühlschrank für sein Insulin'],
  ['health', 'ru', 'У сына диабет, нужен холодильник для инсулина'],
  ['allergy', 'tr', 'Merhaba, fıstık alerjim var, restorana bildirir misiniz?'],
  ['allergy', 'en', 'I have a severe gluten allergy, is the buffet labelled?'],
  ['allergy', 'de', 'Ich habe eine Nussallergie, gibt es eine Allergenkarte?'],
  ['allergy', 'ru', 'У меня аллергия на орехи, предупредите ресторан'],
  ['pregnancy', 'tr', '5 aylık hamileyim, spa kullanabilir miyim?'],
  ['pregnancy', 'en', 'My wife is 6 months pregnant, is the hammam safe for her?'],
  ['pregnancy', 'de', 'Ich bin schwanger, darf ich in die Sauna?'],
  ['pregnancy', 'ru', 'Я беременна, можно ли мне в хамам?'],
  ['disability', 'tr', 'Annem tekerlekli sandalye kullanıyor, restorana rampa var mı?'],
  ['disability', 'en', 'My father uses a wheelchair, is the restaurant step-free?'],
  ['disability', 'de', 'Mein Vater sitzt im Rollstuhl, gibt es einen Aufzug zum Strand?'],
  ['disability', 'ru', 'Отец передвигается на инвалидной коляске, есть ли пандус?'],
  ['religion', 'tr', 'Ramazanda oruç tutuyoruz, sahur için yemek hazırlanabilir mi?'],
  ['religion', 'en', 'Is the food halal? We also need a prayer mat in the room'],
  ['religion', 'de', 'Ist das Fleisch halal? Wir beten fünfmal am Tag'],
  ['religion', 'ru', 'Мы мусульмане, еда в ресторане халяль?'],
  ['ethnicity', 'tr', 'Resepsiyondaki görevli bize ırkçı davrandı'],
  ['ethnicity', 'en', 'The waiter made racist comments about my family'],
  ['ethnicity', 'de', 'Der Kellner hat uns wegen unserer Hautfarbe schlecht behandelt'],
  ['ethnicity', 'ru', 'К нам плохо отнеслись из-за национальности'],
  ['political-opinion', 'tr', 'Siyasi görüşüm yüzünden barmen bana farklı davrandı'],
  ['political-opinion', 'en', 'The barman kept arguing with me about my political views'],
  ['political-opinion', 'de', 'Der Barkeeper hat mich wegen meiner politischen Einstellung angepöbelt'],
  ['political-opinion', 'ru', 'Бармен спорил со мной о моих политических взглядах'],
  ['union-membership', 'tr', 'Sendika üyelerine indiriminiz var mı? Eğitim-Sen üyesiyim'],
  ['union-membership', 'en', 'Do you offer a trade union discount? I am a union member'],
  ['union-membership', 'de', 'Gibt es einen Rabatt für Gewerkschaftsmitglieder?'],
  ['union-membership', 'ru', 'Есть ли скидка для членов профсоюза?'],
  ['sex-life', 'tr', 'Eşcinsel bir çiftiz, çift kişilik yatak sorun olur mu?'],
  ['sex-life', 'en', 'We are a gay couple, is a double bed OK?'],
  ['sex-life', 'de', 'Wir sind ein schwules Paar, ist ein Doppelbett möglich?'],
  ['sex-life', 'ru', 'Мы однополая пара, можно двуспальную кровать?'],
  ['criminal-record', 'tr', 'Eşimin sabıka kaydı var, check-in sırasında sorun olur mu?'],
  ['criminal-record', 'en', 'My brother has a criminal record, will that be an issue at check-in?'],
  ['criminal-record', 'de', 'Mein Bruder ist vorbestraft, ist das beim Check-in ein Problem?'],
  ['criminal-record', 'ru', 'У мужа есть судимость, будут ли проблемы при заселении?'],
  ['biometric', 'tr', 'Girişte parmak izimi vermek istemiyorum'],
  ['biometric', 'en', "I don't want my fingerprint scanned at check-in"],
  ['biometric', 'de', 'Ich möchte beim Check-in keinen Fingerabdruck abgeben'],
  ['biometric', 'ru', 'Не хочу сдавать отпечатки пальцев при заселении'],
];

const DOCUMENT_MESSAGES: Case[] = [
  ['identity-document', 'tr', 'Pasaport numaram U12345678, kayıt için'],
  ['identity-document', 'en', 'My passport number is 123456789'],
  ['identity-document', 'de', 'Meine Reisepassnummer ist C01X00T47'],
  ['identity-document', 'ru', 'Номер паспорта 4509 123456'],
  ['payment-card', 'tr', 'Kart numaram 4111 1111 1111 1111, ön ödemeyi çekebilirsiniz'],
  ['payment-card', 'en', 'Please charge 5555 5555 5555 4444 for the deposit'],
  ['payment-card', 'de', 'Meine Kreditkarte: 4242-4242-4242-4242'],
  ['payment-card', 'ru', 'Номер карты 2200 0000 0000 0004, спишите предоплату'],
];

const CAPTIONS: Case[] = [
  ['identity-document', 'tr', 'kimliğimin fotoğrafı'],
  ['identity-document', 'en', 'here is my passport'],
  ['identity-document', 'de', 'Foto meines Personalausweises'],
  ['identity-document', 'ru', 'фото паспорта'],
  ['payment-card', 'tr', 'kredi kartımın ön yüzü'],
  ['payment-card', 'en', 'front of my credit card'],
  ['payment-card', 'de', 'Foto meiner Kreditkarte'],
  ['payment-card', 'ru', 'фото моей карты'],
];

describe('special-category data', () => {
  it.each(SPECIAL_CATEGORY_MESSAGES)('flags %s in %s: %s', (category, _, text) => {
    const finding = detectSensitiveData(text);

    expect(finding.flagged).toBe(true);
    expect(finding.categories).toContain(category);
  });

  it.each([
    ['Dear hotel, my son is DIABETIC', 'health'],
    ['SEKER HASTASIYIM', 'health'],
    ['ISTANBUL değil, İZMİR; FISTIK ALERJİSİ var', 'allergy'],
    ['EŞİM HAMİLE, ŞEZLONG AYIRABİLİR MİSİNİZ', 'pregnancy'],
    ['ЖДЁМ РЕБЁНКА в сентябре', 'pregnancy'],
    ['wir möchten GLUTENUNVERTRÄGLICHKEIT melden', 'allergy'],
  ])('reads words whatever their case, i or diacritics: %s', (text, category) => {
    expect(detectSensitiveData(text).categories).toContain(category);
  });

  it.each([
    'Is there a pharmacy nearby? My daughter has a slight cold',
    'Ist eine Apotheke in der Nähe? Meine Tochter hat leichtes Fieber',
    'Рядом есть аптека? У дочки небольшая температура',
    'Yakında eczane var mı? Kızım grip oldu',
  ])('counts a passing illness as health: %s', (text) => {
    expect(detectSensitiveData(text).categories).toEqual(['health']);
  });

  it('reads a line that mixes languages', () => {
    expect(detectSensitiveData('Merhaba, my daughter has a peanut allergy ve hamileyim').categories).toEqual([
      'allergy',
      'pregnancy',
    ]);
  });

  it('names every category found, in a fixed order, with how much evidence for each', () => {
    const finding = detectSensitiveData(
      'Oğlum şeker hastası ve insülin kullanıyor, fıstık alerjisi var. Kart: 4111 1111 1111 1111',
    );

    expect(finding).toEqual({
      flagged: true,
      categories: ['health', 'allergy', 'payment-card'],
      counts: { health: 2, allergy: 1, 'payment-card': 1 },
    });
  });

  it('finds nothing in an ordinary hotel question', () => {
    expect(detectSensitiveData('2 yetişkin + 1 çocuk, Nisan ilk hafta fiyat?')).toEqual({
      flagged: false,
      categories: [],
      counts: {},
    });
  });
});

describe('identity documents and payment cards', () => {
  it.each(DOCUMENT_MESSAGES)('flags %s in %s text that carries one: %s', (category, _, text) => {
    expect(detectSensitiveData(text).categories).toContain(category);
  });

  it.each(CAPTIONS)('flags %s in %s when a photo is captioned "%s"', (category, _, caption) => {
    expect(detectSensitiveData(caption, { attachment: 'image' }).categories).toEqual([category]);
    expect(detectSensitiveData(caption, { attachment: 'document' }).categories).toEqual([category]);
  });

  it.each(CAPTIONS)('does not flag %s in %s for the caption alone: "%s"', (_, __, caption) => {
    expect(detectSensitiveData(caption).flagged).toBe(false);
  });

  it('does not flag an attachment whose caption names no document', () => {
    expect(detectSensitiveData('balkondan manzara 😍', { attachment: 'image' }).flagged).toBe(false);
  });

  it.each(['10000000146', '62601815964', '18301661332'])(
    'flags a valid Turkish national identity number on its own: %s',
    (tckn) => {
      expect(detectSensitiveData(`Bilgilerim: ${tckn}`).categories).toEqual(['identity-document']);
    },
  );

  it('counts the identity number and the words that name it', () => {
    expect(detectSensitiveData('TC kimlik no: 10000000146').counts).toEqual({ 'identity-document': 2 });
  });

  it('counts each card number', () => {
    expect(detectSensitiveData('Visa 4111111111111111, olmazsa Troy 9792 0300 0000 0000').counts).toEqual({
      'payment-card': 2,
    });
  });

  it.each(['cvv 123', 'CVV: 123', 'Prüfnummer 456'])('flags a card security code: %s', (text) => {
    expect(detectSensitiveData(text).categories).toEqual(['payment-card']);
  });
});

describe('the Turkish national identity number checksum', () => {
  it.each(['10000000146', '62601815964', '18301661332', '28609139020'])('accepts %s', (digits) => {
    expect(isValidTurkishNationalId(digits)).toBe(true);
  });

  it.each([
    ['a wrong eleventh digit', '10000000147'],
    ['a wrong tenth digit', '10000000156'],
    ['a leading 0, like a mobile number', '05321234567'],
    ['ten digits', '1000000014'],
    ['twelve digits', '100000001460'],
    ['a sequence', '12345678901'],
    ['letters', '1000000014a'],
  ])('rejects %s', (_, digits) => {
    expect(isValidTurkishNationalId(digits)).toBe(false);
  });

  it('finds eleven digits in a row only, not inside a longer number', () => {
    expect(findTurkishNationalIds('10000000146 ve 910000000146')).toEqual([{ start: 0, end: 11 }]);
  });
});

describe('hotel messages that are not sensitive', () => {
  it.each([
    // A place of worship as a landmark says nothing of the guest's belief.
    ['a view of the mosque', 'Can we have a room with a view of the mosque?'],
    ['a view of the mosque, in Turkish', 'Camii manzaralı odanız var mı?'],
    ['a view of the mosque, in German', 'Gibt es ein Zimmer mit Blick auf die Moschee?'],
    ['a view of the mosque, in Russian', 'Есть номер с видом на мечеть?'],
    // Holidays as dates.
    ['a religious holiday as a date', "Ramazan Bayramı'nda 3 gece fiyat?"],
    ['a religious holiday in Turkish', 'Dini bayramda spa açık mı?'],
    ['Orthodox Easter as a date', 'Цены на православную Пасху?'],
    ['religious holidays in German', 'Haben Sie an religiösen Feiertagen geöffnet?'],
    // Slang and idioms.
    ['slang', 'The pool is sick!'],
    ['being fed up', "I'm sick of waiting for the shuttle"],
    ['"well done"', 'Personele helal olsun, çok ilgiliydiler'],
    ['German slang', 'Das ist krank, wie schön der Strand ist'],
    ['a room like a prison', 'The room felt like a prison'],
    ['a room like a prison, in Turkish', 'Oda hapishane gibiydi, penceresi yok'],
    ['a room like a prison, in German', 'Das Zimmer war wie ein Gefängnis'],
    ['a room like a prison, in Russian', 'Номер как в тюрьме, без окон'],
    ['rooting for a team', 'Я болею за Спартак, покажете матч?'],
    // Words that fold into, or sit one letter from, sensitive ones.
    ['humid weather', 'Es ist sehr schwül heute, läuft die Klimaanlage?'],
    ['a guest called Kurt', 'Viele Grüße, Kurt'],
    ['coming from Rome', "Roma'dan geliyoruz, transfer var mı?"],
    ['hanging the laundry', 'Çamaşırları balkona astım, rüzgar uçurdu'],
    ['asking for something', 'Ich habe um ein ruhiges Zimmer gebeten'],
    ['a football player', 'Is there a football player coaching at the kids club?'],
    ['water pressure', 'Давление воды в душе слабое'],
    ['a baby stroller', 'Нужна детская коляска напрокат'],
    ['a wing of the building', 'Our room is in the right wing, far from the lift'],
    ['a golf handicap', 'My handicap is 12, can you book a tee time?'],
    ['a blocked road', 'Der Transfer kam wegen einer Verkehrsbehinderung zu spät, die Zufahrt war behindert'],
    ['ethnic cuisine', 'Do you have an ethnic food night? Etnik restoranınız var mı?'],
    ['a disabled key card', 'My room key card was disabled again'],
    ['hypoallergenic bedding', 'Hypoallergenic pillows please'],
    ['a phone code', 'Kimlik doğrulama kodu 482913 gelmedi'],
    // Documents and cards named, not carried.
    ['a passport question', 'Do I need a passport for the kids?'],
    ['a passport question with a phone number', 'Forgot my passport at reception, call +90 532 123 45 67'],
    ['a card payment question', 'Can I pay by credit card?'],
    ['a card payment question, in Turkish', 'Kredi kartı ile ödeme yapabilir miyim?'],
    ['a booking ID', 'My booking ID is 4829173650'],
    // Numbers that are not card or ID numbers.
    ['a price', 'Fiyat 1234 5678 TL mi?'],
    ['phone numbers', 'Call me on +90 532 123 45 67 or 05321234567'],
    ['a booking reference', 'Rezervasyon no AUB-2026-000001'],
    ['an invalid identity number', 'Numaram 12345678901'],
  ])('does not flag %s: %s', (_, text) => {
    expect(detectSensitiveData(text)).toEqual({ flagged: false, categories: [], counts: {} });
  });
});

describe('the finding', () => {
  const vocabulary = DEFAULT_SENSITIVE_LEXICONS.flatMap((lexicon) => [
    ...Object.values(lexicon.categories).flat(),
    ...Object.values(lexicon.documents).flat(),
  ]).map((term) => term.replace(/\*|\.\.|#/g, '').trim());
  const messageArb = fc
    .array(
      fc.oneof(
        fc.constantFrom(...vocabulary),
        fc.constantFrom('4111 1111 1111 1111', '10000000146', 'U12345678', 'lütfen', 'bitte', '!'),
        fc.string({ maxLength: 10 }),
      ),
      { maxLength: 10 },
    )
    .map((words) => words.join(' '));

  it('holds categories and counts only, never the text', () => {
    fc.assert(
      fc.property(messageArb, fc.constantFrom(undefined, 'image' as const), (text, attachment) => {
        const finding = detectSensitiveData(text, { attachment });
        const strings: string[] = [];
        JSON.stringify(finding, (_, value) => {
          if (typeof value === 'string') strings.push(value);
          return value;
        });

        expect(SensitiveFindingSchema.safeParse(finding).success).toBe(true);
        expect(strings.every((value) => SensitiveCategorySchema.safeParse(value).success)).toBe(true);
        expect(Object.keys(finding.counts)).toEqual(finding.categories);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps no copy of what it matched', () => {
    const finding = detectSensitiveData('Fıstık alerjim var, kartım 4111 1111 1111 1111, TC 10000000146');

    expect(JSON.stringify(finding)).not.toMatch(/fıstık|alerj|4111|1111|10000000146/i);
  });
});

describe('the lexicons', () => {
  it('ship all four guest languages, each valid', () => {
    expect(DEFAULT_SENSITIVE_LEXICONS.map((lexicon) => lexicon.language)).toEqual(['tr', 'en', 'de', 'ru']);
    for (const lexicon of DEFAULT_SENSITIVE_LEXICONS) {
      expect(SensitiveLexiconSchema.safeParse(lexicon).success).toBe(true);
    }
  });

  it('cover every special category in every language', () => {
    const special = SensitiveCategorySchema.options.filter(
      (category) => category !== 'identity-document' && category !== 'payment-card',
    );
    for (const lexicon of DEFAULT_SENSITIVE_LEXICONS) {
      expect(Object.keys(lexicon.categories)).toEqual(expect.arrayContaining(special));
      expect(Object.keys(lexicon.documents)).toEqual(['identity-document', 'payment-card']);
    }
  });

  it('can be replaced, for a hotel or a test', () => {
    const detect = createSensitiveDataDetector([
      { language: 'en', categories: { health: ['sunburn*'] }, documents: {}, exclusions: [] },
    ]);

    expect(detect('Bad sunburn, need aloe').categories).toEqual(['health']);
    expect(detect('I am diabetic').flagged).toBe(false);
  });
});
