import { describe, expect, it } from 'vitest';
import { parseCsatAnswer } from '../../functions/domain/csat/parse-answer';

describe('parseCsatAnswer reads a reply to the 1–5 CSAT question', () => {
  it.each([
    ['5', 5],
    [' 4 ', 4],
    ['1', 1],
    ['3.', 3],
    ['5!', 5],
    ['5/5', 5],
    ['4 / 5', 4],
    ['4 out of 5', 4],
    ['4 Out Of 5', 4],
    ['3 of 5', 3],
    ['4 von 5', 4],
    ['4 из 5', 4],
    ['5 üzerinden 4', 4],
    ['5 puan', 5],
    ['4 Punkte', 4],
    ['5 stars', 5],
    ['5 баллов', 5],
    ['⭐⭐⭐⭐', 4],
    ['⭐', 1],
    ['⭐ ⭐ ⭐', 3],
    ['⭐️⭐️⭐️⭐️⭐️', 5],
    ['★★', 2],
    ['5 ⭐', 5],
    ['5⭐', 5],
    ['٥', 5],
    ['۴', 4],
    ['５', 5],
    ['３／５', 3],
  ])('%j is a score of %i', (text, score) => {
    expect(parseCsatAnswer(text)).toBe(score);
  });

  it.each([
    "I'll arrive at 5 pm",
    'room 512',
    '2 adults 1 child',
    '0',
    '6',
    '10',
    '5/10',
    '6/5',
    '4.5',
    '3-4',
    '⭐⭐⭐⭐⭐⭐',
    '',
    '   ',
    'five',
    'Thanks, 5',
    '5 nights please',
    '+905321234567',
    '12.07',
    '👍',
  ])('%j is not a score', (text) => {
    expect(parseCsatAnswer(text)).toBeUndefined();
  });
});
