import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import {
  InvalidParameterException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import hotelsJson from '../../config/hotels.json' with { type: 'json' };
import type { TicketIntakeDeps } from '../../functions/adapters/delivery-status-deps';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbOutboundStore } from '../../functions/adapters/dynamodb-outbound-store';
import { DynamoDbSurveyThread } from '../../functions/adapters/dynamodb-survey-thread';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { GraphApiClient } from '../../functions/adapters/graph-api-client';
import { OutboxFolderSender } from '../../functions/adapters/outbox-folder-sender';
import { SesEmailSender } from '../../functions/adapters/ses-email-sender';
import { SnsSmsSender } from '../../functions/adapters/sns-sms-sender';
import { WebchatTranscriptOutbox } from '../../functions/adapters/webchat-outbox';
import {
  DetailType,
  EVENT_BUS_NAME,
  EventSource,
  OUTBOUND_MAX_RECEIVES,
} from '../../functions/contracts/bus';
import type { MetricName } from '../../functions/contracts/metrics';
import { Keys } from '../../functions/contracts/table';
import { HotelsFileSchema } from '../../functions/domain/hotels';
import { composeOutbound, type OutboundBody } from '../../functions/domain/outbound/compose-outbound';
import type { MessagingPlatform } from '../../functions/domain/outbound/ports';
import type { SendDeps } from '../../functions/domain/outbound/send-outbound';
import type { EventPublisher } from '../../functions/domain/ports';
import type { SurveyRoute } from '../../functions/domain/surveys/survey-channel';
import { composeSurveyMessage } from '../../functions/domain/surveys/survey-message';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { createSenderHandler } from '../../functions/sender/handler';
import { createTicketIntakeHandler } from '../../functions/ticket-intake/handler';
import { type FakeGraphApi, startFakeGraphApi } from '../../local/fake-graph-api/fake-graph-api';
import { type MessageStatusChanged, surveyThreadId } from '../../schemas/events';
import type { Survey } from '../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../schemas/ticket';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { startTestBus, type TestBus } from '../support/local-bus';

const HOTELS = HotelsFileSchema.parse(hotelsJson).hotels;
const TOKEN = 'sender-test-token';
const TENANT = 'aurora-belek';
const HOTEL = HOTELS.find((h) => h.tenantId === TENANT);
const WA_ID = '4915112345678';
const IGSID = '17841400000000001';
const START = new Date('2026-07-01T09:00:00.000Z');

let table: TestTable;
let bus: TestBus;
let fake: FakeGraphApi;
let now: Date;
let metrics: Record<string, number>;
/** Set to make the next publish fail, as an EventBridge outage would. */
let failNextPublish: boolean;
/** Runs after the Graph API accepted a send and before the sender records it. */
let afterPlatformAccepted: ((platformMessageId: string) => Promise<void>) | undefined;
/** Set to make reading the access token throw, as a Secrets Manager outage would. */
let tokenUnreadable: boolean;
let deps: SendDeps;
let intakeDeps: TicketIntakeDeps;
let tickets: DynamoDbTicketStore;
let webchatStore: DynamoDbWebchatStore;

beforeAll(async () => {
  table = await createTestTable();
  bus = await startTestBus();
  fake = await startFakeGraphApi({ accessToken: TOKEN });
  const doc = table.doc;
  tickets = new DynamoDbTicketStore(doc, table.tableName);
  webchatStore = new DynamoDbWebchatStore(doc, table.tableName);
  const eventBridge = new EventBridgePublisher(bus.client, EVENT_BUS_NAME, {
    attempts: 2,
    baseDelayMillis: 1,
    sleep: async () => undefined,
  });
  const publisher: EventPublisher = {
    publish: (events) => {
      if (!failNextPublish) return eventBridge.publish(events);
      failNextPublish = false;
      return Promise.resolve({ failedIndexes: events.map((_, i) => i) });
    },
  };
  const accessToken = async () => {
    if (tokenUnreadable) throw new Error('Secrets Manager is unavailable');
    return TOKEN;
  };
  const graph = new GraphApiClient({
    whatsapp: { baseUrl: fake.url, accessToken },
    instagram: { baseUrl: fake.url, accessToken: async () => TOKEN },
    version: 'v23.0',
    sleep: async () => undefined,
    random: () => 0,
  });
  const platform: MessagingPlatform = {
    send: async (request) => {
      const result = await graph.send(request);
      if (result.ok) await afterPlatformAccepted?.(result.platformMessageId);
      return result;
    },
  };
  const common = {
    tickets,
    outbound: new DynamoDbOutboundStore(doc, table.tableName),
    dedupe: new DynamoDbDedupeStore(doc, table.tableName),
    publisher,
    metrics: {
      count: (name: string, value: number) => {
        metrics[name] = (metrics[name] ?? 0) + value;
      },
    },
    now: () => now,
  };
  deps = {
    ...common,
    platform,
    webchat: new WebchatTranscriptOutbox(webchatStore),
    newAttemptId: () => randomUUID(),
  };
  intakeDeps = {
    ...common,
    guests: new DynamoDbGuestDirectory(doc, table.tableName),
    hotelOf: (tenantId) => HOTELS.find((h) => h.tenantId === tenantId),
    newGuestId: () => `g_${randomUUID()}`,
  };
});

