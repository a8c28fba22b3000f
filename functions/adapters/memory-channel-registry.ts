import type { Channel } from '../../schemas/events';
import { type Hotel, registryEntriesOf } from '../domain/hotels';
import type { ChannelRegistry } from '../domain/ports';

/** The channel registry held in memory, built from the hotels' configuration (CLI, benchmarks). */
export class MemoryChannelRegistry implements ChannelRegistry {
  private readonly tenants = new Map<string, string>();

  constructor(hotels: readonly Hotel[]) {
    for (const entry of hotels.flatMap(registryEntriesOf)) {
      this.tenants.set(`${entry.channel}#${entry.accountId}`, entry.tenantId);
    }
  }

  async tenantsFor(channel: Channel, accountIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const accountId of accountIds) {
      const tenantId = this.tenants.get(`${channel}#${accountId}`);
      if (tenantId) found.set(accountId, tenantId);
    }
    return found;
  }
}
