import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConsentStore } from '../../functions/adapters/dynamodb-consent-store';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbOutboundStore } from '../../functions/adapters/dynamodb-outbound-store';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import { DynamoDbSurveyThread } from '../../functions/adapters/dynamodb-survey-thread';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { OutboxFolderSender } from '../../functions/adapters/outbox-folder-sender';
import { guestIdentityReader } from '../../functions/adapters/survey-workflow-deps';
import { DetailType, EVENT_BUS_NAME, EventSource, WorkflowName } from '../../functions/contracts/bus';
import type { Hotel } from '../../functions/domain/hotels';
import type { SendDeps } from '../../functions/domain/outbound/send-outbound';
import type { NpsDeps } from '../../functions/domain/surveys/nps-workflow-steps';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { type IntakeDeps, landGuestMessage } from '../../functions/domain/tickets/intake';
import { createSenderHandler } from '../../functions/sender/handler';
import { createSurveyWorkflowHandler } from '../../functions/survey-workflow/handler';
import { ManualClock } from '../../local/runtime/clock';
import { LocalWorkflowRunner } from '../../local/runtime/workflow-runner';
import { surveyThreadId } from '../../schemas/events';
import type { ConsentFlags, Departure, Survey } from '../../schemas/surveys';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';
import { startTestBus, type TestBus } from '../support/local-bus';
import { guestMessage } from '../support/tickets';

const NPS_WORKFLOW_FILE = join(import.meta.dirname, '..', '..', 'workflows', `${WorkflowName.nps}.asl.json`);