afterAll(async () => {
  await fake.close();
  await bus.close();
  table.client.destroy();
});

beforeEach(() => {
  now = START;
  metrics = {};
  failNextPublish = false;
  afterPlatformAccepted = undefined;
  tokenUnreadable = false;
  fake.requests.length = 0;
  fake.calls.length = 0;
});

const sender = () => createSenderHandler(() => deps);
const intake = () => createTicketIntakeHandler(() => intakeDeps);

/** A web-chat session that outlives the test's replies, unless told when it ends. */
const LIVE_SESSION_EXPIRY = new Date(START.getTime() + 86_400_000);

async function openTicket(
  channel: Ticket['channel'],
  sessionExpiresAt = LIVE_SESSION_EXPIRY,
): Promise<Ticket> {
  const at = START.toISOString();
  const webchatSessionId = `ws_${randomUUID()}`;
  if (channel === 'webchat') {
    await webchatStore.createSession({
      tenantId: TENANT,
      sessionId: webchatSessionId,
      siteKey: 'wk_aurora_belek_demo',
      visitor: {},
      createdAt: at,
      expiresAt: sessionExpiresAt.getTime(),
    });
  }
  const result = await tickets.openTicket(
    {
      tenantId: TENANT,
      conversationKey: `conv-${randomUUID()}`,
      guestId: `g_${randomUUID()}`,
      channel,
      status: 'open',
      openedAt: at,
      updatedAt: at,
      lastInboundAt: at,
      messageCount: 1,
      firstMessageId: `in-${randomUUID()}`,
      topics: [],
      reputationRisk: false,
      tags: [],
      escalationLevel: 0,
      reopenCount: 0,
      pauses: [],
      language: 'tr',
      ...(channel === 'whatsapp' && { recipientId: WA_ID }),
      ...(channel === 'instagram' && { recipientId: IGSID }),
      ...(channel === 'webchat' && { webchatSessionId }),
    },
    'AUB',
    undefined,
  );
  if (!result.opened) throw new Error('the test ticket was not opened');
  return result.ticket;
}

interface Queued {
  ticket: Ticket;
  message: TicketMessage;
  record: SQSRecord;
}

/** An agent's reply as the agent API queues it: the message on the ticket and its request on the queue. */
async function queueReply(
  channel: Ticket['channel'],
  body: OutboundBody = { text: 'Merhaba, yardımcı olalım.' },
  sessionExpiresAt = LIVE_SESSION_EXPIRY,
) {
  if (!HOTEL) throw new Error('no test hotel');
  const ticket = await openTicket(channel, sessionExpiresAt);
  const composed = composeOutbound({
    ticket,
    hotel: HOTEL,
    catalogue: loadTemplates(),
    body,
    messageId: `msg-${randomUUID()}`,
    now: new Date(START.getTime() + 60_000),
    sender: { kind: 'agent', agentId: 'agent-ayse' },
    purpose: 'reply',
  });
  await tickets.appendMessage(TENANT, ticket.ticketId, composed.message);
  const record = sqsRecord({
    version: '0',
    id: randomUUID(),
    'detail-type': composed.request.event.detailType,
    source: EventSource.tickets,
    account: '000000000000',
    time: composed.message.at,
    region: 'eu-central-1',
    resources: [],
    detail: composed.request.event.detail,
  });
  return { ticket, message: composed.message, record } satisfies Queued;
}

