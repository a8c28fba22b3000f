import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Keys, TTL_ATTRIBUTE } from '../contracts/table';
import type { ArchivedDelivery, DeliveryArchiveIndex } from '../domain/privacy/delivery-archive-index';

/** The raw archive's lifecycle unless the stack says otherwise (`rawArchiveRetentionDays`). */
export const DEFAULT_RAW_ARCHIVE_RETENTION_DAYS = 30;
/** An index item outlives its object by this much, so no object is ever left without one. */
const MARGIN_DAYS = 2;

/**
 * The archive index in the single table: one small item per conversation and archive object
 * (`Keys.conversationDelivery`), put unconditionally (a redelivered event writes the same item),
 * expiring a little after the object does.
 */
export class DynamoDbDeliveryArchiveIndex implements DeliveryArchiveIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = DEFAULT_RAW_ARCHIVE_RETENTION_DAYS,
  ) {}

  async record({ tenantId, conversationKey, rawArchiveKey, receivedAt }: ArchivedDelivery): Promise<void> {
    const expires = Date.parse(receivedAt) / 1000 + (this.retentionDays + MARGIN_DAYS) * 86_400;
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
