import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { DetailType } from '../../functions/contracts/bus';
import type { WebchatDeps } from '../../functions/domain/webchat/webchat-use-cases';
import { createWebchatHandler } from '../../functions/webchat/handler';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { type TestIngest, testIngest } from '../support/ingest';
import { startTestBus, type TestBus } from '../support/local-bus';
import { httpEvent } from '../support/meta';

const SITE_KEY = 'wk_aurora_belek_demo';
const RATE_PER_MINUTE = 5;

let table: TestTable;
let testBus: TestBus;
let ingest: TestIngest;
let clock = new Date('2026-07-01T10:00:00Z');
let handler: ReturnType<typeof createWebchatHandler>;

beforeAll(async () => {
  table = await createTestTable();
  testBus = await startTestBus();
  ingest = await testIngest(table, testBus.client);
  const deps: WebchatDeps = {
    ...ingest.deps,
    now: () => clock,
    store: new DynamoDbWebchatStore(table.doc, table.tableName),
    tokenSecret: 'test-webchat-secret',
    ratePerMinute: RATE_PER_MINUTE,
  };
  handler = createWebchatHandler(async () => deps);
});

afterAll(async () => {
  await testBus.close();
  table.client.destroy();
});

const openSession = async (visitor?: Record<string, string>) => {
  const result = await handler(
    httpEvent({ path: '/webchat/sessions', body: JSON.stringify({ siteKey: SITE_KEY, visitor }) }),
  );
  expect(result.statusCode).toBe(201);
  return JSON.parse(result.body ?? '{}') as { sessionId: string; token: string };
};

const send = (token: string, body: Record<string, unknown>) =>
  handler(
    httpEvent({
      path: '/webchat/messages',
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${token}` },
    }),
  );

const poll = async (token: string, after?: string) => {
  const result = await handler(
    httpEvent({
      method: 'GET',
      path: '/webchat/messages',
      headers: { authorization: `Bearer ${token}` },
      ...(after && { query: { after } }),
    }),
  );
  return { status: result.statusCode, page: JSON.parse(result.body ?? '{}') };
};

describe('web chat', () => {
  it('opens a session for a registered site key and rejects an unknown one', async () => {
    const { token } = await openSession({ name: 'Anna', locale: 'de' });
    const unknown = await handler(
      httpEvent({ path: '/webchat/sessions', body: JSON.stringify({ siteKey: 'wk_nobody_at_all' }) }),
    );

    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(unknown.statusCode).toBe(404);
  });

  it('publishes a visitor message as Guest Message Received and shows it in the transcript', async () => {
    const { token } = await openSession({ name: 'Anna', phoneNumber: '+4915112345678' });

    const sent = await send(token, { text: 'Gibt es einen Shuttle vom Flughafen Antalya?' });
    const { page } = await poll(token);

    expect(sent.statusCode).toBe(202);
    const event = testBus.bus.events().at(-1);
    expect(event?.['detail-type']).toBe(DetailType.guestMessageReceived);
    expect(event?.detail).toMatchObject({
      tenantId: 'aurora-belek',
      channel: 'webchat',
      guest: { profileName: 'Anna', phoneNumber: '+4915112345678' },
      message: { content: { type: 'text', text: 'Gibt es einen Shuttle vom Flughafen Antalya?' } },
    });
    expect(page.messages).toMatchObject([
      { direction: 'guest', text: 'Gibt es einen Shuttle vom Flughafen Antalya?' },
    ]);
  });

  it('publishes a retried send with the same client message id once and keeps one transcript line', async () => {
    const { token } = await openSession();
    const before = testBus.bus.events().length;
    const clientMessageId = randomUUID();

    await send(token, { text: 'Is breakfast included?', clientMessageId });
    await send(token, { text: 'Is breakfast included?', clientMessageId });
    const { page } = await poll(token);

    expect(testBus.bus.events().length - before).toBe(1);
    expect(page.messages).toHaveLength(1);
  });

  it('polls only what came after the cursor', async () => {
    const { token } = await openSession();
    await send(token, { text: 'first' });
    const { page: first } = await poll(token);
    clock = new Date(clock.getTime() + 1000);
    await send(token, { text: 'second' });

    const { page: next } = await poll(token, first.cursor);

    expect(next.messages.map((m: { text: string }) => m.text)).toEqual(['second']);
  });

  it('answers 429 past the per-session rate limit, and the next minute is open again', async () => {
    clock = new Date('2026-07-01T11:00:05Z');
    const { token } = await openSession();
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_PER_MINUTE; i++)
      statuses.push((await send(token, { text: `message ${i}` })).statusCode ?? 0);
    clock = new Date('2026-07-01T11:01:01Z');
    const nextMinute = await send(token, { text: 'later' });

    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(nextMinute.statusCode).toBe(202);
  });

  it('refuses a message without a token or with a forged token', async () => {
    const { token } = await openSession();
    const [payload] = token.split('.');

    const missing = await handler(
      httpEvent({ path: '/webchat/messages', body: JSON.stringify({ text: 'hi' }) }),
    );
    const forged = await send(`${payload}.AAAA`, { text: 'hi' });

    expect(missing.statusCode).toBe(401);
    expect(forged.statusCode).toBe(401);
  });

  it('answers 400 naming the field for a text over 4096 characters', async () => {
    const { token } = await openSession();

    const result = await send(token, { text: 'x'.repeat(4097) });

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ path: 'text' });
  });
});
