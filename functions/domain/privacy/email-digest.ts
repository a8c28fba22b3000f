import { hash } from 'node:crypto';

/**
 * The form an e-mail address takes in a table key (`Keys.guestEmail`): a digest of the address,
 * trimmed and lower-cased, so keys (which end up in logs and metrics) never spell it.
 */
export const emailDigestOf = (email: string): string =>
  hash('sha256', email.trim().toLowerCase(), 'base64url').slice(0, 32);
