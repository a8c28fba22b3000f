import { S3Client } from '@aws-sdk/client-s3';
import { Env } from '../contracts/environment';
import { parseRawArchiveRetentionByHotel } from '../contracts/raw-archive';
import type { IngestDeps } from '../domain/ingest/ingest-meta-delivery';
import type { RawArchiveRetention } from '../domain/ingest/raw-archive-retention';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { currentTime } from './clock';
import { DynamoDbChannelRegistry } from './dynamodb-channel-registry';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { metrics } from './observability';
import { FileRawArchive, S3RawArchive } from './raw-archive';

/** The ingest path wired from the environment: AWS in the cloud, local endpoints under `npm start`. */
export function ingestDepsFromEnv(env = process.env): IngestDeps {
  const tableName = required(Env.tableName, env);
  const client = documentClient(env);
  const archiveDir = env[Env.rawArchiveDir];
  return {
    registry: new DynamoDbChannelRegistry(client, tableName),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    archive: archiveDir
      ? new FileRawArchive(archiveDir)
      : new S3RawArchive(new S3Client({}), required(Env.rawArchiveBucket, env)),
    rawArchiveRetention: rawArchiveRetentionFromEnv(env),
    metrics,
    now: currentTime,
  };
}

/**
 * The raw archive's retention from `RAW_ARCHIVE_RETENTION_DAYS` and `RAW_ARCHIVE_RETENTION_BY_HOTEL`
 * (set together by the stack), or none when no default is set: bodies are then archived untagged.
 */
export function rawArchiveRetentionFromEnv(env = process.env): RawArchiveRetention | undefined {
  const days = env[Env.rawArchiveRetentionDays];
  if (!days) return undefined;
  const defaultDays = Number(days);
  if (!Number.isInteger(defaultDays) || defaultDays < 1)
    throw new Error(`${Env.rawArchiveRetentionDays} must be a whole number of days >= 1`);
  const byHotel = env[Env.rawArchiveRetentionByHotel];
  return { defaultDays, byHotel: byHotel ? parseRawArchiveRetentionByHotel(byHotel) : new Map() };
}

/**
 * Builds a value on first use, so importing a handler has no side effects and reads no env.
 * A promise that rejects (a secret that could not be read) is forgotten, so the next call retries.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    if (value === undefined) {
      value = build();
      if (value instanceof Promise) {
        value.catch(() => {
          value = undefined;
        });
      }
    }
    return value;
  };
}