// Wednesday 1 July 2026, 10:00 in Istanbul: every test starts on its own later slot of the one clock.
const START = new Date('2026-07-01T07:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TENANT = 'aurora-belek';
const PHONE_NUMBER_ID = '106540352242922';
const REVIEW_LINKS = [
  'https://g.page/r/aurora-belek/review',
  'https://www.tripadvisor.com/UserReviewEdit-g1-d2.html?m=1',
];
const ANSWER_WINDOW = 48 * HOUR;
const INVITATION_DELAY = 24 * HOUR;
const CONSENTING: ConsentFlags = { service: true, surveys: true, marketing: false };

/** aurora-belek with review links; the other settings at their defaults (48 h window, 24 h delay, 90-day cap). */
const hotels = new Map<string, Hotel>(
  HOTELS.map((h) => [h.tenantId, h.tenantId === TENANT ? { ...h, nps: { reviewLinks: REVIEW_LINKS } } : h]),
);

let table: TestTable;
let bus: TestBus;
let clock: ManualClock;
let intake: IntakeDeps;
let deps: NpsDeps;
let thread: DynamoDbSurveyThread;
let runner: LocalWorkflowRunner;
let sender: SendDeps;
let outboxDir: string;
const failures: unknown[] = [];

beforeAll(async () => {
  table = await createTestTable();
  bus = await startTestBus();
  clock = new ManualClock(START);
  const common = {
    dedupe: new DynamoDbDedupeStore(table.doc, table.tableName),
    publisher: new EventBridgePublisher(bus.client, EVENT_BUS_NAME),
    metrics: { count: () => undefined },
    now: () => clock.now(),
  };
  const tickets = new DynamoDbTicketStore(table.doc, table.tableName);
  thread = new DynamoDbSurveyThread(table.doc, table.tableName);
  intake = {
    ...common,
    tickets,
    guests: new DynamoDbGuestDirectory(table.doc, table.tableName),
    hotelOf: (tenantId) => hotels.get(tenantId),
    newGuestId: () => `g_${randomUUID()}`,
  };
  deps = {
    ...common,
    surveys: new DynamoDbSurveyStore(table.doc, table.tableName),
    tickets,
    guests: guestIdentityReader(table.doc, table.tableName),
    consent: new DynamoDbConsentStore(table.doc, table.tableName),
    thread,
    hotelOf: (tenantId) => hotels.get(tenantId),
    catalogue: loadTemplates(),
    clockSpeed: 1,
    directChannels: { email: true, sms: true },
  };
  outboxDir = mkdtempSync(join(tmpdir(), 'hotel-inbox-nps-outbox-'));
  const outbox = new OutboxFolderSender(outboxDir, 'surveys@aurora-belek.example', () => clock.now());
  const unavailable = () => Promise.reject(new Error('no platform in this test'));
  sender = {
    ...common,
    tickets,
    outbound: new DynamoDbOutboundStore(table.doc, table.tableName),
    platform: { send: unavailable },
    webchat: { post: unavailable },
    email: outbox,
    sms: outbox,
    newAttemptId: () => randomUUID(),
  };
  runner = new LocalWorkflowRunner({
    definitionFile: NPS_WORKFLOW_FILE,
    tasks: { SurveyWorkflowFunctionArn: createSurveyWorkflowHandler(() => deps) },
    clock,
    virtualTime: true,
    retryPauseMillis: 0,
    onFailure: (_, error) => failures.push(error),
  });
});
afterAll(async () => {
  await runner.stop();
  await bus.close();
  table.client.destroy();
});

const later = (from: Date, millis: number) => new Date(from.getTime() + millis);
/** A Wait timestamp as the workflow writes it: whole seconds, no milliseconds. */
const waitStamp = (at: Date) => at.toISOString().replace('.000Z', 'Z');
const settle = () => runner.idle();

const eventsOf = (surveyId: string, type: string) =>
  bus.bus
    .events()
    .filter((e) => e.detail.surveyId === surveyId && e['detail-type'] === type)
    .map((e) => e.detail);

const requestsOf = (surveyId: string, purpose = 'nps') =>
  eventsOf(surveyId, DetailType.outboundMessageRequested).filter((d) => d.purpose === purpose);

const surveyOf = async (surveyId: string): Promise<Survey> => {
  const survey = await deps.surveys.getSurvey(TENANT, surveyId);
  if (!survey) throw new Error(`no survey ${surveyId}`);
  return survey;
};

let sequence = 0;
const newPhone = () => `9053400${String(100 + sequence++)}`;

/** The guest writes on WhatsApp at `at`; their guest id, as the intake linked it. */
async function guestWrites(phone: string, at: Date, text = 'Merhaba, havuz kaçta açılıyor?') {
  await clock.advanceTo(at, settle);
  await landGuestMessage(intake, guestMessage(text, { at, phone }));
  const guestId = await intake.guests.guestIdByPhone(TENANT, `+${phone}`);
  if (!guestId) throw new Error('the intake linked no guest');
  return guestId;
}

/** A departure and its scheduled survey, as the check-out import records them. */
async function scheduledSurvey(options: {
  scheduledFor: Date;
  guestId?: string;
  phone?: string;
  email?: string;
  consent?: ConsentFlags;
  language?: Survey['language'];
  preferredChannel?: Departure['preferredChannel'];
}): Promise<string> {
  const n = sequence++;
  const reservationId = `R-${n}`;
  const surveyId = `nps_test_${n}`;
  const guestId = options.guestId ?? `g_departure_${n}`;
  const at = options.scheduledFor.toISOString();
  const departure: Departure = {
    hotel: TENANT,
    reservationId,
    guestName: 'Ayşe Yılmaz',
    ...(options.phone && { phone: `+${options.phone}` }),
    ...(options.email && { email: options.email }),
    language: options.language ?? 'tr',
    checkInDate: '2026-06-24',
    checkOutDate: '2026-07-01',
    consent: options.consent ?? CONSENTING,
    ...(options.preferredChannel && { preferredChannel: options.preferredChannel }),
  };
  await deps.surveys.putDeparture({ tenantId: TENANT, departure, guestId, receivedAt: at });
  await deps.surveys.createSurvey({
    tenantId: TENANT,
    surveyId,
    kind: 'nps',
    reservationId,
    guestId,
    language: departure.language ?? 'en',
    status: 'scheduled',
    scheduledFor: at,
    segment: { market: 'TR' },
    createdAt: at,
    updatedAt: at,
  });
  return surveyId;
}

/** The outbound queue hands the survey's send requests to the sender, as SQS records of the bus's events. */
async function senderTakes(surveyId: string) {
  const Records = bus.bus
    .events()
    .filter((e) => e['detail-type'] === DetailType.outboundMessageRequested && e.detail.surveyId === surveyId)
    .map(
      (e): SQSRecord => ({
        messageId: e.id,
        receiptHandle: e.id,
        body: JSON.stringify({ ...e, source: EventSource.tickets }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(clock.now().getTime()),
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(clock.now().getTime()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:outbound',
        awsRegion: 'eu-central-1',
      }),
    );
  return createSenderHandler(() => sender)({ Records });
}

const outboxFile = (kind: 'email' | 'sms', surveyId: string) =>
  JSON.parse(readFileSync(join(outboxDir, kind, `${TENANT}--nps-${surveyId}.json`), 'utf8'));

/** The one-time schedule fires at `at` and starts the workflow with the survey's ids. */
async function scheduleFires(surveyId: string, at: Date) {
  await clock.advanceTo(at, settle);
  void runner.start({ tenantId: TENANT, surveyId });
  await settle();
}

describe('the NPS workflow on the real ASL file, DynamoDB Local and virtual time', () => {
  let recent: { surveyId: string; phone: string; sendAt: Date };

  it('asks on the WhatsApp conversation the guest wrote in an hour before, as free text', async () => {
    // Prepare
    const phone = newPhone();
    const guestId = await guestWrites(phone, START);
    const sendAt = later(START, HOUR);
    const surveyId = await scheduledSurvey({ scheduledFor: sendAt, guestId, phone });
    recent = { surveyId, phone, sendAt };

    // Act
    await scheduleFires(surveyId, sendAt);

    // Assess
    const answerBy = waitStamp(later(sendAt, ANSWER_WINDOW));
    expect(requestsOf(surveyId)).toMatchObject([
      {
        ticketId: surveyThreadId(surveyId),
        surveyId,
        channel: 'whatsapp',
        recipient: { kind: 'whatsapp', waId: phone, phoneNumberId: PHONE_NUMBER_ID },
        content: {
          kind: 'text',
          text: expect.stringMatching(/^Merhaba Ayşe Yılmaz, Aurora Belek Resort & Spa ekibi olarak/),
        },
        messageId: `nps-${surveyId}`,
        messageAt: sendAt.toISOString(),
      },
    ]);
    expect(await surveyOf(surveyId)).toMatchObject({
      status: 'sent',
      sentAt: sendAt.toISOString(),
      sentVia: 'whatsapp',
      answerBy,
      messageId: `nps-${surveyId}`,
      segment: { market: 'TR', channel: 'whatsapp' },
    });
    expect(eventsOf(surveyId, DetailType.surveySent)).toMatchObject([
      { channel: 'whatsapp', sentAt: sendAt.toISOString(), answerBy, segment: { channel: 'whatsapp' } },
    ]);
    expect(await deps.surveys.getPendingAnswer(TENANT, guestId)).toEqual({ surveyId, answerBy });
    expect(await thread.list(TENANT, surveyThreadId(surveyId))).toMatchObject([
      {
        author: 'system',
        direction: 'outbound',
        channel: 'whatsapp',
        sentAs: 'free-text',
        templateId: 'nps-question',
        delivery: { status: 'queued' },
      },
    ]);
    expect(failures).toEqual([]);
  });

  it('publishes survey events that carry no guest data', () => {
    // Prepare
    const { surveyId, phone } = recent;

    // Act
    const published = JSON.stringify(eventsOf(surveyId, DetailType.surveySent));

    // Assess
    expect(published).not.toContain(phone);
    expect(published).not.toContain('Ayşe');
  });

  it('has each task take effect once when Step Functions runs it again or the schedule fires twice', async () => {
    // Prepare
    const { surveyId, sendAt } = recent;
    const task = createSurveyWorkflowHandler(() => deps);
    const send = { action: 'nps-send', tenantId: TENANT, surveyId, channel: 'whatsapp', mode: 'free-text' };

    // Act
    const prepared = await task({ action: 'nps-prepare', tenantId: TENANT, surveyId });
    const [first, second] = [await task(send), await task(send)];
    void runner.start({ tenantId: TENANT, surveyId });
    await settle();

    // Assess
    const answerBy = waitStamp(later(sendAt, ANSWER_WINDOW));
    expect(prepared).toEqual({ tenantId: TENANT, surveyId, channel: 'whatsapp', mode: 'free-text' });
    expect(first).toEqual({ tenantId: TENANT, surveyId, answerBy });
    expect(second).toEqual(first);
    expect(requestsOf(surveyId)).toHaveLength(1);
    expect(eventsOf(surveyId, DetailType.surveySent)).toHaveLength(1);
    expect(await thread.list(TENANT, surveyThreadId(surveyId))).toHaveLength(1);
    expect((await surveyOf(surveyId)).sentAt).toBe(sendAt.toISOString());
    expect(failures).toEqual([]);
  });

  it('expires a survey nobody answered when the answer window closes, once', async () => {
    // Prepare
    const { surveyId, sendAt } = recent;
    const answerBy = later(sendAt, ANSWER_WINDOW);
    const { guestId } = await surveyOf(surveyId);

    // Act
    await clock.advanceTo(later(answerBy, -1000), settle);
    const before = (await surveyOf(surveyId)).status;
    await clock.advanceTo(answerBy, settle);

    // Assess
    expect(before).toBe('sent');
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'expired', expiredAt: answerBy.toISOString() });
    expect(eventsOf(surveyId, DetailType.surveyExpired)).toMatchObject([
      { channel: 'whatsapp', occurredAt: answerBy.toISOString() },
    ]);
    expect(await deps.surveys.getPendingAnswer(TENANT, guestId)).toBeUndefined();
    expect(failures).toEqual([]);
  });

  it('asks with the approved WhatsApp template when the guest last wrote three days before', async () => {
    // Prepare
    const at = later(START, 10 * DAY);
    const phone = newPhone();
    const guestId = await guestWrites(phone, at, 'Hello, is the spa open on Sundays?');
    const sendAt = later(at, 3 * DAY);
    const surveyId = await scheduledSurvey({ scheduledFor: sendAt, guestId, phone, language: 'en' });

    // Act
    await scheduleFires(surveyId, sendAt);

    // Assess
    const requests = requestsOf(surveyId);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      channel: 'whatsapp',
      recipient: { kind: 'whatsapp', waId: phone, phoneNumberId: PHONE_NUMBER_ID },
      content: {
        kind: 'template',
        name: 'nps_question',
        languageCode: 'en',
        parameters: [
          { name: 'guest_name', text: 'Ayşe Yılmaz' },
          { name: 'hotel_name', text: 'Aurora Belek Resort & Spa' },
        ],
        text: expect.stringMatching(/^Hello Ayşe Yılmaz, thank you for choosing Aurora Belek Resort & Spa\./),
      },
    });
    expect(await thread.list(TENANT, surveyThreadId(surveyId))).toMatchObject([
      { sentAs: 'whatsapp-template' },
    ]);
    expect((await surveyOf(surveyId)).sentVia).toBe('whatsapp');
  });

  it('asks by e-mail, with a subject, a guest the hotel has no phone number for: the local outbox', async () => {
    // Prepare
    const sendAt = later(START, 20 * DAY);
    const surveyId = await scheduledSurvey({
      scheduledFor: sendAt,
      email: 'guest.nps@example.com',
      language: 'de',
    });

    // Act
    await scheduleFires(surveyId, sendAt);
    const sent = await senderTakes(surveyId);

    // Assess
    expect(requestsOf(surveyId)).toMatchObject([
      {
        channel: 'email',
        recipient: { kind: 'email', address: 'guest.nps@example.com' },
        subject: 'Aurora Belek Resort & Spa: eine Frage zu Ihrem Aufenthalt',
        content: { kind: 'text', text: expect.stringMatching(/^Guten Tag Ayşe Yılmaz, das Team von Aurora/) },
      },
    ]);
    expect(sent.batchItemFailures).toEqual([]);
    expect(outboxFile('email', surveyId)).toMatchObject({
      from: 'surveys@aurora-belek.example',
      to: 'guest.nps@example.com',
      subject: 'Aurora Belek Resort & Spa: eine Frage zu Ihrem Aufenthalt',
      text: expect.stringMatching(/^Guten Tag Ayşe Yılmaz/),
    });
    expect(await thread.list(TENANT, surveyThreadId(surveyId))).toMatchObject([
      {
        channel: 'email',
        delivery: { status: 'sent', platformMessageId: expect.stringMatching(/^outbox-email-/) },
      },
    ]);
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'sent', sentVia: 'email' });
  });

  it('asks by SMS a guest who prefers it, through the local outbox', async () => {
    // Prepare
    const sendAt = later(START, 22 * DAY);
    const phone = newPhone();
    const surveyId = await scheduledSurvey({
      scheduledFor: sendAt,
      phone,
      email: 'sms.guest@example.com',
      preferredChannel: 'sms',
      language: 'ru',
    });

    // Act
    await scheduleFires(surveyId, sendAt);
    const sent = await senderTakes(surveyId);

    // Assess
    expect(requestsOf(surveyId)).toMatchObject([
      { channel: 'sms', recipient: { kind: 'sms', phoneNumber: `+${phone}` }, content: { kind: 'text' } },
    ]);
    expect(sent.batchItemFailures).toEqual([]);
    expect(outboxFile('sms', surveyId)).toMatchObject({
      to: `+${phone}`,
      text: expect.stringMatching(/^Здравствуйте, Ayşe Yılmaz!/),
    });
    expect(await surveyOf(surveyId)).toMatchObject({
      status: 'sent',
      sentVia: 'sms',
      segment: { channel: 'sms' },
    });
  });

  it('skips a guest who gave no survey consent and sends nothing', async () => {
    // Prepare
    const phone = newPhone();
    const at = later(START, 25 * DAY);
    const guestId = await guestWrites(phone, at);
    const sendAt = later(at, HOUR);
    const surveyId = await scheduledSurvey({
      scheduledFor: sendAt,
      guestId,
      phone,
      consent: { service: true, surveys: false, marketing: false },
    });

    // Act
    await scheduleFires(surveyId, sendAt);
    await scheduleFires(surveyId, later(sendAt, MINUTE));

    // Assess
    expect(requestsOf(surveyId)).toEqual([]);
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'skipped', skippedReason: 'no-consent' });
    expect(eventsOf(surveyId, DetailType.surveySkipped)).toMatchObject([{ reason: 'no-consent' }]);
    expect(eventsOf(surveyId, DetailType.surveySent)).toEqual([]);
    expect(await thread.list(TENANT, surveyThreadId(surveyId))).toEqual([]);
    expect(await deps.surveys.getPendingAnswer(TENANT, guestId)).toBeUndefined();
  });

  it('skips a guest the hotel cannot reach: no-channel', async () => {
    // Prepare
    const sendAt = later(START, 27 * DAY);
    const surveyId = await scheduledSurvey({ scheduledFor: sendAt });

    // Act
    await scheduleFires(surveyId, sendAt);

    // Assess
    expect(requestsOf(surveyId)).toEqual([]);
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'skipped', skippedReason: 'no-channel' });
    expect(eventsOf(surveyId, DetailType.surveySkipped)).toMatchObject([{ reason: 'no-channel' }]);
  });

  it('sends one survey to a guest who leaves twice within the frequency cap, and skips the other', async () => {
    // Prepare
    const phone = newPhone();
    const at = later(START, 30 * DAY);
    const guestId = await guestWrites(phone, at);
    const firstAt = later(at, 2 * HOUR);
    const first = await scheduledSurvey({ scheduledFor: firstAt, guestId, phone });
    const secondAt = later(firstAt, 10 * DAY);
    const second = await scheduledSurvey({ scheduledFor: secondAt, guestId, phone });

    // Act
    await scheduleFires(first, firstAt);
    await scheduleFires(second, secondAt);

    // Assess
    expect(requestsOf(first)).toHaveLength(1);
    expect(requestsOf(second)).toEqual([]);
    expect(await surveyOf(second)).toMatchObject({ status: 'skipped', skippedReason: 'frequency-cap' });
    expect(eventsOf(second, DetailType.surveySkipped)).toMatchObject([{ reason: 'frequency-cap' }]);
  });

  it('invites a promoter to review, with UTM-tagged links, the configured delay after the answer, out of quiet hours', async () => {
    // Prepare
    const phone = newPhone();
    const at = later(START, 60 * DAY);
    const guestId = await guestWrites(phone, at);
    const sendAt = later(at, HOUR);
    const surveyId = await scheduledSurvey({ scheduledFor: sendAt, guestId, phone, language: 'en' });
    await scheduleFires(surveyId, sendAt);
    const answeredAt = later(sendAt, 40 * HOUR);
    await clock.advanceTo(answeredAt, settle);
    // The answer capture is the ticket intake's: the survey is answered as it would record it.
    await deps.surveys.updateSurvey(
      TENANT,
      surveyId,
      { status: 'answered', score: 10, category: 'promoter', answeredAt: answeredAt.toISOString() },
      ['sent'],
    );
    await deps.surveys.setPendingAnswer(TENANT, guestId, undefined);
    // The delay ends at 03:00 hotel time, inside the quiet hours (21:00-09:00): it waits for 09:00.
    const inviteAt = later(answeredAt, INVITATION_DELAY + 6 * HOUR);
    expect(inviteAt.toISOString()).toBe('2026-09-02T06:00:00.000Z');

    // Act
    await clock.advanceTo(later(inviteAt, -1000), settle);
    const before = requestsOf(surveyId, 'nps-review');
    await clock.advanceTo(inviteAt, settle);

    // Assess
    expect(before).toEqual([]);
    const tagged = (link: string) =>
      `${link}${link.includes('?') ? '&' : '?'}utm_source=whatsapp&utm_medium=nps&utm_campaign=aurora-belek-2026-08`;
    const reviewLink = REVIEW_LINKS.map(tagged).join(' ');
    const invitations = requestsOf(surveyId, 'nps-review');
    expect(invitations).toHaveLength(1);
    // The guest's last message is two days old by now: WhatsApp's approved template.
    expect(invitations[0]).toMatchObject({
      channel: 'whatsapp',
      messageId: `nps-review-${surveyId}`,
      content: {
        kind: 'template',
        name: 'nps_promoter_review',
        languageCode: 'en',
        parameters: [
          { name: 'guest_name', text: 'Ayşe Yılmaz' },
          { name: 'hotel_name', text: 'Aurora Belek Resort & Spa' },
          { name: 'review_link', text: reviewLink },
        ],
        text: expect.stringContaining(`at ${reviewLink}, and`),
      },
    });
    expect(await surveyOf(surveyId)).toMatchObject({
      status: 'answered',
      reviewInvitationSentAt: inviteAt.toISOString(),
    });
    expect((await thread.list(TENANT, surveyThreadId(surveyId))).map((m) => m.templateId)).toEqual([
      'nps-question',
      'nps-promoter-review',
    ]);
    expect(eventsOf(surveyId, DetailType.surveyExpired)).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('invites no passive to review', async () => {
    // Prepare
    const phone = newPhone();
    const at = later(START, 70 * DAY);
    const guestId = await guestWrites(phone, at);
    const sendAt = later(at, HOUR);
    const surveyId = await scheduledSurvey({ scheduledFor: sendAt, guestId, phone });
    await scheduleFires(surveyId, sendAt);
    const answeredAt = later(sendAt, 2 * HOUR);
    await clock.advanceTo(answeredAt, settle);
    await deps.surveys.updateSurvey(
      TENANT,
      surveyId,
      { status: 'answered', score: 8, category: 'passive', answeredAt: answeredAt.toISOString() },
      ['sent'],
    );

    // Act
    await clock.advanceTo(later(sendAt, ANSWER_WINDOW + INVITATION_DELAY), settle);

    // Assess
    expect(requestsOf(surveyId, 'nps-review')).toEqual([]);
    expect(await surveyOf(surveyId)).toMatchObject({ status: 'answered', score: 8 });
    expect(runner.executions).toBe(0);
    expect(failures).toEqual([]);
  });
});
