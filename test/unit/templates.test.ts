import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors';
import {
  DEFAULT_LINT_LEXICONS,
  lintTemplates,
  sentencesOf,
  type TemplateProblem,
} from '../../functions/domain/templates/lint-templates';
import {
  carriesOffer,
  loadTemplates,
  parseTemplates,
  renderTemplate,
} from '../../functions/domain/templates/render-template';
import { type Template, TemplateLintLexiconsSchema, TemplatesFileSchema } from '../../schemas/templates';
import templatesJson from '../../templates/templates.json' with { type: 'json' };

const LANGUAGES = ['tr', 'en', 'de', 'ru'] as const;

/** A sales template that passes every rule; tests break one thing at a time. */
const goodSales: Template = {
  id: 'offer',
  category: 'sales',
  fields: ['guestName', 'bookingLink'],
  text: {
    tr: 'Merhaba {{guestName}}, teklifiniz hazır. Oda müsait. Rezervasyonu {{bookingLink}} üzerinden yapabilirsiniz.',
    en: 'Hello {{guestName}}, your offer is ready. The room is available. You can book at {{bookingLink}}.',
    de: 'Guten Tag {{guestName}}, Ihr Angebot ist fertig. Das Zimmer ist frei. Buchen Sie unter {{bookingLink}}.',
    ru: 'Здравствуйте, {{guestName}}! Предложение готово. Номер свободен. Бронируйте по ссылке {{bookingLink}}.',
  },
};

/** A complaint template with empathy, a solution step and a follow-up in every language. */
const goodComplaint: Template = {
  id: 'noise',
  category: 'complaint',
  fields: ['guestName'],
  text: {
    tr: 'Merhaba {{guestName}}, yaşadığınız gürültü için çok üzgünüz. Konuyu teknik ekibe ilettik. Size bir saat içinde bilgi vereceğiz.',
    en: 'Hello {{guestName}}, we are very sorry about the noise. We have passed it to our technical team. We will update you within the hour.',
    de: 'Guten Tag {{guestName}}, der Lärm tut uns sehr leid. Wir haben es an die Technik weitergeleitet. Wir melden uns innerhalb einer Stunde.',
    ru: 'Здравствуйте, {{guestName}}! Нам очень жаль, что Вам мешал шум. Мы передали вопрос технической службе. Мы сообщим Вам о решении в течение часа.',
  },
};

const catalogue = (...templates: Template[]) => ({ version: 1 as const, templates });
const kinds = (problems: TemplateProblem[]) =>
  problems.map((p) => `${p.templateId}/${p.language ?? '*'}/${p.kind}`);

/** Each language's text with one sentence replaced. */
const withText = (template: Template, replace: (text: string) => string): Template => ({
  ...template,
  text: Object.fromEntries(
    Object.entries(template.text).map(([language, text]) => [language, replace(text)]),
  ),
});

