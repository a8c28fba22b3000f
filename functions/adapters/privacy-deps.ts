import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { Env } from '../contracts/environment';
import type { DataSubjectDeps } from '../domain/privacy/data-subject-request';
import { documentClient, required } from './aws-clients';
import { currentTime } from './clock';
import { auditRetentionDaysOf, DynamoDbAuditLog } from './dynamodb-audit-log';
import { DynamoDbGuestData } from './dynamodb-guest-data';
import { FolderGuestOutbox, NO_GUEST_OUTBOX } from './guest-outbox';
import { hotelsFromEnv } from './hotels-from-env';
import { kpiExportDepsFromEnv } from './kpi-export-deps';
import { pseudonymousLakeOf } from './kpi-lake-pseudonyms';
import { FileRawArchiveEraser, S3RawArchiveEraser } from './raw-archive-eraser';
import { sensitiveCipherFromEnv } from './sensitive-cipher-from-env';

/**
 * Data-subject requests wired from the environment: the table, the raw archive (RAW_ARCHIVE_DIR
 * locally, else the bucket), the outbox folder (OUTBOX_DIR locally; nothing in AWS), the KPI lake
 * and its salt (as the KPI export reads them), the audit log, and the sensitive-text key when the
 * function has one (sealed texts are opened for an export).
 */
export async function dataSubjectDepsFromEnv(env = process.env): Promise<DataSubjectDeps> {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  const rawDir = env[Env.rawArchiveDir];
  const outboxDir = env[Env.outboxDir];
  const hotels = hotelsFromEnv(env);
  return {
    hotels,
    store: new DynamoDbGuestData(client, tableName),
    rawArchive: rawDir
      ? new FileRawArchiveEraser(rawDir)
      : new S3RawArchiveEraser(new S3Client({}), required(Env.rawArchiveBucket, env)),
    outbox: outboxDir ? new FolderGuestOutbox(outboxDir) : NO_GUEST_OUTBOX,
    lake: pseudonymousLakeOf(await kpiExportDepsFromEnv(env)),
    audit: new DynamoDbAuditLog(client, tableName, auditRetentionDaysOf(hotels)),
    ...((env[Env.sensitiveDataKeyArn] || env[Env.sensitiveDataKeyFile]) && {
      sealedText: sensitiveCipherFromEnv(env),
    }),
    now: currentTime,
    newId: () => randomUUID(),
  };
}
