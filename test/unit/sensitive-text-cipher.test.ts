import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecryptCommand,
  type DecryptCommandInput,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  KMSClient,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encryptionContextOf, KmsSensitiveCipher } from '../../functions/adapters/kms-sensitive-cipher';
import { LocalSensitiveCipher } from '../../functions/adapters/local-sensitive-cipher';
import { formatEnvelope, parseEnvelope } from '../../functions/adapters/sealed-envelope';
import { sensitiveCipherFromEnv } from '../../functions/adapters/sensitive-cipher-from-env';
import { Env } from '../../functions/contracts/environment';
import { SealedTextError } from '../../functions/domain/privacy/sensitive-text-cipher';

const TEXT = 'I am allergic to peanuts, my card is 4111 1111 1111 1111';
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sensitive-key-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One bit of the ciphertext flipped: the tag check must refuse it. */
function tampered(envelope: string): string {
  const parts = parseEnvelope(envelope);
  const body = Buffer.from(parts.body);
  body[0] = (body[0] ?? 0) ^ 1;
  return formatEnvelope({ ...parts, body });
}

describe('the local key file cipher', () => {
  it('makes a 256-bit key file readable by its owner only on first use, and keeps using it', async () => {
    const keyFile = join(tempDir(), 'nested', 'sensitive-data-key');
    const envelope = await new LocalSensitiveCipher(keyFile).encrypt('aurora-belek', TEXT);

    expect(readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await new LocalSensitiveCipher(keyFile).decrypt('aurora-belek', envelope)).toBe(TEXT);
  });

  it('seals each text anew and never writes the words into the envelope', async () => {
    const cipher = new LocalSensitiveCipher(join(tempDir(), 'key'));

    const [first, second] = [
      await cipher.encrypt('aurora-belek', TEXT),
      await cipher.encrypt('aurora-belek', TEXT),
    ];

    expect(first).not.toBe(second);
    for (const envelope of [first, second]) {
      expect(envelope).toMatch(/^sealed:v1:local:/);
      expect(envelope).not.toContain('peanuts');
      expect(envelope).not.toContain('4111');
    }
  });

  it("does not open one hotel's envelope for another hotel", async () => {
    const cipher = new LocalSensitiveCipher(join(tempDir(), 'key'));
    const envelope = await cipher.encrypt('aurora-belek', TEXT);

    await expect(cipher.decrypt('lykia-kemer', envelope)).rejects.toBeInstanceOf(SealedTextError);
  });

  it('refuses a tampered envelope, one of another key file, and what is no envelope at all', async () => {
    const cipher = new LocalSensitiveCipher(join(tempDir(), 'key'));
    const other = new LocalSensitiveCipher(join(tempDir(), 'key'));
    const envelope = await cipher.encrypt('aurora-belek', TEXT);

    await expect(cipher.decrypt('aurora-belek', tampered(envelope))).rejects.toBeInstanceOf(SealedTextError);
    await expect(other.decrypt('aurora-belek', envelope)).rejects.toBeInstanceOf(SealedTextError);
    await expect(cipher.decrypt('aurora-belek', TEXT)).rejects.toBeInstanceOf(SealedTextError);
  });

  it('does not take a key file that holds no 256-bit key', async () => {
    const keyFile = join(tempDir(), 'key');
    writeFileSync(keyFile, 'not-a-key');

    await expect(new LocalSensitiveCipher(keyFile).encrypt('aurora-belek', TEXT)).rejects.toThrow(
      /256-bit key/,
    );
  });
});

