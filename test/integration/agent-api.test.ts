import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditRetentionDaysOf, DynamoDbAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbGuestProfiles } from '../../functions/adapters/dynamodb-guest-profiles';
import { DynamoDbRetentionStore } from '../../functions/adapters/dynamodb-retention-store';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { WebchatTranscriptOutbox } from '../../functions/adapters/webchat-outbox';
import { type AgentApiEvent, createAgentApiHandler } from '../../functions/agent-api/handler';
import { DetailType, EVENT_BUS_NAME } from '../../functions/contracts/bus';
import { matchRoute } from '../../functions/contracts/routes';
import type { AgentDeps } from '../../functions/domain/agent/context';
import { StaffClaim } from '../../functions/domain/auth/principal';
import { conversationKeyOf } from '../../functions/domain/ingest/keys';
import type { EventPublisher, PublishResult } from '../../functions/domain/ports';
import { buildSlaPolicy } from '../../functions/domain/sla';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { type IntakeDeps, landGuestMessage } from '../../functions/domain/tickets/intake';
import { assignStep, triageStep, type WorkflowDeps } from '../../functions/domain/tickets/workflow-steps';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import {
  AGENT_API,
  type AgentRouteKey,
  ERROR_BODY_SCHEMAS,
  ErrorResponseSchema,
  type ErrorStatus,
} from '../../schemas/agent-api';
import type { CanonicalEvent, GuestMessageReceived } from '../../schemas/events';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';
import { startTestBus, type TestBus } from '../support/local-bus';
import { testDataSubjectDeps } from '../support/privacy';
import { guestMessage } from '../support/tickets';

// Wednesday 1 July 2026, 10:00 in Istanbul: inside business hours.
const START = new Date('2026-07-01T07:00:00Z');
const hoursAfterStart = (hours: number) => new Date(START.getTime() + hours * 3_600_000);

/**
 * The real publisher, except that it can be told to fail the next call that carries an event of
 * one detail-type, as a throttled or failing PutEvents does after its retries.
 */
class FailOncePublisher implements EventPublisher {
  private failing: string | undefined;

  constructor(private readonly inner: EventPublisher) {}

  failNext(detailType: string): void {
    this.failing = detailType;
  }

  async publish(events: readonly CanonicalEvent[]): Promise<PublishResult> {
    if (this.failing !== undefined && events.some((e) => e.detailType === this.failing)) {
      this.failing = undefined;
      throw new Error('PutEvents failed');
    }
    return this.inner.publish(events);
  }
}

let table: TestTable;
let bus: TestBus;
let publisher: FailOncePublisher;
let tickets: DynamoDbTicketStore;
let now = START;
let intake: IntakeDeps;
let workflow: WorkflowDeps;
let handler: ReturnType<typeof createAgentApiHandler>;

beforeAll(async () => {
  table = await createTestTable();
  bus = await startTestBus();
  const hotels = new Map(HOTELS.map((h) => [h.tenantId, h]));
  publisher = new FailOncePublisher(new EventBridgePublisher(bus.client, EVENT_BUS_NAME));
  tickets = new DynamoDbTicketStore(table.doc, table.tableName);
  const common = {
    tickets,
    dedupe: new DynamoDbDedupeStore(table.doc, table.tableName),
    publisher,
    metrics: { count: () => undefined },
    now: () => now,
  };
  intake = {
    ...common,
    guests: new DynamoDbGuestDirectory(table.doc, table.tableName),
    hotelOf: (tenantId) => hotels.get(tenantId),
    newGuestId: () => `g_${randomUUID()}`,
  };
  workflow = {
    ...common,
    classifier: new RuleBasedTriageClassifier(),
    webchat: new WebchatTranscriptOutbox(new DynamoDbWebchatStore(table.doc, table.tableName)),
    hotelOf: (tenantId) => hotels.get(tenantId),
    policyOf: (tenantId) => buildSlaPolicy(hotels.get(tenantId)?.sla ?? {}, hotels.get(tenantId)?.timeZone),
  };
  const deps: AgentDeps = {
    ...common,
    hotels: HOTELS,
    catalogue: loadTemplates(),
    newId: randomUUID,
    audit: new DynamoDbAuditLog(table.doc, table.tableName, auditRetentionDaysOf(HOTELS)),
    guestProfiles: new DynamoDbGuestProfiles(table.doc, table.tableName),
    privacy: async () => testDataSubjectDeps(table, HOTELS, () => now),
  };
  handler = createAgentApiHandler(() => deps);
});
afterAll(async () => {
  await bus.close();
  table.client.destroy();
});
beforeEach(() => {
  now = START;
});

// ------------------------------------------------------------------------------------------------
// Staff, requests and what they answer
// ------------------------------------------------------------------------------------------------

type Claims = Record<string, string>;
const staff = (userId: string, role: string, hotels: string, department?: string): Claims => ({
  [StaffClaim.userId]: userId,
  [StaffClaim.role]: role,
  [StaffClaim.hotels]: hotels,
  ...(department && { [StaffClaim.department]: department }),
  iss: 'hotel-inbox-local',
});
const AYSE = staff('ayse', 'frontline', 'aurora-belek');
const SELIN = staff('selin', 'supervisor', 'aurora-belek');
const AGENCY = staff('agency', 'coordinator', 'aurora-belek,lykia-kemer');
const KEMER_SUPERVISOR = staff('kemal', 'supervisor', 'lykia-kemer');
const HOUSEKEEPING = staff('hakan', 'owner', 'aurora-belek', 'housekeeping');
const TECHNICAL = staff('tarik', 'owner', 'aurora-belek', 'technical');
const ADA_ADMIN = staff('ada', 'admin', 'aurora-belek');
const DENIZ_DPO = staff('deniz', 'dpo', 'aurora-belek');
const KEMER_DPO = staff('kerem', 'dpo', 'lykia-kemer');

const GUEST_PHONES = new Set<string>();
let phoneSuffix = 1000;
const newPhone = () => {
  const phone = `9053300${phoneSuffix++}`;
  GUEST_PHONES.add(phone);
  return phone;
};

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: call() checks each answer against its route's schema; tests then read it freely.
  body: Record<string, any>;
}
const answered: { key: AgentRouteKey; answer: Answer }[] = [];

function eventOf(
  key: AgentRouteKey,
  claims: Claims | undefined,
  ticketId?: string,
  query?: Claims,
  body?: unknown,
) {
  const [method = '', template = ''] = key.split(' ');
  const rawPath = template.replace('{ticketId}', encodeURIComponent(ticketId ?? ''));
  return {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { 'content-type': 'application/json' },
    ...(query && { queryStringParameters: query }),
    ...(ticketId !== undefined && { pathParameters: { ticketId } }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims && { authorizer: { jwt: { claims, scopes: null } } }),
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    isBase64Encoded: false,
  } satisfies AgentApiEvent;
}

/** Calls the handler as API Gateway does; every answer is checked against the route's schemas. */
async function call(
  claims: Claims | undefined,
  key: AgentRouteKey,
  options: { ticketId?: string; query?: Claims; body?: unknown } = {},
): Promise<Answer> {
  const result = await handler(eventOf(key, claims, options.ticketId, options.query, options.body));
  const answer = { status: result.statusCode ?? 0, body: JSON.parse(result.body ?? '{}') };
  const spec = AGENT_API[key];
  if (answer.status < 300) {
    expect(answer.status, key).toBe(spec.success.status);
    expect(() => spec.success.schema.parse(answer.body), key).not.toThrow();
  } else {
    const schema = ERROR_BODY_SCHEMAS[answer.status as ErrorStatus] ?? ErrorResponseSchema;
    expect(schema.safeParse(answer.body).success, `${key} ${answer.status}`).toBe(true);
  }
  answered.push({ key, answer });
  return answer;
}

