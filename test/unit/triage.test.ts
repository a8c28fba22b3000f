import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withinOneEdit } from '../../functions/domain/triage/edit-distance';
import { DEFAULT_LEXICONS, mergeLexicon } from '../../functions/domain/triage/load-lexicons';
import { foldWord, tokenize } from '../../functions/domain/triage/normalize-text';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import type { TriageClassifier } from '../../functions/domain/triage/types';
import { triageCommand } from '../../local/cli/commands/triage';
import {
  type HotelLexicon,
  HotelLexiconSchema,
  LexiconSchema,
  TriageResultSchema,
} from '../../schemas/triage';
import { evaluate, loadEvalSet } from '../triage/evaluate';

const classifier = new RuleBasedTriageClassifier();
const triage = (text: string, hotelLexicon?: HotelLexicon) => classifier.classifySync(text, { hotelLexicon });

describe('text normalization', () => {
  it.each([
    ['İPTAL', 'iptal'],
    ['IPTAL', 'iptal'],
    ['ıade', 'iade'],
    ['Müsait', 'musait'],
    ['ÇOCUK', 'cocuk'],
    ['Rückerstattung', 'ruckerstattung'],
    ['Straße', 'strasse'],
    ['Всё', 'все'],
  ])('folds %s to %s whatever keyboard typed it', (word, folded) => {
    expect(foldWord(word)).toBe(folded);
  });

  it('splits words at apostrophes, hyphens and digits, and keeps emoji as tokens', () => {
    const tokens = tokenize("Antalya'dan check-in 9da 😡!");

    expect(tokens.map((t) => t.folded)).toEqual(['antalya', 'dan', 'check', 'in', '9', 'da', '😡']);
    expect(tokens.map((t) => t.kind)).toEqual(['word', 'word', 'word', 'word', 'number', 'word', 'emoji']);
  });

  it.each([
    ['avaliable', 'available', true],
    ['reservaton', 'reservation', true],
    ['fiyet', 'fiyat', true],
    ['store', 'stole', false],
    ['price', 'prize', false],
  ])('counts %s and %s as one edit apart: %s', (a, b, near) => {
    expect(withinOneEdit(a, b)).toBe(near);
  });
});

describe('language detection', () => {
  it.each([
    ['fiyat?', 'tr'],
    ['Preis?', 'de'],
    ['цена?', 'ru'],
    ['price?', 'en'],
    ['Müsaitlik?', 'tr'],
  ])('recognises the one-word message %s as %s', (text, language) => {
    expect(triage(text).language).toBe(language);
  });

  it.each([
    'fiyat ne kadar',
    'cocuk',
    'oda musait mi',
    'sicak su yok sabahtan beri dus alamiyoruz',
    'IPTAL ETMEK ISTIYORUM',
  ])('recognises Turkish written without diacritics: %s', (text) => {
    expect(triage(text).language).toBe('tr');
  });

  it.each([
    ['Hello, 2 kişi temmuz fiyat ne kadar?', 'tr'],
    ['Merhaba! I saw your reels on instagram 😍 how much for a week in September?', 'en'],
    ['Hallo, do you speak German? Wir möchten im Juli ein Zimmer buchen', 'de'],
    ['Hello, сколько стоит номер на двоих на 4 ночи в октябре?', 'ru'],
  ])('labels a mixed line with its dominant language: %s', (text, language) => {
    expect(triage(text).language).toBe(language);
  });

  it.each(['👍', 'ok', '?', '2+1'])('answers unknown when a message carries no evidence: %s', (text) => {
    expect(triage(text).language).toBe('unknown');
  });

  it('recognises Russian written in Latin letters', () => {
    expect(triage('skolko stoit nomer na dvoih v iyule?').language).toBe('ru');
  });
});

