import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { DetailType } from '../../functions/contracts/bus';
import type { Hotel } from '../../functions/domain/hotels';
import type { EventPublisher } from '../../functions/domain/ports';
import { buildSlaPolicy } from '../../functions/domain/sla';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { type IntakeDeps, landGuestMessage } from '../../functions/domain/tickets/intake';
import { assignStep, triageStep, type WorkflowDeps } from '../../functions/domain/tickets/workflow-steps';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import { type CanonicalEvent, surveyThreadId } from '../../schemas/events';
import type { Survey } from '../../schemas/surveys';
import type { Ticket } from '../../schemas/ticket';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';
import { guestMessage } from '../support/tickets';

// Wednesday 1 July 2026, 10:00 in Istanbul (UTC+3): inside the default 09:00–18:00 hours.
const START = new Date('2026-07-01T07:00:00Z');
const TENANT = 'aurora-belek';
const HOUR = 3_600_000;
const at = (hours: number) => new Date(START.getTime() + hours * HOUR);

let table: TestTable;
let tickets: DynamoDbTicketStore;
let surveys: DynamoDbSurveyStore;
let guests: DynamoDbGuestDirectory;
let intake: IntakeDeps;
let workflow: WorkflowDeps;
let now: Date;
let published: CanonicalEvent[];
/** Set to make the next publish fail, as an EventBridge outage would. */
let failNextPublish: boolean;

beforeAll(async () => {
  table = await createTestTable();
  tickets = new DynamoDbTicketStore(table.doc, table.tableName);
  surveys = new DynamoDbSurveyStore(table.doc, table.tableName);
  guests = new DynamoDbGuestDirectory(table.doc, table.tableName);
  const hotels = new Map<string, Hotel>(HOTELS.map((h) => [h.tenantId, h]));
  const hotelOf = (tenantId: string) => hotels.get(tenantId);
  const policyOf = (tenantId: string) =>
    buildSlaPolicy(hotelOf(tenantId)?.sla ?? {}, hotelOf(tenantId)?.timeZone);
  const publisher: EventPublisher = {
    publish: async (events) => {
      if (failNextPublish) {
        failNextPublish = false;
        return { failedIndexes: events.map((_, i) => i) };
      }
      published.push(...events);
      return { failedIndexes: [] };
    },
  };
  const common = {
    tickets,
    dedupe: new DynamoDbDedupeStore(table.doc, table.tableName),
    publisher,
    metrics: { count: () => undefined },
    now: () => now,
  };
  intake = {
    ...common,
    guests,
    hotelOf,
    newGuestId: () => `g_${randomUUID()}`,
    nps: { surveys, catalogue: loadTemplates(), hotelOf, policyOf },
  };
  workflow = {
    ...common,
    classifier: new RuleBasedTriageClassifier(),
    webchat: { post: async () => 'posted' },
    hotelOf,
    policyOf,
  };
});
afterAll(() => table.client.destroy());
beforeEach(() => {
  published = [];
  failNextPublish = false;
});

let phoneSuffix = 100;

/**
 * A guest whose post-stay survey went out on WhatsApp at `sentAt` and waits for an answer
 * until 48 hours later, as the NPS workflow leaves it.
 */
