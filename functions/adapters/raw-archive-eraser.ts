import { rm, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RawArchiveEraser } from '../domain/privacy/data-subject-request';
import { rawArchiveTagsFileOf } from './raw-archive';

/** S3 deletes at most this many keys per request. */
const DELETE_OBJECTS_MAX = 1000;

/**
 * Deletes raw archive objects in S3 (the bucket is not versioned, so a delete removes the body).
 * S3 answers a delete of a missing key as done: the count is of the keys asked for.
 */
export class S3RawArchiveEraser implements RawArchiveEraser {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async remove(keys: readonly string[]): Promise<number> {
    for (let i = 0; i < keys.length; i += DELETE_OBJECTS_MAX) {
      const { Errors } = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.slice(i, i + DELETE_OBJECTS_MAX).map((Key) => ({ Key })), Quiet: true },
        }),
      );
      // The error names the key only: an archive key holds a channel, a day and a digest.
      if (Errors && Errors.length > 0)
        throw new Error(`S3 did not delete ${Errors.length} raw archive object(s): ${Errors[0]?.Code}`);
    }
    return keys.length;
  }
}

/** Deletes files of the local raw archive folder (`.data/raw/`), same keys as in S3, and their tags. */
export class FileRawArchiveEraser implements RawArchiveEraser {
  constructor(private readonly directory: string) {}

  async remove(keys: readonly string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      const path = resolve(this.directory, key);
      // An archive key is `<channel>/<date>/<digest>.json`: nothing outside the folder.
      if (relative(resolve(this.directory), path).startsWith('..')) continue;
      if (await exists(path)) {
        await rm(path, { force: true });
        removed++;
      }
      await rm(rawArchiveTagsFileOf(this.directory, key), { force: true });
    }
    return removed;
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