function sqsRecord(body: unknown): SQSRecord {
  const messageId = randomUUID();
  return {
    messageId,
    receiptHandle: messageId,
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(START.getTime()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(START.getTime()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:outbound',
    awsRegion: 'eu-central-1',
  };
}

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** The same record as SQS hands it out on its `count`th receive. */
const onReceive = (record: SQSRecord, count: number): SQSRecord => ({
  ...record,
  attributes: { ...record.attributes, ApproximateReceiveCount: String(count) },
});

async function transcriptOf({ ticket }: Pick<Queued, 'ticket'>) {
  const page = await webchatStore.listMessages(TENANT, ticket.webchatSessionId ?? '', undefined, 10);
  return page.messages;
}

/** A WhatsApp status as the ingest path publishes it, as an SQS record of the intake queue. */
function statusRecord(
  platformMessageId: string,
  status: MessageStatusChanged['status'],
  at: Date,
  errors?: MessageStatusChanged['errors'],
): SQSRecord {
  const detail: MessageStatusChanged = {
    version: 1,
    eventId: randomUUID(),
    tenantId: TENANT,
    channel: 'whatsapp',
    conversationKey: 'conv-status',
    guest: { platformId: WA_ID },
    platformTimestamp: at.toISOString(),
    receivedAt: at.toISOString(),
    rawArchiveKey: 'whatsapp/2026-07-01/status.json',
    platform: { kind: 'whatsapp', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' },
    messageId: platformMessageId,
    status,
    ...(errors && { errors }),
  };
  return sqsRecord({
    version: '0',
    id: randomUUID(),
    'detail-type': DetailType.messageStatusChanged,
    source: EventSource.ingest,
    detail,
  });
}

const minutesAfterStart = (n: number) => new Date(START.getTime() + n * 60_000);

/** The delivery of a ticket's message, or of a survey's (`ticket` then names its thread). */
async function deliveryOf({
  ticket,
  message,
}: {
  ticket: Pick<Ticket, 'ticketId'>;
  message: Pick<TicketMessage, 'at' | 'messageId'>;
}) {
  const { Item } = await table.doc.send(
    new GetCommand({
      TableName: table.tableName,
      Key: Keys.ticketMessage(TENANT, ticket.ticketId, message.at, message.messageId),
      ConsistentRead: true,
    }),
  );
  return Item?.delivery as TicketMessage['delivery'];
}

const failedEventsFor = (messageId: string) =>
  bus.bus
    .events()
    .filter((e) => e['detail-type'] === DetailType.outboundMessageFailed && e.detail.messageId === messageId);

const metric = (name: MetricName) => metrics[name] ?? 0;

const RE_ENGAGEMENT =
  'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';

describe('the sender', () => {
  it('sends a queued WhatsApp message once and records it sent with its wamid', async () => {
    const queued = await queueReply('whatsapp');

    const response = await sender()(batch(queued.record));

    expect(response.batchItemFailures).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.body).toMatchObject({ to: WA_ID, text: { body: 'Merhaba, yardımcı olalım.' } });
    expect(await deliveryOf(queued)).toEqual({
      status: 'sent',
      updatedAt: START.toISOString(),
      platformMessageId: request?.platformMessageId,
    });
    expect(metric('OutboundSent')).toBe(1);
  });

  it('sends a queued Instagram message to the guest from the hotel account', async () => {
    const queued = await queueReply('instagram');

    await sender()(batch(queued.record));

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      channel: 'instagram',
      senderId: HOTEL?.channels.instagram?.accountId,
      body: { recipient: { id: IGSID }, messaging_type: 'RESPONSE' },
    });
    expect((await deliveryOf(queued))?.platformMessageId).toMatch(/^mid\.FAKE/);
  });

  it('sends once when the same SQS record is delivered twice', async () => {
    const queued = await queueReply('whatsapp');

    const first = await sender()(batch(queued.record));
    const second = await sender()(batch(queued.record));

    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('sends once when two deliveries of the same request run at the same time', async () => {
    const queued = await queueReply('whatsapp');

    const responses = await Promise.all([
      sender()(batch(queued.record)),
      sender()(batch({ ...queued.record, messageId: randomUUID() })),
    ]);
    // Whichever lost the claim while the other was still sending is retried by the queue.
    const retried = responses.flatMap((r) => r.batchItemFailures);
    const redelivered = await sender()(batch(queued.record));

    expect(fake.requests).toHaveLength(1);
    expect(retried.length).toBeLessThanOrEqual(1);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    expect((await deliveryOf(queued))?.status).toBe('sent');
  });

  it('marks a refused message failed and publishes one Outbound Message Failed', async () => {
    const queued = await queueReply('whatsapp');
    fake.failNext({ status: 400, code: 131047, title: RE_ENGAGEMENT });

    const response = await sender()(batch(queued.record));
    const again = await sender()(batch(queued.record));

    expect(response.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(await deliveryOf(queued)).toEqual({
      status: 'failed',
      updatedAt: START.toISOString(),
      error: { code: '131047', title: RE_ENGAGEMENT },
    });
    const events = failedEventsFor(queued.message.messageId);
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({
      ticketId: queued.ticket.ticketId,
      number: queued.ticket.number,
      code: '131047',
      title: RE_ENGAGEMENT,
      failedAt: START.toISOString(),
    });
    expect(fake.calls).toHaveLength(1);
    expect(metric('OutboundFailed')).toBe(1);
  });

  it('reports a refusal on the retry when the first report could not be published', async () => {
    const queued = await queueReply('whatsapp');
    fake.failNext({ status: 400, code: 131026, title: 'Message undeliverable' });
    failNextPublish = true;

    const first = await sender()(batch(queued.record));
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(0);
    const retry = await sender()(batch(queued.record));
    const lateDuplicate = await sender()(batch(queued.record));

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: queued.record.messageId }]);
    expect(retry.batchItemFailures).toEqual([]);
    expect(lateDuplicate.batchItemFailures).toEqual([]);
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(1);
    expect(fake.calls).toHaveLength(1);
  });

  it('gives a throttled message back to the queue and sends it on the retry', async () => {
    const queued = await queueReply('whatsapp');
    fake.failNext({ status: 503 }, 4);

    const response = await sender()(batch(queued.record));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: queued.record.messageId }]);
    expect((await deliveryOf(queued))?.status).toBe('queued');
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(0);
    expect(metric('OutboundRetryLater')).toBe(1);

    const retry = await sender()(batch(queued.record));

    expect(retry.batchItemFailures).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    expect((await deliveryOf(queued))?.status).toBe('sent');
  });

  it('fails a message the platform still throttles on the last receive, reports it once, and dead-letters the record', async () => {
    // Prepare
    const queued = await queueReply('whatsapp');
    const lastReceive = onReceive(queued.record, OUTBOUND_MAX_RECEIVES);
    fake.failNext({ status: 429, code: 130429, title: 'Rate limit hit' }, 4);

    // Act
    const response = await sender()(batch(lastReceive));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: lastReceive.messageId }]);
    expect(await deliveryOf(queued)).toEqual({
      status: 'failed',
      updatedAt: START.toISOString(),
      error: {
        code: 'retries-exhausted',
        title: expect.stringContaining('the platform kept throttling or was unavailable (last error 130429)'),
      },
    });
    const events = failedEventsFor(queued.message.messageId);
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({ ticketId: queued.ticket.ticketId, code: 'retries-exhausted' });
    expect(metric('OutboundFailed')).toBe(1);
    expect(metric('OutboundRetryLater')).toBe(0);
  });

  it('sends nothing when a message failed on the last receive is redriven from the dead-letter queue', async () => {
    // Prepare
    const queued = await queueReply('whatsapp');
    fake.failNext({ status: 503 }, 4);
    await sender()(batch(onReceive(queued.record, OUTBOUND_MAX_RECEIVES)));
    const callsBefore = fake.calls.length;

    // Act
    const redriven = await sender()(batch(onReceive(queued.record, 1)));

    // Assess
    expect(redriven.batchItemFailures).toEqual([]);
    expect(fake.calls).toHaveLength(callsBefore);
    expect(fake.requests).toHaveLength(0);
    expect((await deliveryOf(queued))?.error?.code).toBe('retries-exhausted');
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(1);
  });

  it('fails a message whose send keeps throwing on the last receive', async () => {
    // Prepare
    const queued = await queueReply('whatsapp');
    tokenUnreadable = true;
    const lastReceive = onReceive(queued.record, OUTBOUND_MAX_RECEIVES);

    // Act
    const response = await sender()(batch(lastReceive));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: lastReceive.messageId }]);
    expect((await deliveryOf(queued))?.error).toEqual({
      code: 'retries-exhausted',
      title: expect.stringContaining('sending failed with Error'),
    });
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(1);
    expect(fake.calls).toHaveLength(0);
  });

  it('gives a message whose send throws back to the queue before the last receive', async () => {
    // Prepare
    const queued = await queueReply('whatsapp');
    tokenUnreadable = true;
    const beforeLast = onReceive(queued.record, OUTBOUND_MAX_RECEIVES - 1);

    // Act
    const response = await sender()(batch(beforeLast));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: beforeLast.messageId }]);
    expect((await deliveryOf(queued))?.status).toBe('queued');
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(0);
  });

  it('fails only the records that failed in a batch', async () => {
    const good = await queueReply('whatsapp');
    const unknown = await queueReply('whatsapp');
    const missing = {
      ...unknown.record,
      messageId: randomUUID(),
      body: unknown.record.body.replace(unknown.message.messageId, 'msg-never-written'),
    };

    const response = await sender()(batch(good.record, missing));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: missing.messageId }]);
    expect((await deliveryOf(good))?.status).toBe('sent');
  });

  it('leaves a message claimed by a live attempt alone, and takes over one whose lease ran out', async () => {
    const queued = await queueReply('whatsapp');
    const store = deps.outbound;
    const ref = {
      tenantId: TENANT,
      ticketId: queued.ticket.ticketId,
      messageId: queued.message.messageId,
      messageAt: queued.message.at,
    };
    expect(await store.claim(ref, 'crashed-attempt', START)).toEqual({ claimed: true });

    now = minutesAfterStart(1);
    const whileHeld = await sender()(batch(queued.record));
    expect(whileHeld.batchItemFailures).toEqual([{ itemIdentifier: queued.record.messageId }]);
    expect(fake.requests).toHaveLength(0);

    now = minutesAfterStart(3);
    const afterLease = await sender()(batch(queued.record));
    expect(afterLease.batchItemFailures).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    expect((await deliveryOf(queued))?.status).toBe('sent');
  });

  it('posts a web-chat reply into the visitor transcript and marks it delivered', async () => {
    const queued = await queueReply('webchat');

    const response = await sender()(batch(queued.record));
    await sender()(batch(queued.record));

    expect(response.batchItemFailures).toEqual([]);
    const transcript = await webchatStore.listMessages(
      TENANT,
      queued.ticket.webchatSessionId ?? '',
      undefined,
      10,
    );
    expect(transcript.messages).toEqual([
      {
        id: queued.message.messageId,
        direction: 'hotel',
        text: 'Merhaba, yardımcı olalım.',
        sentAt: queued.message.at,
      },
    ]);
    expect((await deliveryOf(queued))?.status).toBe('delivered');
    expect(fake.calls).toHaveLength(0);
  });

  it('keeps a posted web-chat reply only as long as its session', async () => {
    // Prepare
    const queued = await queueReply('webchat');

    // Act
    await sender()(batch(queued.record));

    // Assess
    const { Item } = await table.doc.send(
      new GetCommand({
        TableName: table.tableName,
        Key: Keys.webchatMessage(
          TENANT,
          queued.ticket.webchatSessionId ?? '',
          `${queued.message.at}#${queued.message.messageId}`,
        ),
      }),
    );
    expect(Item?.expiresAt).toBe(LIVE_SESSION_EXPIRY.getTime() / 1000);
  });

  it('fails a web-chat reply whose session has expired and reports it once, however often it is delivered', async () => {
    // Prepare: the session ended before the reply was written, and is not deleted yet.
    const queued = await queueReply('webchat', undefined, START);

    // Act
    const response = await sender()(batch(queued.record));
    const again = await sender()(batch(queued.record));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(await deliveryOf(queued)).toEqual({
      status: 'failed',
      updatedAt: START.toISOString(),
      error: { code: 'webchat-session-gone', title: expect.stringContaining('web-chat session had ended') },
    });
    expect(await transcriptOf(queued)).toEqual([]);
    const events = failedEventsFor(queued.message.messageId);
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({
      ticketId: queued.ticket.ticketId,
      code: 'webchat-session-gone',
    });
    expect(metric('OutboundFailed')).toBe(1);
  });

  it('fails a web-chat reply whose session is no longer stored', async () => {
    // Prepare
    const queued = await queueReply('webchat');
    await table.doc.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: Keys.webchatSession(TENANT, queued.ticket.webchatSessionId ?? ''),
      }),
    );

    // Act
    const response = await sender()(batch(queued.record));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await deliveryOf(queued))?.error?.code).toBe('webchat-session-gone');
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(1);
  });

  it('refuses a record that is not an Outbound Message Requested event', async () => {
    const record = sqsRecord({ 'detail-type': 'Ticket Opened', source: EventSource.tickets, detail: {} });

    const response = await sender()(batch(record));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
  });
});