async function surveyedGuest(options: { sentAt: Date; phone?: string; guestId?: string }) {
  const phone = options.phone ?? `9053400${phoneSuffix++}`;
  const guestId = await guests.linkIdentity(
    TENANT,
    options.guestId ?? `g_${randomUUID()}`,
    { channel: 'whatsapp', platformId: phone, phoneNumber: `+${phone}` },
    options.sentAt.toISOString(),
  );
  const reservationId = `R-${phone}`;
  const surveyId = `nps_${randomUUID().replaceAll('-', '')}`;
  const sentAt = options.sentAt.toISOString();
  const answerBy = new Date(options.sentAt.getTime() + 48 * HOUR).toISOString();
  await surveys.putDeparture({
    tenantId: TENANT,
    guestId,
    receivedAt: sentAt,
    departure: {
      hotel: TENANT,
      reservationId,
      guestName: 'Ayşe Yılmaz',
      phone: `+${phone}`,
      language: 'tr',
      checkInDate: '2026-06-24',
      checkOutDate: '2026-06-30',
      consent: { service: true, surveys: true, marketing: false },
    },
  });
  const survey: Survey = {
    tenantId: TENANT,
    surveyId,
    kind: 'nps',
    reservationId,
    guestId,
    language: 'tr',
    status: 'sent',
    scheduledFor: sentAt,
    segment: { channel: 'whatsapp', market: 'TR', stage: 'post-stay' },
    sentAt,
    sentVia: 'whatsapp',
    messageId: `nps-${surveyId}`,
    answerBy,
    createdAt: sentAt,
    updatedAt: sentAt,
  };
  await surveys.createSurvey(survey);
  await surveys.setPendingAnswer(TENANT, guestId, { surveyId, answerBy });
  return { phone, guestId, surveyId, answerBy };
}

/** The guest's message `text` at `when`, landed with the clock a second later. */
async function answer(text: string, phone: string, when: Date, messageId = `wamid.${randomUUID()}`) {
  const event = guestMessage(text, { at: when, phone, messageId });
  now = new Date(when.getTime() + 1000);
  return { event, landing: await landGuestMessage(intake, event) };
}

const eventsOf = (type: string) =>
  published.filter((e) => e.detailType === type).map((e) => e.detail as unknown as Record<string, unknown>);

async function ticketsOf(guestId: string): Promise<Ticket[]> {
  const items = await table.scan();
  const ids = items
    .filter((i) => i.sk === 'TICKET' && i.guestId === guestId)
    .map((i) => i.ticketId as string);
  const found = await Promise.all(ids.map((id) => tickets.getTicket(TENANT, id)));
  return found.filter((t): t is Ticket => t !== undefined);
}

async function storedSurvey(surveyId: string): Promise<Survey> {
  const survey = await surveys.getSurvey(TENANT, surveyId);
  if (!survey) throw new Error(`no survey ${surveyId}`);
  return survey;
}

