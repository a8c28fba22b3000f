/**
 * How the raw archive forgets: each object carries the days it is kept as an S3 tag, and the
 * bucket's lifecycle rules expire it by that tag. Defined once for the CDK stack (the bucket's
 * rules), the ingest functions (the tag they write) and the local runtime (its purge).
 */
export const RAW_ARCHIVE_RETENTION_TAG = 'retention-days';

/**
 * Days the archive keeps a body that carried special-category data, an identity document or a
 * card number: the intake, which finds them, tags the body anew. A day still lets a failed
 * delivery be replayed; the words themselves live on only sealed, on the ticket.
 */
export const SENSITIVE_RAW_BODY_DAYS = 1;

/** One S3 lifecycle expiration rule of the raw archive. */
export interface RawArchiveLifecycleRule {
  id: string;
  /** Days after an object's creation S3 deletes it (rounded up to the next midnight UTC). */
  expirationDays: number;
  /** Only objects with all these tags; none: every object in the bucket. */
  tagFilters?: Readonly<Record<string, string>>;
}

/**
 * The raw archive's expiration rules, given the stack's default and the days of each hotel (and
 * the day of bodies with sensitive words, `SENSITIVE_RAW_BODY_DAYS`):
 * a rule without a filter at the longest of them all, so that untagged objects (archived before
 * tagging, or under a retention no hotel has any longer) still expire, and one rule per shorter
 * day count for the objects tagged with it. Where several rules match, S3 applies the earliest
 * expiration.
 */
export function rawArchiveLifecycleRules(
  defaultDays: number,
  hotelDays: Iterable<number>,
): RawArchiveLifecycleRule[] {
  const days = new Set([defaultDays, SENSITIVE_RAW_BODY_DAYS, ...hotelDays]);
  for (const n of days)
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`Raw archive retention must be a whole number of days >= 1, got ${n}`);
  const [longest, ...shorter] = [...days].sort((a, b) => b - a);
  return [
    { id: 'ExpireRawPayloads', expirationDays: longest as number },
    ...shorter.reverse().map((n) => ({
      id: `ExpireRawPayloadsTagged${n}Days`,
      expirationDays: n,
      tagFilters: { [RAW_ARCHIVE_RETENTION_TAG]: String(n) },
    })),
  ];
}

/**
 * The days after which the rules delete an object with these tags: the earliest expiration of
 * the rules that match it, as S3 applies them; undefined when none matches.
 */
export function expirationDaysOf(
  rules: readonly RawArchiveLifecycleRule[],
  tags: Readonly<Record<string, string>>,
): number | undefined {
  let days: number | undefined;
  for (const rule of rules) {
    const matches = Object.entries(rule.tagFilters ?? {}).every(([key, value]) => tags[key] === value);
    if (matches && (days === undefined || rule.expirationDays < days)) days = rule.expirationDays;
  }
  return days;
}

/**
 * `RAW_ARCHIVE_RETENTION_BY_HOTEL`: the days of the hotels that keep bodies other than the
 * default, as a JSON object of tenant id to days (the ingest functions have no `HOTELS_JSON`).
 */
export const rawArchiveRetentionByHotelJson = (byHotel: ReadonlyMap<string, number>): string =>
  JSON.stringify(Object.fromEntries(byHotel));

/** Reads `RAW_ARCHIVE_RETENTION_BY_HOTEL`; throws on anything but tenant ids to whole days >= 1. */
export function parseRawArchiveRetentionByHotel(json: string): Map<string, number> {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('Raw archive retention by hotel must be a JSON object of tenant id to days');
  const byHotel = new Map<string, number>();
  for (const [tenantId, days] of Object.entries(parsed)) {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1)
      throw new Error(`Raw archive retention of ${tenantId} must be a whole number of days >= 1`);
    byHotel.set(tenantId, days);
  }
  return byHotel;
}
