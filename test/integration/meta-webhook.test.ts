import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { DetailType, QueueName } from '../../functions/contracts/bus';
import { createMetaWebhookHandler } from '../../functions/meta-webhook/handler';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { type TestIngest, testIngest } from '../support/ingest';
import { startTestBus, type TestBus } from '../support/local-bus';
import { fixture, httpEvent, signedDelivery, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../support/meta';

let table: TestTable;
let testBus: TestBus;
let ingest: TestIngest;
const delivered: { queue: string; detailType: string }[] = [];

beforeAll(async () => {
  table = await createTestTable();
});

beforeEach(async () => {
  delivered.length = 0;
  testBus = await startTestBus({
    deliver: (target, event) =>
      void delivered.push({
        queue: target.kind === 'queue' ? target.queue : target.workflow,
        detailType: event['detail-type'],
      }),
  });
  ingest = await testIngest(table, testBus.client);
});

afterEach(() => testBus.close());
afterAll(() => table.client.destroy());

const handlerWith = (deps = ingest.deps) =>
  createMetaWebhookHandler({
    ingest: () => deps,
    appSecret: async () => TEST_APP_SECRET,
    verifyToken: async () => TEST_VERIFY_TOKEN,
  });

const publishedTypes = () => testBus.bus.events().map((e) => e['detail-type']);
const withFreshIds = (name: string, suffix: string) =>
  Buffer.from(fixture('whatsapp', name).toString('utf8').replaceAll('wamid.', `wamid.${suffix}`));

describe('a signed WhatsApp delivery', () => {
  it('is answered 200, archived, and published as a Guest Message Received for the registered hotel', async () => {
    const body = withFreshIds('text', 'first');

    const result = await handlerWith()(signedDelivery('whatsapp', body));

    expect(result.statusCode).toBe(200);
    expect(ingest.archived()).toHaveLength(1);
    const [event] = testBus.bus.events();
    expect(event?.['detail-type']).toBe(DetailType.guestMessageReceived);
    expect(event?.detail).toMatchObject({ tenantId: 'aurora-belek', channel: 'whatsapp' });
  });

  it('sent twice publishes once', async () => {
    const body = withFreshIds('text', 'twice');
    const handler = handlerWith();

    await handler(signedDelivery('whatsapp', body));
    const second = await handler(signedDelivery('whatsapp', body));

    expect(second.statusCode).toBe(200);
    expect(publishedTypes()).toEqual([DetailType.guestMessageReceived]);
    expect(ingest.metrics.DuplicateEvents).toBe(1);
  });

  it('sent five times at once publishes once', async () => {
    const body = withFreshIds('text', 'concurrent');
    const handler = handlerWith();

    const results = await Promise.all(
      Array.from({ length: 5 }, () => handler(signedDelivery('whatsapp', body))),
    );

    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(publishedTypes()).toHaveLength(1);
  });

  it('with every kind in one batch publishes every message and status', async () => {
    const body = withFreshIds('batch-multi-entry-multi-change', 'batch');

    const result = await handlerWith()(signedDelivery('whatsapp', body));

    expect(result.statusCode).toBe(200);
    expect(testBus.bus.events().length).toBeGreaterThan(2);
  });

  it('verifies the signature over the bytes when API Gateway hands the body base64-encoded', async () => {
    const body = withFreshIds('text', 'base64');

    const result = await handlerWith()(signedDelivery('whatsapp', body, { base64: true }));

    expect(result.statusCode).toBe(200);
    expect(publishedTypes()).toEqual([DetailType.guestMessageReceived]);
  });

  it('for a phone number no hotel is registered for is kept, answered 200 and raised as Unroutable Delivery', async () => {
    const body = Buffer.from(
      withFreshIds('text', 'unroutable').toString().replace('106540352242922', '999999999999999'),
    );

    const result = await handlerWith()(signedDelivery('whatsapp', body));

    expect(result.statusCode).toBe(200);
    expect(ingest.archived()).toHaveLength(1);
    expect(publishedTypes()).toEqual([DetailType.unroutableDelivery]);
    expect(delivered).toEqual([{ queue: QueueName.unroutable, detailType: DetailType.unroutableDelivery }]);
    expect(ingest.metrics.UnroutableDelivery).toBe(1);
  });
});

describe('a delivery that is refused', () => {
  it('with a wrong signature is 401 with nothing stored and nothing published', async () => {
    const itemsBefore = (await table.scan()).length;
    const body = withFreshIds('text', 'forged');

    const result = await handlerWith()(signedDelivery('whatsapp', body, { secret: 'someone-else' }));

    expect(result.statusCode).toBe(401);
    expect(ingest.archived()).toEqual([]);
    expect(testBus.bus.events()).toEqual([]);
    expect((await table.scan()).length).toBe(itemsBefore);
  });

  it('without a signature is 401', async () => {
    const result = await handlerWith()(
      httpEvent({ path: '/webhooks/whatsapp', body: fixture('whatsapp', 'text') }),
    );

    expect(result.statusCode).toBe(401);
    expect(testBus.bus.events()).toEqual([]);
  });

  it('that is not JSON is 400', async () => {
    const result = await handlerWith()(signedDelivery('whatsapp', 'not json {'));

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ error: 'malformed_body' });
  });

  it('that is not a WhatsApp envelope is 400 naming the failing field', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: 'x' }] });

    const result = await handlerWith()(signedDelivery('whatsapp', body));

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({
      error: 'validation_failed',
      path: 'entry.0.changes',
    });
  });
});

describe('publishing failures', () => {
  it('retries only the entries that failed and answers 200 once they are published', async () => {
    const mock = mockClient(testBus.client);
    mock
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    const body = withFreshIds('statuses-out-of-order', 'partial');

    const result = await handlerWith()(signedDelivery('whatsapp', body));

    expect(result.statusCode).toBe(200);
    const calls = mock.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries).toEqual([calls[0]?.args[0].input.Entries?.[1]]);
    mock.restore();
  });

  it('that persist answer 500 with the raw body kept, and the retried delivery is then published', async () => {
    const mock = mockClient(testBus.client);
    mock.on(PutEventsCommand).rejects(new Error('service unavailable'));
    const body = withFreshIds('text', 'persistent');

    const failed = await handlerWith()(signedDelivery('whatsapp', body));

    expect(failed.statusCode).toBe(500);
    expect(ingest.archived()).toHaveLength(1);
    expect(ingest.metrics.PublishFailed).toBe(1);
    mock.restore();

    const retried = await handlerWith({
      ...ingest.deps,
      publisher: new EventBridgePublisher(testBus.client, 'hotel-inbox'),
    })(signedDelivery('whatsapp', body));

    expect(retried.statusCode).toBe(200);
    expect(publishedTypes()).toEqual([DetailType.guestMessageReceived]);
  });
});

describe("Meta's verification handshake", () => {
  const handshake = (token: string) =>
    httpEvent({
      method: 'GET',
      path: '/webhooks/instagram',
      query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' },
    });

  it('echoes the challenge as plain text when the token matches', async () => {
    const result = await handlerWith()(handshake(TEST_VERIFY_TOKEN));

    expect(result).toMatchObject({ statusCode: 200, body: '1158201444' });
    expect(result.headers?.['content-type']).toMatch(/^text\/plain/);
  });

  it('is 403 when the token does not match', async () => {
    const result = await handlerWith()(handshake('wrong'));

    expect(result.statusCode).toBe(403);
  });
});