describe('a detractor answering "3" on WhatsApp', () => {
  let guest: Awaited<ReturnType<typeof surveyedGuest>>;
  let followUp: Ticket;
  const answeredAt = START;

  it('answers the survey, opens a same-day call-back complaint ticket and asks the guest when to call', async () => {
    // Prepare
    guest = await surveyedGuest({ sentAt: at(-20) });

    // Act
    const { landing, event } = await answer('3', guest.phone, answeredAt);

    // Assess
    const survey = await storedSurvey(guest.surveyId);
    expect(survey).toMatchObject({
      status: 'answered',
      score: 3,
      category: 'detractor',
      answeredAt: answeredAt.toISOString(),
    });
    expect(await surveys.getPendingAnswer(TENANT, guest.guestId)).toBeUndefined();

    const opened = await ticketsOf(guest.guestId);
    expect(opened).toHaveLength(1);
    followUp = opened[0] as Ticket;
    expect(landing).toEqual({ ticketId: followUp.ticketId, outcome: 'nps-answered' });
    expect(survey.followUpTicketId).toBe(followUp.ticketId);
    expect(followUp).toMatchObject({
      origin: 'nps-detractor',
      status: 'open',
      basket: 'complaint',
      intent: 'Complaint',
      priority: 'high',
      stage: 'post-stay',
      language: 'tr',
      reputationRisk: true,
      conversationKey: event.conversationKey,
      firstMessageId: event.message.id,
    });
    expect((await tickets.getConversation(TENANT, event.conversationKey))?.currentTicketId).toBe(
      followUp.ticketId,
    );

    expect(eventsOf(DetailType.surveyAnswered)).toEqual([
      expect.objectContaining({
        surveyId: guest.surveyId,
        score: 3,
        category: 'detractor',
        channel: 'whatsapp',
        answeredAt: answeredAt.toISOString(),
        responseSeconds: 20 * 3600,
      }),
    ]);
    expect(eventsOf(DetailType.detractorFollowUpOpened)).toEqual([
      expect.objectContaining({
        surveyId: guest.surveyId,
        score: 3,
        ticketId: followUp.ticketId,
        number: followUp.number,
        // 18:00 in Istanbul: the end of the business day the guest answered in.
        callBackDueAt: '2026-07-01T15:00:00Z',
      }),
    ]);
    expect(eventsOf(DetailType.ticketOpened)).toEqual([
      expect.objectContaining({ ticketId: followUp.ticketId, firstMessageId: event.message.id }),
    ]);
    const requests = eventsOf(DetailType.outboundMessageRequested);
    expect(requests).toEqual([
      expect.objectContaining({
        ticketId: followUp.ticketId,
        recipient: expect.objectContaining({ kind: 'whatsapp', waId: guest.phone }),
        content: {
          kind: 'text',
          text: expect.stringMatching(/^Merhaba Ayşe Yılmaz, geri bildiriminiz için teşekkür ederiz/),
        },
      }),
    ]);

    const messages = await tickets.listMessages(TENANT, followUp.ticketId);
    expect(messages.map((m) => [m.direction, m.templateId ?? m.text])).toEqual([
      ['inbound', '3'],
      ['outbound', 'nps-detractor-callback'],
    ]);
    expect(messages[1]).toMatchObject({ messageId: requests[0]?.messageId, at: requests[0]?.messageAt });
    expect((await tickets.listMessages(TENANT, surveyThreadId(guest.surveyId))).map((m) => m.text)).toEqual([
      '3',
    ]);
  });

  it('is triaged with the same-day deadline and escalated to the supervisor at once', async () => {
    // Prepare
    const ref = { tenantId: TENANT, ticketId: followUp.ticketId };
    now = new Date(answeredAt.getTime() + 5000);

    // Act
    await triageStep(workflow, ref);
    await assignStep(workflow, ref);

    // Assess
    const ticket = await tickets.getTicket(TENANT, followUp.ticketId);
    expect(ticket).toMatchObject({
      basket: 'complaint',
      origin: 'nps-detractor',
      ownerTeam: 'owner',
      department: 'guest-relations',
      escalationLevel: 2,
      sla: {
        cycle: 0,
        firstResponse: { dueAt: '2026-07-01T07:10:00Z' },
        interimUpdate: { dueAt: '2026-07-01T11:00:00Z' },
        resolution: { dueAt: '2026-07-01T15:00:00Z' },
      },
    });
    expect(eventsOf(DetailType.ticketTriaged)).toEqual([
      expect.objectContaining({
        basket: 'complaint',
        priority: 'high',
        resolutionDueAt: '2026-07-01T15:00:00Z',
      }),
    ]);
    expect(eventsOf(DetailType.ticketAssigned)).toEqual([expect.objectContaining({ team: 'owner' })]);
    expect(eventsOf(DetailType.ticketEscalated)).toEqual([
      expect.objectContaining({ level: 2, team: 'supervisor', reason: 'reputation-risk' }),
    ]);
  });

  it('has one effect when the answer is delivered again', async () => {
    // Prepare
    const redelivered = guestMessage('3', {
      at: answeredAt,
      phone: guest.phone,
      messageId: followUp.firstMessageId,
    });

    // Act
    const landing = await landGuestMessage(intake, redelivered);

    // Assess
    expect(landing).toEqual({ ticketId: followUp.ticketId, outcome: 'duplicate' });
    expect(await ticketsOf(guest.guestId)).toHaveLength(1);
    expect(published).toEqual([]);
    expect(await tickets.listMessages(TENANT, followUp.ticketId)).toHaveLength(2);
  });
});