/** A guest's message landed by the intake, triaged and routed as the workflow does. */
async function openTicket(
  text: string,
  options: { tenantId?: string; channel?: 'whatsapp' | 'instagram' } = {},
): Promise<string> {
  const tenantId = options.tenantId ?? 'aurora-belek';
  const phone = newPhone();
  const whatsapp = guestMessage(text, { tenantId, phone, at: now });
  const event: GuestMessageReceived =
    options.channel === 'instagram'
      ? {
          ...whatsapp,
          channel: 'instagram',
          conversationKey: conversationKeyOf(tenantId, 'instagram', phone),
          guest: { platformId: phone },
          platform: { kind: 'instagram', accountId: '17841405309211844' },
        }
      : whatsapp;
  const { ticketId } = await landGuestMessage(intake, event);
  await triageStep(workflow, { tenantId, ticketId });
  await assignStep(workflow, { tenantId, ticketId });
  return ticketId;
}

const SALES_TEXT = 'Merhaba, 12-15 Temmuz için 2 yetişkin 1 çocuk fiyat alabilir miyim?';
const COMPLAINT_TEXT = 'Odamız çok kirli, temizlik hiç yapılmadı!';

const eventsOf = (ticketId: string, type?: string) =>
  bus.bus
    .events()
    .filter((e) => e.detail.ticketId === ticketId && (!type || e['detail-type'] === type))
    // biome-ignore lint/suspicious/noExplicitAny: events are checked by their publisher's schemas; tests read them freely.
    .map((e) => ({ type: e['detail-type'], ...e.detail }) as Record<string, any>);

const ticketOf = async (ticketId: string) =>
  (await call(SELIN, 'GET /agent/tickets/{ticketId}', { ticketId })).body;

interface QueueLine {
  number: string;
  department?: string;
  hotel: { hotelCode: string };
}

/** Every item of the caller's queue, page after page. */
async function queueItems(claims: Claims, query: Claims = {}, limit = '100'): Promise<QueueLine[]> {
  const items: QueueLine[] = [];
  let cursor: string | undefined;
  for (let page = 0; page === 0 || cursor; page++) {
    if (page > 100) throw new Error('the queue kept paging');
    const { body } = await call(claims, 'GET /agent/queue', {
      query: { ...query, limit, ...(cursor && { cursor }) },
    });
    items.push(...body.items);
    cursor = body.nextCursor;
  }
  return items;
}

const queueNumbers = async (claims: Claims) => (await queueItems(claims)).map((i) => i.number);

const OFFER_FIELDS = {
  guestName: 'Ayşe',
  arrivalDate: '12.07.2026',
  departureDate: '15.07.2026',
  roomType: 'Deniz manzaralı oda',
  price: '42.000',
  currency: 'TRY',
  bookingLink: 'https://aurora.example/book/123',
};
const COMPLAINT_FIELDS = {
  event: 'The room was not cleaned on arrival',
  impact: 'The family waited two hours',
  expectation: 'A clean room and an apology',
};

// ------------------------------------------------------------------------------------------------

describe('the agent API: who is calling', () => {
  it('answers 401 without claims or with claims that name no staff member', async () => {
    const none = await call(undefined, 'GET /agent/me');
    const badRole = await call({ ...AYSE, [StaffClaim.role]: 'guest' }, 'GET /agent/me');
    const noHotels = await call({ ...AYSE, [StaffClaim.hotels]: ' ' }, 'GET /agent/queue');

    expect([none, badRole, noHotels]).toEqual(
      Array(3).fill({ status: 401, body: { message: 'Unauthorized' } }),
    );
  });

  it('tells the caller who they are and which hotels they work for', async () => {
    const { status, body } = await call(AGENCY, 'GET /agent/me');

    expect(status).toBe(200);
    expect(body.principal).toEqual({
      userId: 'agency',
      role: 'coordinator',
      hotels: ['aurora-belek', 'lykia-kemer'],
    });
    expect(body.hotels.map((h: { hotelCode: string; name: string }) => [h.hotelCode, h.name])).toEqual([
      ['AUB', 'Aurora Belek Resort & Spa'],
      ['LYK', 'Lykia Beach Kemer'],
    ]);
    expect(body.hotels[0].channels).toEqual(['whatsapp', 'instagram', 'webchat']);
  });

  it('lists the reply templates with their fields, languages and WhatsApp approval', async () => {
    const { body } = await call(AYSE, 'GET /agent/templates');
    const closing = body.templates.find((t: { id: string }) => t.id === 'closing-message');

    expect(body.templates).toHaveLength(loadTemplates().templates.length);
    expect(closing).toMatchObject({
      category: 'lifecycle',
      fields: ['guestName', 'ticketNumber'],
      languages: ['tr', 'en', 'de', 'ru'],
      hasWhatsAppTemplate: true,
    });
  });
});