describe('the shipped template catalogue', () => {
  const shipped = TemplatesFileSchema.parse(templatesJson);

  it('passes its schema and lints clean', () => {
    expect(lintTemplates(shipped)).toEqual([]);
  });

  it('holds at least 20 templates, each in Turkish, English, German and Russian', () => {
    expect(shipped.templates.length).toBeGreaterThanOrEqual(20);
    for (const template of shipped.templates)
      expect(Object.keys(template.text).sort()).toEqual(['de', 'en', 'ru', 'tr']);
  });

  it('covers the ten frequent message types of seed 000 and the lifecycle and survey messages', () => {
    const ids = shipped.templates.map((template) => template.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'price-availability-questions',
        'price-availability-offer',
        'package-campaign',
        'transfer',
        'children-policy',
        'complaint-acknowledgement',
        'cancel-refund',
        'room-difference',
        'concept',
        'photo-video',
        'check-in-out',
        'out-of-hours',
        'interim-update',
        'closing-message',
        'csat-question',
        'nps-question',
        'nps-detractor-callback',
        'nps-promoter-review',
      ]),
    );
  });

  it('asks the CSAT question on a 1–5 scale and the NPS question on a 0–10 scale in every language', () => {
    const text = (id: string) => shipped.templates.find((template) => template.id === id)?.text ?? {};
    for (const language of LANGUAGES) {
      expect(text('csat-question')[language]).toMatch(/1 \(.*5 \(/);
      expect(text('nps-question')[language]).toMatch(/0 \(.*10 \(/);
      expect(text('nps-promoter-review')[language]).toContain('{{reviewLink}}');
    }
  });

  it('names an approved WhatsApp template with a language code for every language where one is declared', () => {
    const withWhatsApp = shipped.templates.filter((template) => template.whatsapp);
    expect(withWhatsApp.map((template) => template.id)).toEqual(
      expect.arrayContaining(['interim-update', 'closing-message', 'csat-question', 'nps-question']),
    );
    for (const template of withWhatsApp) {
      expect(Object.keys(template.whatsapp?.languageCodes ?? {}).sort()).toEqual(['de', 'en', 'ru', 'tr']);
    }
  });

  it('renders every template in every language once all its fields are given', () => {
    for (const template of shipped.templates) {
      const fields = Object.fromEntries(template.fields.map((name) => [name, `<${name}>`]));
      for (const language of LANGUAGES) {
        const text = renderTemplate(shipped, template.id, language, fields);
        expect(text).not.toMatch(/\{\{|\}\}/);
        for (const name of template.fields) expect(text).toContain(`<${name}>`);
      }
    }
  });

  it('marks the templates that carry an offer (and so move a lead to offer-sent) as data, sales ones only', () => {
    const offers = shipped.templates.filter((t) => carriesOffer(shipped, t.id));

    expect(offers.map((t) => t.id).sort()).toEqual([
      'no-availability-alternatives',
      'package-campaign',
      'price-availability-offer',
      'quote-follow-up',
      'room-difference',
    ]);
    expect(offers.every((t) => t.category === 'sales')).toBe(true);
    expect(carriesOffer(shipped, 'closing-message')).toBe(false);
    expect(carriesOffer(shipped, 'no-such-template')).toBe(false);
  });

  it('is what loadTemplates returns, validated once and shared between calls', () => {
    expect(loadTemplates()).toEqual(shipped);
    expect(loadTemplates()).toBe(loadTemplates());
  });
});

describe('renderTemplate', () => {
  const shipped = loadTemplates();
  const nps = { guestName: 'Ayşe', hotelName: 'Aurora Resort' };

  it('fills each field into the text of the requested language', () => {
    expect(renderTemplate(shipped, 'nps-question', 'tr', nps)).toBe(
      'Merhaba Ayşe, Aurora Resort ekibi olarak bizi tercih ettiğiniz için teşekkür ederiz. Otelimizi bir ' +
        'arkadaşınıza veya yakınınıza tavsiye etme olasılığınız nedir? Lütfen 0 (hiç) ile 10 (kesinlikle) ' +
        'arasında bir puanla yanıtlayın.',
    );
    expect(renderTemplate(shipped, 'nps-question', 'de', nps)).toMatch(
      /^Guten Tag Ayşe, das Team von Aurora Resort/,
    );
  });

  it('inserts values verbatim: no HTML escaping, and no placeholder or $ pattern inside a value is expanded', () => {
    const text = renderTemplate(shipped, 'nps-question', 'en', {
      guestName: '<b>Tom & "Jerry"</b> {{hotelName}} $& $1',
      hotelName: 'Aurora',
    });

    expect(text).toBe(
      'Hello <b>Tom & "Jerry"</b> {{hotelName}} $& $1, thank you for choosing Aurora. How likely are you to ' +
        'recommend our hotel to a friend or relative? Please reply with a score from 0 (not at all likely) to ' +
        '10 (extremely likely).',
    );
  });

  it('ignores fields the template does not use', () => {
    expect(renderTemplate(shipped, 'csat-question', 'ru', { guestName: 'Иван', price: '100' })).toMatch(
      /^Здравствуйте, Иван!/,
    );
  });

  it('throws a ValidationError naming fields.<name> when a field is missing', () => {
    const render = () => renderTemplate(shipped, 'nps-question', 'en', { guestName: 'Tom' });

    expect(render).toThrow(ValidationError);
    expect(render).toThrow(expect.objectContaining({ path: 'fields.hotelName' }));
  });

  it('treats a blank field as missing', () => {
    expect(() =>
      renderTemplate(shipped, 'nps-question', 'en', { guestName: '  ', hotelName: 'Aurora' }),
    ).toThrow(expect.objectContaining({ name: 'ValidationError', path: 'fields.guestName' }));
  });

  it('never puts a field value into the error message', () => {
    try {
      renderTemplate(shipped, 'nps-question', 'en', { guestName: 'Secret Guest' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('Secret Guest');
    }
  });

  it('throws a ValidationError on templateId for an unknown template', () => {
    expect(() => renderTemplate(shipped, 'no-such-template', 'en', nps)).toThrow(
      expect.objectContaining({ name: 'ValidationError', path: 'templateId' }),
    );
  });

  it('throws a ValidationError on language for a language the catalogue does not speak', () => {
    for (const language of ['fr', 'unknown', 'TR']) {
      expect(() => renderTemplate(shipped, 'nps-question', language, nps)).toThrow(
        expect.objectContaining({ name: 'ValidationError', path: 'language' }),
      );
    }
  });

  it('throws a ValidationError on language when the template lacks that translation', () => {
    const partial = catalogue({ ...goodSales, text: { en: goodSales.text.en ?? '' } });

    expect(() => renderTemplate(partial, 'offer', 'de', { guestName: 'Tom', bookingLink: 'x' })).toThrow(
      expect.objectContaining({ name: 'ValidationError', path: 'language' }),
    );
  });
});

describe('lintTemplates', () => {
  it('finds nothing wrong with a well-formed sales and complaint template', () => {
    expect(lintTemplates(catalogue(goodSales, goodComplaint))).toEqual([]);
  });

  it('flags a sales template whose last sentence leaves no closing step', () => {
    const noClosing = withText(goodSales, (text) => `${text} Have a nice day.`);

    expect(kinds(lintTemplates(catalogue(noClosing)))).toEqual([
      'offer/tr/missing-closing-step',
      'offer/en/missing-closing-step',
      'offer/de/missing-closing-step',
      'offer/ru/missing-closing-step',
    ]);
  });

  it('accepts a call invitation or an offer as a closing step, not only a link field', () => {
    const callBack: Template = {
      ...goodSales,
      fields: ['guestName'],
      text: {
        tr: 'Merhaba {{guestName}}, teklifiniz hazır. Oda müsait. Sizi hangi saatte arayalım?',
        en: 'Hello {{guestName}}, your offer is ready. The room is available. When may we call you?',
        de: 'Guten Tag {{guestName}}, Ihr Angebot ist fertig. Das Zimmer ist frei. Wann dürfen wir Sie anrufen?',
        ru: 'Здравствуйте, {{guestName}}! Предложение готово. Номер свободен. Когда Вам удобно, чтобы мы позвонили?',
      },
    };

    expect(lintTemplates(catalogue(callBack))).toEqual([]);
  });

  it('does not take a placeholder name such as {{bookingLink}} for the word "book"', () => {
    const rules = DEFAULT_LINT_LEXICONS.rules.map((rule) =>
      rule.id === 'closing-step' ? { ...rule, fields: [] } : rule,
    );
    const linkOnly = withText(goodSales, (text) =>
      text.replace(/[^.!]+\{\{bookingLink\}\}\.$/, ' {{bookingLink}}.'),
    );

    expect(kinds(lintTemplates(catalogue(linkOnly), { version: 1, rules }))).toContain(
      'offer/en/missing-closing-step',
    );
  });

  it('flags a complaint template without empathy', () => {
    const cold: Template = {
      ...goodComplaint,
      text: {
        ...goodComplaint.text,
        en: 'Hello {{guestName}}, we have received your message about the noise. We have passed it to our technical team. We will update you within the hour.',
      },
    };

    expect(kinds(lintTemplates(catalogue(cold)))).toEqual(['noise/en/missing-empathy']);
  });

  it('flags a complaint template without a solution step or a follow-up', () => {
    const vague: Template = {
      ...goodComplaint,
      text: { ...goodComplaint.text, de: 'Guten Tag {{guestName}}, das tut uns sehr leid.' },
    };

    expect(kinds(lintTemplates(catalogue(vague)))).toEqual([
      'noise/de/missing-solution-step',
      'noise/de/missing-follow-up',
    ]);
  });

  it('flags a template missing a language', () => {
    const { ru: _, ...threeLanguages } = goodSales.text;

    expect(lintTemplates(catalogue({ ...goodSales, text: threeLanguages }))).toEqual([
      { templateId: 'offer', language: 'ru', kind: 'missing-language', message: 'no ru text' },
    ]);
  });

  it('flags a field used in a text but not declared in fields', () => {
    const undeclared = withText(goodSales, (text) => text.replace('{{bookingLink}}', '{{bookingUrl}}'));

    expect(kinds(lintTemplates(catalogue({ ...undeclared, fields: ['guestName'] })))).toEqual([
      'offer/tr/undeclared-field',
      'offer/en/undeclared-field',
      'offer/de/undeclared-field',
      'offer/ru/undeclared-field',
    ]);
  });

  it('flags a declared field that one language leaves out', () => {
    const forgot: Template = {
      ...goodSales,
      text: {
        ...goodSales.text,
        de: (goodSales.text.de ?? '').replace('Guten Tag {{guestName}}', 'Guten Tag'),
      },
    };

    expect(lintTemplates(catalogue(forgot))).toEqual([
      expect.objectContaining({
        language: 'de',
        kind: 'unused-field',
        message: expect.stringContaining('guestName'),
      }),
    ]);
  });

  it('flags a placeholder not written {{camelCase}}', () => {
    const sloppy = withText(goodSales, (text) => text.replace('{{guestName}}', '{{ guestName }}'));

    expect(kinds(lintTemplates(catalogue(sloppy)))).toContain('offer/en/malformed-placeholder');
  });

  it('flags a text longer than a WhatsApp message allows', () => {
    const long = withText(goodSales, (text) => text.replace('. ', `. ${'Lorem ipsum. '.repeat(320)}`));

    expect(kinds(lintTemplates(catalogue(long)))).toEqual(
      LANGUAGES.map((language) => `offer/${language}/too-long`),
    );
  });

  it('holds a WhatsApp message template to Meta’s body rules: 1024 characters, no placeholder at either end', () => {
    const whatsapp = { name: 'offer', languageCodes: { tr: 'tr', en: 'en', de: 'de', ru: 'ru' } };
    const long = withText(goodSales, (text) => text.replace('. ', `. ${'Lorem ipsum. '.repeat(80)}`));
    const edge = withText(goodSales, (text) => `${text} {{bookingLink}}`);

    expect(kinds(lintTemplates(catalogue({ ...long, whatsapp })))).toEqual(
      LANGUAGES.map((language) => `offer/${language}/too-long`),
    );
    expect(kinds(lintTemplates(catalogue({ ...edge, whatsapp })))).toEqual(
      LANGUAGES.map((language) => `offer/${language}/whatsapp-placeholder-at-edge`),
    );
  });

  it('flags two templates with the same id', () => {
    expect(kinds(lintTemplates(catalogue(goodSales, goodSales)))).toEqual(['offer/*/duplicate-id']);
  });

  it('flags a reply that does not open with a greeting', () => {
    const abrupt = withText(goodComplaint, (text) => text.replace(/^.*?\{\{guestName\}\}[,!] /, ''));

    expect(kinds(lintTemplates(catalogue({ ...abrupt, fields: [] })))).toEqual(
      LANGUAGES.map((language) => `noise/${language}/missing-greeting`),
    );
  });

  it('matches lexicon terms whatever the case or Turkish dotted and dotless i', () => {
    const shouting = withText(goodComplaint, (text) =>
      text.toLocaleUpperCase('tr').replace(/\{\{GUESTNAME\}\}/g, '{{guestName}}'),
    );

    expect(lintTemplates(catalogue(shouting))).toEqual([]);
  });
});

describe('the lint lexicons', () => {
  it('define greeting, closing-step, empathy, solution-step and follow-up for all four languages', () => {
    expect(DEFAULT_LINT_LEXICONS.rules.map((rule) => rule.id)).toEqual([
      'greeting',
      'closing-step',
      'empathy',
      'solution-step',
      'follow-up',
    ]);
  });

  it('reject a prefix term too short to mean anything', () => {
    const rule = {
      ...DEFAULT_LINT_LEXICONS.rules[0],
      terms: { tr: ['ar*'], en: ['x'], de: ['x'], ru: ['x'] },
    };

    expect(TemplateLintLexiconsSchema.safeParse({ version: 1, rules: [rule] }).success).toBe(false);
  });
});

describe('parseTemplates', () => {
  it('refuses a catalogue that fails its schema, naming the file', () => {
    expect(() => parseTemplates({ version: 2, templates: [] }, 'hotel.json')).toThrow(/^hotel\.json: /);
  });

  it('refuses a catalogue that fails the linter, listing every problem', () => {
    const { ru: _, ...threeLanguages } = goodSales.text;

    expect(() => parseTemplates(catalogue({ ...goodSales, text: threeLanguages }))).toThrow(
      /offer \[ru\] missing-language/,
    );
  });
});

describe('sentencesOf', () => {
  it('splits after sentence punctuation and at line breaks, keeping placeholders whole', () => {
    expect(sentencesOf('Hello {{guestName}}! Here: {{link}}.\n• Food: {{food}}\nSee you?')).toEqual([
      'Hello {{guestName}}!',
      'Here: {{link}}.',
      '• Food: {{food}}',
      'See you?',
    ]);
  });
});
