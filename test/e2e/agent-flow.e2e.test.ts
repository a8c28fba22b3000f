import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import { type FakeGraphApi, startFakeGraphApi } from '../../local/fake-graph-api/fake-graph-api';
import type { QueueResponse, ResolveResponse, TicketViewResponse } from '../../schemas/agent-api';
import { type RuntimeProcess, runCli, startRuntimeProcess } from '../support/local-runtime-process';

const APP_SECRET = 'e2e-app-secret';
const GRAPH_TOKEN = 'e2e-graph-token';
const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';
const GUEST_WA_ID = '905321234567';

/** Polls until `probe` yields a value (the pipeline is asynchronous); bounded, not a timing assertion. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

const whatsappDelivery = (value: Record<string, unknown>) =>
  JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '902122223344', phone_number_id: PHONE_NUMBER_ID },
              ...value,
            },
          },
        ],
      },
    ],
  });

const guestText = (id: string, text: string) =>
  whatsappDelivery({
    contacts: [{ profile: { name: 'Ayşe Yılmaz' }, wa_id: GUEST_WA_ID }],
    messages: [
      {
        from: GUEST_WA_ID,
        id,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'text',
        text: { body: text },
      },
    ],
  });

const statusUpdate = (wamid: string, status: string) =>
  whatsappDelivery({
    statuses: [
      { id: wamid, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: GUEST_WA_ID },
    ],
  });

let graph: FakeGraphApi;
let runtime: RuntimeProcess;
let token: string;

beforeAll(async () => {
  graph = await startFakeGraphApi({ accessToken: GRAPH_TOKEN });
  runtime = await startRuntimeProcess({
    META_APP_SECRET: APP_SECRET,
    GRAPH_API_BASE_URL: graph.url,
    INSTAGRAM_API_BASE_URL: graph.url,
    WHATSAPP_ACCESS_TOKEN: GRAPH_TOKEN,
    INSTAGRAM_ACCESS_TOKEN: GRAPH_TOKEN,
    AGENT_TOKEN_SECRET: 'e2e-agent-secret',
    // One real second is 20 minutes of SLA and survey time: the CSAT delay (60 minutes) takes 3 s.
    SLA_CLOCK_SPEED: '1200',
  });
  const minted = await runCli(
    ['token', '--hotel', 'aurora-belek', '--role', 'frontline', '--user', 'agent-ayse'],
    { env: runtime.env },
  );
  expect(minted.code, minted.stderr).toBe(0);
  token = minted.stdout.trim();
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await graph?.close();
});

const webhook = (body: string) =>
  fetch(`${runtime.url}/webhooks/whatsapp`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signMetaBody(Buffer.from(body), APP_SECRET),
    },
  });

const agent = async <T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, body?: unknown) => {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
};

describe('a guest on WhatsApp, an agent in the inbox, through `hotel-inbox start`', () => {
  it('queues, answers from a template, tracks delivery, resolves, and records the CSAT answer', async () => {
    expect(
      (
        await webhook(
          guestText('wamid.E2E-FIRST', 'Merhaba, 12-15 Temmuz için iki kişilik oda fiyatı alabilir miyim?'),
        )
      ).status,
    ).toBe(200);

    const queued = await eventually(async () => {
      const { status, body } = await agent<QueueResponse>('GET', '/agent/queue');
      expect(status).toBe(200);
      return body.items.find((t: { basket?: string }) => t.basket === 'sales') as
        | { number: string }
        | undefined;
    }, 'the triaged ticket in the queue');

    const reply = await agent('POST', `/agent/tickets/${queued.number}/replies`, {
      clientMessageId: 'e2e-reply-1',
      templateId: 'price-availability-offer',
      fields: {
        guestName: 'Ayşe',
        arrivalDate: '12.07.2027',
        departureDate: '15.07.2027',
        roomType: 'Deniz manzaralı oda',
        price: '42.000',
        currency: 'TRY',
        bookingLink: 'https://aurora.example/book/123',
      },
    });
    expect(reply.status).toBe(202);

    const offer = await eventually(async () => graph.requests[0], 'the offer at the Graph API');
    expect(offer).toMatchObject({
      channel: 'whatsapp',
      senderId: PHONE_NUMBER_ID,
      body: { messaging_product: 'whatsapp', to: GUEST_WA_ID, type: 'text' },
    });
    expect(JSON.stringify(offer.body)).toContain('42.000');

    const sent = await eventually(async () => {
      const { body } = await agent<TicketViewResponse>('GET', `/agent/tickets/${queued.number}`);
      const message = body.messages.find((m) => m.author === 'agent');
      const platformMessageId = message?.delivery?.platformMessageId;
      return message && platformMessageId ? { messageId: message.messageId, platformMessageId } : undefined;
    }, 'the accepted offer on the ticket');
    expect(sent.platformMessageId).toBe(offer.platformMessageId);
    expect((await webhook(statusUpdate(sent.platformMessageId, 'delivered'))).status).toBe(200);
    await eventually(async () => {
      const { body } = await agent<TicketViewResponse>('GET', `/agent/tickets/${queued.number}`);
      const message = body.messages.find((m) => m.messageId === sent.messageId);
      return message?.delivery?.status === 'delivered' ? true : undefined;
    }, 'the delivered status on the message');

    const resolved = await agent<ResolveResponse>('POST', `/agent/tickets/${queued.number}/resolve`, {
      closing: { templateId: 'closing-message', fields: { guestName: 'Ayşe' } },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.ticket.status).toBe('resolved');
    const closing = await eventually(async () => graph.requests[1], 'the closing message at the Graph API');
    expect(closing.body).toMatchObject({ type: 'text', text: { body: resolved.body.closingMessage.text } });

    // The CSAT question goes out after the hotel's delay (60 minutes, 3 s at this clock speed).
    const survey = await eventually(async () => graph.requests[2], 'the CSAT question at the Graph API');
    const asked = await eventually(async () => {
      const { body } = await agent<TicketViewResponse>('GET', `/agent/tickets/${queued.number}`);
      const id = body.ticket.csat?.status === 'sent' ? body.ticket.csat.messageId : undefined;
      return id ? body.messages.find((m: { messageId: string }) => m.messageId === id) : undefined;
    }, 'the CSAT question on the ticket');
    expect(survey.body).toMatchObject({ to: GUEST_WA_ID, type: 'text', text: { body: asked.text } });

    expect((await webhook(guestText('wamid.E2E-CSAT', '5'))).status).toBe(200);
    const answered = await eventually(async () => {
      const { body } = await agent<TicketViewResponse>('GET', `/agent/tickets/${queued.number}`);
      return body.ticket.csat?.status === 'answered' ? body.ticket : undefined;
    }, 'the recorded CSAT answer');
    expect(answered.csat?.score).toBe(5);
    expect(answered.status).toBe('resolved');
  }, 120_000);

  it("shows the DPO, with a token of `hotel-inbox token --role dpo`, who read the guest's messages", async () => {
    const minted = await runCli(
      ['token', '--hotel', 'aurora-belek', '--role', 'dpo', '--user', 'dpo-deniz', '--grants', 'sensitive'],
      { env: runtime.env },
    );
    expect(minted.code, minted.stderr).toBe(0);
    const query = new URLSearchParams({
      hotel: 'aurora-belek',
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });

    const response = await fetch(`${runtime.url}/agent/audit?${query}`, {
      headers: { authorization: `Bearer ${minted.stdout.trim()}` },
    });
    const me = await fetch(`${runtime.url}/agent/me`, {
      headers: { authorization: `Bearer ${minted.stdout.trim()}` },
    });

    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as {
      entries: { actor: { userId: string }; action: string }[];
    };
    expect(entries.some((e) => e.action === 'ticket.messages.read' && e.actor.userId === 'agent-ayse')).toBe(
      true,
    );
    expect(JSON.stringify(entries)).not.toContain(GUEST_WA_ID);
    expect(((await me.json()) as { principal: unknown }).principal).toMatchObject({
      role: 'dpo',
      grants: ['sensitive'],
    });
  });
});