describe('the agent API: a sales lead from the first message to its reopening', () => {
  let ticketId: string;

  it('shows the new ticket in the queue without message text or phone number', async () => {
    ticketId = await openTicket(SALES_TEXT);

    const { body } = await call(AYSE, 'GET /agent/queue', { query: { basket: 'sales' } });
    const item = body.items.find((i: { number: string }) => i.number === ticketId);

    expect(item).toMatchObject({
      hotel: { hotelCode: 'AUB' },
      channel: 'whatsapp',
      status: 'open',
      basket: 'sales',
      priority: 'high',
      team: 'frontline',
      leadStage: 'lead',
      nearestDeadline: { clock: 'first-response', dueAt: '2026-07-01T07:15:00Z' },
      windowOpenUntil: '2026-07-02T07:00:00.000Z',
    });
    expect(JSON.stringify(body)).not.toContain('fiyat');
  });

  it('shows the ticket with its messages and that free text may go out for 24 hours', async () => {
    const { body } = await call(AYSE, 'GET /agent/tickets/{ticketId}', { ticketId });

    expect(body.ticket).toMatchObject({
      number: ticketId,
      basket: 'sales',
      hotel: { tenantId: 'aurora-belek' },
    });
    expect(body.ticket.recipientId).toBeUndefined();
    expect(body.messages).toMatchObject([{ direction: 'inbound', author: 'guest', text: SALES_TEXT }]);
    expect(body.replyOptions).toMatchObject({
      sendMode: 'free-text',
      freeTextAllowed: true,
      templateRequired: false,
      windowClosesAt: '2026-07-02T07:00:00.000Z',
      canReply: true,
    });
  });

  it('queues an offer, stops the first-response clock and moves the lead to offer-sent', async () => {
    now = new Date(START.getTime() + 5 * 60_000);
    const { status, body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: { clientMessageId: 'offer-0001', templateId: 'price-availability-offer', fields: OFFER_FIELDS },
    });

    expect(status).toBe(202);
    expect(body.message).toMatchObject({
      direction: 'outbound',
      author: 'agent',
      agentId: 'ayse',
      templateId: 'price-availability-offer',
      sentAs: 'free-text',
      delivery: { status: 'queued' },
    });
    expect(body.message.text).toContain('42.000 TRY');
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toMatchObject([
      { messageId: body.message.messageId, purpose: 'reply', content: { kind: 'text' } },
    ]);
    expect(eventsOf(ticketId, DetailType.leadStageChanged)).toMatchObject([
      { leadStage: 'offer-sent', previousStage: 'lead', agentId: 'ayse' },
    ]);
    const { ticket } = await ticketOf(ticketId);
    expect(ticket).toMatchObject({
      leadStage: 'offer-sent',
      firstResponseSeconds: 300,
      lastOutboundAt: now.toISOString(),
      leadFollowUpDueAt: hoursAfterStart(48 + 5 / 60).toISOString(),
    });
  });

  it('assigns the ticket to the caller with a Ticket Assigned event', async () => {
    const { body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/assignment', {
      ticketId,
      body: { assignee: 'me' },
    });

    expect(body.ticket).toMatchObject({ assignee: 'ayse', ownerTeam: 'frontline' });
    expect(eventsOf(ticketId, DetailType.ticketAssigned).at(-1)).toMatchObject({
      team: 'frontline',
      assignee: 'ayse',
      reason: 'manual',
    });
    const mine = await call(AYSE, 'GET /agent/queue', { query: { assignee: 'me' } });
    expect(mine.body.items.map((i: { number: string }) => i.number)).toEqual([ticketId]);
  });

  it('adds and removes tags', async () => {
    await call(AYSE, 'POST /agent/tickets/{ticketId}/tags', {
      ticketId,
      body: { add: ['VIP', 'honeymoon'] },
    });
    const { body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/tags', {
      ticketId,
      body: { add: ['family'], remove: ['honeymoon'] },
    });

    expect(body).toEqual({ ticketId, tags: ['VIP', 'family'] });
  });

  it('keeps an internal note that is never sent', async () => {
    const before = eventsOf(ticketId).length;
    const { status, body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/notes', {
      ticketId,
      body: { text: 'Guest prefers a call after 18:00' },
    });

    expect(status).toBe(201);
    expect(body.message).toMatchObject({ direction: 'internal', type: 'note', agentId: 'ayse' });
    expect(eventsOf(ticketId)).toHaveLength(before);
  });

  it('books the lead, taking it off the follow-up list', async () => {
    const { body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/lead-stage', {
      ticketId,
      body: { stage: 'booked' },
    });

    expect(body.ticket.leadStage).toBe('booked');
    expect(body.ticket.leadFollowUpDueAt).toBeUndefined();
    expect(eventsOf(ticketId, DetailType.leadStageChanged).at(-1)).toMatchObject({
      leadStage: 'booked',
      previousStage: 'offer-sent',
    });
  });

  it('resolves with a closing message to the guest, once, and answers a second resolve as it is', async () => {
    now = hoursAfterStart(1);
    const { status, body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing: { text: 'Rezervasyonunuz tamam, iyi tatiller! Başka sorunuz olursa buradayız.' } },
    });
    const again = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing: { text: 'Again' } },
    });
    const reply = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: { clientMessageId: 'after-resolve', text: 'Hello?' },
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({ ticket: { status: 'resolved' }, closingSent: true });
    expect(body.closingMessage).toMatchObject({ direction: 'outbound', delivery: { status: 'queued' } });
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested).at(-1)).toMatchObject({
      purpose: 'closing',
    });
    expect(eventsOf(ticketId, DetailType.ticketResolved)).toHaveLength(1);
    expect(again).toMatchObject({ status: 200, body: { closingSent: true } });
    expect(again.body.closingMessage).toEqual(body.closingMessage);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toHaveLength(2);
    expect(reply.status).toBe(409);
    expect(await queueNumbers(AYSE)).not.toContain(ticketId);
  });

  it('puts a resolved ticket whose words were purged back on the purge list when a note is added', async () => {
    // Prepare: the purge took the resolved ticket off its list.
    const retention = new DynamoDbRetentionStore(table.doc, table.tableName);
    const stored = await tickets.getTicket('aurora-belek', ticketId);
    const listed = { threadId: ticketId, finishedAt: stored?.resolvedAt ?? '' };
    expect(await retention.finishPurge('aurora-belek', listed)).toBe(true);
    now = hoursAfterStart(2);

    // Act
    await call(AYSE, 'POST /agent/tickets/{ticketId}/notes', { ticketId, body: { text: 'Called back' } });

    // Assess
    expect(
      await retention.finishedThreads('aurora-belek', hoursAfterStart(3).toISOString(), 100),
    ).toContainEqual({ threadId: ticketId, finishedAt: now.toISOString() });
  });

  it('reopens the resolved ticket into the queue, once', async () => {
    const { status, body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/reopen', { ticketId });
    const again = await call(AYSE, 'POST /agent/tickets/{ticketId}/reopen', { ticketId });

    expect(status).toBe(200);
    expect(body.ticket).toMatchObject({ status: 'open', reopenCount: 1 });
    expect(eventsOf(ticketId, DetailType.ticketReopened)).toMatchObject([{ reopenCount: 1 }]);
    expect(again).toMatchObject({ status: 200, body: { ticket: { status: 'open', reopenCount: 1 } } });
    expect(await queueNumbers(AYSE)).toContain(ticketId);
  });
});

describe('the agent API: replies', () => {
  it('sends a retried reply (same clientMessageId) once', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const request = {
      ticketId,
      body: { clientMessageId: 'retry-0001', text: 'Merhaba! Tarihleriniz nedir?' },
    };

    const first = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', request);
    now = new Date(START.getTime() + 60_000);
    const second = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', request);

    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.message).toEqual(first.body.message);
    const { messages } = await ticketOf(ticketId);
    expect(messages.filter((m: { author: string }) => m.author === 'agent')).toHaveLength(1);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toHaveLength(1);
  });

  it('sends two identical replies arriving at once once, as the message that was stored', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const request = { ticketId, body: { clientMessageId: 'twice-0001', text: 'Merhaba! Kaç kişisiniz?' } };

    const answers = await Promise.all([
      call(AYSE, 'POST /agent/tickets/{ticketId}/replies', request),
      call(AYSE, 'POST /agent/tickets/{ticketId}/replies', request),
    ]);

    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    const { messages } = await ticketOf(ticketId);
    const sent = messages.filter((m: { author: string }) => m.author === 'agent');
    expect(sent).toHaveLength(1);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toMatchObject([
      { messageId: sent[0].messageId, messageAt: sent[0].at },
    ]);
  });

  it('keeps a sales lead on the follow-up list after an answer that is not an offer', async () => {
    const ticketId = await openTicket(SALES_TEXT);

    await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: { clientMessageId: 'question-01', text: 'Hangi tarihler?' },
    });

    const { ticket } = await ticketOf(ticketId);
    expect(ticket).toMatchObject({ leadStage: 'lead', leadFollowUpDueAt: hoursAfterStart(48).toISOString() });
    expect(eventsOf(ticketId, DetailType.leadStageChanged)).toEqual([]);
  });

  it('names the missing template field and queues nothing', async () => {
    const ticketId = await openTicket(SALES_TEXT);

    const { status, body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: {
        clientMessageId: 'missing-01',
        templateId: 'price-availability-offer',
        fields: { guestName: 'Ayşe' },
      },
    });

    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'validation_failed', path: 'fields.arrivalDate' });
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toEqual([]);
  });

  it.each([
    ['no clientMessageId', { text: 'hi' }, 'clientMessageId'],
    ['an unknown field', { clientMessageId: 'unknown-01', text: 'hi', urgent: true }, 'urgent'],
    [
      'text and a template at once',
      { clientMessageId: 'both-0001', text: 'hi', templateId: 'transfer' },
      'templateId',
    ],
  ])('refuses a reply with %s, naming the field', async (_, body, path) => {
    const ticketId = await openTicket(SALES_TEXT);

    const answer = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', { ticketId, body });

    expect(answer).toMatchObject({ status: 400, body: { path } });
  });

  it('refuses a body that is not JSON', async () => {
    const ticketId = await openTicket(SALES_TEXT);

    const answer = await call(AYSE, 'POST /agent/tickets/{ticketId}/notes', { ticketId, body: '{not json' });

    expect(answer).toMatchObject({ status: 400, body: { error: 'malformed_body' } });
  });

  it('refuses free text on WhatsApp after 24 hours with 422 and queues nothing, but sends an approved template', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    now = hoursAfterStart(25);
    const view = await call(AYSE, 'GET /agent/tickets/{ticketId}', { ticketId });
    const messagesBefore = view.body.messages.length;

    const refused = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: { clientMessageId: 'late-00001', text: 'Merhaba, hâlâ ilgileniyor musunuz?' },
    });
    const { messages } = await ticketOf(ticketId);

    expect(view.body.replyOptions).toMatchObject({ sendMode: 'whatsapp-template', templateRequired: true });
    expect(view.body.replyOptions.whatsappTemplates).toContain('quote-follow-up');
    expect(refused).toMatchObject({ status: 422, body: { error: 'messaging_window_closed' } });
    expect(messages).toHaveLength(messagesBefore);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toEqual([]);

    const template = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: {
        clientMessageId: 'late-00002',
        templateId: 'quote-follow-up',
        fields: { ...OFFER_FIELDS, offerValidUntil: '05.07.2026' },
      },
    });
    expect(template.status).toBe(202);
    expect(template.body.message.sentAs).toBe('whatsapp-template');
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toMatchObject([
      { content: { kind: 'template', name: 'quote_follow_up', languageCode: 'tr' } },
    ]);
  });
});

