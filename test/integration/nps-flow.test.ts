import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbConsentStore } from '../../functions/adapters/dynamodb-consent-store';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbGuestProfiles } from '../../functions/adapters/dynamodb-guest-profiles';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import { DynamoDbSurveyThread } from '../../functions/adapters/dynamodb-survey-thread';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { EventBridgeSurveyScheduler } from '../../functions/adapters/eventbridge-survey-scheduler';
import { guestIdentityReader } from '../../functions/adapters/survey-workflow-deps';
import { DetailType, EVENT_BUS_NAME, WorkflowName } from '../../functions/contracts/bus';
import type { Hotel } from '../../functions/domain/hotels';
import { buildSlaPolicy } from '../../functions/domain/sla';
import { type DepartureDeps, recordDeparture } from '../../functions/domain/surveys/departures';
import type { NpsDeps } from '../../functions/domain/surveys/nps-workflow-steps';
import type { SurveyScheduler } from '../../functions/domain/surveys/ports';
import { scheduleNameOf, surveyIdOf } from '../../functions/domain/surveys/survey-ids';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { resolveTicket } from '../../functions/domain/tickets/agent-actions';
import { type IntakeDeps, landGuestMessage } from '../../functions/domain/tickets/intake';
import { assignStep, triageStep, type WorkflowDeps } from '../../functions/domain/tickets/workflow-steps';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import { createSurveyWorkflowHandler } from '../../functions/survey-workflow/handler';
import { ManualClock } from '../../local/runtime/clock';
import { createLocalServer } from '../../local/runtime/http-server';
import { LOCAL_SURVEY_SCHEDULES, LocalScheduler } from '../../local/runtime/local-scheduler';
import { resumeNpsSurveys } from '../../local/runtime/resume';
import { SCHEDULER_PATH } from '../../local/runtime/scheduler-endpoint';
import { LocalWorkflowRunner } from '../../local/runtime/workflow-runner';
import { surveyThreadId } from '../../schemas/events';
import type { Departure, Survey } from '../../schemas/surveys';
import type { Ticket } from '../../schemas/ticket';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';
import { startTestBus, type TestBus } from '../support/local-bus';
import { guestMessage } from '../support/tickets';

// Issue 5's acceptance chain in one process: the check-out import (recordDeparture) plans the
// survey and makes its one-time schedule in the local EventBridge Scheduler (through the real
// Scheduler SDK adapter); the scheduler fires the real workflows/nps.asl.json on the local
// runner; the guest's answer lands through the ticket intake; a detractor's follow-up ticket goes
// through the conversation workflow's triage and assign steps. DynamoDB Local, the local bus,
// and one ManualClock for every piece: nothing waits on the wall clock.

const NPS_WORKFLOW_FILE = join(import.meta.dirname, '..', '..', 'workflows', `${WorkflowName.nps}.asl.json`);

const TENANT = 'aurora-belek';
const PHONE_NUMBER_ID = '106540352242922';
/** The guest's number as the PMS writes it, and the wa_id WhatsApp knows them by. */
const PMS_PHONE = '+90 532 400 11 01';
const WA_ID = '905324001101';
const REVIEW_LINKS = [
  'https://g.page/r/aurora-belek/review',
  'https://www.tripadvisor.com/UserReviewEdit-g1-d2.html?m=1',
];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const later = (from: Date, millis: number) => new Date(from.getTime() + millis);
/** A Wait timestamp as the workflows write it: whole seconds, no milliseconds. */
const waitStamp = (at: Date) => at.toISOString().replace('.000Z', 'Z');

/** Sunday 19 July 2026, 19:30 in Istanbul (UTC+3): the guest checks out. */
const CHECK_OUT_DATE = '2026-07-19';
const CHECK_OUT_TIME = '19:30';
/** A quarter of an hour later the PMS reports the departure. */
const IMPORTED_AT = new Date('2026-07-19T16:45:00Z');
/** Check-out + the default 4 h is 23:30, inside the quiet hours 21:00–09:00: Monday 09:00 instead. */
const SEND_AT = new Date('2026-07-20T06:00:00Z');
/** The guest's last WhatsApp message, two days before the survey: outside the 24-hour window. */
const GUEST_WROTE_AT = later(SEND_AT, -2 * DAY);
/** The default answer window. */
const ANSWER_BY = later(SEND_AT, 48 * HOUR);
/** Monday 10:00 in Istanbul, within business hours (09:00–18:00): the guest answers. */
const ANSWERED_AT = new Date('2026-07-20T07:00:00Z');

/** aurora-belek with review links; every other NPS setting at its default. */
const hotels = new Map<string, Hotel>(
  HOTELS.map((h) => [h.tenantId, h.tenantId === TENANT ? { ...h, nps: { reviewLinks: REVIEW_LINKS } } : h]),
);
const hotelOf = (tenantId: string) => hotels.get(tenantId);
const policyOf = (tenantId: string) =>
  buildSlaPolicy(hotelOf(tenantId)?.sla ?? {}, hotelOf(tenantId)?.timeZone);

