import { describe, expect, it } from 'vitest';
import { npsCategoryOf } from '../../functions/domain/surveys/follow-ups';
import { parseNpsAnswer, parseNpsText } from '../../functions/domain/surveys/parse-nps-answer';
import type { MessageContent } from '../../schemas/events';

describe('parseNpsText reads a reply to the 0–10 NPS question', () => {
  it.each([
    // Digits, with the scale, units and punctuation around them
    ['9', 9],
    ['0', 0],
    ['10', 10],
    [' 7 ', 7],
    ['8.', 8],
    ['10!!!', 10],
    ['*10*', 10],
    ['10/10', 10],
    ['9 / 10', 9],
    ['9/10 👍', 9],
    ['10 out of 10', 10],
    ['9 of 10', 9],
    ['Score: 9', 9],
    ['9 points', 9],
    ['9️⃣', 9],
    ['🔟', 10],
    ['٩', 9],
    ['８', 8],
    ['１０／１０', 10],
    // English
    ["I'd say 9", 9],
    ['I’d say 9', 9],
    ['I would give it a solid 8', 8],
    ['nine', 9],
    ['Ten out of ten!', 10],
    ['zero', 0],
    ['Thanks, 10', 10],
    ['Maybe 7', 7],
    // Turkish
    ['8 puan', 8],
    ['dokuz', 9],
    ['Sıfır', 0],
    ['SIFIR', 0],
    ['on', 10],
    ['ON', 10],
    ['altı', 6],
    ['üç', 3],
    ['beş puan', 5],
    ['10 üzerinden 9', 9],
    ['on üzerinden dokuz', 9],
    ['9 (10 üzerinden)', 9],
    ['Tam 10 puan veriyorum', 10],
    ['Teşekkürler, 9', 9],
    ['bir', 1],
    ['İki', 2],
    // German
    ['8 von 10', 8],
    ['neun', 9],
    ['Null', 0],
    ['Fünf', 5],
    ['zehn von zehn', 10],
    ['Ich gebe 8 Punkte', 8],
    ['Ich würde 7 geben', 7],
    ['eine glatte 10', 10],
    ['von mir eine 9', 9],
    ['Danke, 9', 9],
    // Russian
    ['9 из 10', 9],
    ['девять', 9],
    ['Девять из десяти', 9],
    ['ноль', 0],
    ['Ставлю 10', 10],
    ['твёрдая девятка', 9],
    ['Поставлю девятку', 9],
    ['на 8 баллов', 8],
    ['10 баллов из 10', 10],
    ['Спасибо, 9', 9],
  ])('%j is a score of %i', (text, score) => {
    expect(parseNpsText(text)).toBe(score);
  });

  it.each([
    // Not a score at all
    '',
    '   ',
    '👍',
    'hello, I forgot my charger',
    'Merhaba, şarj aletimi odada unuttum',
    'ok',
    // Out of the scale
    '11',
    '100',
    '-1',
    '07',
    // Stars are CSAT, not NPS
    '5 stars',
    '5 star',
    '5 yıldız',
    '4 Sterne',
    '5 звезд',
    '⭐⭐⭐⭐⭐',
    '5 ⭐',
    // Another scale
    '4/5',
    '4 out of 5',
    '5 üzerinden 4',
    '8 von 5',
    // Times and dates
    'at 9 pm',
    '9pm',
    '9:30',
    '21:00',
    'um 9 Uhr',
    'saat 9',
    'в 9 утра',
    '12.07',
    '12/07',
    '9/10/2026',
    '9 July',
    '9th',
    '15 Temmuz',
    // Rooms, phones, prices
    'room 305',
    'Room 5',
    'oda 9',
    '305',
    '#9',
    '+905321234567',
    '100€',
    '€9',
    '9 euro',
    '9 TL',
    '90%',
    // Decimals, ranges and several numbers
    '8.5',
    '8,5',
    '8-9',
    '7–8',
    '8 or 9',
    '8 9',
    'between 8 and 9',
    '2 adults 1 child',
    '3 nights please',
    'on dokuz',
    // Negations and other words
    'not 10',
    'nicht 10',
    'ein Zimmer für 2',
  ])('%j is not a score', (text) => {
    expect(parseNpsText(text)).toBeUndefined();
  });
});

describe('parseNpsAnswer reads typed and tapped answers', () => {
  it.each<[string, MessageContent, number | undefined]>([
    ['typed text', { type: 'text', text: '9' }, 9],
    [
      'a list row whose id names the score',
      { type: 'interactive', interactive: { kind: 'list_reply', id: 'nps_9', title: 'Very likely' } },
      9,
    ],
    [
      'a button whose title is the score',
      { type: 'interactive', interactive: { kind: 'button_reply', id: 'btn-3', title: '10' } },
      10,
    ],
    [
      'a named id over a title that says otherwise',
      { type: 'interactive', interactive: { kind: 'list_reply', id: 'NPS-3', title: '3 - not likely' } },
      3,
    ],
    [
      'a bare number id when the title says nothing',
      { type: 'interactive', interactive: { kind: 'list_reply', id: '7', title: 'Likely' } },
      7,
    ],
    ['a template quick-reply button', { type: 'button', button: { text: '8', payload: 'score:8' } }, 8],
    ['a button whose text is a word', { type: 'button', button: { text: 'dokuz' } }, 9],
    ['an Instagram postback', { type: 'postback', postback: { payload: 'nps_10', title: '10' } }, 10],
    [
      'an id out of the scale',
      { type: 'interactive', interactive: { kind: 'list_reply', id: 'nps_11', title: 'Eleven' } },
      undefined,
    ],
    [
      'a button that is not a score',
      { type: 'interactive', interactive: { kind: 'button_reply', id: 'book-now', title: 'Book now' } },
      undefined,
    ],
    [
      'a reaction',
      { type: 'reaction', reaction: { messageId: 'wamid.1', emoji: '👍', removed: false } },
      undefined,
    ],
    ['a photo captioned 9', { type: 'image', media: { caption: '9' } }, undefined],
  ])('%s', (_, content, score) => {
    expect(parseNpsAnswer(content)).toBe(score);
  });
});

describe('npsCategoryOf follows seed 002', () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ] as const)('%i is a %s', (score, category) => {
    expect(npsCategoryOf(score)).toBe(category);
  });
});