describe('the agent API: resolving outside the messaging window', () => {
  it('on WhatsApp refuses a free-text closing (422, nothing changes) and takes the closing-message template', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    now = hoursAfterStart(30);

    const refused = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing: { text: 'Talebiniz çözüldü, teşekkürler.' } },
    });
    expect(refused.status).toBe(422);
    expect((await ticketOf(ticketId)).ticket.status).toBe('open');
    expect(eventsOf(ticketId, DetailType.ticketResolved)).toEqual([]);

    const { status, body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing: { templateId: 'closing-message', fields: { guestName: 'Ayşe' } } },
    });
    expect(status).toBe(200);
    expect(body.closingSent).toBe(true);
    expect(body.closingMessage).toMatchObject({ sentAs: 'whatsapp-template', templateId: 'closing-message' });
    expect(body.closingMessage.text).toContain(ticketId);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toMatchObject([
      { purpose: 'closing', content: { kind: 'template', name: 'request_closed' } },
    ]);
  });

  it('on Instagram 7 days after the guest keeps the closing as a note and resolves', async () => {
    const ticketId = await openTicket('Hello, is the spa open on Sundays?', { channel: 'instagram' });
    now = hoursAfterStart(8 * 24);

    const { status, body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing: { text: 'Yes, every day. Thank you for writing to us!' } },
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      ticket: { status: 'resolved' },
      closingSent: false,
      closingMessage: { direction: 'internal', type: 'closing-not-sent' },
    });
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toEqual([]);
  });
});

describe('the agent API: complaints and role rules', () => {
  it('does not let anyone (here the front line) resolve a complaint without its fields and root cause', async () => {
    const ticketId = await openTicket(COMPLAINT_TEXT);
    const closing = { text: 'Odanız temizlendi, özür dileriz. Başka bir şey olursa yazın.' };

    const noFields = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing },
    });
    const noRootCause = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing, complaint: COMPLAINT_FIELDS },
    });
    const partial = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing, complaint: { event: 'x', impact: 'y' }, rootCause: 'z' },
    });

    expect([noFields.body.path, noRootCause.body.path, partial.body.path]).toEqual([
      'complaint',
      'rootCause',
      'complaint.expectation',
    ]);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toEqual([]);

    const { status, body } = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: { closing, complaint: COMPLAINT_FIELDS, rootCause: 'Housekeeping shift understaffed' },
    });
    expect(status).toBe(200);
    expect(body.ticket).toMatchObject({
      status: 'resolved',
      complaint: COMPLAINT_FIELDS,
      rootCause: 'Housekeeping shift understaffed',
    });
  });

  it('lets anyone raise an escalation but only a supervisor lower it', async () => {
    const ticketId = await openTicket(COMPLAINT_TEXT);
    expect((await ticketOf(ticketId)).ticket.escalationLevel).toBe(1);

    const raised = await call(AYSE, 'POST /agent/tickets/{ticketId}/escalation', {
      ticketId,
      body: { level: 2, reason: 'Guest threatens a public review' },
    });
    now = new Date(START.getTime() + 60_000);
    const lowered = await call(AYSE, 'POST /agent/tickets/{ticketId}/escalation', {
      ticketId,
      body: { level: 0, reason: 'Solved on the phone' },
    });
    const bySupervisor = await call(SELIN, 'POST /agent/tickets/{ticketId}/escalation', {
      ticketId,
      body: { level: 0, reason: 'Solved on the phone' },
    });

    expect(raised.body).toMatchObject({ ticket: { escalationLevel: 2 }, changed: true });
    expect(eventsOf(ticketId, DetailType.ticketEscalated).at(-1)).toMatchObject({
      level: 2,
      reason: 'manual',
      team: 'supervisor',
    });
    expect(lowered.status).toBe(403);
    expect(bySupervisor.body).toMatchObject({ ticket: { escalationLevel: 0 }, changed: true });
    const notes = (await ticketOf(ticketId)).messages.filter(
      (m: { type: string }) => m.type === 'escalation',
    );
    expect(notes.map((m: { text: string }) => m.text)).toEqual([
      'Escalation 1 → 2: Guest threatens a public review',
      'Escalation 2 → 0: Solved on the phone',
    ]);
  });

  it('lets only a supervisor record compensation, with who approved it', async () => {
    const ticketId = await openTicket(COMPLAINT_TEXT);
    const body = {
      kind: 'amenity',
      description: 'Fruit basket and spa voucher',
      amount: 40,
      currency: 'EUR',
    };

    const byFrontline = await call(AYSE, 'POST /agent/tickets/{ticketId}/compensation', { ticketId, body });
    const noCurrency = await call(SELIN, 'POST /agent/tickets/{ticketId}/compensation', {
      ticketId,
      body: { ...body, currency: undefined },
    });
    const bySupervisor = await call(SELIN, 'POST /agent/tickets/{ticketId}/compensation', { ticketId, body });

    expect(byFrontline.status).toBe(403);
    expect(noCurrency.body.path).toBe('currency');
    expect(bySupervisor.body.ticket.compensation).toEqual({
      ...body,
      approvedBy: 'selin',
      approvedAt: START.toISOString(),
    });
  });

  it('moves only sales tickets along the funnel, and a lost lead says why', async () => {
    const complaint = await openTicket(COMPLAINT_TEXT);
    const sales = await openTicket(SALES_TEXT);

    const notALead = await call(AYSE, 'POST /agent/tickets/{ticketId}/lead-stage', {
      ticketId: complaint,
      body: { stage: 'booked' },
    });
    const noReason = await call(AYSE, 'POST /agent/tickets/{ticketId}/lead-stage', {
      ticketId: sales,
      body: { stage: 'lost' },
    });
    const lost = await call(AYSE, 'POST /agent/tickets/{ticketId}/lead-stage', {
      ticketId: sales,
      body: { stage: 'lost', lostReason: 'Found a cheaper hotel' },
    });
    const backToOffer = await call(AYSE, 'POST /agent/tickets/{ticketId}/lead-stage', {
      ticketId: sales,
      body: { stage: 'offer-sent' },
    });

    expect([notALead.status, noReason.body.path, backToOffer.status]).toEqual([409, 'lostReason', 409]);
    expect(lost.body.ticket).toMatchObject({ leadStage: 'lost', lostReason: 'Found a cheaper hotel' });
    expect(eventsOf(sales, DetailType.leadStageChanged)).toMatchObject([
      { leadStage: 'lost', previousStage: 'lead', lostReason: 'Found a cheaper hotel' },
    ]);
  });

  it("shows an owner their department's tickets and hands a ticket to another department", async () => {
    const ticketId = await openTicket(COMPLAINT_TEXT);

    const own = await call(HOUSEKEEPING, 'GET /agent/tickets/{ticketId}', { ticketId });
    const queue = await queueItems(HOUSEKEEPING);
    const other = await call(TECHNICAL, 'GET /agent/tickets/{ticketId}', { ticketId });
    const handed = await call(HOUSEKEEPING, 'POST /agent/tickets/{ticketId}/assignment', {
      ticketId,
      body: { department: 'technical' },
    });

    expect(own.status).toBe(200);
    expect(queue.map((i) => i.number)).toContain(ticketId);
    expect(queue.every((i) => i.department === 'housekeeping')).toBe(true);
    expect(other.status).toBe(404);
    expect(handed.body.ticket).toMatchObject({ ownerTeam: 'owner', department: 'technical' });
    expect((await call(TECHNICAL, 'GET /agent/tickets/{ticketId}', { ticketId })).status).toBe(200);
    expect((await call(HOUSEKEEPING, 'GET /agent/tickets/{ticketId}', { ticketId })).status).toBe(404);
  });
});

