import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ticketIntakeDepsFromEnv } from '../../functions/adapters/delivery-status-deps';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { rawArchiveRetentionFromEnv } from '../../functions/adapters/ingest-deps';
import { rawArchiveTagsDirOf } from '../../functions/adapters/raw-archive';
import { Env } from '../../functions/contracts/environment';
import { RAW_ARCHIVE_RETENTION_TAG } from '../../functions/contracts/raw-archive';
import { Keys, TTL_ATTRIBUTE } from '../../functions/contracts/table';
import type { IngestDeps } from '../../functions/domain/ingest/ingest-meta-delivery';
import { createMetaWebhookHandler } from '../../functions/meta-webhook/handler';
import { createWebchatHandler } from '../../functions/webchat/handler';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS, type TestIngest, testIngest } from '../support/ingest';
import { startTestBus, type TestBus } from '../support/local-bus';
import { fixture, httpEvent, signedDelivery, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../support/meta';

/** Phone number ids of config/hotels.json. */
const AURORA_NUMBER = '106540352242922';
const LYKIA_NUMBER = '106540352242923';
const NOBODYS_NUMBER = '999999999999999';

let table: TestTable;
let testBus: TestBus;
let ingest: TestIngest;
let deps: IngestDeps;

beforeAll(async () => {
  table = await createTestTable();
});

beforeEach(async () => {
  testBus = await startTestBus();
  ingest = await testIngest(table, testBus.client);
  // As the stack sets them: a default of 30 days, Aurora keeping bodies 14 days and Lykia 7.
  const rawArchiveRetention = rawArchiveRetentionFromEnv({
    [Env.rawArchiveRetentionDays]: '30',
    [Env.rawArchiveRetentionByHotel]: JSON.stringify({ 'aurora-belek': 14, 'lykia-kemer': 7 }),
  });
  deps = { ...ingest.deps, rawArchiveRetention };
});

afterEach(async () => {
  await testBus.close();
  for (const dir of [ingest.archiveDir, rawArchiveTagsDirOf(ingest.archiveDir)])
    rmSync(dir, { recursive: true, force: true });
});
afterAll(() => table.client.destroy());

const metaWebhook = () =>
  createMetaWebhookHandler({
    ingest: () => deps,
    appSecret: async () => TEST_APP_SECRET,
    verifyToken: async () => TEST_VERIFY_TOKEN,
  });

/** The retention tag of each archived body, by key. */
function retentionTags(): Record<string, string | undefined> {
  const tagsDir = rawArchiveTagsDirOf(ingest.archiveDir);
  const bodies = readdirSync(ingest.archiveDir, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  return Object.fromEntries(
    bodies.map((entry) => {
      const key = relative(ingest.archiveDir, join(entry.parentPath, entry.name));
      const tags = JSON.parse(readFileSync(join(tagsDir, key), 'utf8')) as Record<string, string>;
      return [key, tags[RAW_ARCHIVE_RETENTION_TAG]];
    }),
  );
}

/** The text fixture with fresh message ids, addressed to the given phone number ids, one entry each. */
function deliveryTo(suffix: string, ...phoneNumberIds: string[]): string {
  const text = fixture('whatsapp', 'text').toString('utf8').replaceAll('wamid.', `wamid.${suffix}`);
  const envelope = JSON.parse(text) as { entry: { changes: { value: { metadata: object } }[] }[] };
  const [entry] = envelope.entry;
  envelope.entry = phoneNumberIds.map((id, i) => {
    const copy = JSON.parse(JSON.stringify(entry).replaceAll(`wamid.${suffix}`, `wamid.${suffix}${i}`));
    for (const change of copy.changes) change.value.metadata.phone_number_id = id;
    return copy;
  });
  return JSON.stringify(envelope);
}

describe('an archived Meta delivery', () => {
  it("is tagged with its hotel's own retention", async () => {
    const result = await metaWebhook()(signedDelivery('whatsapp', deliveryTo('one', AURORA_NUMBER)));

    expect(result.statusCode).toBe(200);
    expect(Object.values(retentionTags())).toEqual(['14']);
  });

  it('is tagged with the shortest retention of the hotels its events go to', async () => {
    await metaWebhook()(signedDelivery('whatsapp', deliveryTo('two', AURORA_NUMBER, LYKIA_NUMBER)));

    expect(testBus.bus.events().map((e) => e.detail.tenantId)).toEqual(['aurora-belek', 'lykia-kemer']);
    expect(Object.values(retentionTags())).toEqual(['7']);
  });

  it('that no hotel owns is tagged with the default', async () => {
    await metaWebhook()(signedDelivery('whatsapp', deliveryTo('three', NOBODYS_NUMBER)));

    expect(Object.values(retentionTags())).toEqual(['30']);
  });

  it('is tagged by its hotels only, not by the accounts no hotel owns', async () => {
    await metaWebhook()(signedDelivery('whatsapp', deliveryTo('four', NOBODYS_NUMBER, LYKIA_NUMBER)));

    expect(Object.values(retentionTags())).toEqual(['7']);
  });
});

describe('an archived web-chat message', () => {
  it("is tagged with its hotel's own retention", async () => {
    const webchat = createWebchatHandler(async () => ({
      ...deps,
      store: new DynamoDbWebchatStore(table.doc, table.tableName),
      tokenSecret: 'test-webchat-secret',
      ratePerMinute: 5,
    }));
    const session = await webchat(
      httpEvent({ path: '/webchat/sessions', body: JSON.stringify({ siteKey: 'wk_lykia_kemer_demo' }) }),
    );
    const { token } = JSON.parse(session.body ?? '{}') as { token: string };

    const sent = await webchat(
      httpEvent({
        path: '/webchat/messages',
        body: JSON.stringify({ text: 'Is the spa open on Sundays?' }),
        headers: { authorization: `Bearer ${token}` },
      }),
    );

    expect(sent.statusCode).toBe(202);
    const tags = retentionTags();
    expect(Object.keys(tags)).toEqual([expect.stringMatching(/^webchat\//)]);
    expect(Object.values(tags)).toEqual(['7']);
  });
});

describe("ticket intake's archive index entry", () => {
  it("expires two days after its hotel's own retention, or the default's", async () => {
    // Prepare: the intake as the stack wires it, Lykia keeping bodies 7 days
    const hotels = HOTELS.map((hotel) =>
      hotel.tenantId === 'lykia-kemer' ? { ...hotel, retention: { rawArchiveDays: 7 } } : hotel,
    );
    const { archiveIndex } = ticketIntakeDepsFromEnv({
      [Env.tableName]: table.tableName,
      [Env.dynamodbEndpoint]: table.endpoint,
      [Env.eventBusName]: 'hotel-inbox',
      [Env.hotelsJson]: JSON.stringify(hotels),
      [Env.rawArchiveRetentionDays]: '30',
    });
    const receivedAt = '2026-07-01T10:00:00.000Z';
    const expiresAt = async (tenantId: string) => {
      const delivery = {
        tenantId,
        conversationKey: 'whatsapp#905321234567',
        rawArchiveKey: 'whatsapp/k.json',
      };
      await archiveIndex?.record({ ...delivery, receivedAt });
      const { Item } = await table.doc.send(
        new GetCommand({
          TableName: table.tableName,
          Key: Keys.conversationDelivery(tenantId, delivery.conversationKey, delivery.rawArchiveKey),
        }),
      );
      return new Date((Item?.[TTL_ATTRIBUTE] as number) * 1000).toISOString();
    };

    // Assess
    expect(await expiresAt('lykia-kemer')).toBe('2026-07-10T10:00:00.000Z');
    expect(await expiresAt('aurora-belek')).toBe('2026-08-02T10:00:00.000Z');
  });
});
