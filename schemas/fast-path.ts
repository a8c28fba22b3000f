import * as z from 'zod';

/**
 * A schema that lets a value through untouched when a cheap structural `guard` proves the
 * full `schema` would accept it, and otherwise runs the full schema (same issues and paths).
 * zod copies every object it parses; on the webhook hot path that copying is most of the cost
 * beyond the HMAC and JSON.parse floor. Each guard is tested to accept nothing its schema rejects.
 */
export function withFastPath<T>(schema: z.ZodType<T>, guard: (value: unknown) => value is T): z.ZodType<T> {
  return z.unknown().transform((input, ctx) => {
    if (guard(input)) return input;
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: undefined } as never);
    return z.NEVER;
  }) as unknown as z.ZodType<T>;
}

type Json = Record<string, unknown>;

/** Building blocks of the guards: plain checks, no allocation. */
export const is = {
  object: (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v),
  id: (v: unknown): v is string => typeof v === 'string' && v.length > 0,
  optionalId: (v: unknown) => v === undefined || (typeof v === 'string' && v.length > 0),
  optionalString: (v: unknown) => v === undefined || typeof v === 'string',
  timestamp: (v: unknown) =>
    (typeof v === 'string' && /^\d+$/.test(v)) || (typeof v === 'number' && Number.isFinite(v) && v >= 0),
  optionalArrayOf: (v: unknown, item: (x: unknown) => boolean) =>
    v === undefined || (Array.isArray(v) && v.every(item)),
};
