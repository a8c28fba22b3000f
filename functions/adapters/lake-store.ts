import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LakeStore } from '../domain/kpi/export-kpis';

/** The KPI lake in S3; the bucket's KMS key and lifecycle apply. A put replaces the object whole. */
export class S3LakeStore implements LakeStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/vnd.apache.parquet',
      }),
    );
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** The KPI lake in a local folder (`.data/lake/`), same keys as in S3. */
export class FolderLakeStore implements LakeStore {
  constructor(private readonly directory: string) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    const path = join(this.directory, key);
    await mkdir(dirname(path), { recursive: true });
    // Written aside and renamed, so a query never reads half a file.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, body);
    await rename(partial, path);
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.directory, key), { force: true });
  }
}
