import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GraphApiClient, type GraphApiClientOptions } from '../../functions/adapters/graph-api-client';
import type { PlatformSendRequest } from '../../functions/domain/outbound/ports';
import { type FakeGraphApi, startFakeGraphApi } from '../../local/fake-graph-api/fake-graph-api';

const TOKEN = 'test-graph-token';
const PHONE_NUMBER_ID = '106540352242922';
const IG_ACCOUNT_ID = '17841405309211844';
const WA_ID = '4915112345678';
const IGSID = '17841400000000001';

let fake: FakeGraphApi;
let sleeps: number[];

beforeAll(async () => {
  fake = await startFakeGraphApi({ accessToken: TOKEN });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.calls.length = 0;
});

function client(overrides: Partial<GraphApiClientOptions> = {}) {
  sleeps = [];
  return new GraphApiClient({
    whatsapp: { baseUrl: fake.url, accessToken: async () => TOKEN },
    instagram: { baseUrl: fake.url, accessToken: async () => TOKEN },
    version: 'v23.0',
    sleep: async (millis) => {
      sleeps.push(millis);
    },
    random: () => 0.5,
    ...overrides,
  });
}

const whatsappText: PlatformSendRequest = {
  channel: 'whatsapp',
  senderId: PHONE_NUMBER_ID,
  recipientId: WA_ID,
  content: { kind: 'text', text: 'Merhaba, odanız hazır.' },
};

const whatsappTemplate: PlatformSendRequest = {
  channel: 'whatsapp',
  senderId: PHONE_NUMBER_ID,
  recipientId: WA_ID,
  content: {
    kind: 'template',
    name: 'interim_update',
    languageCode: 'tr',
    parameters: [
      { name: 'guest_name', text: 'Ayşe' },
      { name: 'ticket_number', text: 'AUB-2026-000042' },
    ],
    text: 'Merhaba Ayşe, AUB-2026-000042 …',
  },
};

const instagramText: PlatformSendRequest = {
  channel: 'instagram',
  senderId: IG_ACCOUNT_ID,
  recipientId: IGSID,
  content: { kind: 'text', text: 'Hello!' },
};