/** The part of the local runtime a restart replaces: the scheduler, its HTTP endpoint and the NPS runner. */
interface Runtime {
  scheduler: LocalScheduler;
  runner: LocalWorkflowRunner;
  /** The real EventBridge Scheduler adapter, over the SDK, against this runtime's endpoint. */
  adapter: SurveyScheduler;
  /** What the runtime found to do when it started: NPS executions resumed, schedules armed. */
  resumed: number;
  pendingSchedules: number;
  stop(): Promise<void>;
}

interface Flow {
  table: TestTable;
  bus: TestBus;
  clock: ManualClock;
  surveys: DynamoDbSurveyStore;
  tickets: DynamoDbTicketStore;
  thread: DynamoDbSurveyThread;
  consent: DynamoDbConsentStore;
  departures: DepartureDeps;
  intake: IntakeDeps;
  workflow: WorkflowDeps;
  runtime: Runtime;
  /** DATA_DIR/schedules.json: where every runtime of this flow keeps its schedules. */
  schedulesFile: string;
  /** Names of the schedules the imports asked for, through the port. */
  scheduleCalls: string[];
  failures: unknown[];
  /** Lets the woken scheduler and workflow executions do their work until they sleep again or end. */
  settle(): Promise<void>;
  /** Stops the runtime and starts a fresh one on the same data folder, table, bus and clock. */
  restart(): Promise<Runtime>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/**
 * The scheduler and the NPS runner as `npm start` wires them: a schedule's target starts the
 * NPS workflow with its input; on start, surveys in progress resume and kept schedules are armed.
 */
async function startRuntime(
  options: Pick<Flow, 'table' | 'bus' | 'clock' | 'failures'> & { schedulesFile: string; nps: NpsDeps },
): Promise<Runtime> {
  const { table, bus, clock, failures } = options;
  const runner = new LocalWorkflowRunner({
    definitionFile: NPS_WORKFLOW_FILE,
    tasks: { SurveyWorkflowFunctionArn: createSurveyWorkflowHandler(() => options.nps) },
    clock,
    virtualTime: true,
    retryPauseMillis: 0,
    onFailure: (_, error) => failures.push(error),
  });
  const scheduler = new LocalScheduler({
    file: options.schedulesFile,
    clock,
    fire: (_schedule, input) => void runner.start(input),
    onError: (_schedule, error) => failures.push(error),
  });
  const server = createLocalServer({
    bus: bus.bus,
    scheduler,
    invoke: () => Promise.reject(new Error('no functions in this test')),
    status: () => ({}),
    authorize: () => undefined,
  });
  const client = new SchedulerClient({
    endpoint: `${await listen(server)}${SCHEDULER_PATH}`,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const resumed = await resumeNpsSurveys(table.doc, table.tableName, runner);
  const pendingSchedules = scheduler.start();
  return {
    scheduler,
    runner,
    adapter: new EventBridgeSurveyScheduler(client, LOCAL_SURVEY_SCHEDULES),
    resumed,
    pendingSchedules,
    stop: async () => {
      await scheduler.stop();
      await runner.stop();
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Everything on a fresh table, bus, data folder and clock starting at `start`. */
async function startFlow(start: Date): Promise<Flow> {
  const table = await createTestTable();
  const bus = await startTestBus();
  const clock = new ManualClock(start);
  const failures: unknown[] = [];
  const scheduleCalls: string[] = [];
  const schedulesFile = join(mkdtempSync(join(tmpdir(), 'hotel-inbox-nps-flow-')), 'schedules.json');
  const surveys = new DynamoDbSurveyStore(table.doc, table.tableName);
  const tickets = new DynamoDbTicketStore(table.doc, table.tableName);
  const guests = new DynamoDbGuestDirectory(table.doc, table.tableName);
  const thread = new DynamoDbSurveyThread(table.doc, table.tableName);
  const consent = new DynamoDbConsentStore(table.doc, table.tableName);
  const catalogue = loadTemplates();
  const common = {
    dedupe: new DynamoDbDedupeStore(table.doc, table.tableName),
    publisher: new EventBridgePublisher(bus.client, EVENT_BUS_NAME),
    metrics: { count: () => undefined },
    now: () => clock.now(),
  };
  const nps: NpsDeps = {
    ...common,
    surveys,
    tickets,
    guests: guestIdentityReader(table.doc, table.tableName),
    consent,
    thread,
    hotelOf,
    catalogue,
    clockSpeed: 1,
    directChannels: { email: true, sms: true },
  };
  const flow: Flow = {
    table,
    bus,
    clock,
    surveys,
    tickets,
    thread,
    consent,
    schedulesFile,
    scheduleCalls,
    failures,
    runtime: await startRuntime({ table, bus, clock, failures, schedulesFile, nps }),
    departures: {
      ...common,
      surveys,
      guests,
      profiles: new DynamoDbGuestProfiles(table.doc, table.tableName),
      consent,
      // Always the running runtime's scheduler, as the functions' client always reaches the one running.
      scheduler: {
        scheduleOnce: (name, at, input) => {
          scheduleCalls.push(name);
          return flow.runtime.adapter.scheduleOnce(name, at, input);
        },
      },
      hotelOf,
      newGuestId: () => `g_${randomUUID()}`,
    },
    intake: {
      ...common,
      tickets,
      guests,
      hotelOf,
      newGuestId: () => `g_${randomUUID()}`,
      nps: { surveys, catalogue, hotelOf, policyOf },
      privacy: { consent, catalogue, hotelOf },
    },
    workflow: {
      ...common,
      tickets,
      classifier: new RuleBasedTriageClassifier(),
      webchat: { post: async () => 'posted' },
      hotelOf,
      policyOf,
    },
    // A task whose due time has passed wakes at once, after the runner counted it asleep: look
    // again after a turn of the event loop until no execution is working.
    settle: async () => {
      do {
        await flow.runtime.runner.idle();
        await new Promise((resolve) => setImmediate(resolve));
      } while (!flow.runtime.runner.isIdle);
    },
    restart: async () => {
      await flow.runtime.stop();
      flow.runtime = await startRuntime({ table, bus, clock, failures, schedulesFile, nps });
      return flow.runtime;
    },
    close: async () => {
      await flow.runtime.stop();
      await bus.close();
      table.client.destroy();
    },
  };
  return flow;
}

let flow: Flow;
beforeEach(async () => {
  flow = await startFlow(GUEST_WROTE_AT);
});
afterEach(async () => {
  await flow.close();
});

/** The departure as the PMS reports it: check-out 19:30, survey consent, Turkish. */
const departure = (reservationId: string, changes: Partial<Departure> = {}): Departure => ({
  hotel: TENANT,
  reservationId,
  guestName: 'Ayşe Yılmaz',
  phone: PMS_PHONE,
  language: 'tr',
  market: 'TR',
  checkInDate: '2026-07-12',
  checkOutDate: CHECK_OUT_DATE,
  checkOutTime: CHECK_OUT_TIME,
  consent: { service: true, surveys: true, marketing: false },
  ...changes,
});

const advanceTo = (at: Date) => flow.clock.advanceTo(at, flow.settle);

/** The check-out import at `at` (the clock moved there first), as POST /pms/checkouts records it. */
async function importDeparture(changes: Partial<Departure> & { reservationId: string }, at = IMPORTED_AT) {
  await advanceTo(at);
  return recordDeparture(flow.departures, departure(changes.reservationId, changes), flow.clock.now());
}

/** The guest writes `text` on WhatsApp at `at`, landed by the ticket intake a second later. */
async function guestWrites(text: string, at: Date) {
  await advanceTo(later(at, SECOND));
  const event = guestMessage(text, { at, phone: WA_ID });
  return { event, landing: await landGuestMessage(flow.intake, event) };
}

const eventsOf = (type: string, where: Record<string, unknown> = {}) =>
  flow.bus.bus
    .events()
    .filter((e) => e['detail-type'] === type)
    .map((e) => e.detail)
    .filter((detail) => Object.entries(where).every(([key, value]) => detail[key] === value));

/** The survey's send requests of one purpose (`nps`: the question, `nps-review`: the invitation). */
const requestsOf = (surveyId: string, purpose = 'nps') =>
  eventsOf(DetailType.outboundMessageRequested, { surveyId, purpose });

async function surveyOf(surveyId: string): Promise<Survey> {
  const survey = await flow.surveys.getSurvey(TENANT, surveyId);
  if (!survey) throw new Error(`no survey ${surveyId}`);
  return survey;
}

async function ticketsOfGuest(guestId: string): Promise<Ticket[]> {
  const ids = (await flow.table.scan())
    .filter((item) => item.sk === 'TICKET' && item.guestId === guestId)
    .map((item) => item.ticketId as string);
  const found = await Promise.all(ids.map((id) => flow.tickets.getTicket(TENANT, id)));
  return found.filter((t): t is Ticket => t !== undefined);
}

const scheduleOf = (reservationId: string) =>
  flow.runtime.scheduler.get(LOCAL_SURVEY_SCHEDULES.groupName, scheduleNameOf(TENANT, reservationId));

/**
 * The guest wrote two days before, the departure is imported and its survey goes out at 09:00
 * Monday on the WhatsApp template; the survey's id.
 */
async function surveySentToGuestWhoWrote(reservationId: string): Promise<string> {
  await guestWrites('Merhaba, havuz kaçta açılıyor?', GUEST_WROTE_AT);
  const recorded = await importDeparture({ reservationId });
  if (recorded.outcome !== 'recorded') throw new Error(`departure ${reservationId}: ${recorded.outcome}`);
  await advanceTo(SEND_AT);
  return recorded.surveyId;
}

describe('issue 5: a departure to its survey, answer and follow-up, through the real parts', () => {
  it('asks a detractor on the WhatsApp template at 09:00 and opens a same-day call-back escalated to the supervisor', async () => {
    // Prepare: the guest wrote on WhatsApp two days before the survey's time, and was answered.
    const { landing: firstMessage } = await guestWrites('Merhaba, havuz kaçta açılıyor?', GUEST_WROTE_AT);
    await triageStep(flow.workflow, { tenantId: TENANT, ticketId: firstMessage.ticketId });
    await resolveTicket(flow.workflow, TENANT, firstMessage.ticketId);

    // Act 1: the PMS reports the departure.
    const recorded = await importDeparture({ reservationId: 'R-DETRACTOR' });

    // Assess 1: the survey is planned for 09:00 the next morning, and scheduled for then.
    const surveyId = surveyIdOf(TENANT, 'R-DETRACTOR');
    expect(recorded).toEqual({ outcome: 'recorded', surveyId, scheduledFor: SEND_AT.toISOString() });
    expect(eventsOf(DetailType.surveyScheduled, { surveyId })).toMatchObject([
      { tenantId: TENANT, kind: 'nps', scheduledFor: SEND_AT.toISOString() },
    ]);
    expect(scheduleOf('R-DETRACTOR')).toMatchObject({
      at: SEND_AT.toISOString(),
      target: { input: JSON.stringify({ tenantId: TENANT, surveyId }) },
    });
    const { guestId } = await surveyOf(surveyId);
    expect(await flow.intake.guests.guestIdByIdentity(TENANT, 'whatsapp', WA_ID)).toBe(guestId);

    // Act 2: a second before the time nothing has gone; at 06:00Z the schedule fires.
    await advanceTo(later(SEND_AT, -SECOND));
    const early = requestsOf(surveyId);
    await advanceTo(SEND_AT);

    // Assess 2: the question went on the approved template (the guest's window closed a day ago).
    expect(early).toEqual([]);
    expect(scheduleOf('R-DETRACTOR')).toBeUndefined();
    const answerBy = waitStamp(ANSWER_BY);
    expect(requestsOf(surveyId)).toMatchObject([
      {
        ticketId: surveyThreadId(surveyId),
        channel: 'whatsapp',
        recipient: { kind: 'whatsapp', waId: WA_ID, phoneNumberId: PHONE_NUMBER_ID },
        content: {
          kind: 'template',
          name: 'nps_question',
          languageCode: 'tr',
          parameters: [
            { name: 'guest_name', text: 'Ayşe Yılmaz' },
            { name: 'hotel_name', text: 'Aurora Belek Resort & Spa' },
          ],
          text: expect.stringMatching(/^Merhaba Ayşe Yılmaz, Aurora Belek Resort & Spa ekibi olarak/),
        },
        messageAt: SEND_AT.toISOString(),
      },
    ]);
    expect(eventsOf(DetailType.surveySent, { surveyId })).toMatchObject([
      { channel: 'whatsapp', sentAt: SEND_AT.toISOString(), answerBy },
    ]);
    expect(await surveyOf(surveyId)).toMatchObject({
      status: 'sent',
      sentVia: 'whatsapp',
      answerBy,
      // Seed 002's segments, the request type from the guest's last ticket.
      segment: { channel: 'whatsapp', stage: 'post-stay', requestType: 'support' },
    });
    expect(await flow.thread.list(TENANT, surveyThreadId(surveyId))).toMatchObject([
      { templateId: 'nps-question', sentAs: 'whatsapp-template' },
    ]);

    // Act 3: the guest answers "3" at 10:00; the follow-up ticket is triaged and assigned.
    const { event, landing } = await guestWrites('3', ANSWERED_AT);
    const survey = await surveyOf(surveyId);
    const followUpId = survey.followUpTicketId ?? '';
    await advanceTo(later(ANSWERED_AT, 5 * SECOND));
    await triageStep(flow.workflow, { tenantId: TENANT, ticketId: followUpId });
    await assignStep(flow.workflow, { tenantId: TENANT, ticketId: followUpId });

    // Assess 3: a detractor; a complaint ticket due by 18:00 today, escalated at once.
    expect(landing).toEqual({ ticketId: followUpId, outcome: 'nps-answered' });
    expect(survey).toMatchObject({
      status: 'answered',
      score: 3,
      category: 'detractor',
      answeredAt: ANSWERED_AT.toISOString(),
    });
    expect(eventsOf(DetailType.surveyAnswered, { surveyId })).toMatchObject([
      { score: 3, category: 'detractor', channel: 'whatsapp', responseSeconds: 3600 },
    ]);
    const followUp = await flow.tickets.getTicket(TENANT, followUpId);
    expect(followUp).toMatchObject({
      origin: 'nps-detractor',
      basket: 'complaint',
      priority: 'high',
      reputationRisk: true,
      guestId,
      conversationKey: event.conversationKey,
      firstMessageId: event.message.id,
      ownerTeam: 'owner',
      department: 'guest-relations',
      escalationLevel: 2,
      // 18:00 in Istanbul: the end of the business day the guest answered in.
      sla: { resolution: { dueAt: '2026-07-20T15:00:00Z' } },
    });
    expect(followUpId).not.toBe(firstMessage.ticketId);
    expect(eventsOf(DetailType.detractorFollowUpOpened, { surveyId })).toMatchObject([
      { score: 3, ticketId: followUpId, callBackDueAt: '2026-07-20T15:00:00Z' },
    ]);
    expect(eventsOf(DetailType.ticketTriaged, { ticketId: followUpId })).toMatchObject([
      { basket: 'complaint', resolutionDueAt: '2026-07-20T15:00:00Z' },
    ]);
    expect(eventsOf(DetailType.ticketEscalated, { ticketId: followUpId })).toMatchObject([
      { level: 2, team: 'supervisor', reason: 'reputation-risk' },
    ]);
    expect(eventsOf(DetailType.outboundMessageRequested, { ticketId: followUpId })).toMatchObject([
      {
        channel: 'whatsapp',
        recipient: { kind: 'whatsapp', waId: WA_ID },
        content: {
          kind: 'text',
          text: expect.stringMatching(/^Merhaba Ayşe Yılmaz, geri bildiriminiz için teşekkür ederiz/),
        },
      },
    ]);
    expect(
      (await flow.tickets.listMessages(TENANT, followUpId)).map((m) => [m.direction, m.templateId ?? m.text]),
    ).toEqual([
      ['inbound', '3'],
      ['outbound', 'nps-detractor-callback'],
    ]);
    expect(await flow.surveys.getPendingAnswer(TENANT, guestId)).toBeUndefined();
    expect(flow.failures).toEqual([]);
  });

  it('makes the open ticket of a detractor who still has one the follow-up, escalated, rather than opening another', async () => {
    const { landing: open } = await guestWrites('Merhaba, havuz kaçta açılıyor?', GUEST_WROTE_AT);
    await importDeparture({ reservationId: 'R-STILL-OPEN' });
    const surveyId = surveyIdOf(TENANT, 'R-STILL-OPEN');
    await advanceTo(SEND_AT);

    await guestWrites('3', ANSWERED_AT);

    const { guestId, followUpTicketId } = await surveyOf(surveyId);
    expect(followUpTicketId).toBe(open.ticketId);
    expect((await ticketsOfGuest(guestId)).map((t) => t.ticketId)).toEqual([open.ticketId]);
    expect(await flow.tickets.getTicket(TENANT, open.ticketId)).toMatchObject({
      status: 'open',
      escalationLevel: 2,
    });
    expect(eventsOf(DetailType.ticketEscalated, { ticketId: open.ticketId })).toMatchObject([
      { level: 2, team: 'supervisor', reason: 'reputation-risk' },
    ]);
    expect(eventsOf(DetailType.detractorFollowUpOpened, { surveyId })).toMatchObject([
      { score: 3, ticketId: open.ticketId },
    ]);
    expect(
      (await flow.tickets.listMessages(TENANT, open.ticketId)).map((m) => [
        m.direction,
        m.templateId ?? m.text,
      ]),
    ).toEqual([
      ['inbound', 'Merhaba, havuz kaçta açılıyor?'],
      ['inbound', '3'],
      ['outbound', 'nps-detractor-callback'],
    ]);
  });

  it('invites a promoter who answered "10" to review, with UTM-tagged links, and opens no ticket', async () => {
    // Prepare
    const surveyId = await surveySentToGuestWhoWrote('R-PROMOTER');
    const { guestId } = await surveyOf(surveyId);
    const ticketsBefore = await ticketsOfGuest(guestId);

    // Act: the guest answers "10" at 10:00; the answer window (48 h) and the invitation delay
    // (24 h after the answer) both pass, the window last.
    const { landing } = await guestWrites('10', ANSWERED_AT);
    await advanceTo(later(ANSWER_BY, -SECOND));
    const early = requestsOf(surveyId, 'nps-review');
    await advanceTo(ANSWER_BY);

    // Assess
    expect(landing.outcome).toBe('nps-answered');
    expect(await surveyOf(surveyId)).toMatchObject({
      status: 'answered',
      score: 10,
      category: 'promoter',
      reviewInvitationSentAt: ANSWER_BY.toISOString(),
    });
    expect((await surveyOf(surveyId)).followUpTicketId).toBeUndefined();
    expect(await ticketsOfGuest(guestId)).toHaveLength(ticketsBefore.length);
    expect((await ticketsOfGuest(guestId)).filter((t) => t.origin)).toEqual([]);
    expect(eventsOf(DetailType.ticketOpened, { guestId })).toHaveLength(ticketsBefore.length);
    expect(eventsOf(DetailType.detractorFollowUpOpened, { surveyId })).toEqual([]);
    expect(eventsOf(DetailType.surveyAnswered, { surveyId })).toMatchObject([
      { score: 10, category: 'promoter' },
    ]);

    expect(early).toEqual([]);
    const tags = 'utm_source=whatsapp&utm_medium=nps&utm_campaign=aurora-belek-2026-07';
    const invitations = requestsOf(surveyId, 'nps-review');
    expect(invitations).toMatchObject([
      {
        channel: 'whatsapp',
        recipient: { kind: 'whatsapp', waId: WA_ID, phoneNumberId: PHONE_NUMBER_ID },
        content: {
          kind: 'template',
          name: 'nps_promoter_review',
          text: expect.stringContaining(`https://g.page/r/aurora-belek/review?${tags}`),
        },
      },
    ]);
    expect(JSON.stringify(invitations[0])).toContain(
      `https://www.tripadvisor.com/UserReviewEdit-g1-d2.html?m=1&${tags}`,
    );
    expect((await flow.thread.list(TENANT, surveyThreadId(surveyId))).map((m) => m.templateId)).toEqual([
      'nps-question',
      'nps-promoter-review',
    ]);
    expect(eventsOf(DetailType.surveyExpired, { surveyId })).toEqual([]);
    expect(flow.runtime.runner.executions).toBe(0);
    expect(flow.failures).toEqual([]);
  });

  it('skips a guest without survey consent when the schedule fires, and sends nothing', async () => {
    // Prepare
    await guestWrites('Merhaba, havuz kaçta açılıyor?', GUEST_WROTE_AT);
    const recorded = await importDeparture({
      reservationId: 'R-NO-CONSENT',
      consent: { service: true, surveys: false, marketing: false },
    });
    const surveyId = surveyIdOf(TENANT, 'R-NO-CONSENT');

    // Act
    await advanceTo(later(SEND_AT, HOUR));

    // Assess
    expect(recorded.outcome).toBe('recorded');
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'skipped', skippedReason: 'no-consent' });
    expect(eventsOf(DetailType.surveySkipped, { surveyId })).toMatchObject([{ reason: 'no-consent' }]);
    expect(eventsOf(DetailType.outboundMessageRequested)).toEqual([]);
    expect(eventsOf(DetailType.surveySent)).toEqual([]);
    expect(await flow.thread.list(TENANT, surveyThreadId(surveyId))).toEqual([]);
    expect(scheduleOf('R-NO-CONSENT')).toBeUndefined();
    expect(flow.runtime.runner.executions).toBe(0);
    expect(flow.failures).toEqual([]);
  });

  it('sends one survey to a guest who departs twice within the frequency cap, and skips the other', async () => {
    // Prepare: the same phone checks out on 19 July and again on 29 July (cap: 90 days).
    const first = await importDeparture({ reservationId: 'R-STAY-1' });
    await advanceTo(SEND_AT);
    const secondImport = new Date('2026-07-29T08:15:00Z');
    const second = await importDeparture(
      {
        reservationId: 'R-STAY-2',
        checkInDate: '2026-07-25',
        checkOutDate: '2026-07-29',
        checkOutTime: '11:00',
      },
      secondImport,
    );
    const secondSendAt = new Date('2026-07-29T12:00:00Z'); // 11:00 + 4 h, Istanbul

    // Act
    await advanceTo(later(secondSendAt, HOUR));

    // Assess
    if (first.outcome !== 'recorded' || second.outcome !== 'recorded') throw new Error('not recorded');
    expect(second.scheduledFor).toBe(secondSendAt.toISOString());
    const [one, other] = [await surveyOf(first.surveyId), await surveyOf(second.surveyId)];
    expect(other.guestId).toBe(one.guestId);
    expect(one).toMatchObject({ status: 'expired', sentAt: SEND_AT.toISOString() });
    expect(other).toMatchObject({ status: 'skipped', skippedReason: 'frequency-cap' });
    expect(requestsOf(first.surveyId)).toHaveLength(1);
    expect(requestsOf(second.surveyId)).toEqual([]);
    expect(eventsOf(DetailType.outboundMessageRequested)).toHaveLength(1);
    expect(eventsOf(DetailType.surveySent)).toMatchObject([{ surveyId: first.surveyId }]);
    expect(eventsOf(DetailType.surveySkipped)).toMatchObject([
      { surveyId: second.surveyId, reason: 'frequency-cap' },
    ]);
    expect(flow.failures).toEqual([]);
  });

  it('changes nothing when the same departure is imported again: no event, no schedule, one survey', async () => {
    // Prepare
    const first = await importDeparture({ reservationId: 'R-TWICE' });
    const itemsBefore = await flow.table.scan();
    const eventsBefore = flow.bus.bus.events().length;
    const schedulesBefore = flow.runtime.scheduler.list();

    // Act: the PMS sends the same departure an hour later.
    const again = await importDeparture({ reservationId: 'R-TWICE' }, later(IMPORTED_AT, HOUR));

    // Assess
    const surveyId = surveyIdOf(TENANT, 'R-TWICE');
    expect(first).toMatchObject({ outcome: 'recorded', surveyId });
    expect(again).toEqual({ outcome: 'duplicate', surveyId, receivedAt: IMPORTED_AT.toISOString() });
    expect(await flow.table.scan()).toEqual(itemsBefore);
    expect(flow.bus.bus.events()).toHaveLength(eventsBefore);
    expect(flow.scheduleCalls).toEqual([scheduleNameOf(TENANT, 'R-TWICE')]);
    expect(flow.runtime.scheduler.list()).toEqual(schedulesBefore);
    expect(schedulesBefore).toHaveLength(1);
    expect(eventsOf(DetailType.surveyScheduled, { surveyId })).toHaveLength(1);

    // Act 2: the survey's time comes.
    await advanceTo(later(SEND_AT, HOUR));

    // Assess 2: sent once.
    expect(requestsOf(surveyId)).toHaveLength(1);
    expect(eventsOf(DetailType.surveySent, { surveyId })).toHaveLength(1);
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'sent', sentAt: SEND_AT.toISOString() });
    expect(flow.failures).toEqual([]);
  });

  it('sends once when the local runtime restarts between the schedule and the send', async () => {
    // Prepare: scheduled by the first runtime, which stops at 06:00 Istanbul, before the time.
    const recorded = await importDeparture({ reservationId: 'R-RESTART' });
    const surveyId = surveyIdOf(TENANT, 'R-RESTART');
    const firstRuntime = flow.runtime;
    await advanceTo(later(SEND_AT, -3 * HOUR));
    const kept = JSON.parse(readFileSync(flow.schedulesFile, 'utf8')).schedules;

    // Act: a fresh scheduler and runner on the same data folder and clock; past the time.
    const runtime = await flow.restart();
    const afterRestart = requestsOf(surveyId);
    await advanceTo(later(SEND_AT, HOUR));

    // Assess
    expect(recorded.outcome).toBe('recorded');
    expect(kept).toMatchObject([{ name: scheduleNameOf(TENANT, 'R-RESTART'), at: SEND_AT.toISOString() }]);
    expect(firstRuntime.runner.executions).toBe(0);
    expect(runtime).toMatchObject({ resumed: 0, pendingSchedules: 1 });
    expect(afterRestart).toEqual([]);
    expect(requestsOf(surveyId)).toHaveLength(1);
    expect(eventsOf(DetailType.outboundMessageRequested)).toHaveLength(1);
    expect(eventsOf(DetailType.surveySent, { surveyId })).toMatchObject([{ sentAt: SEND_AT.toISOString() }]);
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'sent', sentAt: SEND_AT.toISOString() });
    expect(runtime.scheduler.list()).toEqual([]);
    expect(flow.failures).toEqual([]);
  });
});

