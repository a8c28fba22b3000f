import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SealedTextError } from '../domain/privacy/sensitive-text-cipher';

/** Where the data key of an envelope comes from: AWS KMS, or the local runtime's key file. */
export type EnvelopeScheme = 'kms' | 'local';

/** The parts of a sealed text, before they are joined into one string. */
export interface Envelope {
  scheme: EnvelopeScheme;
  /** What names the data key: the KMS-encrypted data key, or the local key's fingerprint. */
  keyRef: Buffer;
  iv: Buffer;
  /** The AES-256-GCM ciphertext followed by its 16-byte authentication tag. */
  body: Buffer;
}

const PREFIX = 'sealed:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const SCHEMES: readonly string[] = ['kms', 'local'] satisfies EnvelopeScheme[];

/**
 * The additional authenticated data of every envelope: the hotel's tenant id (and the format), so
 * a ciphertext copied onto another hotel's message fails its tag check instead of opening there.
 */
const aadOf = (tenantId: string) => Buffer.from(`hotel-inbox/sensitive-text/v1/${tenantId}`, 'utf8');

/** AES-256-GCM with a fresh 96-bit IV under `key`, bound to the hotel. */
export function sealWith(
  key: Buffer,
  tenantId: string,
  plaintext: string,
  scheme: EnvelopeScheme,
  keyRef: Buffer,
): string {
  if (key.length !== KEY_BYTES) throw new Error('A sensitive-text data key is 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(tenantId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return formatEnvelope({ scheme, keyRef, iv, body });
}

/** The text of an envelope sealed under `key` for this hotel, or SealedTextError. */
export function openWith(key: Buffer, tenantId: string, envelope: Envelope): string {
  if (envelope.body.length < TAG_BYTES) throw new SealedTextError('The sealed text is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, envelope.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aadOf(tenantId));
  decipher.setAuthTag(envelope.body.subarray(envelope.body.length - TAG_BYTES));
  try {
    const ciphertext = envelope.body.subarray(0, envelope.body.length - TAG_BYTES);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SealedTextError('The sealed text does not open for this hotel with this key', {
      cause: error,
    });
  }
}

/** `sealed:v1:<scheme>:<keyRef>:<iv>:<body>`, each binary part in base64url. */
export function formatEnvelope({ scheme, keyRef, iv, body }: Envelope): string {
  return [PREFIX, scheme, ...[keyRef, iv, body].map((part) => part.toString('base64url'))].join(':');
}

/** The parts of an envelope written by `formatEnvelope`, or SealedTextError. */
export function parseEnvelope(envelope: string): Envelope {
  const parts = envelope.split(':');
  const [sealed, version, scheme, keyRef, iv, body] = parts;
  if (
    parts.length !== 6 ||
    `${sealed}:${version}` !== PREFIX ||
    scheme === undefined ||
    !SCHEMES.includes(scheme) ||
    keyRef === undefined ||
    iv === undefined ||
    body === undefined
  )
    throw new SealedTextError('Not a sealed text envelope');
  const decoded = {
    scheme: scheme as EnvelopeScheme,
    keyRef: Buffer.from(keyRef, 'base64url'),
    iv: Buffer.from(iv, 'base64url'),
    body: Buffer.from(body, 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES) throw new SealedTextError('Not a sealed text envelope');
  return decoded;
}
