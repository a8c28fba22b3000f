import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { PutObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { RAW_ARCHIVE_RETENTION_TAG } from '../contracts/raw-archive';
import type { RawArchive, RawArchiveRetagger } from '../domain/ports';

/** The raw archive in S3. The bucket's default KMS encryption and lifecycle apply. */
export class S3RawArchive implements RawArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(
    key: string,
    body: Uint8Array,
    metadata: Record<string, string>,
    retentionDays?: number,
  ): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        Metadata: metadata,
        ...(retentionDays !== undefined && {
          Tagging: new URLSearchParams({ [RAW_ARCHIVE_RETENTION_TAG]: String(retentionDays) }).toString(),
        }),
      }),
    );
  }
}

/** The retention tag of a body in S3, replaced (a body no longer there is no error: S3 answers it). */
export class S3RawArchiveRetagger implements RawArchiveRetagger {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async retag(key: string, retentionDays: number): Promise<void> {
    try {
      await this.client.send(
        new PutObjectTaggingCommand({
          Bucket: this.bucket,
          Key: key,
          Tagging: { TagSet: [{ Key: RAW_ARCHIVE_RETENTION_TAG, Value: String(retentionDays) }] },
        }),
      );
    } catch (error) {
      // Expired or erased already: nothing is left to keep shorter.
      if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
    }
  }
}

/**
 * Where the local archive keeps objects' tags (S3 keeps them with the object): a folder beside
 * the archive's, `<folder>-tags/`, so the archive folder holds the bodies only, under the same
 * keys as in S3.
 */
export const rawArchiveTagsDirOf = (directory: string): string => `${resolve(directory)}-tags`;

/** An object's tags in the local archive: a JSON object of tag to value, under the object's key. */
export const rawArchiveTagsFileOf = (directory: string, key: string): string =>
  join(rawArchiveTagsDirOf(directory), key);

/** The raw archive in a local folder (`.data/raw/`), same keys as in S3, tags beside it. */
export class FileRawArchive implements RawArchive {
  constructor(private readonly directory: string) {}

  async put(
    key: string,
    body: Uint8Array,
    _metadata: Record<string, string>,
    retentionDays?: number,
  ): Promise<void> {
    const path = join(this.directory, key);
    const tagsFile = rawArchiveTagsFileOf(this.directory, key);
    // As a PutObject without tags does in S3, an untagged write leaves the object untagged.
    if (retentionDays === undefined) await rm(tagsFile, { force: true });
    else {
      await mkdir(dirname(tagsFile), { recursive: true });
      await writeFile(tagsFile, JSON.stringify({ [RAW_ARCHIVE_RETENTION_TAG]: String(retentionDays) }));
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }
}

/** The retention tag of a body in the local archive folder, replaced when the body is there. */
export class FileRawArchiveRetagger implements RawArchiveRetagger {
  constructor(private readonly directory: string) {}

  async retag(key: string, retentionDays: number): Promise<void> {
    const path = resolve(this.directory, key);
    // An archive key is `<channel>/<date>/<digest>.json`: nothing outside the folder.
    if (relative(resolve(this.directory), path).startsWith('..') || !existsSync(path)) return;
    const tagsFile = rawArchiveTagsFileOf(this.directory, key);
    await mkdir(dirname(tagsFile), { recursive: true });
    await writeFile(tagsFile, JSON.stringify({ [RAW_ARCHIVE_RETENTION_TAG]: String(retentionDays) }));
  }
}
