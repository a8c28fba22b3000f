import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { DynamoDbRetentionStore } from '../../functions/adapters/dynamodb-retention-store';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import { DynamoDbSurveyThread } from '../../functions/adapters/dynamodb-survey-thread';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { Keys } from '../../functions/contracts/table';
import { type Hotel, HotelSchema } from '../../functions/domain/hotels';
import { messageRows, ticketRow } from '../../functions/domain/kpi/lake-rows';
import { purgeExpiredWords } from '../../functions/domain/privacy/retention-purge';
import { createRetentionPurgeHandler } from '../../functions/retention-purge/handler';
import { surveyThreadId } from '../../schemas/events';
import type { Survey } from '../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../schemas/ticket';
import { createTestTable, type TestTable } from '../support/dynamodb';

const DAY = 86_400_000;
const RESOLVED_AT = new Date('2026-03-01T10:00:00Z');
const daysAfterResolution = (days: number) => new Date(RESOLVED_AT.getTime() + days * DAY);

const hotel = (tenantId: string, hotelCode: string, retention?: Hotel['retention']): Hotel =>
  HotelSchema.parse({ tenantId, hotelCode, name: tenantId, channels: {}, ...(retention && { retention }) });
const SHORT = hotel('short-keep', 'SHK', { messageTextDays: 30 });
const DEFAULT = hotel('default-keep', 'DFK');

let table: TestTable;
let tickets: DynamoDbTicketStore;
let surveys: DynamoDbSurveyStore;
let threads: DynamoDbSurveyThread;
let audit: DynamoDbAuditLog;
let now = RESOLVED_AT;

const purge = () =>
  createRetentionPurgeHandler(
    () => [SHORT, DEFAULT],
    () => ({
      store: new DynamoDbRetentionStore(table.doc, table.tableName),
      audit,
      now: () => now,
      newId: randomUUID,
    }),
  )();

beforeAll(async () => {
  table = await createTestTable();
  tickets = new DynamoDbTicketStore(table.doc, table.tableName);
  surveys = new DynamoDbSurveyStore(table.doc, table.tableName);
  threads = new DynamoDbSurveyThread(table.doc, table.tableName);
  audit = new DynamoDbAuditLog(table.doc, table.tableName, () => 730);
});
afterAll(() => table.client.destroy());

let conversations = 0;

/** A ticket with a guest's text, a sealed text and an agent's delivered reply, resolved at RESOLVED_AT. */
async function resolvedTicket(tenant: Hotel, resolvedAt = RESOLVED_AT): Promise<Ticket> {
  const openedAt = new Date(resolvedAt.getTime() - 3_600_000).toISOString();
  const n = ++conversations;
  const result = await tickets.openTicket(
    {
      tenantId: tenant.tenantId,
      conversationKey: `cv_${n}`,
      guestId: `g_${n}`,
      channel: 'whatsapp',
      status: 'open',
      openedAt,
      updatedAt: openedAt,
      lastInboundAt: openedAt,
      messageCount: 2,
      firstMessageId: `wamid.in.${n}`,
      basket: 'complaint',
      topics: ['room'],
      tags: ['ac'],
      reputationRisk: false,
      escalationLevel: 0,
      reopenCount: 0,
      pauses: [],
      recipientId: '905321234567',
      complaint: { event: 'AC broken in 512', impact: 'no sleep', expectation: 'Ayşe wants a new room' },
      compensation: {
        kind: 'discount',
        description: 'Discount for Mr Yılmaz',
        amount: 50,
        approvedBy: 'mgr',
        approvedAt: openedAt,
      },
    },
    tenant.hotelCode,
    undefined,
  );
  if (!result.opened) throw new Error('not opened');
  const { ticketId } = result.ticket;
  const messages: TicketMessage[] = [
    {
      messageId: `wamid.in.${n}`,
      direction: 'inbound',
      author: 'guest',
      channel: 'whatsapp',
      type: 'text',
      text: 'The AC in room 512 is broken, call me on +90 532 123 45 67',
      at: openedAt,
    },
    {
      messageId: `wamid.sealed.${n}`,
      direction: 'inbound',
      author: 'guest',
      channel: 'whatsapp',
      type: 'text',
      at: new Date(Date.parse(openedAt) + 60_000).toISOString(),
      sensitive: { categories: ['health'] },
      sealedText: 'sealed-blob',
    },
    {
      messageId: `out-${n}`,
      direction: 'outbound',
      author: 'agent',
      channel: 'whatsapp',
      type: 'text',
      text: 'So sorry, a technician is on the way',
      at: new Date(Date.parse(openedAt) + 600_000).toISOString(),
      agentId: 'ayse',
      sentAs: 'free-text',
      delivery: { status: 'read', updatedAt: openedAt, platformMessageId: `wamid.out.${n}` },
    },
  ];
  for (const message of messages) await tickets.appendMessage(tenant.tenantId, ticketId, message);
  const at = resolvedAt.toISOString();
  await tickets.updateTicket(tenant.tenantId, ticketId, {
    status: 'resolved',
    resolvedAt: at,
    resolutionSeconds: 3600,
    updatedAt: at,
  });
  return (await tickets.getTicket(tenant.tenantId, ticketId)) as Ticket;
}

