import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Keys, TTL_ATTRIBUTE } from '../contracts/table';
import type { DedupeStore } from '../domain/ports';
import { applied } from './conditional-write';

/** Meta retries for up to 7 days; a day more covers the last retry. */
const REMEMBER_SECONDS = 8 * 24 * 3600;
/** A claim not confirmed within this time was abandoned (its publisher died) and may be taken again. */
const CLAIM_LOCK_MILLIS = 60_000;

const key = (dedupeKey: string) => {
  const separator = dedupeKey.indexOf('#');
  return Keys.dedupe(dedupeKey.slice(0, separator), dedupeKey.slice(separator + 1));
};

/** Dedupe keys as conditional writes: two deliveries racing for the same key cannot both win. */
export class DynamoDbDedupeStore implements DedupeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(keys: readonly string[], now: Date): Promise<Set<string>> {
    const claimed = new Set<string>();
    await Promise.all(
      keys.map(async (dedupeKey) => {
        const put = this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key(dedupeKey),
              state: 'claimed',
              lockExpiresAt: now.getTime() + CLAIM_LOCK_MILLIS,
              [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + REMEMBER_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND lockExpiresAt < :now)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now.getTime() },
          }),
        );
        if (await applied(put)) claimed.add(dedupeKey);
      }),
    );
    return claimed;
  }

  async confirm(keys: readonly string[], now: Date): Promise<void> {
    await Promise.all(
      keys.map((dedupeKey) =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(dedupeKey),
            UpdateExpression: 'SET #state = :published, publishedAt = :at REMOVE lockExpiresAt',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':published': 'published', ':at': now.toISOString() },
          }),
        ),
      ),
    );
  }

  async release(keys: readonly string[]): Promise<void> {
    await Promise.all(
      keys.map((dedupeKey) =>
        // Already published, or another claim took over: nothing to release.
        applied(
          this.client.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: key(dedupeKey),
              ConditionExpression: '#state = :claimed',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':claimed': 'claimed' },
            }),
          ),
        ),
      ),
    );
  }
}