describe('the agent API: tenant isolation', () => {
  const TICKET_ROUTES = (Object.keys(AGENT_API) as AgentRouteKey[]).filter((key) =>
    key.includes('{ticketId}'),
  );
  /** A valid request for each route, so that only the ticket's scope can refuse it. */
  const VALID_BODIES: Partial<Record<AgentRouteKey, unknown>> = {
    'POST /agent/tickets/{ticketId}/replies': { clientMessageId: 'probe-0001', text: 'Hello' },
    'POST /agent/tickets/{ticketId}/assignment': { assignee: 'me' },
    'POST /agent/tickets/{ticketId}/tags': { add: ['probe'] },
    'POST /agent/tickets/{ticketId}/lead-stage': { stage: 'booked' },
    'POST /agent/tickets/{ticketId}/notes': { text: 'probe' },
    'POST /agent/tickets/{ticketId}/resolve': {
      closing: { text: 'Bye' },
      complaint: COMPLAINT_FIELDS,
      rootCause: 'probe',
    },
    'POST /agent/tickets/{ticketId}/escalation': { level: 2, reason: 'probe' },
    'POST /agent/tickets/{ticketId}/compensation': { kind: 'other', description: 'probe' },
    'POST /agent/tickets/{ticketId}/guest': { name: 'Probe' },
  };
  const snapshot = async () => ({
    items: JSON.stringify((await table.scan()).map((i) => `${i.pk}|${i.sk}|${JSON.stringify(i)}`).sort()),
    events: bus.bus.events().length,
  });

  it('answers 404 on every route for a ticket of another hotel, exactly as for a missing one, and changes nothing', async () => {
    const kemer = await openTicket(SALES_TEXT, { tenantId: 'lykia-kemer' });
    await call(KEMER_SUPERVISOR, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId: kemer,
      body: { closing: { text: 'Görüşmek üzere!' } },
    });
    const resolvedKemer = await openTicket('Is there a kids club?', { tenantId: 'lykia-kemer' });
    await call(KEMER_SUPERVISOR, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId: resolvedKemer,
      body: { closing: { text: 'Yes!' } },
    });
    await openTicket(SALES_TEXT, { tenantId: 'lykia-kemer' });
    const before = await snapshot();

    for (const key of TICKET_ROUTES) {
      const target = key.endsWith('/reopen') ? resolvedKemer : kemer;
      const request = (ticketId: string) => ({ ticketId, body: VALID_BODIES[key] });
      const foreign = await call(SELIN, key, request(target));
      const missing = await call(SELIN, key, request('AUB-2026-999999'));
      const unknownCode = await call(SELIN, key, request(target.replace('LYK', 'ZZZ')));
      const malformed = await call(SELIN, key, request('not-a-ticket'));
      const tooLong = await call(SELIN, key, request(`AUB-2026-${'0'.repeat(40)}`));

      expect(foreign, key).toEqual({ status: 404, body: { error: 'not_found', message: 'No such ticket' } });
      expect([missing, unknownCode, malformed, tooLong], key).toEqual([foreign, foreign, foreign, foreign]);
    }

    expect(await snapshot()).toEqual(before);
    expect((await call(KEMER_SUPERVISOR, 'GET /agent/tickets/{ticketId}', { ticketId: kemer })).status).toBe(
      200,
    );
  });

  it('answers 404 on every route to an owner for a ticket of another department, and changes nothing', async () => {
    const ticketId = await openTicket(COMPLAINT_TEXT);
    const before = await snapshot();

    // Compensation and guest corrections are not an owner's: their role is refused (403) first.
    for (const key of TICKET_ROUTES.filter((k) => !k.endsWith('/compensation') && !k.endsWith('/guest'))) {
      const answer = await call(TECHNICAL, key, { ticketId, body: VALID_BODIES[key] });
      expect(answer, key).toEqual({ status: 404, body: { error: 'not_found', message: 'No such ticket' } });
    }

    expect(await snapshot()).toEqual(before);
  });

  it("leaves other hotels' tickets out of the queue and refuses another hotel's filter", async () => {
    const kemer = await openTicket(SALES_TEXT, { tenantId: 'lykia-kemer' });
    const belek = await openTicket(SALES_TEXT);

    const aurora = await queueItems(SELIN);
    const filtered = await call(SELIN, 'GET /agent/queue', { query: { hotel: 'lykia-kemer' } });
    const agency = await queueItems(AGENCY, { hotel: 'LYK' });

    expect(aurora.map((i) => i.number)).toContain(belek);
    expect(aurora.every((i) => i.hotel.hotelCode === 'AUB')).toBe(true);
    expect(filtered.status).toBe(403);
    expect(agency.map((i) => i.number)).toContain(kemer);
    expect(agency.every((i) => i.hotel.hotelCode === 'LYK')).toBe(true);
  });
});

