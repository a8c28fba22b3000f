import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryChannelRegistry } from '../../functions/adapters/memory-channel-registry';
import { MemoryDedupeStore } from '../../functions/adapters/memory-dedupe-store';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import type { EventPublisher } from '../../functions/domain/ports';
import { createMetaWebhookHandler } from '../../functions/meta-webhook/handler';
import { EVENT_CATALOGUE } from '../../schemas/events';
import { HOTELS } from '../support/ingest';
import { fixture, httpEvent, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../support/meta';
import { mutate } from '../support/mutate';

/** Publishes nothing, but insists every event it is given satisfies its canonical schema. */
const validatingPublisher: EventPublisher = {
  async publish(events) {
    for (const event of events) EVENT_CATALOGUE[event.detailType].parse(event.detail);
    return { failedIndexes: [] };
  },
};

const handler = createMetaWebhookHandler({
  ingest: () => ({
    registry: new MemoryChannelRegistry(HOTELS),
    dedupe: new MemoryDedupeStore(),
    publisher: validatingPublisher,
    archive: { put: async () => undefined },
    metrics: { count: () => undefined },
    now: () => new Date('2026-07-01T10:00:00Z'),
  }),
  appSecret: async () => TEST_APP_SECRET,
  verifyToken: async () => TEST_VERIFY_TOKEN,
});

const fixtures = (['whatsapp', 'instagram'] as const).flatMap((channel) =>
  readdirSync(join(import.meta.dirname, '..', 'events', channel))
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      channel,
      body: JSON.parse(fixture(channel, file.replace(/\.json$/, '')).toString()) as unknown,
    })),
);

const mutatedFixture = fc
  .record({
    source: fc.constantFrom(...fixtures),
    path: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    replacement: fc.jsonValue({ maxDepth: 2 }),
    remove: fc.boolean(),
  })
  .map(({ source, path, replacement, remove }) => ({
    channel: source.channel,
    body: JSON.stringify(mutate(source.body, path, replacement, remove)),
  }));

const randomBody = fc.record({
  channel: fc.constantFrom('whatsapp' as const, 'instagram' as const),
  body: fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  ),
});

describe('the Meta webhook handler under random and mutated deliveries', () => {
  it('always answers 200, 400 or 401, never throws, and publishes only schema-valid events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(mutatedFixture, randomBody),
        fc.boolean(),
        async ({ channel, body }, signed) => {
          const result = await handler(
            httpEvent({
              path: `/webhooks/${channel}`,
              body,
              headers: signed ? { 'x-hub-signature-256': signMetaBody(body, TEST_APP_SECRET) } : {},
            }),
          );
          expect([200, 400, 401]).toContain(result.statusCode);
          if (!signed) expect(result.statusCode).toBe(401);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
