import type * as z from 'zod';
import { ValidationError } from '../errors';

type Issue = z.core.$ZodIssue;

/**
 * Parses a request with its schema, turning the first failure into a ValidationError naming its
 * field. A union's failure names a field of the alternative the input came closest to (fewest
 * issues), so `{ "text": "hi" }` without its `clientMessageId` says `clientMessageId`, not `(root)`.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { issue, path } = explain(result.error.issues[0], []);
  throw new ValidationError(path.join('.'), issue?.message ?? 'invalid', { cause: result.error });
}

function explain(
  issue: Issue | undefined,
  prefix: PropertyKey[],
): { issue: Issue | undefined; path: PropertyKey[] } {
  const path = [...prefix, ...(issue?.path ?? [])];
  // An unknown field is named itself, not the object that holds it.
  if (issue?.code === 'unrecognized_keys') return { issue, path: [...path, ...issue.keys.slice(0, 1)] };
  if (issue?.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path };
  const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
  const first = closest.find((i) => i.code !== 'unrecognized_keys') ?? closest[0];
  return explain(first, path);
}