describe('baskets for the seed examples', () => {
  it.each([
    ['2 yetişkin + 1 çocuk, Nisan ilk hafta fiyat?', 'sales'],
    ['Side’da aile odası var mı? 5 gece düşünüyoruz.', 'sales'],
    ['Kemer’de denize sıfır mısınız? Akşam etkinliği var mı?', 'support'],
    // seed 000 §2: intent, trust and closing signals of the reservation funnel
    ['Fiyat?', 'sales'],
    ['Müsaitlik?', 'sales'],
    ['Balayı paketi var mı?', 'sales'],
    ['Çocuk ücretsiz mi?', 'sales'],
    ['Gerçek fotoğraf?', 'sales'],
    ['Transfer var mı?', 'sales'],
    ['Link gönderir misiniz?', 'sales'],
    ['Ödeme nasıl?', 'sales'],
    ['İptal koşulu?', 'sales'],
  ])('puts "%s" in %s', (text, basket) => {
    expect(triage(text).basket).toBe(basket);
  });

  it('tags the seed example with its topics and the SalesLead intent', () => {
    const result = triage('2 yetişkin + 1 çocuk, Nisan ilk hafta fiyat?');

    expect(result).toMatchObject({ intent: 'SalesLead', language: 'tr', priority: 'high' });
    expect(result.topics).toEqual(expect.arrayContaining(['price-availability', 'children']));
  });

  it.each([
    ['sales', 'SalesLead', 'how much for a double with sea view in august'],
    ['support', 'Info', 'Ab wann kann man einchecken?'],
    ['complaint', 'Complaint', 'Кондиционер не работает уже два дня'],
  ])('gives the %s basket the %s intent', (basket, intent, text) => {
    expect(triage(text)).toMatchObject({ basket, intent });
  });

  it('tells a cancellation-policy question (sales) from a cancellation (complaint)', () => {
    expect(triage("What's your cancellation policy if I book now?").basket).toBe('sales');
    expect(triage('I want to cancel my reservation and get a full refund').basket).toBe('complaint');
  });

  it('tells a transfer question before booking (sales) from one about a booking (support)', () => {
    expect(triage('Do you offer airport transfer from Antalya? What is the cost?').basket).toBe('sales');
    expect(triage('We booked through Expedia, can you arrange a transfer from Antalya airport?').basket).toBe(
      'support',
    );
  });

  it('does not read a positive verb as its negation one letter away', () => {
    expect(triage('Wifi çalışıyor mu odalarda?').basket).toBe('support');
    expect(triage('Wifi çalışmıyor odada').basket).toBe('complaint');
  });

  it('does not hear noise in "lautet" (what something is called), and still hears it in "laute Musik"', () => {
    expect(triage('Wie lautet das WLAN-Passwort?')).toMatchObject({ basket: 'support' });
    expect(triage('Wie lautet das WLAN-Passwort?').topics).not.toContain('noise');
    expect(triage('Laute Musik bis 2 Uhr, wir können nicht schlafen')).toMatchObject({
      basket: 'complaint',
      topics: expect.arrayContaining(['noise']),
    });
  });

  it('lets "no problem" pass without a complaint', () => {
    expect(triage('Hello, is there a hairdryer in the room? no problem if not').basket).toBe('support');
  });

  it('reads misspelt words', () => {
    expect(triage('avaliable 1-8 june??')).toMatchObject({ basket: 'sales', topics: ['price-availability'] });
  });

  it('answers every message with a result its schema accepts', () => {
    for (const text of ['', '👍', 'fiyat?', 'x'.repeat(5000), 'Kakerlaken im Bad!!!']) {
      expect(TriageResultSchema.safeParse(triage(text)).success).toBe(true);
    }
  });
});

describe('reputation risk', () => {
  it.each([
    ["Booking'e kötü yorum yazacağım, bu ne rezalet"],
    ["Still no refund after 3 weeks!! I will post a review on TripAdvisor if this isn't sorted"],
    ['Schlechtestes Hotel überhaupt. Bewertung bei HolidayCheck und Google folgt 😡'],
    ['Худший отель, оставлю отзыв на Booking и в Google 😡'],
    ['Bu yaşadıklarımızı sosyal medyada paylaşacağım'],
    ['I want to speak to the manager. We paid for a sea view and got a view of the car park'],
    ['Param hala iade edilmedi, tüketici hakem heyetine başvuracağım'],
  ])(
    'flags a public, OTA, social-media or legal threat, or a complaint asking for the manager: %s',
    (text) => {
      expect(triage(text)).toMatchObject({ reputationRisk: true, priority: 'urgent' });
    },
  );

  it.each([
    ['Merhaba! I saw your reels on instagram 😍 how much for a week in September?'],
    ['Is it cheaper to book directly with you than on Booking.com?'],
    ['Can I speak to the sales manager about a group booking for 30 people?'],
    ['The receptionist was extremely rude to my husband'],
  ])('does not flag a review site or a manager mentioned without a threat: %s', (text) => {
    expect(triage(text).reputationRisk).toBe(false);
  });
});

describe('OTA bookings', () => {
  it.each([
    'We booked through Expedia, can you arrange a transfer from Antalya airport?',
    'Можно перенести даты брони с 5 на 12 августа? Бронировали на Booking',
    'Kann ich meine Booking.com Buchung vom 5. auf den 12. August umbuchen?',
    'Tatilbudur üzerinden aldık, oda tipini değiştirebilir miyiz?',
  ])('tags a message naming an OTA or tour operator with the ota topic: %s', (text) => {
    expect(triage(text).topics).toContain('ota');
  });
});

describe('priority', () => {
  it.each([
    ['urgent', 'a complaint', 'Odamız çok kirli, banyoda saç var. Rezalet!'],
    ['urgent', 'an injury', 'my son slipped at the pool and is bleeding, need help'],
    ['high', 'a reservation intent', 'Wir möchten 7 Nächte ab dem 3. Mai buchen, bester Preis?'],
    [
      'high',
      'an OTA post-booking request',
      'Можно перенести даты брони с 5 на 12 августа? Бронировали на Booking',
    ],
    ['high', 'a health question', 'Is there a pharmacy nearby? My daughter has a slight cold'],
    ['normal', 'general information', 'Havuz kaçta kapanıyor?'],
    ['low', 'a thank-you', 'Vielen Dank für den tollen Urlaub, das Personal war super! ❤️'],
  ])('is %s for %s', (priority, _, text) => {
    expect(triage(text).priority).toBe(priority);
  });
});