describe('delivery statuses', () => {
  async function sent() {
    const queued = await queueReply('whatsapp');
    await sender()(batch(queued.record));
    const wamid = (await deliveryOf(queued))?.platformMessageId;
    if (!wamid) throw new Error('the message was not sent');
    return { ...queued, wamid };
  }

  it('moves a message forward and never back: delivered, read, then a late sent leaves it read', async () => {
    const message = await sent();

    for (const [status, minute] of [
      ['delivered', 2],
      ['read', 3],
      ['sent', 1],
    ] as const) {
      const response = await intake()(batch(statusRecord(message.wamid, status, minutesAfterStart(minute))));
      expect(response.batchItemFailures).toEqual([]);
    }

    expect(await deliveryOf(message)).toEqual({
      status: 'read',
      updatedAt: minutesAfterStart(3).toISOString(),
      platformMessageId: message.wamid,
    });
  });

  it('keeps a delivered message delivered when a failed status arrives late', async () => {
    const message = await sent();

    await intake()(batch(statusRecord(message.wamid, 'delivered', minutesAfterStart(2))));
    await intake()(batch(statusRecord(message.wamid, 'failed', minutesAfterStart(1), [{ code: 131026 }])));

    expect((await deliveryOf(message))?.status).toBe('delivered');
    expect(failedEventsFor(message.message.messageId)).toHaveLength(0);
  });

  it('applies a status that arrives before the sender recorded the send', async () => {
    const queued = await queueReply('whatsapp');
    afterPlatformAccepted = async (wamid) => {
      const response = await intake()(batch(statusRecord(wamid, 'delivered', minutesAfterStart(1))));
      expect(response.batchItemFailures).toEqual([]);
    };

    await sender()(batch(queued.record));

    const delivery = await deliveryOf(queued);
    expect(delivery).toMatchObject({
      status: 'delivered',
      platformMessageId: fake.requests[0]?.platformMessageId,
    });
  });

  it('fails a message whose failed status arrived before the sender recorded the send, and reports it once', async () => {
    const queued = await queueReply('whatsapp');
    afterPlatformAccepted = async (wamid) => {
      await intake()(
        batch(
          statusRecord(wamid, 'failed', minutesAfterStart(1), [{ code: 131047, details: RE_ENGAGEMENT }]),
        ),
      );
    };

    const response = await sender()(batch(queued.record));

    expect(response.batchItemFailures).toEqual([]);
    expect(await deliveryOf(queued)).toMatchObject({
      status: 'failed',
      error: { code: '131047', title: RE_ENGAGEMENT },
    });
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(1);
  });

  it('accepts statuses for messages it never sent without failing or retrying', async () => {
    const wamid = `wamid.FROM-THE-BUSINESS-APP-${randomUUID()}`;

    const first = await intake()(batch(statusRecord(wamid, 'sent', minutesAfterStart(1))));
    const second = await intake()(batch(statusRecord(wamid, 'read', minutesAfterStart(2))));

    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    const { Item } = await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: Keys.outboundMessage(TENANT, wamid) }),
    );
    expect(Item).toMatchObject({ status: 'read', expiresAt: expect.any(Number) });
    expect(Item?.ticketId).toBeUndefined();
  });

  it('fails a sent message on an asynchronous 131047 and reports it once, however often it is delivered', async () => {
    const message = await sent();
    const failed = statusRecord(message.wamid, 'failed', minutesAfterStart(2), [
      { code: 131047, title: 'Re-engagement message', details: RE_ENGAGEMENT },
    ]);

    await intake()(batch(failed));
    await intake()(batch(failed));

    expect(await deliveryOf(message)).toEqual({
      status: 'failed',
      updatedAt: minutesAfterStart(2).toISOString(),
      platformMessageId: message.wamid,
      error: { code: '131047', title: RE_ENGAGEMENT },
    });
    const events = failedEventsFor(message.message.messageId);
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({ code: '131047', ticketId: message.ticket.ticketId });
  });
});

