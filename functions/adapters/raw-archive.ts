import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RawArchive } from '../domain/ports';

/** The raw archive in S3. The bucket's default KMS encryption and lifecycle apply. */
export class S3RawArchive implements RawArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, metadata: Record<string, string>): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        Metadata: metadata,
      }),
    );
  }
}

/** The raw archive in a local folder (`.data/raw/`), same keys as in S3. */
export class FileRawArchive implements RawArchive {
  constructor(private readonly directory: string) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    const path = join(this.directory, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }
}