describe('the agent API: retrying after publishing failed', () => {
  const resolveBody = { closing: { text: 'Her şey yolunda, iyi tatiller! Sorunuz olursa yazın.' } };

  it('publishes Ticket Resolved on the retry of a resolve whose publishing failed, once', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    publisher.failNext(DetailType.ticketResolved);

    const failed = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: resolveBody,
    });
    const stored = await tickets.getTicket('aurora-belek', ticketId);
    const retried = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', {
      ticketId,
      body: resolveBody,
    });
    const again = await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', { ticketId, body: resolveBody });

    expect(failed.status).toBe(500);
    expect(stored?.status).toBe('resolved');
    expect([retried.status, again.status]).toEqual([200, 200]);
    expect(retried.body).toMatchObject({ ticket: { status: 'resolved' }, closingSent: true });
    expect(eventsOf(ticketId, DetailType.ticketResolved)).toMatchObject([
      { resolvedAt: stored?.resolvedAt, resolutionSeconds: stored?.resolutionSeconds },
    ]);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toMatchObject([{ purpose: 'closing' }]);
  });

  it('publishes Ticket Reopened on the retry of a reopen whose publishing failed, once', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    await call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', { ticketId, body: resolveBody });
    publisher.failNext(DetailType.ticketReopened);

    const failed = await call(AYSE, 'POST /agent/tickets/{ticketId}/reopen', { ticketId });
    const stored = await tickets.getTicket('aurora-belek', ticketId);
    const retried = await call(AYSE, 'POST /agent/tickets/{ticketId}/reopen', { ticketId });
    const again = await call(AYSE, 'POST /agent/tickets/{ticketId}/reopen', { ticketId });

    expect(failed.status).toBe(500);
    expect(stored).toMatchObject({ status: 'open', reopenCount: 1 });
    expect([retried.status, again.status]).toEqual([200, 200]);
    expect(retried.body.ticket).toMatchObject({ status: 'open', reopenCount: 1 });
    expect(eventsOf(ticketId, DetailType.ticketReopened)).toMatchObject([
      { reopenCount: 1, receivedAt: stored?.reopenedAt },
    ]);
  });

  it('publishes Ticket Escalated on the retry of a raise whose publishing failed, once', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const body = { level: 2, reason: 'Guest asks for the manager' };
    publisher.failNext(DetailType.ticketEscalated);

    const failed = await call(AYSE, 'POST /agent/tickets/{ticketId}/escalation', { ticketId, body });
    const retried = await call(AYSE, 'POST /agent/tickets/{ticketId}/escalation', { ticketId, body });

    expect(failed.status).toBe(500);
    expect(retried).toMatchObject({ status: 200, body: { ticket: { escalationLevel: 2 }, changed: false } });
    expect(eventsOf(ticketId, DetailType.ticketEscalated)).toMatchObject([
      { level: 2, reason: 'manual', team: 'supervisor' },
    ]);
    const notes = (await ticketOf(ticketId)).messages.filter(
      (m: { type: string }) => m.type === 'escalation',
    );
    expect(notes.map((m: { text: string }) => m.text)).toEqual([
      'Escalation 0 → 2: Guest asks for the manager',
    ]);
  });

  it('publishes no manual escalation for a level the workflow reached', async () => {
    const ticketId = await openTicket(COMPLAINT_TEXT);
    expect((await ticketOf(ticketId)).ticket.escalationLevel).toBe(1);
    const before = eventsOf(ticketId, DetailType.ticketEscalated).length;

    const same = await call(AYSE, 'POST /agent/tickets/{ticketId}/escalation', {
      ticketId,
      body: { level: 1, reason: 'Already with the team lead' },
    });

    expect(same).toMatchObject({ status: 200, body: { changed: false } });
    expect(eventsOf(ticketId, DetailType.ticketEscalated)).toHaveLength(before);
  });

  it('publishes Lead Stage Changed on the retry of a move whose publishing failed, once', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const body = { stage: 'lost', lostReason: 'Dates not available' };
    publisher.failNext(DetailType.leadStageChanged);

    const failed = await call(AYSE, 'POST /agent/tickets/{ticketId}/lead-stage', { ticketId, body });
    const retried = await call(SELIN, 'POST /agent/tickets/{ticketId}/lead-stage', { ticketId, body });
    const otherReason = await call(AYSE, 'POST /agent/tickets/{ticketId}/lead-stage', {
      ticketId,
      body: { stage: 'lost', lostReason: 'Too expensive' },
    });

    expect(failed.status).toBe(500);
    expect(retried).toMatchObject({ status: 200, body: { ticket: { leadStage: 'lost' } } });
    expect(otherReason.status).toBe(409);
    expect(eventsOf(ticketId, DetailType.leadStageChanged)).toMatchObject([
      { leadStage: 'lost', previousStage: 'lead', lostReason: 'Dates not available', agentId: 'ayse' },
    ]);
  });

  it('moves the lead to offer-sent on the retry of an offer whose lead event failed, once', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const request = {
      ticketId,
      body: {
        clientMessageId: 'offer-retry-01',
        templateId: 'price-availability-offer',
        fields: OFFER_FIELDS,
      },
    };
    publisher.failNext(DetailType.leadStageChanged);

    const failed = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', request);
    const retried = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', request);

    expect([failed.status, retried.status]).toEqual([500, 202]);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toHaveLength(1);
    expect(eventsOf(ticketId, DetailType.leadStageChanged)).toMatchObject([
      { leadStage: 'offer-sent', previousStage: 'lead' },
    ]);
  });

  it('requests the send on the retry of a reply whose send request failed, as the ticket shows it', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const request = { ticketId, body: { clientMessageId: 'send-retry-01', text: 'Merhaba! Kaç gece?' } };
    publisher.failNext(DetailType.outboundMessageRequested);

    const failed = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', request);
    now = new Date(START.getTime() + 3 * 60_000);
    const retried = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', request);

    expect([failed.status, retried.status]).toEqual([500, 202]);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toMatchObject([
      { messageAt: retried.body.message.at, content: { kind: 'text', text: 'Merhaba! Kaç gece?' } },
    ]);
    expect(retried.body.message.at).toBe(START.toISOString());
  });

  it('keeps 409 for what conflicts: resolving or reopening a closed ticket, reopening one never resolved', async () => {
    const open = await openTicket(SALES_TEXT);
    const closed = await openTicket(SALES_TEXT);
    await tickets.updateTicket('aurora-belek', closed, { status: 'closed', closedAt: now.toISOString() });

    const answers = await Promise.all([
      call(AYSE, 'POST /agent/tickets/{ticketId}/resolve', { ticketId: closed, body: resolveBody }),
      call(AYSE, 'POST /agent/tickets/{ticketId}/reopen', { ticketId: closed }),
      call(AYSE, 'POST /agent/tickets/{ticketId}/reopen', { ticketId: open }),
    ]);

    expect(answers.map((a) => a.status)).toEqual([409, 409, 409]);
  });
});

describe('the agent API: a reply retried with the same clientMessageId', () => {
  it('is refused with 409 when it says something else, and sends nothing new', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const first = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: { clientMessageId: 'edited-0001', text: 'Merhaba! Tarihleriniz nedir?' },
    });

    const otherText = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: { clientMessageId: 'edited-0001', text: 'Merhaba! Kaç kişisiniz?' },
    });
    const template = await call(AYSE, 'POST /agent/tickets/{ticketId}/replies', {
      ticketId,
      body: { clientMessageId: 'edited-0001', templateId: 'price-availability-offer', fields: OFFER_FIELDS },
    });

    expect(first.status).toBe(202);
    expect([otherText.status, template.status]).toEqual([409, 409]);
    const { messages } = await ticketOf(ticketId);
    expect(messages.filter((m: { author: string }) => m.author === 'agent')).toMatchObject([
      { text: 'Merhaba! Tarihleriniz nedir?' },
    ]);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toHaveLength(1);
    expect(eventsOf(ticketId, DetailType.leadStageChanged)).toEqual([]);
  });
});

