import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { ValidationError } from '../../../functions/domain/errors';
import { RuleBasedTriageClassifier } from '../../../functions/domain/triage/rule-based-classifier';
import { parseOrThrow } from '../../../functions/domain/validation';
import { type HotelLexicon, HotelLexiconSchema } from '../../../schemas/triage';

const JsonLineSchema = z.object({ text: z.string().trim().min(1) });

export interface TriageIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * `hotel-inbox triage [--hotel-lexicon FILE] [--explain]`: triages guest messages read from stdin,
 * one a line, and prints one JSON result a line:
 * `{"basket","intent","language","topics","priority","reputationRisk"}` (`--explain` adds the rules
 * that fired).
 *
 * A line is a JSON object `{"text": "..."}` when it starts with `{`, plain text otherwise; blank lines
 * are skipped. A line that starts with `{` but is not such an object is not guessed at as text (that
 * would triage its braces and keys): it is reported on stderr with its line number, nothing is
 * printed for it, the other lines go on, and the exit code is 1.
 */
export async function triageCommand(
  args: string[],
  io: TriageIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'hotel-lexicon': { type: 'string' }, explain: { type: 'boolean', default: false } },
  });
  const hotelLexicon = values['hotel-lexicon'] ? loadHotelLexicon(values['hotel-lexicon']) : undefined;
  const classifier = new RuleBasedTriageClassifier();
  let failures = 0;
  let lineNumber = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (line.trim() === '') continue;
    const text = textOf(line);
    if (text instanceof Error) {
      failures++;
      io.stderr.write(`line ${lineNumber}: ${text.message}\n`);
      continue;
    }
    const { result, hits } = classifier.explain(text, { hotelLexicon });
    const output = values.explain ? { ...result, rules: hits.map((h) => `${h.language}.${h.rule}`) } : result;
    io.stdout.write(`${JSON.stringify(output)}\n`);
  }
  return failures > 0 ? 1 : 0;
}

function textOf(line: string): string | Error {
  if (!line.trimStart().startsWith('{')) return line.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return new Error('starts with { but is not valid JSON; expected {"text": "..."}');
  }
  const result = JsonLineSchema.safeParse(parsed);
  return result.success
    ? result.data.text
    : new Error('expected a JSON object with a non-empty string "text"');
}

function loadHotelLexicon(file: string): HotelLexicon {
  try {
    return parseOrThrow(HotelLexiconSchema, JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if (error instanceof ValidationError) throw new Error(`--hotel-lexicon ${file}: ${error.message}`);
    throw error;
  }
}