async function answeredSurvey(tenant: Hotel, end: 'answered' | 'expired' = 'answered'): Promise<Survey> {
  const n = ++conversations;
  const scheduledFor = new Date(RESOLVED_AT.getTime() - 2 * DAY).toISOString();
  const survey: Survey = {
    tenantId: tenant.tenantId,
    surveyId: `nps-${n}`,
    kind: 'nps',
    reservationId: `R${n}`,
    guestId: `g_${n}`,
    language: 'en',
    status: 'sent',
    scheduledFor,
    segment: { channel: 'whatsapp' },
    createdAt: scheduledFor,
    updatedAt: scheduledFor,
  };
  await surveys.createSurvey(survey);
  await threads.append(tenant.tenantId, surveyThreadId(survey.surveyId), {
    messageId: `wamid.answer.${n}`,
    direction: 'inbound',
    author: 'guest',
    channel: 'whatsapp',
    type: 'text',
    text: '9 - lovely stay, thanks to Mehmet at the bar',
    at: scheduledFor,
  });
  const at = RESOLVED_AT.toISOString();
  await surveys.updateSurvey(
    tenant.tenantId,
    survey.surveyId,
    end === 'answered'
      ? { status: 'answered', score: 9, category: 'promoter', answeredAt: at, updatedAt: at }
      : { status: 'expired', expiredAt: at, updatedAt: at },
    ['sent'],
  );
  return survey;
}

const wordsOf = (messages: readonly TicketMessage[]) =>
  messages.flatMap((m) => [m.text, m.sealedText, m.delivery?.platformMessageId].filter(Boolean));