describe('the AWS KMS cipher', () => {
  const KEY_ARN = 'arn:aws:kms:eu-central-1:111122223333:key/5e2a0a6e-0000-4000-8000-000000000001';
  const kms = new KMSClient({ region: 'eu-central-1' });
  const mock = mockClient(kms);
  /** What the fake KMS wrapped: the data key per blob, with the encryption context it was made for. */
  let wrapped: Map<string, { key: Buffer; context: string }>;

  beforeEach(() => {
    wrapped = new Map();
    // A stand-in for KMS: a data key per call, opened only with the context it was generated under.
    mock.on(GenerateDataKeyCommand).callsFake((input) => {
      const key = randomBytes(32);
      const blob = randomBytes(48);
      wrapped.set(blob.toString('hex'), { key, context: JSON.stringify(input.EncryptionContext) });
      return { KeyId: KEY_ARN, Plaintext: new Uint8Array(key), CiphertextBlob: new Uint8Array(blob) };
    });
    mock.on(DecryptCommand).callsFake((input: DecryptCommandInput) => {
      const entry = wrapped.get(Buffer.from(input.CiphertextBlob ?? []).toString('hex'));
      if (!entry || entry.context !== JSON.stringify(input.EncryptionContext))
        throw new InvalidCiphertextException({ message: 'InvalidCiphertextException', $metadata: {} });
      return { KeyId: KEY_ARN, Plaintext: new Uint8Array(entry.key) };
    });
  });
  afterEach(() => mock.reset());

  it("asks KMS for an AES-256 data key under the sensitive key, in the hotel's encryption context", async () => {
    const cipher = new KmsSensitiveCipher(kms, KEY_ARN);

    const envelope = await cipher.encrypt('aurora-belek', TEXT);

    expect(mock.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toEqual({
      KeyId: KEY_ARN,
      KeySpec: 'AES_256',
      EncryptionContext: { tenantId: 'aurora-belek', purpose: 'sensitive-message-text' },
    });
    expect(envelope).toMatch(/^sealed:v1:kms:/);
    expect(envelope).not.toContain('peanuts');
  });

  it('opens the envelope through KMS Decrypt with the same key and context', async () => {
    const sealer = new KmsSensitiveCipher(kms, KEY_ARN);
    const opener = new KmsSensitiveCipher(kms, KEY_ARN);
    const envelope = await sealer.encrypt('aurora-belek', TEXT);

    expect(await opener.decrypt('aurora-belek', envelope)).toBe(TEXT);
    expect(mock.commandCalls(DecryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: KEY_ARN,
      EncryptionContext: encryptionContextOf('aurora-belek'),
    });
  });

  it("refuses another hotel's envelope: KMS will not open its data key in another hotel's context", async () => {
    const cipher = new KmsSensitiveCipher(kms, KEY_ARN);
    const envelope = await cipher.encrypt('aurora-belek', TEXT);

    await expect(cipher.decrypt('lykia-kemer', envelope)).rejects.toBeInstanceOf(SealedTextError);
  });

  it("refuses another hotel's envelope even if KMS handed out its data key (the hotel is in the AES-GCM data too)", async () => {
    const cipher = new KmsSensitiveCipher(kms, KEY_ARN);
    const envelope = await cipher.encrypt('aurora-belek', TEXT);
    mock.on(DecryptCommand).callsFake((input: DecryptCommandInput) => {
      const entry = wrapped.get(Buffer.from(input.CiphertextBlob ?? []).toString('hex'));
      return { KeyId: KEY_ARN, Plaintext: new Uint8Array(entry?.key ?? []) };
    });

    await expect(cipher.decrypt('lykia-kemer', envelope)).rejects.toBeInstanceOf(SealedTextError);
  });

  it('reuses a data key for a while: a burst of messages and a ticket view cost one KMS call each', async () => {
    const cipher = new KmsSensitiveCipher(kms, KEY_ARN);

    const envelopes = await Promise.all(
      Array.from({ length: 5 }, (_, i) => cipher.encrypt('aurora-belek', `${TEXT} #${i}`)),
    );
    const opened = await Promise.all(envelopes.map((envelope) => cipher.decrypt('aurora-belek', envelope)));

    expect(opened).toEqual(Array.from({ length: 5 }, (_, i) => `${TEXT} #${i}`));
    expect(mock.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(mock.commandCalls(DecryptCommand)).toHaveLength(1);
  });

  it('takes a fresh data key per hotel, and once the cached one has expired', async () => {
    let now = 0;
    const cipher = new KmsSensitiveCipher(kms, KEY_ARN, { ttlMillis: 1000, now: () => now });

    await cipher.encrypt('aurora-belek', TEXT);
    await cipher.encrypt('lykia-kemer', TEXT);
    now = 1000;
    await cipher.encrypt('aurora-belek', TEXT);

    expect(
      mock.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input.EncryptionContext?.tenantId),
    ).toEqual(['aurora-belek', 'lykia-kemer', 'aurora-belek']);
  });

  it('lets a throttled KMS call fail as it is (to be retried) and asks again next time', async () => {
    const cipher = new KmsSensitiveCipher(kms, KEY_ARN);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    mock.on(GenerateDataKeyCommand).rejectsOnce(throttled);

    await expect(cipher.encrypt('aurora-belek', TEXT)).rejects.toBe(throttled);
    mock.on(GenerateDataKeyCommand).resolves({
      KeyId: KEY_ARN,
      Plaintext: new Uint8Array(randomBytes(32)),
      CiphertextBlob: new Uint8Array(randomBytes(48)),
    });
    await expect(cipher.encrypt('aurora-belek', TEXT)).resolves.toMatch(/^sealed:v1:kms:/);
  });

  it('does not open an envelope of the local key file', async () => {
    const local = await new LocalSensitiveCipher(join(tempDir(), 'key')).encrypt('aurora-belek', TEXT);

    await expect(new KmsSensitiveCipher(kms, KEY_ARN).decrypt('aurora-belek', local)).rejects.toBeInstanceOf(
      SealedTextError,
    );
  });
});

describe('the cipher of the environment', () => {
  it('is KMS with SENSITIVE_DATA_KEY_ARN, the key file with SENSITIVE_DATA_KEY_FILE', () => {
    expect(
      sensitiveCipherFromEnv({ [Env.sensitiveDataKeyArn]: 'arn:aws:kms:eu-central-1:1:key/x' }),
    ).toBeInstanceOf(KmsSensitiveCipher);
    expect(sensitiveCipherFromEnv({ [Env.sensitiveDataKeyFile]: join(tempDir(), 'key') })).toBeInstanceOf(
      LocalSensitiveCipher,
    );
  });

  it('refuses on use, not on start, when neither is set (the workflow shares the intake deps)', async () => {
    const cipher = sensitiveCipherFromEnv({});

    await expect(cipher.encrypt('aurora-belek', TEXT)).rejects.toThrow(/SENSITIVE_DATA_KEY_ARN/);
  });
});
