import { randomUUID } from 'node:crypto';
import { Env } from '../contracts/environment';
import type { Hotel } from '../domain/hotels';
import type { RetentionPurgeDeps } from '../domain/privacy/retention-purge';
import { documentClient, required } from './aws-clients';
import { currentTime } from './clock';
import { auditRetentionDaysOf, DynamoDbAuditLog } from './dynamodb-audit-log';
import { DynamoDbRetentionStore } from './dynamodb-retention-store';

/** The retention purge wired from the environment: the table and its audit log. */
export function retentionPurgeDepsFromEnv(hotels: readonly Hotel[], env = process.env): RetentionPurgeDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  return {
    store: new DynamoDbRetentionStore(client, tableName),
    audit: new DynamoDbAuditLog(client, tableName, auditRetentionDaysOf(hotels)),
    now: currentTime,
    newId: () => randomUUID(),
  };
}
