import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Keys, TTL_ATTRIBUTE } from '../contracts/table';
import { DEFAULT_RAW_ARCHIVE_RETENTION_DAYS } from '../domain/hotels';
import { type RawArchiveRetention, rawArchiveRetentionDaysFor } from '../domain/ingest/raw-archive-retention';
import type { ArchivedDelivery, DeliveryArchiveIndex } from '../domain/privacy/delivery-archive-index';

/** An index item outlives its object by this much, so no object is ever left without one. */
const MARGIN_DAYS = 2;

/**
 * The archive index in the single table: one small item per conversation and archive object
 * (`Keys.conversationDelivery`), put unconditionally (a redelivered event writes the same item),
 * expiring a little after the object does. The hotel's own retention is the longest its object
 * can have (a body shared with a hotel keeping less is tagged with the shorter), so the item
 * outlives it.
 */
export class DynamoDbDeliveryArchiveIndex implements DeliveryArchiveIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retention: RawArchiveRetention = {
      defaultDays: DEFAULT_RAW_ARCHIVE_RETENTION_DAYS,
      byHotel: new Map(),
    },
  ) {}

  async record({ tenantId, conversationKey, rawArchiveKey, receivedAt }: ArchivedDelivery): Promise<void> {
    const retentionDays = rawArchiveRetentionDaysFor([tenantId], this.retention);
    const expires = Date.parse(receivedAt) / 1000 + (retentionDays + MARGIN_DAYS) * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...Keys.conversationDelivery(tenantId, conversationKey, rawArchiveKey),
          rawArchiveKey,
          receivedAt,
          [TTL_ATTRIBUTE]: Math.floor(expires),
        },
      }),
    );
  }
}
