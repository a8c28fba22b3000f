import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDbChannelRegistry } from '../../functions/adapters/dynamodb-channel-registry';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { seedChannelRegistry } from '../../functions/adapters/dynamodb-hotel-registry-seeder';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { FileRawArchive } from '../../functions/adapters/raw-archive';
import { EVENT_BUS_NAME } from '../../functions/contracts/bus';
import type { IngestDeps } from '../../functions/domain/ingest/ingest-meta-delivery';
import type { MetricName } from '../../functions/domain/ports';
import { loadHotels } from '../../local/runtime/runtime';
import type { TestTable } from './dynamodb';

export const HOTELS = loadHotels(join(import.meta.dirname, '..', '..', 'config', 'hotels.json'));

export interface TestIngest {
  deps: IngestDeps;
  archiveDir: string;
  archived(): string[];
  metrics: Record<string, number>;
}

/** The real ingest adapters over a test table, a temporary archive folder and the given bus client. */
export async function testIngest(table: TestTable, eventBridge: EventBridgeClient): Promise<TestIngest> {
  await seedChannelRegistry(table.doc, table.tableName, HOTELS);
  const archiveDir = mkdtempSync(join(tmpdir(), 'hotel-inbox-raw-'));
  const metrics: Record<string, number> = {};
  const noWait = { attempts: 4, baseDelayMillis: 1, sleep: async () => undefined };
  return {
    archiveDir,
    metrics,
    archived: () =>
      readdirSync(archiveDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name),
    deps: {
      registry: new DynamoDbChannelRegistry(table.doc, table.tableName),
      dedupe: new DynamoDbDedupeStore(table.doc, table.tableName),
      publisher: new EventBridgePublisher(eventBridge, EVENT_BUS_NAME, noWait),
      archive: new FileRawArchive(archiveDir),
      metrics: {
        count: (name: MetricName, value: number) => {
          metrics[name] = (metrics[name] ?? 0) + value;
        },
      },
      now: () => new Date(),
    },
  };
}
