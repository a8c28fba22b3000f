import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileRawArchive,
  rawArchiveTagsDirOf,
  rawArchiveTagsFileOf,
} from '../../functions/adapters/raw-archive';
import { FileRawArchiveEraser } from '../../functions/adapters/raw-archive-eraser';
import { RAW_ARCHIVE_RETENTION_TAG, rawArchiveLifecycleRules } from '../../functions/contracts/raw-archive';
import { rawArchiveKeyOf } from '../../functions/domain/ingest/ingest-meta-delivery';
import { expireRawArchive } from '../../local/runtime/raw-archive-lifecycle';

/** The stack's default of 30 days, one hotel keeping bodies 7 days and one 60. */
const RULES = rawArchiveLifecycleRules(30, [7, 60]);
const BODY = new TextEncoder().encode('{"object":"whatsapp_business_account","entry":[]}');

let directory: string;
let archive: FileRawArchive;

beforeEach(() => {
  directory = join(mkdtempSync(join(tmpdir(), 'hotel-inbox-lifecycle-')), 'raw');
  archive = new FileRawArchive(directory);
});

afterEach(() => {
  rmSync(join(directory, '..'), { recursive: true, force: true });
});

const put = async (receivedAt: string, digest: string, retentionDays?: number) => {
  const key = rawArchiveKeyOf('whatsapp', receivedAt, digest);
  await archive.put(key, BODY, { channel: 'whatsapp', receivedAt, routable: 'true' }, retentionDays);
  return key;
};
const kept = () =>
  readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
const tagsOf = (key: string) => JSON.parse(readFileSync(rawArchiveTagsFileOf(directory, key), 'utf8'));

describe('the local raw archive', () => {
  it('keeps each body under its key and its retention tag beside the folder, as S3 keeps both', async () => {
    const key = await put('2026-07-01T10:00:00.000Z', 'a', 7);

    expect(readFileSync(join(directory, key))).toEqual(Buffer.from(BODY));
    expect(tagsOf(key)).toEqual({ [RAW_ARCHIVE_RETENTION_TAG]: '7' });
    expect(rawArchiveTagsDirOf(directory)).toBe(`${directory}-tags`);
    expect(kept()).toEqual(['a.json']);
  });

  it('keeps no tags for a body written without a retention, over a tagged one too', async () => {
    const key = await put('2026-07-01T10:00:00.000Z', 'a', 7);

    await put('2026-07-01T10:00:00.000Z', 'a');

    expect(existsSync(rawArchiveTagsFileOf(directory, key))).toBe(false);
    expect(kept()).toEqual(['a.json']);
  });

  it('erases a body with its tags', async () => {
    const key = await put('2026-07-01T10:00:00.000Z', 'a', 7);

    const removed = await new FileRawArchiveEraser(directory).remove([key]);

    expect(removed).toBe(1);
    expect(existsSync(join(directory, key))).toBe(false);
    expect(existsSync(rawArchiveTagsFileOf(directory, key))).toBe(false);
  });
});

describe('the local raw archive lifecycle', () => {
  it('deletes a body of day D kept N days from D + N + 1 at midnight UTC, not a moment before', async () => {
    const key = await put('2026-07-01T23:59:59.000Z', 'a', 7);

    const early = await expireRawArchive(directory, RULES, new Date('2026-07-08T23:59:59.999Z'));
    expect(early).toBe(0);
    expect(kept()).toEqual(['a.json']);

    const due = await expireRawArchive(directory, RULES, new Date('2026-07-09T00:00:00.000Z'));
    expect(due).toBe(1);
    expect(kept()).toEqual([]);
    expect(existsSync(rawArchiveTagsFileOf(directory, key))).toBe(false);
  });

  it("deletes each body by its own tag, an untagged one at the longest rule's days", async () => {
    await put('2026-07-01T10:00:00.000Z', 'seven', 7);
    await put('2026-07-01T10:00:00.000Z', 'thirty', 30);
    await put('2026-07-01T10:00:00.000Z', 'sixty', 60);
    await put('2026-07-01T10:00:00.000Z', 'untagged');
    // Tagged with a retention no rule names any longer (the hotel's setting changed since).
    await put('2026-07-01T10:00:00.000Z', 'stale', 21);

    const at = (day: string) => expireRawArchive(directory, RULES, new Date(`${day}T00:00:00Z`));

    expect(await at('2026-07-09')).toBe(1);
    expect(kept()).toEqual(['sixty.json', 'stale.json', 'thirty.json', 'untagged.json']);
    expect(await at('2026-07-31')).toBe(0);
    expect(await at('2026-08-01')).toBe(1);
    expect(kept()).toEqual(['sixty.json', 'stale.json', 'untagged.json']);
    expect(await at('2026-08-30')).toBe(0);
    expect(await at('2026-08-31')).toBe(3);
    expect(kept()).toEqual([]);
  });

  it('goes by the day in the key, not by when the file was written', async () => {
    await put('2026-06-01T10:00:00.000Z', 'old', 7);
    await put('2026-07-01T10:00:00.000Z', 'new', 7);

    const removed = await expireRawArchive(directory, RULES, new Date('2026-07-05T00:00:00Z'));

    expect(removed).toBe(1);
    expect(kept()).toEqual(['new.json']);
  });

  it('leaves no empty day or channel folders behind, and spares the other channels and days', async () => {
    await put('2026-06-01T10:00:00.000Z', 'old', 7);
    const webchat = rawArchiveKeyOf('webchat', '2026-07-01T10:00:00.000Z', 'w');
    await archive.put(webchat, BODY, {}, 7);

    await expireRawArchive(directory, RULES, new Date('2026-07-05T00:00:00Z'));

    expect(readdirSync(directory)).toEqual(['webchat']);
    expect(readdirSync(rawArchiveTagsDirOf(directory))).toEqual(['webchat']);
  });

  it('removes tags a crash left without their body, and ignores files outside the key layout', async () => {
    const orphan = rawArchiveKeyOf('instagram', '2026-06-01T10:00:00.000Z', 'orphan');
    mkdirSync(join(rawArchiveTagsDirOf(directory), 'instagram', '2026-06-01'), { recursive: true });
    writeFileSync(rawArchiveTagsFileOf(directory, orphan), '{"retention-da');
    mkdirSync(join(directory, 'whatsapp', 'not-a-day'), { recursive: true });
    writeFileSync(join(directory, 'whatsapp', 'not-a-day', 'x.json'), '{}');

    const removed = await expireRawArchive(directory, RULES, new Date('2026-09-01T00:00:00Z'));

    expect(removed).toBe(0);
    expect(existsSync(rawArchiveTagsFileOf(directory, orphan))).toBe(false);
    expect(kept()).toEqual(['x.json']);
  });

  it('finds nothing to do in an archive folder that does not exist yet', async () => {
    expect(await expireRawArchive(join(directory, 'missing'), RULES, new Date())).toBe(0);
  });
});
