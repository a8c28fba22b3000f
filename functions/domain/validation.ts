import type * as z from 'zod';
import { ValidationError } from './errors';

/** Parses with a schema, turning the first failure into a ValidationError naming its field path. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  throw new ValidationError(path, issue?.message ?? 'invalid', { cause: result.error });
}