describe('per-hotel lexicon', () => {
  const dolphinShow: HotelLexicon = {
    tr: {
      rules: [
        { id: 'dolphin-show', topic: 'facilities', weights: { support: 2 }, terms: ['yunus gösteri*'] },
      ],
    },
  };

  it('adds a hotel term to the default rules', () => {
    expect(triage('Yunus gösterisi kaçta?', dolphinShow)).toMatchObject({
      basket: 'support',
      topics: ['facilities'],
    });
  });

  it('leaves the defaults untouched for other hotels', () => {
    triage('Yunus gösterisi kaçta?', dolphinShow);

    expect(triage('Yunus gösterisi kaçta?').topics).not.toContain('facilities');
  });

  it('removes a default rule, for a hotel that answers transfer questions as information', () => {
    const transferIsInfo: HotelLexicon = {
      tr: {
        removeRules: ['transfer'],
        rules: [{ id: 'transfer-info', topic: 'transfer', weights: { support: 2 }, terms: ['transfer*'] }],
      },
    };

    expect(triage('Transfer var mı?').basket).toBe('sales');
    expect(triage('Transfer var mı?', transferIsInfo)).toMatchObject({
      basket: 'support',
      topics: ['transfer'],
    });
  });

  it('replaces a default rule that has the same id, in place', () => {
    const base = DEFAULT_LEXICONS.find((l) => l.language === 'en');
    if (!base) throw new Error('no English lexicon');

    const merged = mergeLexicon(base, {
      stopwords: ['y’all'],
      rules: [{ id: 'price', topic: 'price-availability', weights: { sales: 3 }, terms: ['how much'] }],
    });

    const index = base.rules.findIndex((r) => r.id === 'price');
    expect(merged.rules[index]).toMatchObject({ id: 'price', weights: { sales: 3 }, terms: ['how much'] });
    expect(merged.rules).toHaveLength(base.rules.length);
    expect(merged.stopwords).toContain('y’all');
  });

  it('rejects an override whose term is a two-letter prefix', () => {
    const override = { en: { rules: [{ id: 'x', weights: { sales: 1 }, terms: ['pr*'] }] } };

    expect(HotelLexiconSchema.safeParse(override).success).toBe(false);
  });

  it('ships lexicons that pass their schema, with unique rule ids', () => {
    for (const lexicon of DEFAULT_LEXICONS) expect(LexiconSchema.safeParse(lexicon).success).toBe(true);
  });

  it('ships lexicons where no folded term belongs to two rules (only the first would ever match)', () => {
    const clashes = DEFAULT_LEXICONS.flatMap((lexicon) => {
      const owner = new Map<string, string>();
      return lexicon.rules.flatMap((rule) =>
        rule.terms.flatMap((term) => {
          const key = term.split(' ').map(foldWord).join(' ');
          const first = owner.get(key);
          owner.set(key, first ?? rule.id);
          return first && first !== rule.id
            ? [`${lexicon.language}: "${term}" in ${first} and ${rule.id}`]
            : [];
        }),
      );
    });

    expect(clashes).toEqual([]);
  });
});

describe('the classifier interface', () => {
  it('answers through a promise, so a model-based classifier can take its place', async () => {
    const any: TriageClassifier = classifier;

    await expect(any.classify('цена?')).resolves.toMatchObject({ basket: 'sales', language: 'ru' });
  });
});

describe('the evaluation set', () => {
  const examples = loadEvalSet();

  it('holds at least 240 labelled messages, at least 60 per language', () => {
    const countOf = (language: string) => examples.filter((e) => e.language === language).length;

    expect(examples.length).toBeGreaterThanOrEqual(240);
    for (const language of ['tr', 'en', 'de', 'ru']) expect(countOf(language)).toBeGreaterThanOrEqual(60);
  });

  it('is triaged with at least 90% basket and 97% language accuracy', async () => {
    const report = await evaluate(classifier, examples);

    expect(report.overall.basketAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.overall.languageAccuracy).toBeGreaterThanOrEqual(0.97);
  });
});

describe('hotel-inbox triage', () => {
  const run = async (input: string, args: string[] = []) => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdin.end(input);
    const code = await triageCommand(args, { stdin, stdout, stderr });
    stdout.end();
    stderr.end();
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  };

  it('prints one result a line for plain-text and JSON lines, skipping blank ones', async () => {
    const { code, stdout } = await run('fiyat?\n\n{"text": "Preis?"}\n   \nцена?\n');

    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(code).toBe(0);
    expect(lines.map((l) => l.language)).toEqual(['tr', 'de', 'ru']);
    expect(Object.keys(lines[0])).toEqual([
      'basket',
      'intent',
      'language',
      'topics',
      'priority',
      'reputationRisk',
    ]);
  });

  it('reports a broken JSON line by number, goes on, and exits 1', async () => {
    const { code, stdout, stderr } = await run('{"text": "fiyat?"\n{"txt": "x"}\nprice?\n');

    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^line 1: .*\nline 2: /);
  });
});