describe('a detractor answering outside business hours', () => {
  it('is called back within 24 hours', async () => {
    // Prepare: 21:00 in Istanbul.
    const guest = await surveyedGuest({ sentAt: at(-4) });
    const when = at(11);

    // Act
    await answer('sıfır', guest.phone, when);

    // Assess
    expect(eventsOf(DetailType.detractorFollowUpOpened)).toEqual([
      expect.objectContaining({ score: 0, callBackDueAt: '2026-07-02T18:00:00Z' }),
    ]);
  });
});

describe('a detractor answer whose first attempt failed to publish', () => {
  it('opens one ticket and publishes each event once when retried', async () => {
    // Prepare
    const guest = await surveyedGuest({ sentAt: at(-3) });
    const event = guestMessage('2', { at: START, phone: guest.phone });
    now = new Date(START.getTime() + 1000);
    failNextPublish = true;
    await expect(landGuestMessage(intake, event)).rejects.toThrow();
    expect(await surveys.getPendingAnswer(TENANT, guest.guestId)).toBeDefined();

    // Act
    const landing = await landGuestMessage(intake, event);
    const again = await landGuestMessage(intake, event);

    // Assess
    const opened = await ticketsOf(guest.guestId);
    expect(opened).toHaveLength(1);
    expect(landing.ticketId).toBe(opened[0]?.ticketId);
    expect(again).toEqual({ ticketId: opened[0]?.ticketId, outcome: 'duplicate' });
    for (const type of [
      DetailType.surveyAnswered,
      DetailType.detractorFollowUpOpened,
      DetailType.ticketOpened,
      DetailType.outboundMessageRequested,
    ])
      expect(eventsOf(type)).toHaveLength(1);
    expect(await surveys.getPendingAnswer(TENANT, guest.guestId)).toBeUndefined();
  });
});

describe('a passive answering "8"', () => {
  it('gets a support follow-up ticket due in 48 hours and one improvement question', async () => {
    // Prepare
    const guest = await surveyedGuest({ sentAt: at(-2) });

    // Act
    const { landing } = await answer('8', guest.phone, START);
    const ref = { tenantId: TENANT, ticketId: landing.ticketId };
    await triageStep(workflow, ref);
    await assignStep(workflow, ref);

    // Assess
    expect(await storedSurvey(guest.surveyId)).toMatchObject({
      status: 'answered',
      score: 8,
      category: 'passive',
      followUpTicketId: landing.ticketId,
    });
    const ticket = await tickets.getTicket(TENANT, landing.ticketId);
    expect(ticket).toMatchObject({
      origin: 'nps-passive',
      basket: 'support',
      priority: 'normal',
      ownerTeam: 'coordinator',
      escalationLevel: 0,
      sla: { resolution: { dueAt: '2026-07-03T07:00:00Z' } },
    });
    expect(ticket?.sla?.interimUpdate).toBeUndefined();
    expect(eventsOf(DetailType.detractorFollowUpOpened)).toEqual([]);
    expect(eventsOf(DetailType.ticketEscalated)).toEqual([]);
    expect(eventsOf(DetailType.outboundMessageRequested)).toEqual([
      expect.objectContaining({
        content: {
          kind: 'text',
          text: expect.stringMatching(/^Merhaba Ayşe Yılmaz, puanınız ve bize zaman/),
        },
      }),
    ]);
  });
});