describe('the agent API: paths', () => {
  it('answers 404 for a path that is not valid percent-encoding, as for any unknown route', async () => {
    const rawPath = '/agent/tickets/%E0%A4%A';
    const event = eventOf('GET /agent/tickets/{ticketId}', SELIN);

    const result = await handler({ ...event, routeKey: '$default', rawPath });

    expect(matchRoute('GET', rawPath)).toBeUndefined();
    expect(matchRoute('GET', '/agent/tickets/AUB-2026-000001')?.pathParameters).toEqual({
      ticketId: 'AUB-2026-000001',
    });
    expect(result.statusCode).toBe(404);
  });
});

describe('the agent API: the queue in pages', () => {
  it('pages through more tickets than a page across two hotels without repeats or omissions', async () => {
    const opened = [
      ...(await Promise.all([1, 2, 3, 4].map(() => openTicket(SALES_TEXT, { tenantId: 'lykia-kemer' })))),
      ...(await Promise.all([1, 2, 3, 4].map(() => openTicket(COMPLAINT_TEXT)))),
    ];
    const whole = (await queueItems(AGENCY)).map((i) => i.number);

    const paged = (await queueItems(AGENCY, {}, '3')).map((i) => i.number);

    expect(whole).toEqual(expect.arrayContaining(opened));
    expect(new Set(whole.map((n) => n.slice(0, 3)))).toEqual(new Set(['AUB', 'LYK']));
    expect(whole.length).toBeGreaterThan(3);
    expect(paged).toEqual(whole);
    expect(new Set(paged).size).toBe(paged.length);
  });
});

describe('the agent API: the audit log', () => {
  // A quiet hour of its own, well after the other tests' activity.
  const HOUR = new Date('2026-08-10T09:00:00Z');
  const window = {
    hotel: 'aurora-belek',
    from: HOUR.toISOString(),
    to: new Date(HOUR.getTime() + 3_600_000).toISOString(),
  };
  // biome-ignore lint/suspicious/noExplicitAny: entries are checked against AuditEntrySchema by call().
  const entriesOf = async (claims: Claims, query: Claims = window): Promise<Record<string, any>[]> => {
    const { status, body } = await call(claims, 'GET /agent/audit', { query });
    expect(status).toBe(200);
    return body.entries;
  };

  it("records who read a ticket's messages, in which role and hotel, and when; never what they read", async () => {
    const ticketId = await openTicket(COMPLAINT_TEXT);
    now = new Date(HOUR.getTime() + 60_000);

    const read = await call(AYSE, 'GET /agent/tickets/{ticketId}', { ticketId });
    const entries = await entriesOf(ADA_ADMIN);

    expect(read.status).toBe(200);
    const ticket = await tickets.getTicket('aurora-belek', ticketId);
    expect(entries).toEqual([
      {
        tenantId: 'aurora-belek',
        auditId: expect.stringMatching(/^2026-08-10T09:01:00\.000Z#/),
        at: '2026-08-10T09:01:00.000Z',
        actor: { userId: 'ayse', role: 'frontline' },
        action: 'ticket.messages.read',
        target: { ticketId, guestId: ticket?.guestId },
      },
    ]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('kirli');
    for (const phone of GUEST_PHONES) expect(text).not.toContain(phone);
  });

  it('records nothing for a ticket out of scope, which answers as a missing one', async () => {
    const kemer = await openTicket(SALES_TEXT, { tenantId: 'lykia-kemer' });
    const ownerless = await openTicket(COMPLAINT_TEXT);
    now = new Date(HOUR.getTime() + 120_000);
    const before = (await table.scan()).filter((item) => String(item.pk).includes('#AUDIT#')).length;

    const foreign = await call(AYSE, 'GET /agent/tickets/{ticketId}', { ticketId: kemer });
    const missing = await call(AYSE, 'GET /agent/tickets/{ticketId}', { ticketId: 'AUB-2026-999999' });
    const otherDepartment = await call(TECHNICAL, 'GET /agent/tickets/{ticketId}', { ticketId: ownerless });

    expect([missing, otherDepartment]).toEqual([foreign, foreign]);
    expect(foreign.status).toBe(404);
    expect((await table.scan()).filter((item) => String(item.pk).includes('#AUDIT#'))).toHaveLength(before);
  });

  it('is read by admins and the DPO of the hotel only; another hotel is refused as in the queue', async () => {
    const kemerQueue = await call(SELIN, 'GET /agent/queue', { query: { hotel: 'lykia-kemer' } });

    const frontline = await call(AYSE, 'GET /agent/audit', { query: window });
    const supervisor = await call(SELIN, 'GET /agent/audit', { query: window });
    const kemerDpo = await call(KEMER_DPO, 'GET /agent/audit', { query: window });
    const byCode = await call(DENIZ_DPO, 'GET /agent/audit', { query: { ...window, hotel: 'AUB' } });

    expect([frontline.status, supervisor.status]).toEqual([403, 403]);
    expect(kemerDpo.status).toBe(kemerQueue.status);
    expect(kemerDpo.body.error).toBe(kemerQueue.body.error);
    expect(byCode.status).toBe(200);
  });

  it('records each read of the log itself, with the range and how many entries it returned', async () => {
    now = new Date(HOUR.getTime() + 180_000);
    const reader = {
      ...window,
      from: HOUR.toISOString(),
      to: new Date(HOUR.getTime() + 150_000).toISOString(),
    };

    const returned = await entriesOf(DENIZ_DPO, reader);
    const entries = await entriesOf(ADA_ADMIN);

    expect(entries.at(-1)).toMatchObject({
      at: now.toISOString(),
      actor: { userId: 'deniz', role: 'dpo' },
      action: 'audit.read',
      target: {},
      details: { from: reader.from, to: reader.to, entries: returned.length },
    });
  });

  it('pages oldest first without repeats or omissions', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    for (let i = 0; i < 7; i++) {
      now = new Date(HOUR.getTime() + 600_000 + i * 1000);
      await call(SELIN, 'GET /agent/tickets/{ticketId}', { ticketId });
    }
    const range = {
      ...window,
      from: new Date(HOUR.getTime() + 600_000).toISOString(),
      to: new Date(HOUR.getTime() + 700_000).toISOString(),
    };
    // The reads of the log itself land after the range.
    now = new Date(HOUR.getTime() + 800_000);

    const pages: number[] = [];
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await call(ADA_ADMIN, 'GET /agent/audit', {
        query: { ...range, limit: '3', ...(cursor && { cursor }) },
      });
      pages.push(body.entries.length);
      seen.push(...body.entries.map((e: { auditId: string }) => e.auditId));
      cursor = body.nextCursor;
    } while (cursor);

    expect(pages).toEqual([3, 3, 1]);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(7);
  });

  it('finds entries months apart in one page, and refuses a bad range or cursor with the field', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    now = new Date('2026-09-01T00:00:00Z');
    await call(SELIN, 'GET /agent/tickets/{ticketId}', { ticketId });
    now = new Date('2027-01-15T12:00:00Z');
    await call(SELIN, 'GET /agent/tickets/{ticketId}', { ticketId });
    const long = { hotel: 'aurora-belek', from: '2026-08-31T00:00:00Z', to: '2027-02-01T00:00:00+03:00' };

    const entries = await entriesOf(ADA_ADMIN, long);
    const reversed = await call(ADA_ADMIN, 'GET /agent/audit', { query: { ...long, to: long.from } });
    const tooLong = await call(ADA_ADMIN, 'GET /agent/audit', {
      query: { ...long, to: '2027-10-01T00:00:00Z' },
    });
    const date = await call(ADA_ADMIN, 'GET /agent/audit', { query: { ...long, from: '2026-08-31' } });
    const cursor = await call(ADA_ADMIN, 'GET /agent/audit', { query: { ...long, cursor: 'not-ours' } });

    expect(entries.filter((e) => e.action === 'ticket.messages.read').map((e) => e.at)).toEqual([
      '2026-09-01T00:00:00.000Z',
      '2027-01-15T12:00:00.000Z',
    ]);
    expect([reversed, tooLong, date, cursor].map((a) => [a.status, a.body.path])).toEqual([
      [400, 'to'],
      [400, 'to'],
      [400, 'from'],
      [400, 'cursor'],
    ]);
  });
});