describe('issue 7: consent records and opt-outs in the NPS flow', () => {
  const historyOf = async (guestId: string) =>
    (
      await Promise.all(
        (['service', 'surveys', 'marketing'] as const).map((p) => flow.consent.history(TENANT, guestId, p)),
      )
    ).flat();

  it("records the departure's consent flags once however often it is imported, and a changed flag as a new decision", async () => {
    // Prepare
    const first = await importDeparture({ reservationId: 'R-CONSENT' });
    const { guestId } = await surveyOf(surveyIdOf(TENANT, 'R-CONSENT'));
    const recorded = await historyOf(guestId);

    // Act: the same row an hour later, then the PMS corrects the marketing flag.
    const again = await importDeparture({ reservationId: 'R-CONSENT' }, later(IMPORTED_AT, HOUR));
    const afterAgain = await historyOf(guestId);
    const correctedAt = later(IMPORTED_AT, 2 * HOUR);
    await importDeparture(
      { reservationId: 'R-CONSENT', consent: { service: true, surveys: true, marketing: true } },
      correctedAt,
    );

    // Assess
    expect(first.outcome).toBe('recorded');
    expect(again.outcome).toBe('duplicate');
    const fromPms = { source: 'pms-checkout', reservationId: 'R-CONSENT', textVersion: 'kvkk-2026-01' };
    expect(recorded).toEqual([
      {
        tenantId: TENANT,
        guestId,
        purpose: 'service',
        granted: true,
        at: IMPORTED_AT.toISOString(),
        ...fromPms,
      },
      {
        tenantId: TENANT,
        guestId,
        purpose: 'surveys',
        granted: true,
        at: IMPORTED_AT.toISOString(),
        ...fromPms,
      },
      {
        tenantId: TENANT,
        guestId,
        purpose: 'marketing',
        granted: false,
        at: IMPORTED_AT.toISOString(),
        ...fromPms,
      },
    ]);
    expect(afterAgain).toEqual(recorded);
    expect(await flow.consent.current(TENANT, guestId)).toMatchObject({
      surveys: { granted: true, at: IMPORTED_AT.toISOString() },
      marketing: { granted: true, at: correctedAt.toISOString(), ...fromPms },
    });
    expect(await historyOf(guestId)).toHaveLength(4);
  });

  it('sends no survey to a guest who said "STOP" after the check-out although the departure said yes, and confirms it', async () => {
    // Prepare: the guest wrote two days before; the departure (survey consent: yes) is imported.
    const { landing: question } = await guestWrites('Merhaba, havuz kaçta açılıyor?', GUEST_WROTE_AT);
    const recorded = await importDeparture({ reservationId: 'R-STOP' });
    const surveyId = surveyIdOf(TENANT, 'R-STOP');
    const { guestId } = await surveyOf(surveyId);
    const stopAt = later(IMPORTED_AT, HOUR);

    // Act: "STOP" in the evening after the check-out; the survey's time comes the next morning.
    const { landing } = await guestWrites('STOP', stopAt);
    await advanceTo(later(SEND_AT, HOUR));

    // Assess: the decision stands over the departure's flag; nothing but the confirmation goes out.
    expect(recorded.outcome).toBe('recorded');
    expect(landing).toEqual({ ticketId: question.ticketId, outcome: 'opted-out' });
    expect(await flow.consent.current(TENANT, guestId)).toMatchObject({
      service: { granted: true, source: 'pms-checkout' },
      surveys: { granted: false, source: 'guest-message', channel: 'whatsapp', at: stopAt.toISOString() },
      marketing: { granted: false, source: 'guest-message' },
    });
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'skipped', skippedReason: 'no-consent' });
    expect(eventsOf(DetailType.surveySkipped, { surveyId })).toMatchObject([{ reason: 'no-consent' }]);
    expect(requestsOf(surveyId)).toEqual([]);
    expect(eventsOf(DetailType.surveySent)).toEqual([]);
    expect(eventsOf(DetailType.outboundMessageRequested)).toMatchObject([
      {
        ticketId: question.ticketId,
        purpose: 'privacy',
        recipient: { kind: 'whatsapp', waId: WA_ID, phoneNumberId: PHONE_NUMBER_ID },
        content: { kind: 'text', text: expect.stringMatching(/^Hello, this is Aurora Belek Resort & Spa: /) },
      },
    ]);
    expect(flow.failures).toEqual([]);
  });

  it('invites no promoter to review after a "STOP" that followed the answer', async () => {
    // Prepare
    const surveyId = await surveySentToGuestWhoWrote('R-PROMOTER-STOP');
    await guestWrites('10', ANSWERED_AT);

    // Act: "Abmelden" an hour after the answer; the invitation's time and the window pass.
    const { landing } = await guestWrites('Abmelden', later(ANSWERED_AT, HOUR));
    await advanceTo(ANSWER_BY);

    // Assess
    expect(landing.outcome).toBe('opted-out');
    const survey = await surveyOf(surveyId);
    expect(survey).toMatchObject({ status: 'answered', score: 10, category: 'promoter' });
    expect(survey.reviewInvitationSentAt).toBeUndefined();
    expect(requestsOf(surveyId, 'nps-review')).toEqual([]);
    expect((await flow.thread.list(TENANT, surveyThreadId(surveyId))).map((m) => m.templateId)).toEqual([
      'nps-question',
    ]);
    expect(eventsOf(DetailType.outboundMessageRequested, { purpose: 'privacy' })).toMatchObject([
      { ticketId: landing.ticketId, content: { text: expect.stringMatching(/^Guten Tag, hier ist /) } },
    ]);
    expect(flow.failures).toEqual([]);
  });

  it('takes a guest\'s "dur" in answer to the survey on the survey\'s thread, confirms it there, and opens no ticket', async () => {
    // Prepare: the guest never wrote; the survey goes to the PMS phone on the WhatsApp template.
    await importDeparture({ reservationId: 'R-DUR' });
    const surveyId = surveyIdOf(TENANT, 'R-DUR');
    await advanceTo(SEND_AT);
    const { guestId } = await surveyOf(surveyId);

    // Act: "dur" while the survey waits for an answer; then the answer window passes.
    const { event, landing } = await guestWrites('dur', ANSWERED_AT);
    const again = await landGuestMessage(flow.intake, event);
    await advanceTo(ANSWER_BY);

    // Assess
    const threadId = surveyThreadId(surveyId);
    expect(landing).toEqual({ ticketId: threadId, outcome: 'opted-out' });
    expect(again).toEqual({ ticketId: threadId, outcome: 'duplicate' });
    expect(await ticketsOfGuest(guestId)).toEqual([]);
    expect(eventsOf(DetailType.ticketOpened)).toEqual([]);
    expect(
      (await flow.thread.list(TENANT, threadId)).map((m) => [m.direction, m.templateId ?? m.text]),
    ).toEqual([
      ['outbound', 'nps-question'],
      ['inbound', 'dur'],
      ['outbound', 'privacy-opt-out-confirmation'],
    ]);
    expect(eventsOf(DetailType.outboundMessageRequested, { purpose: 'privacy' })).toMatchObject([
      {
        ticketId: threadId,
        surveyId,
        channel: 'whatsapp',
        recipient: { kind: 'whatsapp', waId: WA_ID, phoneNumberId: PHONE_NUMBER_ID },
        content: { kind: 'text', text: expect.stringMatching(/^Merhaba, Aurora Belek Resort & Spa olarak /) },
      },
    ]);
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'expired' });
    expect(requestsOf(surveyId)).toHaveLength(1);
    expect((await flow.consent.current(TENANT, guestId)).surveys).toMatchObject({ granted: false });
    expect(flow.failures).toEqual([]);
  });
});
