import {
  DecryptCommand,
  GenerateDataKeyCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { SealedTextError, type SensitiveTextCipher } from '../domain/privacy/sensitive-text-cipher';
import { openWith, parseEnvelope, sealWith } from './sealed-envelope';

/** How long a data key is used or remembered, and for how many texts, before KMS is asked again. */
export interface DataKeyCacheOptions {
  ttlMillis: number;
  /** Texts sealed under one data key at most (AES-GCM with random IVs stays far from its limits). */
  maxUses: number;
  /** Opened data keys remembered at most (a ticket view opens a few). */
  maxOpenedKeys: number;
  now(): number;
}

const DEFAULT_CACHE: DataKeyCacheOptions = {
  ttlMillis: 5 * 60_000,
  maxUses: 10_000,
  maxOpenedKeys: 100,
  now: () => Date.now(),
};

interface DataKey {
  plaintext: Buffer;
  encrypted: Buffer;
}

/**
 * Envelope encryption with AWS KMS: a 256-bit data key from `GenerateDataKey` under the sensitive
 * data key (`SENSITIVE_DATA_KEY_ARN`) seals the text with AES-256-GCM; the envelope keeps the data
 * key as KMS encrypted it. Both the KMS call and the cipher are bound to the hotel: the encryption
 * context `{ tenantId, purpose }` (which an IAM or key policy condition can also require) and the
 * AES-GCM additional data, so one hotel's envelope opens for no other.
 *
 * Data keys are reused for a few minutes per hotel, and opened ones remembered as long, so a burst
 * of messages or a ticket view costs one KMS call, not one per message.
 */
export class KmsSensitiveCipher implements SensitiveTextCipher {
  private readonly sealing = new Map<string, { key: Promise<DataKey>; until: number; uses: number }>();
  private readonly opened = new Map<string, { key: Promise<Buffer>; until: number }>();
  private readonly cache: DataKeyCacheOptions;

  constructor(
    private readonly kms: KMSClient,
    private readonly keyArn: string,
    cache: Partial<DataKeyCacheOptions> = {},
  ) {
    this.cache = { ...DEFAULT_CACHE, ...cache };
  }

  async encrypt(tenantId: string, plaintext: string): Promise<string> {
    const key = await this.sealingKeyOf(tenantId);
    return sealWith(key.plaintext, tenantId, plaintext, 'kms', key.encrypted);
  }

  async decrypt(tenantId: string, envelope: string): Promise<string> {
    const parts = parseEnvelope(envelope);
    if (parts.scheme !== 'kms') throw new SealedTextError('The text was not sealed with AWS KMS');
    return openWith(await this.openedKeyOf(tenantId, parts.keyRef), tenantId, parts);
  }

  private sealingKeyOf(tenantId: string): Promise<DataKey> {
    const now = this.cache.now();
    const cached = this.sealing.get(tenantId);
    if (cached && cached.until > now && cached.uses < this.cache.maxUses) {
      cached.uses++;
      return cached.key;
    }
    const key = this.generateDataKey(tenantId);
    key.catch(() => this.sealing.delete(tenantId));
    this.sealing.set(tenantId, { key, until: now + this.cache.ttlMillis, uses: 1 });
    return key;
  }

  private async generateDataKey(tenantId: string): Promise<DataKey> {
    const answer = await this.kms.send(
      new GenerateDataKeyCommand({
        KeyId: this.keyArn,
        KeySpec: 'AES_256',
        EncryptionContext: encryptionContextOf(tenantId),
      }),
    );
    if (!answer.Plaintext || !answer.CiphertextBlob) throw new Error('KMS returned no data key');
    return { plaintext: Buffer.from(answer.Plaintext), encrypted: Buffer.from(answer.CiphertextBlob) };
  }

  private openedKeyOf(tenantId: string, encrypted: Buffer): Promise<Buffer> {
    const now = this.cache.now();
    // The hotel is part of the key: an envelope of another hotel goes to KMS, which refuses it.
    const id = `${tenantId}\u0000${encrypted.toString('base64')}`;
    const cached = this.opened.get(id);
    if (cached && cached.until > now) return cached.key;
    for (const [old, entry] of this.opened) if (entry.until <= now) this.opened.delete(old);
    while (this.opened.size >= this.cache.maxOpenedKeys) {
      const oldest = this.opened.keys().next().value;
      if (oldest === undefined) break;
      this.opened.delete(oldest);
    }
    const key = this.decryptDataKey(tenantId, encrypted);
    key.catch(() => this.opened.delete(id));
    this.opened.set(id, { key, until: now + this.cache.ttlMillis });
    return key;
  }

  private async decryptDataKey(tenantId: string, encrypted: Buffer): Promise<Buffer> {
    try {
      const answer = await this.kms.send(
        new DecryptCommand({
          KeyId: this.keyArn,
          CiphertextBlob: encrypted,
          EncryptionContext: encryptionContextOf(tenantId),
        }),
      );
      if (!answer.Plaintext) throw new Error('KMS returned no data key');
      return Buffer.from(answer.Plaintext);
    } catch (error) {
      // Another hotel's context, another key or a damaged blob; throttling and outages stay as they are.
      if (error instanceof InvalidCiphertextException || error instanceof IncorrectKeyException)
        throw new SealedTextError('KMS refused the data key of this sealed text', { cause: error });
      throw error;
    }
  }
}

/** The KMS encryption context of a hotel's sensitive texts (logged by CloudTrail: no personal data). */
export const encryptionContextOf = (tenantId: string): Record<string, string> => ({
  tenantId,
  purpose: 'sensitive-message-text',
});