describe('the Graph API client against the fake Graph API', () => {
  it('sends WhatsApp text in the Cloud API shape and returns the wamid', async () => {
    const result = await client().send(whatsappText);

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      channel: 'whatsapp',
      senderId: PHONE_NUMBER_ID,
      path: `/v23.0/${PHONE_NUMBER_ID}/messages`,
    });
    expect(request?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: WA_ID,
      type: 'text',
      text: { body: 'Merhaba, odanız hazır.', preview_url: false },
    });
    expect(result).toEqual({ ok: true, platformMessageId: request?.platformMessageId });
    expect(request?.platformMessageId).toMatch(/^wamid\.FAKE/);
  });

  it('sends a WhatsApp template with named body parameters and its language code', async () => {
    const result = await client().send(whatsappTemplate);

    expect(result.ok).toBe(true);
    expect(fake.requests[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: WA_ID,
      type: 'template',
      template: {
        name: 'interim_update',
        language: { code: 'tr' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', parameter_name: 'guest_name', text: 'Ayşe' },
              { type: 'text', parameter_name: 'ticket_number', text: 'AUB-2026-000042' },
            ],
          },
        ],
      },
    });
  });

  it('leaves out the components of a template without parameters', async () => {
    await client().send({
      ...whatsappTemplate,
      content: {
        kind: 'template',
        name: 'interim_update',
        languageCode: 'tr',
        parameters: [],
        text: 'Merhaba',
      },
    });

    expect(fake.requests[0]?.body.template).toEqual({ name: 'interim_update', language: { code: 'tr' } });
  });

  it('sends Instagram text as a response and returns the mid', async () => {
    const result = await client().send(instagramText);

    const [request] = fake.requests;
    expect(request).toMatchObject({
      channel: 'instagram',
      senderId: IG_ACCOUNT_ID,
      path: `/v23.0/${IG_ACCOUNT_ID}/messages`,
    });
    expect(request?.body).toEqual({
      recipient: { id: IGSID },
      messaging_type: 'RESPONSE',
      message: { text: 'Hello!' },
    });
    expect(result).toEqual({ ok: true, platformMessageId: request?.platformMessageId });
    expect(request?.platformMessageId).toMatch(/^mid\.FAKE/);
  });

  it('tags a late human reply on Instagram with HUMAN_AGENT', async () => {
    await client().send({ ...instagramText, tag: 'HUMAN_AGENT' });

    expect(fake.requests[0]?.body).toEqual({
      recipient: { id: IGSID },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Hello!' },
    });
  });

  it('sends a template on Instagram as the text it renders to', async () => {
    await client().send({ ...instagramText, content: whatsappTemplate.content });

    expect(fake.requests[0]?.body).toEqual({
      recipient: { id: IGSID },
      messaging_type: 'RESPONSE',
      message: { text: 'Merhaba Ayşe, AUB-2026-000042 …' },
    });
  });

  it('gives every accepted message its own id', async () => {
    const c = client();
    const results = await Promise.all([c.send(whatsappText), c.send(whatsappText), c.send(instagramText)]);

    const ids = results.map((r) => (r.ok ? r.platformMessageId : undefined));
    expect(new Set(ids).size).toBe(3);
  });

  it('retries a 429 with jittered backoff, then returns the acceptance', async () => {
    fake.failNext({ status: 429, code: 130429, title: 'Rate limit hit' });

    const result = await client().send(whatsappText);

    expect(result.ok).toBe(true);
    expect(fake.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(sleeps).toEqual([125]);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a throughput error code answered with HTTP 400', async () => {
    fake.failNext({ status: 400, code: 131056, title: 'Pair rate limit hit' });

    const result = await client().send(whatsappText);

    expect(result.ok).toBe(true);
    expect(fake.calls.map((c) => c.code ?? c.status)).toEqual([131056, 200]);
  });

  it('gives up after four server errors with a retryable failure and exponential delays', async () => {
    fake.failNext({ status: 500 }, 4);

    const result = await client().send(whatsappText);

    expect(result).toMatchObject({ ok: false, retryable: true, status: 500, code: '2' });
    expect(fake.calls).toHaveLength(4);
    expect(sleeps).toEqual([125, 250, 500]);
    expect(fake.requests).toHaveLength(0);
  });

  it('caps the backoff', async () => {
    fake.failNext({ status: 503 }, 6);

    await client({ attempts: 6, random: () => 0.999 }).send(whatsappText);

    expect(sleeps).toEqual([249, 499, 999, 1998, 3996]);
  });

  it('returns re-engagement (131047) at once as a final failure with the error details', async () => {
    const details =
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';
    fake.failNext({ status: 400, code: 131047, title: details });

    const result = await client().send(whatsappText);

    expect(result).toEqual({ ok: false, retryable: false, status: 400, code: '131047', title: details });
    expect(fake.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('returns a wrong token as a final 190 failure', async () => {
    const result = await client({
      whatsapp: { baseUrl: fake.url, accessToken: async () => 'not-the-token' },
    }).send(whatsappText);

    expect(result).toMatchObject({ ok: false, retryable: false, status: 401, code: '190' });
    expect(fake.calls).toHaveLength(1);
  });

  it('waits as long as Retry-After says', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 3 });

    const result = await client().send(whatsappText);

    expect(result.ok).toBe(true);
    expect(sleeps).toEqual([3000]);
  });

  it('caps a long Retry-After', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 600 });

    await client({ maxRetryAfterMillis: 5000 }).send(whatsappText);

    expect(sleeps).toEqual([5000]);
  });

  it('never puts the recipient in a failure title', async () => {
    fake.failNext({ status: 400, code: 131026, title: `Message undeliverable to ${WA_ID} (+${WA_ID})` });

    const result = await client().send(whatsappText);

    expect(result).toMatchObject({ ok: false, retryable: false, code: '131026' });
    expect(JSON.stringify(result)).not.toContain(WA_ID);
    expect(JSON.stringify(result)).not.toContain('5112345678');
  });

  it('retries network failures and reports them as retryable', async () => {
    const closed = await startFakeGraphApi({ accessToken: TOKEN });
    const url = closed.url;
    await closed.close();

    const result = await client({
      whatsapp: { baseUrl: url, accessToken: async () => TOKEN },
    }).send(whatsappText);

    expect(result).toMatchObject({ ok: false, retryable: true, status: 0, code: 'network' });
    expect(sleeps).toHaveLength(3);
  });

  it('times out a request that gets no answer and retries it', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const result = await client({
        whatsapp: { baseUrl: `http://127.0.0.1:${port}`, accessToken: async () => TOKEN },
        attempts: 2,
        timeoutMillis: 100,
      }).send(whatsappText);

      expect(result).toMatchObject({ ok: false, retryable: true, code: 'timeout' });
      expect(sleeps).toHaveLength(1);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('the fake Graph API refuses what Meta refuses', () => {
  const post = async (path: string, body: unknown, token = TOKEN) => {
    const response = await fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { error?: { code: number; message: string } },
    };
  };
  const waPath = `/v23.0/${PHONE_NUMBER_ID}/messages`;
  const waText = { messaging_product: 'whatsapp', to: WA_ID, type: 'text', text: { body: 'Hi' } };

  it.each([
    ['messaging_product is missing', { to: WA_ID, type: 'text', text: { body: 'Hi' } }, 'messaging_product'],
    ['to is missing', { messaging_product: 'whatsapp', type: 'text', text: { body: 'Hi' } }, 'to'],
    [
      'a template has no language code',
      { messaging_product: 'whatsapp', to: WA_ID, type: 'template', template: { name: 'x', language: {} } },
      "template['language']['code']",
    ],
    ['an unknown parameter is sent', { ...waText, preview: true }, 'preview'],
  ])('answers 400 with code 100 when %s', async (_, body, field) => {
    const response = await post(waPath, body);

    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe(100);
    expect(response.body.error?.message).toContain(field);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['recipient.id is missing', { recipient: {}, message: { text: 'Hi' } }, "recipient['id']"],
    [
      'the tag is not HUMAN_AGENT',
      {
        recipient: { id: IGSID },
        messaging_type: 'MESSAGE_TAG',
        tag: 'ACCOUNT_UPDATE',
        message: { text: 'Hi' },
      },
      'tag',
    ],
    [
      'the text is over 1000 bytes',
      { recipient: { id: IGSID }, message: { text: 'ü'.repeat(501) } },
      "message['text']",
    ],
  ])('answers an Instagram send 400 with code 100 when %s', async (_, body, field) => {
    const response = await post(`/v23.0/${IG_ACCOUNT_ID}/messages`, body);

    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe(100);
    expect(response.body.error?.message).toContain(field);
  });

  it('answers 401 with code 190 for a wrong token', async () => {
    const response = await post(waPath, waText, 'wrong');

    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe(190);
  });
});
