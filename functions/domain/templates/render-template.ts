import * as z from 'zod';
import { type Template, type TemplatesFile, TemplatesFileSchema } from '../../../schemas/templates';
import { GuestLanguageSchema } from '../../../schemas/triage';
import templatesJson from '../../../templates/templates.json' with { type: 'json' };
import { ValidationError } from '../errors';
import { formatProblem, lintTemplates } from './lint-templates';
import { fillPlaceholders, placeholdersOf } from './placeholders';

/** The values of a template's fields, by name: plain text, inserted as written. */
export type TemplateFields = Readonly<Record<string, string | undefined>>;

/**
 * A catalogue checked twice: against `TemplatesFileSchema`, then by `lintTemplates` (all four
 * languages, fields declared and used, the tone rules). Throws a plain Error naming `source` (a
 * broken catalogue is a deployment fault, not a bad request).
 */
export function parseTemplates(input: unknown, source = 'templates/templates.json'): TemplatesFile {
  const parsed = TemplatesFileSchema.safeParse(input);
  if (!parsed.success) throw new Error(`${source}: ${z.prettifyError(parsed.error)}`);
  const problems = lintTemplates(parsed.data);
  if (problems.length > 0) {
    throw new Error(`${source}: ${problems.length} problem(s)\n${problems.map(formatProblem).join('\n')}`);
  }
  return parsed.data;
}

let shipped: TemplatesFile | undefined;

/** The shipped catalogue `templates/templates.json`, bundled with the code, validated on first use. */
export function loadTemplates(): TemplatesFile {
  shipped ??= parseTemplates(templatesJson);
  return shipped;
}

/** The template with this id, or a ValidationError on `templateId`. */
export function findTemplate(catalogue: TemplatesFile, id: string): Template {
  const template = catalogue.templates.find((candidate) => candidate.id === id);
  if (!template)
    throw new ValidationError('templateId', `no template ${JSON.stringify(id)} in the catalogue`);
  return template;
}

/** Whether template `id` carries an offer (its `offer` flag): sending it moves a lead to offer-sent. */
export const carriesOffer = (catalogue: TemplatesFile, id: string): boolean =>
  catalogue.templates.some((template) => template.id === id && template.offer === true);

/**
 * The text of template `id` in `language` with every `{{field}}` replaced by its value, verbatim: no
 * HTML escaping (WhatsApp, Instagram and the web chat widget show plain text), no trimming, and a
 * value's own `{{…}}` or `$&` is not expanded. Fields the template does not use are ignored.
 * Throws a ValidationError on `templateId` for an unknown id, on `language` for a language that is
 * not tr/en/de/ru or that the template lacks, and on `fields.<name>` for the first declared or used
 * field that is missing or blank. Messages name the template and field, never a value.
 */
export function renderTemplate(
  catalogue: TemplatesFile,
  id: string,
  language: string,
  fields: TemplateFields,
): string {
  const template = findTemplate(catalogue, id);
  const guestLanguage = GuestLanguageSchema.safeParse(language);
  if (!guestLanguage.success) {
    throw new ValidationError('language', `must be one of ${GuestLanguageSchema.options.join(', ')}`);
  }
  const text = template.text[guestLanguage.data];
  if (text === undefined) {
    throw new ValidationError('language', `template ${id} has no ${guestLanguage.data} text`);
  }
  for (const name of new Set([...template.fields, ...placeholdersOf(text)])) {
    const value = fields[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ValidationError(`fields.${name}`, `is required by template ${id}`);
    }
  }
  return fillPlaceholders(text, fields);
}
