import { DeleteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { applied } from '../../functions/adapters/conditional-write';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '../../functions/contracts/table';

/**
 * DynamoDB's TTL, which DynamoDB Local does not carry out: deletes the items whose `expiresAt`
 * (epoch seconds) has passed by `now`, each only if it still holds that time (as TTL does, an
 * item whose expiry was pushed back meanwhile stays). The number deleted.
 */
export async function expireTtlItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
): Promise<number> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  let deleted = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#ttl <= :now',
        ProjectionExpression: '#pk, #sk, #ttl',
        ExpressionAttributeNames: {
          '#pk': TABLE_KEYS.partitionKey,
          '#sk': TABLE_KEYS.sortKey,
          '#ttl': TTL_ATTRIBUTE,
        },
        ExpressionAttributeValues: { ':now': nowSeconds },
        ExclusiveStartKey: start,
      }),
    );
    const { partitionKey, sortKey } = TABLE_KEYS;
    for (const item of page.Items ?? []) {
      const gone = await applied(
        client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { [partitionKey]: item[partitionKey], [sortKey]: item[sortKey] },
            ConditionExpression: '#ttl = :ttl',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':ttl': item[TTL_ATTRIBUTE] },
          }),
        ),
      );
      if (gone) deleted++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return deleted;
}
