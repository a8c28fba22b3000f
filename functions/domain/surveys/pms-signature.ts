import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureError } from '../errors';

/** The header a PMS signs its check-out deliveries with, the way Meta signs webhooks. */
export const PMS_SIGNATURE_HEADER = 'X-Hotel-Inbox-Signature-256';

const PREFIX = 'sha256=';
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The header value a PMS sends for these bytes: `sha256=<hex HMAC-SHA256>`. */
export const signPmsBody = (rawBody: Uint8Array | string, secret: string): string =>
  PREFIX + createHmac('sha256', secret).update(rawBody).digest('hex');

/**
 * Checks the PMS's HMAC over the exact bytes received (re-serialised JSON would differ from
 * what was signed), in constant time.
 */
export function verifyPmsSignature(rawBody: Uint8Array, header: string | undefined, secret: string): void {
  if (!header) throw new SignatureError(`Missing ${PMS_SIGNATURE_HEADER}`);
  const received = header.trim();
  const hex = received.slice(PREFIX.length);
  if (!received.startsWith(PREFIX) || !HEX_DIGEST.test(hex))
    throw new SignatureError(`Malformed ${PMS_SIGNATURE_HEADER}`);
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(hex, 'hex')))
    throw new SignatureError('Signature does not match');
}
