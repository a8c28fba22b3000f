import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../schemas/events';
import { Keys } from '../contracts/table';
import type { ChannelRegistry } from '../domain/ports';

const CACHE_MILLIS = 30_000;

/**
 * Channel registry items (`CHANNEL#<channel>#<accountId>`), cached briefly per process so a
 * burst of deliveries costs one read, while a registry fix takes effect within seconds.
 */
export class DynamoDbChannelRegistry implements ChannelRegistry {
  private readonly cache = new Map<string, { tenantId: string | undefined; until: number }>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async tenantsFor(channel: Channel, accountIds: readonly string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    const missing: string[] = [];
    for (const accountId of new Set(accountIds)) {
      const cached = this.cache.get(`${channel}#${accountId}`);
      if (cached && cached.until > this.now()) {
        if (cached.tenantId) result.set(accountId, cached.tenantId);
      } else missing.push(accountId);
    }
    for (let i = 0; i < missing.length; i += 100) {
      await this.load(channel, missing.slice(i, i + 100), result);
    }
    return result;
  }

  private async load(channel: Channel, accountIds: string[], result: Map<string, string>) {
    let keys: Record<string, unknown>[] | undefined = accountIds.map((id) =>
      Keys.channelAccount(channel, id),
    );
    const found = new Map<string, string>();
    while (keys && keys.length > 0) {
      const response: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: false } } }),
      );
      for (const item of response.Responses?.[this.tableName] ?? []) {
        found.set(String(item.accountId), String(item.tenantId));
      }
      keys = response.UnprocessedKeys?.[this.tableName]?.Keys;
    }
    for (const accountId of accountIds) {
      const tenantId = found.get(accountId);
      this.cache.set(`${channel}#${accountId}`, { tenantId, until: this.now() + CACHE_MILLIS });
      if (tenantId) result.set(accountId, tenantId);
    }
  }
}
