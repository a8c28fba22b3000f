import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, AuditEntrySchema } from '../../schemas/audit';
import { Keys } from '../contracts/table';
import type { AuditLog } from '../domain/privacy/audit-log';
import { applied } from './conditional-write';
import { queryAll } from './dynamodb-pages';

/**
 * The hotels' audit log in the single table: one item per entry in the hotel's partition of its
 * month (`Keys.auditEntry`), sorted by `auditId` (`<at>#<id>`). Entries are only ever put, and only
 * where no item is: never updated, never deleted, never overwritten. No TTL: entries are kept.
 */
export class DynamoDbAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes the entry once; the same entry again (a replay of its id) leaves the first in place. */
  async record(entry: AuditEntry): Promise<void> {
    const valid = AuditEntrySchema.parse(entry);
    // The key and every range read rely on `at` in one sortable form and `auditId` starting with it.
    if (!isUtcInstant(valid.at) || !valid.auditId.startsWith(`${valid.at}#`)) {
      throw new Error('An audit entry needs `at` as an ISO UTC instant and `auditId` as `<at>#<id>`');
    }
    await applied(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Keys.auditEntry(valid.tenantId, valid.auditId), ...valid },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** One Query per month partition the range touches, oldest month first, each in `auditId` order. */
  async list(tenantId: string, from: string, to: string): Promise<AuditEntry[]> {
    const [start, end] = [new Date(from), new Date(to)];
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
      throw new Error('An audit range needs two ISO instants');
    }
    if (start >= end) return [];
    const [lower, upper] = [start.toISOString(), end.toISOString()];
    const entries: AuditEntry[] = [];
    for (const month of monthsOf(start, new Date(end.getTime() - 1))) {
      const items = await queryAll(this.client, {
        TableName: this.tableName,
        // BETWEEN is inclusive and `<upper>#…` sorts after `<upper>`: entries at `to` are dropped below.
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': Keys.auditEntry(tenantId, month).pk,
          ':from': lower,
          ':to': upper,
        },
      });
      for (const item of items) {
        const entry = entryOf(item);
        if (entry.at < upper) entries.push(entry);
      }
    }
    return entries;
  }
}

/** `2026-07-20T09:00:00.000Z` exactly: the form `Date.toISOString` writes, which sorts as time does. */
const isUtcInstant = (at: string) => !Number.isNaN(Date.parse(at)) && new Date(at).toISOString() === at;

/** The months (`YYYY-MM`) from the one holding `first` to the one holding `last`, both included. */
function monthsOf(first: Date, last: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
  while (cursor <= last) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

/** The entry of an item, its keys dropped. */
function entryOf(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, ...entry } = item;
  return AuditEntrySchema.parse(entry);
}
