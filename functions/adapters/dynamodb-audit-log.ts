import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, AuditEntrySchema } from '../../schemas/audit';
import { Keys, TTL_ATTRIBUTE } from '../contracts/table';
import { type Hotel, retentionOf } from '../domain/hotels';
import type { AuditLog } from '../domain/privacy/audit-log';
import { applied } from './conditional-write';
import { queryAll } from './dynamodb-pages';

/** The days a hotel's audit entries are kept, by its tenant id. */
export type AuditRetentionDays = (tenantId: string) => number;

/** Each hotel's `auditLogDays`; a tenant not among the hotels gets the default of `retentionOf`. */
export function auditRetentionDaysOf(
  hotels: readonly Pick<Hotel, 'tenantId' | 'retention'>[],
): AuditRetentionDays {
  const days = new Map(hotels.map((hotel) => [hotel.tenantId, retentionOf(hotel).auditLogDays]));
  const fallback = retentionOf({}).auditLogDays;
  return (tenantId) => days.get(tenantId) ?? fallback;
}

const SECONDS_PER_DAY = 86_400;

/**
 * The hotels' audit log in the single table: one item per entry in the hotel's partition of its
 * month (`Keys.auditEntry`), sorted by `auditId` (`<at>#<id>`). Entries are only ever put, and only
 * where no item is: never updated, never overwritten, never deleted by a function. Each carries the
 * table's TTL (`TTL_ATTRIBUTE`, epoch seconds): `at` plus its hotel's `auditLogDays`, fixed when
 * written, so the DynamoDB service itself removes it once the hotel's retention has passed.
 */
export class DynamoDbAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDaysOf: AuditRetentionDays,
  ) {}

  /** Writes the entry once; the same entry again (a replay of its id) leaves the first in place. */
  async record(entry: AuditEntry): Promise<void> {
    const valid = AuditEntrySchema.parse(entry);
    // The key and every range read rely on `at` in one sortable form and `auditId` starting with it.
    if (!isUtcInstant(valid.at) || !valid.auditId.startsWith(`${valid.at}#`)) {
      throw new Error('An audit entry needs `at` as an ISO UTC instant and `auditId` as `<at>#<id>`');
    }
    const days = this.retentionDaysOf(valid.tenantId);
    // A wrong count would have the service delete accountability records early (or never).
    if (!Number.isInteger(days) || days < 1) {
      throw new Error(`No audit retention for ${valid.tenantId}: ${days} days`);
    }
    await applied(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...Keys.auditEntry(valid.tenantId, valid.auditId),
            ...valid,
            [TTL_ATTRIBUTE]: Math.floor(Date.parse(valid.at) / 1000) + days * SECONDS_PER_DAY,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async list(tenantId: string, from: string, to: string): Promise<AuditEntry[]> {
    return listAuditEntries(this.client, this.tableName, tenantId, from, to);
  }
}

/**
 * A hotel's entries in [from, to), oldest first, for readers that never write one (the KPI
 * export) and so need no retention. One Query per month partition the range touches, oldest
 * month first, each in `auditId` order.
 */
export async function listAuditEntries(
  client: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  from: string,
  to: string,
): Promise<AuditEntry[]> {
  const [start, end] = [new Date(from), new Date(to)];
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    throw new Error('An audit range needs two ISO instants');
  }
  if (start >= end) return [];
  const [lower, upper] = [start.toISOString(), end.toISOString()];
  const entries: AuditEntry[] = [];
  for (const month of monthsOf(start, new Date(end.getTime() - 1))) {
    const items = await queryAll(client, {
      TableName: tableName,
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

/** The entry of an item, its keys and expiry dropped. */
function entryOf(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _expiresAt, ...entry } = item;
  return AuditEntrySchema.parse(entry);
}