describe('survey e-mails and SMS', () => {
  const SURVEY_AT = minutesAfterStart(1).toISOString();
  const ADDRESS = 'guest.survey@example.com';
  const PHONE = '+905321112233';
  let outboxDir: string;
  let outbox: OutboxFolderSender;
  let surveyThread: DynamoDbSurveyThread;

  beforeAll(() => {
    outboxDir = mkdtempSync(join(tmpdir(), 'hotel-inbox-outbox-'));
    outbox = new OutboxFolderSender(outboxDir, 'surveys@aurora-belek.example', () => now);
    surveyThread = new DynamoDbSurveyThread(table.doc, table.tableName);
  });
  beforeEach(() => {
    deps.email = outbox;
    deps.sms = outbox;
  });

  /** A survey's question on its thread, and its request on the queue, as the NPS workflow leaves them. */
  async function queueSurvey(route: SurveyRoute) {
    if (!HOTEL) throw new Error('no test hotel');
    const surveyId = `nps_${randomUUID().replaceAll('-', '')}`;
    const survey: Survey = {
      tenantId: TENANT,
      surveyId,
      kind: 'nps',
      reservationId: `R-${surveyId}`,
      guestId: `g_${randomUUID()}`,
      language: 'en',
      status: 'sent',
      scheduledFor: SURVEY_AT,
      segment: { channel: route.channel },
      createdAt: SURVEY_AT,
      updatedAt: SURVEY_AT,
    };
    const composed = composeSurveyMessage({
      survey,
      hotelName: HOTEL.name,
      catalogue: loadTemplates(),
      purpose: 'nps',
      fields: { guestName: 'Ayşe Yılmaz', hotelName: HOTEL.name },
      route,
      at: SURVEY_AT,
    });
    await surveyThread.append(TENANT, surveyThreadId(surveyId), composed.message);
    const record = sqsRecord({
      version: '0',
      id: randomUUID(),
      'detail-type': composed.request.event.detailType,
      source: EventSource.tickets,
      detail: composed.request.event.detail,
    });
    return { surveyId, ticket: { ticketId: surveyThreadId(surveyId) }, message: composed.message, record };
  }

  const byEmail = (): SurveyRoute => ({
    channel: 'email',
    mode: 'email',
    recipient: { kind: 'email', address: ADDRESS },
  });
  const bySms = (): SurveyRoute => ({
    channel: 'sms',
    mode: 'sms',
    recipient: { kind: 'sms', phoneNumber: PHONE },
  });

  const outboxFiles = (kind: 'email' | 'sms') => readdirSync(join(outboxDir, kind)).sort();
  const outboxFile = (kind: 'email' | 'sms', surveyId: string) =>
    JSON.parse(readFileSync(join(outboxDir, kind, `${TENANT}--nps-${surveyId}.json`), 'utf8'));

  it('reports a WhatsApp survey message that Meta later fails about the survey, once', async () => {
    const queued = await queueSurvey({
      channel: 'whatsapp',
      mode: 'whatsapp-template',
      recipient: { kind: 'whatsapp', waId: '905321112233', phoneNumberId: '106540352242922' },
    });
    await sender()(batch(queued.record));
    const wamid = fake.requests.at(-1)?.platformMessageId;
    if (!wamid) throw new Error('the survey did not reach the fake Graph API');
    const failed = statusRecord(wamid, 'failed', minutesAfterStart(3), [
      { code: 131026, title: 'Message undeliverable', details: 'Message undeliverable' },
    ]);

    const first = await intake()(batch(failed));
    const second = await intake()(batch(failed));

    expect([first.batchItemFailures, second.batchItemFailures]).toEqual([[], []]);
    expect(await deliveryOf(queued)).toMatchObject({ status: 'failed', error: { code: '131026' } });
    const events = failedEventsFor(queued.message.messageId);
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({
      surveyId: queued.surveyId,
      code: '131026',
      channel: 'whatsapp',
    });
  });

  it('writes a survey e-mail to the local outbox once and records it sent', async () => {
    // Prepare
    const queued = await queueSurvey(byEmail());

    // Act
    const first = await sender()(batch(queued.record));
    const second = await sender()(batch(queued.record));

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(outboxFile('email', queued.surveyId)).toEqual({
      tenantId: TENANT,
      messageId: `nps-${queued.surveyId}`,
      sentAt: START.toISOString(),
      from: 'surveys@aurora-belek.example',
      to: ADDRESS,
      subject: 'Aurora Belek Resort & Spa: one question about your stay',
      text: expect.stringMatching(/^Hello Ayşe Yılmaz, thank you for choosing Aurora Belek Resort & Spa\./),
    });
    expect(outboxFiles('email').filter((f) => f.includes(queued.surveyId))).toHaveLength(1);
    expect(await deliveryOf(queued)).toEqual({
      status: 'sent',
      updatedAt: START.toISOString(),
      platformMessageId: `outbox-email-${TENANT}--nps-${queued.surveyId}`,
    });
    expect(metric('OutboundSent')).toBe(1);
    expect(fake.calls).toHaveLength(0);
  });

  it('writes a survey SMS to the local outbox and records it sent', async () => {
    // Prepare
    const queued = await queueSurvey(bySms());

    // Act
    const response = await sender()(batch(queued.record));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(outboxFile('sms', queued.surveyId)).toMatchObject({
      to: PHONE,
      text: expect.stringMatching(/^Hello Ayşe Yılmaz/),
    });
    expect((await deliveryOf(queued))?.status).toBe('sent');
  });

  describe('through SES and SNS', () => {
    const ses = mockClient(SESv2Client);
    const sns = mockClient(SNSClient);
    beforeEach(() => {
      ses.reset();
      sns.reset();
      deps.email = new SesEmailSender(new SESv2Client({}), 'Aurora Belek <surveys@aurora-belek.example>');
      deps.sms = new SnsSmsSender(new SNSClient({}), 'AuroraBelek');
    });
    afterAll(() => {
      ses.restore();
      sns.restore();
    });

    const sesError = <E extends Error>(Type: new (o: { message: string; $metadata: object }) => E) =>
      new Type({ message: `Refused for ${ADDRESS}`, $metadata: {} });

    it('sends a survey e-mail as plain text from the survey sender and records the SES message id', async () => {
      // Prepare
      const queued = await queueSurvey(byEmail());
      ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });

      // Act
      const response = await sender()(batch(queued.record));

      // Assess
      expect(response.batchItemFailures).toEqual([]);
      const [call] = ses.commandCalls(SendEmailCommand);
      expect(call?.args[0].input).toMatchObject({
        FromEmailAddress: 'Aurora Belek <surveys@aurora-belek.example>',
        Destination: { ToAddresses: [ADDRESS] },
        Content: {
          Simple: {
            Subject: { Data: 'Aurora Belek Resort & Spa: one question about your stay', Charset: 'UTF-8' },
            Body: { Text: { Data: expect.stringMatching(/^Hello Ayşe Yılmaz/), Charset: 'UTF-8' } },
          },
        },
      });
      expect(await deliveryOf(queued)).toMatchObject({ status: 'sent', platformMessageId: 'ses-0001' });
    });

    it('gives an e-mail SES throttles back to the queue and sends it on the retry', async () => {
      // Prepare
      const queued = await queueSurvey(byEmail());
      ses
        .on(SendEmailCommand)
        .rejectsOnce(sesError(TooManyRequestsException))
        .resolves({ MessageId: 'ses-0002' });

      // Act
      const first = await sender()(batch(queued.record));
      const queuedAfterThrottle = (await deliveryOf(queued))?.status;
      const retry = await sender()(batch(queued.record));

      // Assess
      expect(first.batchItemFailures).toEqual([{ itemIdentifier: queued.record.messageId }]);
      expect(queuedAfterThrottle).toBe('queued');
      expect(metric('OutboundRetryLater')).toBe(1);
      expect(retry.batchItemFailures).toEqual([]);
      expect(await deliveryOf(queued)).toMatchObject({ status: 'sent', platformMessageId: 'ses-0002' });
      expect(failedEventsFor(queued.message.messageId)).toHaveLength(0);
    });

    it('fails an e-mail SES rejects for good and reports it once on its survey, without the address', async () => {
      // Prepare
      const queued = await queueSurvey(byEmail());
      ses.on(SendEmailCommand).rejects(sesError(MessageRejected));

      // Act
      const first = await sender()(batch(queued.record));
      const again = await sender()(batch(queued.record));

      // Assess
      expect(first.batchItemFailures).toEqual([]);
      expect(again.batchItemFailures).toEqual([]);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
      const delivery = await deliveryOf(queued);
      expect(delivery).toMatchObject({ status: 'failed', error: { code: 'MessageRejected' } });
      expect(JSON.stringify(delivery)).not.toContain(ADDRESS);
      const events = failedEventsFor(queued.message.messageId);
      expect(events).toHaveLength(1);
      expect(events[0]?.detail).toMatchObject({
        ticketId: surveyThreadId(queued.surveyId),
        surveyId: queued.surveyId,
        channel: 'email',
        code: 'MessageRejected',
      });
      expect(metric('OutboundFailed')).toBe(1);
    });

    it('publishes an SMS to the phone number under the sender id, as a transactional message', async () => {
      // Prepare
      const queued = await queueSurvey(bySms());
      sns.on(PublishCommand).resolves({ MessageId: 'sns-0001' });

      // Act
      const response = await sender()(batch(queued.record));

      // Assess
      expect(response.batchItemFailures).toEqual([]);
      expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
        PhoneNumber: PHONE,
        Message: expect.stringMatching(/^Hello Ayşe Yılmaz/),
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'AuroraBelek' },
        },
      });
      expect(await deliveryOf(queued)).toMatchObject({ status: 'sent', platformMessageId: 'sns-0001' });
    });

    it('gives an SMS SNS throttles back to the queue, and fails one to an invalid number for good', async () => {
      // Prepare
      const throttled = await queueSurvey(bySms());
      const invalid = await queueSurvey(bySms());
      sns
        .on(PublishCommand)
        .rejectsOnce(new ThrottledException({ message: 'Slow down', $metadata: {} }))
        .rejectsOnce(new InvalidParameterException({ message: `Invalid number ${PHONE}`, $metadata: {} }));

      // Act
      const first = await sender()(batch(throttled.record));
      const second = await sender()(batch(invalid.record));

      // Assess
      expect(first.batchItemFailures).toEqual([{ itemIdentifier: throttled.record.messageId }]);
      expect((await deliveryOf(throttled))?.status).toBe('queued');
      expect(second.batchItemFailures).toEqual([]);
      const delivery = await deliveryOf(invalid);
      expect(delivery).toMatchObject({ status: 'failed', error: { code: 'InvalidParameterException' } });
      expect(JSON.stringify(delivery)).not.toContain(PHONE);
      expect(failedEventsFor(invalid.message.messageId)).toHaveLength(1);
    });
  });

  it('fails a survey e-mail when no e-mail sender is configured', async () => {
    // Prepare
    const queued = await queueSurvey(byEmail());
    deps.email = undefined;

    // Act
    const response = await sender()(batch(queued.record));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await deliveryOf(queued)).toMatchObject({
      status: 'failed',
      error: { code: 'no-email-provider' },
    });
    expect(failedEventsFor(queued.message.messageId)).toHaveLength(1);
  });
});
