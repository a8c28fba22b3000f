import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SealedTextError, type SensitiveTextCipher } from '../domain/privacy/sensitive-text-cipher';
import { openWith, parseEnvelope, sealWith } from './sealed-envelope';

/**
 * The local runtime's stand-in for the KMS key: one 256-bit key in a file
 * (`SENSITIVE_DATA_KEY_FILE`, by default `DATA_DIR/sensitive-data-key`), made on first use and
 * readable by its owner only. The envelope is the KMS adapter's (AES-256-GCM, the hotel's tenant id
 * as additional data); instead of a wrapped data key it names the key by a fingerprint, so a text
 * sealed before the file was replaced fails clearly rather than as tampering.
 */
export class LocalSensitiveCipher implements SensitiveTextCipher {
  private key: { value: Buffer; fingerprint: Buffer } | undefined;

  constructor(private readonly keyFile: string) {}

  async encrypt(tenantId: string, plaintext: string): Promise<string> {
    const { value, fingerprint } = this.loadKey();
    return sealWith(value, tenantId, plaintext, 'local', fingerprint);
  }

  async decrypt(tenantId: string, envelope: string): Promise<string> {
    const parts = parseEnvelope(envelope);
    if (parts.scheme !== 'local') throw new SealedTextError('The text was not sealed with the local key');
    const { value, fingerprint } = this.loadKey();
    if (!parts.keyRef.equals(fingerprint))
      throw new SealedTextError('The text was sealed with another local key file');
    return openWith(value, tenantId, parts);
  }

  private loadKey(): { value: Buffer; fingerprint: Buffer } {
    if (!this.key) {
      const value = readOrCreateKey(this.keyFile);
      this.key = { value, fingerprint: createHash('sha256').update(value).digest().subarray(0, 8) };
    }
    return this.key;
  }
}

/** The key in the file, written there first (hex, mode 0600) if there is none; two starts race safely. */
function readOrCreateKey(file: string): Buffer {
  try {
    return keyOf(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process made it a moment ago: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return keyOf(readFileSync(file, 'utf8'), file);
    throw error;
  }
}

function keyOf(content: string, file: string): Buffer {
  const hex = content.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold a 256-bit key in hex`);
  return Buffer.from(hex, 'hex');
}
