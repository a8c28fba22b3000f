import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Keys } from '../contracts/table';
import { type Hotel, registryEntriesOf } from '../domain/hotels';

/** Writes the channel registry for the configured hotels. Idempotent: same items, same keys. */
export async function seedChannelRegistry(
  client: DynamoDBDocumentClient,
  tableName: string,
  hotels: readonly Hotel[],
): Promise<number> {
  const items = hotels.flatMap(registryEntriesOf).map((entry) => ({
    ...Keys.channelAccount(entry.channel, entry.accountId),
    ...entry,
  }));
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, unknown>[] | undefined = items
      .slice(i, i + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    while (requests && requests.length > 0) {
      const response = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = response.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
    }
  }
  return items.length;
}
