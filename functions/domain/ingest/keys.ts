import { hash } from 'node:crypto';

// One-shot hashing: for short inputs, creating a Hash object costs more than hashing.
const digest = (input: string) => hash('sha256', input, 'base64url').slice(0, 32);

/** Stable for guest × channel × hotel, and opaque: it carries no phone number or user id. */
export const conversationKeyOf = (tenantId: string, channel: string, guestPlatformId: string): string =>
  `cv_${digest(`${tenantId}|${channel}|${guestPlatformId}`)}`;

/** Deterministic event id, so every consumer can be idempotent on it. */
export const eventIdOf = (scope: string, dedupeKey: string): string =>
  `ev_${digest(`${scope}|${dedupeKey}`)}`;

/** Content address of a delivery body. */
export const bodyDigestOf = (body: Uint8Array): string => hash('sha256', body, 'hex');

/** Platform timestamps are Unix seconds, as a string (Meta) or a number (some producers), or millis (Instagram). */
export const isoFromUnix = (value: string | number): string => {
  const n = typeof value === 'number' ? value : Number(value);
  const millis = n > 1e12 ? n : n * 1000;
  return new Date(millis).toISOString();
};

/** Like isoFromUnix, but undefined for a value no ISO date can hold, so one bad timestamp cannot fail a delivery. */
export const isoFromUnixOrUndefined = (value: string | number): string | undefined => {
  const n = typeof value === 'number' ? value : Number(value);
  const date = new Date(n > 1e12 ? n : n * 1000);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 ? undefined : date.toISOString();
};
