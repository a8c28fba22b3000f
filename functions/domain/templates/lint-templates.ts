import * as z from 'zod';
import {
  type Template,
  type TemplateLintLexicons,
  TemplateLintLexiconsSchema,
  type TemplateLintRule,
  type TemplateLintScope,
  type TemplatesFile,
} from '../../../schemas/templates';
import { type GuestLanguage, GuestLanguageSchema } from '../../../schemas/triage';
import lintLexicons from '../../../templates/lint-lexicons.json' with { type: 'json' };
import { foldWord, tokenize } from '../triage/normalize-text';
import { PLACEHOLDER, placeholdersOf } from './placeholders';

/** WhatsApp's limit on the text of one message. */
export const WHATSAPP_TEXT_LIMIT = 4096;
/** Meta's limit on the body of a message template. */
export const WHATSAPP_TEMPLATE_BODY_LIMIT = 1024;
/** How many words a `..` in a lint term lets come between its neighbours. */
const TERM_MAX_GAP = 3;

/**
 * The shipped tone rules (`templates/lint-lexicons.json`): greeting, closing step for sales,
 * empathy + solution step + follow-up for complaints.
 */
export const DEFAULT_LINT_LEXICONS: TemplateLintLexicons = (() => {
  const parsed = TemplateLintLexiconsSchema.safeParse(lintLexicons);
  if (!parsed.success) throw new Error(`templates/lint-lexicons.json: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
})();

/**
 * What is wrong with a template. The structural checks have fixed names; a tone rule of the
 * lexicons that fails is `missing-<rule id>` (`missing-closing-step`, `missing-empathy`, …).
 */
export type TemplateProblemKind =
  | 'duplicate-id'
  | 'missing-language'
  | 'malformed-placeholder'
  | 'undeclared-field'
  | 'unused-field'
  | 'too-long'
  | 'whatsapp-language-missing'
  | 'whatsapp-placeholder-at-edge'
  | `missing-${string}`;

export interface TemplateProblem {
  templateId: string;
  /** The language whose text has the problem; absent for a problem of the template as a whole. */
  language?: GuestLanguage;
  kind: TemplateProblemKind;
  message: string;
}

/**
 * Every problem of a catalogue, in template order: a language missing, a `{{field}}` used but not
 * declared or declared but unused in a language, a placeholder not written `{{camelCase}}`, a text
 * over WhatsApp's 4096 characters (1024 for a template sent as a WhatsApp message template, whose
 * body also cannot start or end with a placeholder), and every tone rule of `lexicons` that a text
 * of one of the rule's categories fails. Pure; an empty list means the catalogue can ship.
 */
export function lintTemplates(
  catalogue: TemplatesFile,
  lexicons: TemplateLintLexicons = DEFAULT_LINT_LEXICONS,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const seen = new Set<string>();
  for (const template of catalogue.templates) {
    if (seen.has(template.id)) {
      problems.push({
        templateId: template.id,
        kind: 'duplicate-id',
        message: 'another template has this id',
      });
    }
    seen.add(template.id);
    for (const language of GuestLanguageSchema.options) {
      const text = template.text[language];
      if (text === undefined) {
        problems.push({
          templateId: template.id,
          language,
          kind: 'missing-language',
          message: `no ${language} text`,
        });
        continue;
      }
      problems.push(...lintText(template, language, text, lexicons));
    }
  }
  return problems;
}

function lintText(
  template: Template,
  language: GuestLanguage,
  text: string,
  lexicons: TemplateLintLexicons,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const problem = (kind: TemplateProblemKind, message: string) =>
    problems.push({ templateId: template.id, language, kind, message });

  const stray = text.replace(PLACEHOLDER, '').match(/\{\{[^}]*\}?\}?|\}\}/);
  if (stray) problem('malformed-placeholder', `${stray[0]} is not a {{camelCaseField}} placeholder`);

  const used = placeholdersOf(text);
  for (const name of used) {
    if (!template.fields.includes(name)) problem('undeclared-field', `{{${name}}} is used but not in fields`);
  }
  for (const name of template.fields) {
    if (!used.includes(name))
      problem('unused-field', `field ${name} is declared but the text does not use it`);
  }

  const limit = template.whatsapp ? WHATSAPP_TEMPLATE_BODY_LIMIT : WHATSAPP_TEXT_LIMIT;
  if (text.length > limit) {
    problem(
      'too-long',
      `${text.length} characters; ${template.whatsapp ? 'a WhatsApp template body' : 'a WhatsApp message'} allows ${limit}`,
    );
  }
  if (template.whatsapp) {
    if (!template.whatsapp.languageCodes[language]) {
      problem('whatsapp-language-missing', `whatsapp.languageCodes has no code for ${language}`);
    }
    if (/^\{\{|\}\}$/.test(text.trim())) {
      problem(
        'whatsapp-placeholder-at-edge',
        'a WhatsApp template body cannot start or end with a placeholder',
      );
    }
  }

  for (const rule of lexicons.rules) {
    if (!rule.categories.includes(template.category)) continue;
    if (!passes(rule, language, scopeOf(text, rule.scope))) {
      problem(
        `missing-${rule.id}`,
        `${rule.scope} has none of the ${rule.id} terms or fields: ${rule.description}`,
      );
    }
  }
  return problems;
}

/**
 * The sentences of a text: split after `.`, `!`, `?` or `…` followed by a space, and at line
 * breaks (a bulleted line is a sentence). Placeholders are never split: they hold no spaces.
 */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

function scopeOf(text: string, scope: TemplateLintScope): string {
  if (scope === 'text') return text;
  const sentences = sentencesOf(text);
  return (scope === 'first-sentence' ? sentences[0] : sentences.at(-1)) ?? '';
}

function passes(rule: TemplateLintRule, language: GuestLanguage, scope: string): boolean {
  const fields = placeholdersOf(scope);
  if (rule.fields?.some((field) => fields.includes(field))) return true;
  // Placeholders are not words: `{{bookingLink}}` must not count as the English "book*".
  const words = tokenize(scope.replace(PLACEHOLDER, ' ')).map((token) => token.folded);
  return rule.terms[language].some((term) => containsTerm(words, term));
}

/** Whether the folded words hold a lint term (prefix words end in `*`, `..` is a short gap). */
function containsTerm(words: readonly string[], term: string): boolean {
  const parts = term
    .split(' ')
    .map((part) =>
      part === '..' ? null : { text: foldWord(part.replace(/\*$/, '')), prefix: part.endsWith('*') },
    );
  const matchesAt = (part: number, at: number): boolean => {
    if (part === parts.length) return true;
    const wanted = parts[part];
    if (wanted === undefined) return false;
    if (wanted === null) {
      for (let skip = 0; skip <= TERM_MAX_GAP; skip++) if (matchesAt(part + 1, at + skip)) return true;
      return false;
    }
    const word = words[at];
    if (word === undefined) return false;
    const hit = wanted.prefix ? word.startsWith(wanted.text) : word === wanted.text;
    return hit && matchesAt(part + 1, at + 1);
  };
  return words.some((_, start) => matchesAt(0, start));
}

/** One line per problem, for an error message or a CLI: `nps-question [de] missing-greeting: …`. */
export function formatProblem(problem: TemplateProblem): string {
  const where = problem.language ? ` [${problem.language}]` : '';
  return `${problem.templateId}${where} ${problem.kind}: ${problem.message}`;
}