describe('the agent API: correcting a guest profile', () => {
  const AGENCY_COORDINATOR = AGENCY;
  const profileOf = async (ticketId: string) => {
    const ticket = await tickets.getTicket('aurora-belek', ticketId);
    const item = (await table.scan()).find(
      (i) => i.pk === `TENANT#aurora-belek#GUEST#${ticket?.guestId}` && i.sk === 'PROFILE',
    );
    return { guestId: ticket?.guestId as string, item: item as Record<string, unknown> };
  };
  const correctionsOf = async (ticketId: string) =>
    (await table.scan())
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .filter(
        (i) =>
          i.action === 'guest.profile.corrected' && (i.target as { ticketId?: string }).ticketId === ticketId,
      );

  it("sets the fields sent, answers the correctable profile without the phone, and records the changed fields' names", async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const { guestId, item: before } = await profileOf(ticketId);

    const { status, body } = await call(AGENCY_COORDINATOR, 'POST /agent/tickets/{ticketId}/guest', {
      ticketId,
      body: { name: '  Ayşe Yılmaz ', email: 'ayse.yilmaz@example.com' },
    });

    expect(status).toBe(200);
    expect(body).toEqual({
      profile: { guestId, name: 'Ayşe Yılmaz', email: 'ayse.yilmaz@example.com' },
      changed: ['name', 'email'],
    });
    const { item: after } = await profileOf(ticketId);
    expect(after).toMatchObject({
      name: 'Ayşe Yılmaz',
      email: 'ayse.yilmaz@example.com',
      correctedAt: now.toISOString(),
    });
    expect(after.phoneNumber).toBe(before.phoneNumber);
    const [entry, ...more] = await correctionsOf(ticketId);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: { userId: 'agency', role: 'coordinator' },
      target: { ticketId, guestId },
      details: { name: true, email: true },
    });
    expect(JSON.stringify(entry)).not.toMatch(/Yılmaz|example\.com|Ayşe/);
  });

  it('removes a wrong e-mail with null, and records no field when nothing changes', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    await call(SELIN, 'POST /agent/tickets/{ticketId}/guest', {
      ticketId,
      body: { email: 'wrong@example.com' },
    });

    now = hoursAfterStart(1);
    const removed = await call(SELIN, 'POST /agent/tickets/{ticketId}/guest', {
      ticketId,
      body: { email: null },
    });
    now = hoursAfterStart(2);
    const again = await call(SELIN, 'POST /agent/tickets/{ticketId}/guest', {
      ticketId,
      body: { email: null },
    });

    expect(removed.body.changed).toEqual(['email']);
    expect(removed.body.profile.email).toBeUndefined();
    expect(again.body.changed).toEqual([]);
    expect((await profileOf(ticketId)).item.email).toBeUndefined();
    expect((await correctionsOf(ticketId)).map((e) => e.details)).toEqual([
      { email: true },
      { email: true },
      {},
    ]);
  });

  it.each([
    [{ email: 'not-an-address' }, 'email'],
    [{ name: '   ' }, 'name'],
    [{ phoneNumber: '+905321234567' }, 'phoneNumber'],
    [{ name: 'Ayşe', language: 'tr' }, 'language'],
    [{}, ''],
  ])('refuses %j with 400 naming the field, and changes and records nothing', async (body, path) => {
    const ticketId = await openTicket(SALES_TEXT);
    const before = await profileOf(ticketId);

    const answer = await call(SELIN, 'POST /agent/tickets/{ticketId}/guest', { ticketId, body });

    expect([answer.status, answer.body.path]).toEqual([400, path]);
    expect(await profileOf(ticketId)).toEqual(before);
    expect(await correctionsOf(ticketId)).toEqual([]);
  });

  it("is not the front line's or an owner's to make, and a ticket out of scope is 404 with nothing recorded", async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const kemer = await openTicket(SALES_TEXT, { tenantId: 'lykia-kemer' });
    const body = { name: 'Someone Else' };

    const frontline = await call(AYSE, 'POST /agent/tickets/{ticketId}/guest', { ticketId, body });
    const owner = await call(HOUSEKEEPING, 'POST /agent/tickets/{ticketId}/guest', { ticketId, body });
    const foreign = await call(SELIN, 'POST /agent/tickets/{ticketId}/guest', { ticketId: kemer, body });

    expect([frontline.status, owner.status]).toEqual([403, 403]);
    expect(foreign).toEqual({ status: 404, body: { error: 'not_found', message: 'No such ticket' } });
    expect([...(await correctionsOf(ticketId)), ...(await correctionsOf(kemer))]).toEqual([]);
    expect((await profileOf(ticketId)).item.name).toBe('Ayşe');
  });
});

describe('the ticket store: lastOutboundAt', () => {
  it('only moves forward, whatever order answers land in', async () => {
    const ticketId = await openTicket(SALES_TEXT);
    const times = [5, 1, 9, 3, 7].map((m) => new Date(START.getTime() + m * 60_000).toISOString());

    const moved = await Promise.all(times.map((at) => tickets.recordOutbound('aurora-belek', ticketId, at)));
    const late = await tickets.recordOutbound('aurora-belek', ticketId, times[1] as string);

    expect(moved).toContain(true);
    expect(late).toBe(false);
    expect((await tickets.getTicket('aurora-belek', ticketId))?.lastOutboundAt).toBe(times[2]);
  });
});

describe('the agent API: data-subject requests', () => {
  it('answers a DPO that nothing is held about a number no guest wrote from', async () => {
    const dpo = staff('dora', 'dpo', 'aurora-belek');
    const body = { hotel: 'AUB', kind: 'export', subject: { phone: '+90 555 000 00 00' } };

    const { status, body: answer } = await call(dpo, 'POST /privacy/requests', { body });

    expect(status).toBe(200);
    expect(answer).toMatchObject({ kind: 'export', guests: [], tickets: [], rawArchive: [] });
  });
});

describe('the agent API: every answer', () => {
  it('came from every route, matched its schema, and held no guest phone number', () => {
    const succeeded = new Set(answered.filter((a) => a.answer.status < 300).map((a) => a.key));

    expect([...succeeded].sort()).toEqual(Object.keys(AGENT_API).sort());
    const text = JSON.stringify(answered);
    for (const phone of GUEST_PHONES) expect(text).not.toContain(phone);
  });
});