describe('the retention purge on DynamoDB Local', () => {
  it("removes finished threads' words after the hotel's period, once, and keeps every KPI field", async () => {
    // Prepare
    const short = await resolvedTicket(SHORT);
    const kept = await resolvedTicket(DEFAULT);
    const survey = await answeredSurvey(SHORT);
    const before = await tickets.listMessages(SHORT.tenantId, short.ticketId);

    // Act
    now = daysAfterResolution(29);
    const early = await purge();
    now = daysAfterResolution(31);
    const due = await purge();
    const again = await purge();

    // Assess
    expect(early.map((o) => o.threads)).toEqual([0, 0]);
    expect(due.map((o) => [o.tenantId, o.threads, o.messages])).toEqual([
      [SHORT.tenantId, 2, 4],
      [DEFAULT.tenantId, 0, 0],
    ]);
    expect(again.map((o) => o.threads)).toEqual([0, 0]);

    const after = await tickets.listMessages(SHORT.tenantId, short.ticketId);
    expect(wordsOf(before)).toHaveLength(4);
    expect(wordsOf(after)).toEqual([]);
    expect(after.map((m) => m.messageId)).toEqual(before.map((m) => m.messageId));
    expect(after[1]?.sensitive).toEqual({ categories: ['health'] });
    const purged = (await tickets.getTicket(SHORT.tenantId, short.ticketId)) as Ticket;
    expect(purged).not.toHaveProperty('complaint');
    expect(purged).not.toHaveProperty('recipientId');
    expect(purged.compensation).toMatchObject({ kind: 'discount', amount: 50, description: '[erased]' });
    expect(purged.wordsRemovedAt).toBe(now.toISOString());
    // The lake rows of the ticket and its messages do not change.
    expect(ticketRow(purged, 'k', now)).toEqual(ticketRow(short, 'k', now));
    expect(messageRows(purged, after)).toEqual(messageRows(short, before));

    const surveyThread = await threads.list(SHORT.tenantId, surveyThreadId(survey.surveyId));
    expect(surveyThread.map((m) => m.text)).toEqual([undefined]);
    expect(await surveys.getSurvey(SHORT.tenantId, survey.surveyId)).toMatchObject({
      score: 9,
      status: 'answered',
    });

    expect(wordsOf(await tickets.listMessages(DEFAULT.tenantId, kept.ticketId))).toHaveLength(4);
    const entries = await audit.list(
      SHORT.tenantId,
      RESOLVED_AT.toISOString(),
      daysAfterResolution(40).toISOString(),
    );
    expect(entries.filter((e) => e.action === 'retention.purge')).toEqual([
      expect.objectContaining({
        actor: { userId: 'retention-purge', role: 'system' },
        details: expect.objectContaining({ dataClass: 'message-text', threads: 2, messages: 4 }),
      }),
    ]);
  });

  it('keeps the words of a ticket that was reopened, and purges them after its next resolution', async () => {
    // Prepare
    const tenant = hotel('reopen-keep', 'RPK', { messageTextDays: 30 });
    const ticket = await resolvedTicket(tenant);
    const reopenedAt = daysAfterResolution(3).toISOString();
    await tickets.updateTicket(tenant.tenantId, ticket.ticketId, {
      status: 'open',
      reopenedAt,
      updatedAt: reopenedAt,
    });
    const deps = {
      store: new DynamoDbRetentionStore(table.doc, table.tableName),
      audit,
      newId: randomUUID,
    };

    // Act
    const whileOpen = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(60) }, tenant);
    const resolvedAgain = daysAfterResolution(61).toISOString();
    await tickets.updateTicket(tenant.tenantId, ticket.ticketId, {
      status: 'resolved',
      resolvedAt: resolvedAgain,
      updatedAt: resolvedAgain,
    });
    const tooSoon = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(90) }, tenant);
    const due = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(92) }, tenant);

    // Assess
    expect([whileOpen.threads, tooSoon.threads, due.threads]).toEqual([0, 0, 1]);
    expect(wordsOf(await tickets.listMessages(tenant.tenantId, ticket.ticketId))).toEqual([]);
  });

  it("keeps words as long as a guest message may reopen the ticket (the hotel's window and a day)", async () => {
    // Prepare
    const tenant = hotel('window-keep', 'WDK', { messageTextDays: 1 });
    const withWindow = { ...tenant, reopenWindowDays: 14 };
    await resolvedTicket(withWindow);
    const deps = {
      store: new DynamoDbRetentionStore(table.doc, table.tableName),
      audit,
      newId: randomUUID,
    };

    // Act
    const atWindow = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(14) }, withWindow);
    const atMargin = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(15) }, withWindow);
    const past = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(16) }, withWindow);

    // Assess
    expect([atWindow.threads, atMargin.threads, past.threads]).toEqual([0, 0, 1]);
  });

  it('purges an expired survey, and new words on a purged ticket after their own period', async () => {
    // Prepare
    const tenant = hotel('later-words', 'LTW', { messageTextDays: 30 });
    const ticket = await resolvedTicket(tenant);
    const survey = await answeredSurvey(tenant, 'expired');
    const deps = {
      store: new DynamoDbRetentionStore(table.doc, table.tableName),
      audit,
      newId: randomUUID,
    };
    const first = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(31) }, tenant);
    const optOutAt = daysAfterResolution(40).toISOString();
    await tickets.appendMessage(tenant.tenantId, ticket.ticketId, {
      messageId: 'wamid.stop',
      direction: 'inbound',
      author: 'guest',
      channel: 'whatsapp',
      type: 'text',
      text: 'STOP',
      at: optOutAt,
    });
    await tickets.relistWords(tenant.tenantId, ticket.ticketId, optOutAt);
    await tickets.relistWords(tenant.tenantId, ticket.ticketId, daysAfterResolution(41).toISOString());

    // Act
    const tooSoon = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(69) }, tenant);
    const due = await purgeExpiredWords({ ...deps, now: () => daysAfterResolution(71) }, tenant);

    // Assess
    expect([first.threads, tooSoon.threads, due.threads]).toEqual([2, 0, 1]);
    expect(wordsOf(await tickets.listMessages(tenant.tenantId, ticket.ticketId))).toEqual([]);
    expect((await threads.list(tenant.tenantId, surveyThreadId(survey.surveyId))).map((m) => m.text)).toEqual(
      [undefined],
    );
  });

  it('lists neither an open ticket nor a listed one again when words are added', async () => {
    // Prepare
    const tenant = hotel('relist-keep', 'RLK', { messageTextDays: 30 });
    const listed = await resolvedTicket(tenant);
    const open = await resolvedTicket(tenant);
    const reopenedAt = daysAfterResolution(1).toISOString();
    await tickets.updateTicket(tenant.tenantId, open.ticketId, {
      status: 'open',
      reopenedAt,
      updatedAt: reopenedAt,
    });
    const store = new DynamoDbRetentionStore(table.doc, table.tableName);

    // Act
    for (const ticket of [listed, open])
      await tickets.relistWords(tenant.tenantId, ticket.ticketId, daysAfterResolution(2).toISOString());

    // Assess
    expect(await store.finishedThreads(tenant.tenantId, daysAfterResolution(90).toISOString(), 10)).toEqual([
      { threadId: listed.ticketId, finishedAt: RESOLVED_AT.toISOString() },
    ]);
  });

  it('never writes back a message an erasure rewrote meanwhile', async () => {
    // Prepare
    const tenant = hotel('erased-race', 'ERR', { messageTextDays: 30 });
    const ticket = await resolvedTicket(tenant);
    const store = new DynamoDbRetentionStore(table.doc, table.tableName);
    const [first] = await store.threadMessages(tenant.tenantId, ticket.ticketId);
    if (!first) throw new Error('no message');
    const gone = { ...first, messageId: 'wamid.erased-meanwhile' };

    // Act
    const written = await store.replaceMessages(tenant.tenantId, ticket.ticketId, [gone, first]);

    // Assess
    expect(written).toBe(1);
    const ids = (await store.threadMessages(tenant.tenantId, ticket.ticketId)).map((m) => m.messageId);
    expect(ids).not.toContain('wamid.erased-meanwhile');
  });

  it('goes on past a damaged thread and another hotel that fails, then reports the run failed', async () => {
    // Prepare
    const tenant = hotel('damaged-keep', 'DMK', { messageTextDays: 30 });
    const damaged = await resolvedTicket(tenant);
    const sound = await resolvedTicket(tenant, new Date(RESOLVED_AT.getTime() + 60_000));
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...Keys.ticketMessage(tenant.tenantId, damaged.ticketId, RESOLVED_AT.toISOString(), 'bad'),
          messageId: 'bad',
          direction: 'sideways',
        },
      }),
    );
    const failing = hotel('failing-keep', 'FLK');
    const store = new DynamoDbRetentionStore(table.doc, table.tableName);
    const broken = Object.assign(Object.create(store) as DynamoDbRetentionStore, {
      finishedThreads: async (tenantId: string, ...rest: [string, number]) => {
        if (tenantId === failing.tenantId) throw new Error('throttled');
        return store.finishedThreads(tenantId, ...rest);
      },
    });
    now = daysAfterResolution(40);
    const run = createRetentionPurgeHandler(
      () => [failing, tenant],
      () => ({ store: broken, audit, now: () => now, newId: randomUUID }),
    );

    // Act
    const result = run().catch((error: Error) => error);

    // Assess
    expect(await result).toBeInstanceOf(Error);
    expect(String(await result)).toMatch(/1 thread\(s\) failed; hotels failed: failing-keep/);
    expect(wordsOf(await tickets.listMessages(tenant.tenantId, sound.ticketId))).toEqual([]);
    expect(await store.finishedThreads(tenant.tenantId, now.toISOString(), 10)).toEqual([
      { threadId: damaged.ticketId, finishedAt: RESOLVED_AT.toISOString() },
    ]);
  });

  it('works through a backlog larger than one run in the runs after it', async () => {
    // Prepare
    const tenant = hotel('backlog-keep', 'BLK', { messageTextDays: 30 });
    for (let i = 0; i < 5; i++) await resolvedTicket(tenant, new Date(RESOLVED_AT.getTime() + i * 60_000));
    const deps = {
      store: new DynamoDbRetentionStore(table.doc, table.tableName),
      audit,
      newId: randomUUID,
      now: () => daysAfterResolution(40),
      maxThreads: 2,
    };

    // Act
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push((await purgeExpiredWords(deps, tenant)).threads);

    // Assess
    expect(runs).toEqual([2, 2, 1, 0]);
  });
});
