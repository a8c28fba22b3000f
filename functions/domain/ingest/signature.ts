import { createHmac } from 'node:crypto';
import { SignatureError } from '../errors';

const PREFIX = 'sha256=';
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The `X-Hub-Signature-256` header value Meta would send for these bytes. */
export const signMetaBody = (rawBody: Uint8Array | string, appSecret: string): string =>
  PREFIX + createHmac('sha256', appSecret).update(rawBody).digest('hex');

/**
 * Checks Meta's `X-Hub-Signature-256` over the exact bytes received, in constant time.
 * Re-serialised JSON would differ from what Meta signed (key order, escapes), hence raw bytes.
 * Returns the verified digest (hex): a keyed content address of the body.
 */
export function verifyMetaSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  appSecret: string,
): string {
  if (!header) throw new SignatureError('Missing X-Hub-Signature-256');
  const received = header.trim();
  if (!received.startsWith(PREFIX) || !HEX_DIGEST.test(received.slice(PREFIX.length))) {
    throw new SignatureError('Malformed X-Hub-Signature-256');
  }
  const expected = createHmac('sha256', appSecret).update(rawBody).digest('hex');
  const given = received.slice(PREFIX.length).toLowerCase();
  if (!sameHex(expected, given)) throw new SignatureError('Signature does not match');
  return expected;
}

/** Constant-time comparison of two 64-character hex digests, without allocating buffers on the hot path. */
function sameHex(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