describe('a promoter answering "10"', () => {
  it('answers the survey and keeps the message on the survey thread, opening no ticket', async () => {
    // Prepare
    const guest = await surveyedGuest({ sentAt: at(-5) });

    // Act
    const { landing, event } = await answer('10', guest.phone, START);
    const redelivered = await landGuestMessage(intake, event);

    // Assess
    const thread = surveyThreadId(guest.surveyId);
    expect(landing).toEqual({ ticketId: thread, outcome: 'nps-answered' });
    expect(redelivered.outcome).toBe('duplicate');
    expect(await storedSurvey(guest.surveyId)).toMatchObject({
      status: 'answered',
      score: 10,
      category: 'promoter',
    });
    expect((await storedSurvey(guest.surveyId)).followUpTicketId).toBeUndefined();
    expect(await ticketsOf(guest.guestId)).toEqual([]);
    expect(await tickets.getConversation(TENANT, event.conversationKey)).toBeUndefined();
    expect((await tickets.listMessages(TENANT, thread)).map((m) => [m.direction, m.text])).toEqual([
      ['inbound', '10'],
    ]);
    expect(published.map((e) => e.detailType)).toEqual([DetailType.surveyAnswered]);
  });
});

describe('a guest with an open ticket answering "9"', () => {
  it('adds the answer to that ticket without opening another', async () => {
    // Prepare
    const phone = `9053400${phoneSuffix++}`;
    const first = await answer('Is there a kids club?', phone, at(-1));
    const open = (await tickets.getTicket(TENANT, first.landing.ticketId)) as Ticket;
    const guest = await surveyedGuest({ sentAt: at(-0.5), phone, guestId: open.guestId });
    published = [];

    // Act
    const { landing } = await answer('9', phone, START);

    // Assess
    expect(landing).toEqual({ ticketId: open.ticketId, outcome: 'nps-answered' });
    expect(await ticketsOf(guest.guestId)).toHaveLength(1);
    expect(await tickets.getTicket(TENANT, open.ticketId)).toMatchObject({ status: 'open', messageCount: 2 });
    expect((await tickets.listMessages(TENANT, open.ticketId)).map((m) => m.text)).toEqual([
      'Is there a kids club?',
      '9',
    ]);
    expect(await storedSurvey(guest.surveyId)).toMatchObject({ status: 'answered', category: 'promoter' });
  });
});

describe('messages that are not an answer', () => {
  it('lands a question as a normal ticket and leaves the survey waiting', async () => {
    // Prepare
    const guest = await surveyedGuest({ sentAt: at(-6) });

    // Act
    const { landing } = await answer('hello, I forgot my charger', guest.phone, START);
    await triageStep(workflow, { tenantId: TENANT, ticketId: landing.ticketId });

    // Assess
    expect(landing.outcome).toBe('opened');
    expect(await tickets.getTicket(TENANT, landing.ticketId)).toMatchObject({
      basket: 'support',
      topics: ['lost-item'],
    });
    expect((await tickets.getTicket(TENANT, landing.ticketId))?.origin).toBeUndefined();
    expect((await storedSurvey(guest.surveyId)).status).toBe('sent');
    expect(await surveys.getPendingAnswer(TENANT, guest.guestId)).toEqual({
      surveyId: guest.surveyId,
      answerBy: guest.answerBy,
    });
    expect(eventsOf(DetailType.surveyAnswered)).toEqual([]);
  });

  it('lands a score after the answer window as a normal message', async () => {
    // Prepare
    const guest = await surveyedGuest({ sentAt: at(-49) });

    // Act
    const { landing } = await answer('3', guest.phone, START);

    // Assess
    expect(landing.outcome).toBe('opened');
    expect((await tickets.getTicket(TENANT, landing.ticketId))?.origin).toBeUndefined();
    expect((await storedSurvey(guest.surveyId)).status).toBe('sent');
    expect(eventsOf(DetailType.surveyAnswered)).toEqual([]);
    expect(eventsOf(DetailType.detractorFollowUpOpened)).toEqual([]);
  });

  it('lands a score from a guest with no survey waiting as a normal message', async () => {
    // Act
    const { landing } = await answer('3', `9053400${phoneSuffix++}`, START);

    // Assess
    expect(landing.outcome).toBe('opened');
    expect(eventsOf(DetailType.surveyAnswered)).toEqual([]);
  });
});
