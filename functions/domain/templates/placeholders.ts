/** A `{{camelCaseField}}` placeholder in a template text; group 1 is the field name. */
export const PLACEHOLDER = /\{\{([a-z][a-zA-Z0-9]*)\}\}/g;

/** The field names a text uses, in order of first use. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1] as string))];
}

/**
 * The text with every placeholder replaced by its field's value, verbatim: a value's own `{{…}}`
 * or `$&` is not expanded, and a missing field becomes empty (callers check fields first).
 */
export const fillPlaceholders = (text: string, fields: Readonly<Record<string, string | undefined>>) =>
  text.replace(PLACEHOLDER, (_, name: string) => fields[name] ?? '');
