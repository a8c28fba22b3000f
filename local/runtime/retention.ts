import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ARCHIVE_RETENTION_DAYS } from '../../functions/contracts/bus';
import { rawArchiveLifecycleRules } from '../../functions/contracts/raw-archive';
import type { Hotel } from '../../functions/domain/hotels';
import { rawArchiveRetentionOf } from '../../functions/domain/privacy/raw-archive-retention';
import { expireRawArchive } from './raw-archive-lifecycle';
import { expireTtlItems } from './ttl-expiry';

export interface LocalRetentionDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  rawArchiveDir: string;
  /** The bus's event log, the local stand-in of the bus archive. */
  eventLogFile: string;
  hotels: readonly Hotel[];
  /** Runs the retention-purge Lambda handler, as the daily rule does in AWS. */
  purgeWords(): Promise<void>;
  now(): Date;
}

export interface LocalRetentionRun {
  expiredItems: number;
  expiredRawBodies: number;
  expiredEvents: number;
}

/**
 * What retention does in AWS, on the runtime's clock: the retention-purge function (the same
 * handler), then what AWS does continuously on its own: DynamoDB's TTL, the raw archive's
 * lifecycle rules (the very rules the stack deploys) and the bus archive's retention.
 */
export async function runLocalRetention(deps: LocalRetentionDeps): Promise<LocalRetentionRun> {
  await deps.purgeWords();
  const now = deps.now();
  const expiredItems = await expireTtlItems(deps.client, deps.tableName, now);
  // The rules the stack gives the bucket for these hotels.
  const retention = rawArchiveRetentionOf(deps.hotels);
  const rules = rawArchiveLifecycleRules(retention.defaultDays, retention.byHotel.values());
  const expiredRawBodies = await expireRawArchive(deps.rawArchiveDir, rules, now);
  const expiredEvents = expireEventLog(deps.eventLogFile, now);
  return { expiredItems, expiredRawBodies, expiredEvents };
}

/** Drops the logged events older than the bus archive keeps them; the number dropped. */
function expireEventLog(file: string, now: Date): number {
  if (!existsSync(file)) return 0;
  const oldest = new Date(now.getTime() - ARCHIVE_RETENTION_DAYS * 86_400_000).toISOString();
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const kept = lines.filter(
    (line) => (JSON.parse(line) as { time: string }).time >= oldest.replace(/\.\d{3}Z$/, 'Z'),
  );
  if (kept.length < lines.length) writeFileSync(file, kept.map((line) => `${line}\n`).join(''));
  return lines.length - kept.length;
}
