import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ConsentPurpose, type ConsentRecord, ConsentRecordSchema } from '../../schemas/consent';
import { Keys } from '../contracts/table';
import {
  CONSENT_PURPOSES,
  type ConsentStore,
  type CurrentConsent,
  consentRefOf,
} from '../domain/privacy/consent';
import { applied } from './conditional-write';
import { queryAll } from './dynamodb-pages';

/**
 * Consent decisions in the single table, one item each under the guest's partition
 * (`CONSENT#<purpose>#<at>#<ref>`), never updated. The current decision of a purpose is the
 * last item of its prefix: one Query read backwards with Limit 1.
 */
export class DynamoDbConsentStore implements ConsentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(record: ConsentRecord): Promise<boolean> {
    const valid = ConsentRecordSchema.parse(record);
    return applied(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...Keys.consent(valid.tenantId, valid.guestId, valid.purpose, valid.at, consentRefOf(valid)),
            ...valid,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async current(tenantId: string, guestId: string): Promise<CurrentConsent> {
    const latest = await Promise.all(
      CONSENT_PURPOSES.map(async (purpose) => {
        const { Items } = await this.client.send(
          new QueryCommand({ ...this.query(tenantId, guestId, purpose), Limit: 1 }),
        );
        return Items?.[0] ? recordOf(Items[0]) : undefined;
      }),
    );
    const current: CurrentConsent = {};
    for (const record of latest) if (record) current[record.purpose] = record;
    return current;
  }

  async history(tenantId: string, guestId: string, purpose: ConsentPurpose): Promise<ConsentRecord[]> {
    const items = await queryAll(this.client, this.query(tenantId, guestId, purpose));
    return items.map(recordOf);
  }

  /** A purpose's records, newest first, read consistently (an opt-out is honoured at once). */
  private query(tenantId: string, guestId: string, purpose: ConsentPurpose) {
    const { pk, sk } = Keys.consent(tenantId, guestId, purpose);
    return {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': sk },
      ScanIndexForward: false,
      ConsistentRead: true,
    };
  }
}

/** The record of an item, its keys dropped. */
function recordOf(item: Record<string, unknown>): ConsentRecord {
  const { pk: _pk, sk: _sk, ...record } = item;
  return ConsentRecordSchema.parse(record);
}
