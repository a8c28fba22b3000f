import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbGuestProfiles } from '../../functions/adapters/dynamodb-guest-profiles';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { EventBridgeSurveyScheduler } from '../../functions/adapters/eventbridge-survey-scheduler';
import { createCheckoutsHandler } from '../../functions/checkouts/handler';
import { DetailType, EVENT_BUS_NAME } from '../../functions/contracts/bus';
import { Keys } from '../../functions/contracts/table';
import type { DepartureDeps } from '../../functions/domain/surveys/departures';
import { signPmsBody } from '../../functions/domain/surveys/pms-signature';
import type { SurveyScheduler } from '../../functions/domain/surveys/ports';
import { emailGuestIdOf, surveyIdOf } from '../../functions/domain/surveys/survey-ids';
import { type SurveySweepDeps, sweepSurveys } from '../../functions/domain/surveys/survey-sweep';
import { createSurveySweepHandler } from '../../functions/survey-sweep/handler';
import { ManualClock } from '../../local/runtime/clock';
import { LocalEventBus } from '../../local/runtime/event-bus';
import { EVENTBRIDGE_PATH } from '../../local/runtime/eventbridge-endpoint';
import { createLocalServer } from '../../local/runtime/http-server';
import { LOCAL_SURVEY_SCHEDULES, LocalScheduler } from '../../local/runtime/local-scheduler';
import { SCHEDULER_PATH } from '../../local/runtime/scheduler-endpoint';
import type { Departure } from '../../schemas/surveys';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';
import { httpEvent } from '../support/meta';

const PMS_SECRET = 'test-pms-secret';
/** 09:00 in Istanbul, the morning of the check-outs below. */
const NOW = new Date('2026-07-19T06:00:00.000Z');

let table: TestTable;
let bus: LocalEventBus;
let server: Server;
let scheduler: LocalScheduler;
let eventBridge: EventBridgeClient;
let schedulerClient: SchedulerClient;
let surveys: DynamoDbSurveyStore;
let guests: DynamoDbGuestDirectory;
/** Names of the schedules asked for, in order, through the port. */
const scheduleCalls: string[] = [];
let failNextSchedule = false;

beforeAll(async () => {
  table = await createTestTable();
  bus = new LocalEventBus();
  scheduler = new LocalScheduler({
    file: join(mkdtempSync(join(tmpdir(), 'hotel-inbox-checkouts-')), 'schedules.json'),
    clock: new ManualClock(NOW),
    fire: () => undefined,
  });
  scheduler.start();
  server = createLocalServer({
    bus,
    scheduler,
    invoke: () => Promise.reject(new Error('no functions here')),
    status: () => ({}),
    authorize: () => undefined,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  eventBridge = new EventBridgeClient({ endpoint: `${base}${EVENTBRIDGE_PATH}` });
  schedulerClient = new SchedulerClient({ endpoint: `${base}${SCHEDULER_PATH}` });
  surveys = new DynamoDbSurveyStore(table.doc, table.tableName);
  guests = new DynamoDbGuestDirectory(table.doc, table.tableName);
});

afterAll(async () => {
  eventBridge.destroy();
  schedulerClient.destroy();
  await scheduler.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  table.client.destroy();
});

beforeEach(() => {
  scheduleCalls.length = 0;
  failNextSchedule = false;
});

/** The real Scheduler adapter against the local scheduler, counting calls and failing on demand. */
const countingScheduler = (): SurveyScheduler => {
  const real = new EventBridgeSurveyScheduler(schedulerClient, LOCAL_SURVEY_SCHEDULES);
  return {
    scheduleOnce: async (name, at, input) => {
      scheduleCalls.push(name);
      if (failNextSchedule) {
        failNextSchedule = false;
        throw new Error('Scheduler unavailable');
      }
      return real.scheduleOnce(name, at, input);
    },
  };
};

let guestCount = 0;
const depsAt = (now: Date, overrides: Partial<DepartureDeps> = {}): DepartureDeps => ({
  surveys,
  guests,
  profiles: new DynamoDbGuestProfiles(table.doc, table.tableName),
  scheduler: countingScheduler(),
  dedupe: new DynamoDbDedupeStore(table.doc, table.tableName),
  publisher: new EventBridgePublisher(eventBridge, EVENT_BUS_NAME, {
    attempts: 2,
    baseDelayMillis: 1,
    sleep: async () => undefined,
  }),
  metrics: { count: () => undefined },
  now: () => now,
  hotelOf: (tenantId) => HOTELS.find((h) => h.tenantId === tenantId),
  newGuestId: () => `g_test_${++guestCount}`,
  ...overrides,
});

const handlerWith = (deps: DepartureDeps = depsAt(NOW)) =>
  createCheckoutsHandler({ departures: () => deps, pmsSecret: async () => PMS_SECRET });

const delivery = (body: unknown, signature?: string) => {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return httpEvent({
    path: '/pms/checkouts',
    body: raw,
    headers: { 'x-hotel-inbox-signature-256': signature ?? signPmsBody(raw, PMS_SECRET) },
  });
};

const departure = (reservationId: string, changes: Partial<Departure> = {}): Departure => ({
  hotel: 'aurora-belek',
  reservationId,
  guestName: 'Ayşe Yılmaz',
  phone: '+90 532 123 45 67',
  language: 'tr',
  market: 'TR',
  roomType: 'Deluxe Sea View',
  stayPurpose: 'family',
  checkInDate: '2026-07-12',
  checkOutDate: '2026-07-19',
  checkOutTime: '11:30',
  preferredChannel: 'whatsapp',
  consent: { service: true, surveys: true, marketing: false },
  ...changes,
});

const scheduledEvents = (surveyId: string) =>
  bus
    .events()
    .filter((e) => e['detail-type'] === DetailType.surveyScheduled && e.detail.surveyId === surveyId);
const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? '{}');

describe('POST /pms/checkouts', () => {
  it('refuses a delivery without a valid signature with 401 and records nothing', async () => {
    const body = { departures: [departure('SIG-1')] };

    const missing = await handlerWith()({
      ...delivery(body),
      headers: { 'content-type': 'application/json' },
    });
    const forged = await handlerWith()(delivery(body, signPmsBody(JSON.stringify(body), 'wrong-secret')));

    expect([missing.statusCode, forged.statusCode]).toEqual([401, 401]);
    expect(await surveys.getDeparture('aurora-belek', 'SIG-1')).toBeUndefined();
  });

  it('answers 400 naming the failing field', async () => {
    const result = await handlerWith()(
      delivery({ departures: [departure('BAD-1', { checkOutDate: '19.07.2026' })] }),
    );
    const notJson = await handlerWith()(delivery('{"departures": ['));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: 'validation_failed', path: 'departures.0.checkOutDate' });
    expect(notJson.statusCode).toBe(400);
  });

  it('records each departure with its survey, publishes Survey Scheduled and schedules the send', async () => {
    const result = await handlerWith()(
      delivery({ departures: [departure('OK-1'), departure('OK-2', { phone: '+90 533 765 43 21' })] }),
    );

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const surveyId = surveyIdOf('aurora-belek', 'OK-1');
    const survey = await surveys.getSurvey('aurora-belek', surveyId);
    expect(survey).toMatchObject({
      status: 'scheduled',
      kind: 'nps',
      reservationId: 'OK-1',
      language: 'tr',
      // 11:30 Istanbul + 4 h.
      scheduledFor: '2026-07-19T12:30:00.000Z',
      segment: {
        channel: 'whatsapp',
        market: 'TR',
        roomType: 'Deluxe Sea View',
        stayPurpose: 'family',
        stage: 'post-stay',
      },
    });
    expect(scheduledEvents(surveyId).map((e) => e.detail)).toEqual([
      expect.objectContaining({
        tenantId: 'aurora-belek',
        surveyId,
        scheduledFor: '2026-07-19T12:30:00.000Z',
      }),
    ]);
    expect(scheduler.get(LOCAL_SURVEY_SCHEDULES.groupName, 'nps-aurora-belek-OK-1')).toMatchObject({
      at: '2026-07-19T12:30:00.000Z',
      target: { input: JSON.stringify({ tenantId: 'aurora-belek', surveyId }) },
    });
    expect(scheduleCalls.sort()).toEqual(['nps-aurora-belek-OK-1', 'nps-aurora-belek-OK-2']);
  });

  it('delivered again changes nothing: no new item, event or schedule call', async () => {
    const body = { departures: [departure('AGAIN-1'), departure('AGAIN-2', { email: 'guest@example.com' })] };
    await handlerWith()(delivery(body));
    const itemsBefore = await table.scan();
    const eventsBefore = bus.events().length;
    const callsBefore = scheduleCalls.length;

    const second = await handlerWith(depsAt(new Date(NOW.getTime() + 3_600_000)))(delivery(body));

    expect(bodyOf(second)).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await table.scan()).toEqual(itemsBefore);
    expect(bus.events()).toHaveLength(eventsBefore);
    expect(scheduleCalls).toHaveLength(callsBefore);
    expect(scheduledEvents(surveyIdOf('aurora-belek', 'AGAIN-1'))).toHaveLength(1);
  });

  it('delivered twice at once records once', async () => {
    const body = { departures: [departure('RACE-1')] };

    const answers = await Promise.all([handlerWith()(delivery(body)), handlerWith()(delivery(body))]);

    expect(answers.map((a) => bodyOf(a).accepted + bodyOf(a).duplicates)).toEqual([1, 1]);
    expect(answers.map((a) => bodyOf(a).accepted).sort()).toEqual([0, 1]);
    expect(scheduledEvents(surveyIdOf('aurora-belek', 'RACE-1'))).toHaveLength(1);
  });

  it('rejects a departure of a hotel it does not know by its index, and accepts the others', async () => {
    const result = await handlerWith()(
      delivery({
        departures: [departure('MIX-1'), departure('MIX-2', { hotel: 'nowhere-hotel' }), departure('MIX-3')],
      }),
    );

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [{ index: 1, field: 'hotel', reason: 'no hotel "nowhere-hotel"' }],
    });
  });

  it('links the departure to the guest who already wrote on WhatsApp from that phone', async () => {
    await guests.linkIdentity(
      'aurora-belek',
      'g_known_whatsapp',
      { channel: 'whatsapp', platformId: '905551112233', phoneNumber: '+905551112233' },
      NOW.toISOString(),
    );

    await handlerWith()(delivery({ departures: [departure('LINK-1', { phone: '0090 555 111 22 33' })] }));

    expect(await surveys.getDeparture('aurora-belek', 'LINK-1')).toMatchObject({
      guestId: 'g_known_whatsapp',
    });
  });

  it('makes a new guest reachable by the WhatsApp identity of the phone', async () => {
    await handlerWith()(delivery({ departures: [departure('NEW-1', { phone: '+49 170 1234567' })] }));

    const { guestId } = (await surveys.getDeparture('aurora-belek', 'NEW-1')) ?? {};
    expect(guestId).toBeDefined();
    expect(await guests.guestIdByPhone('aurora-belek', '+491701234567')).toBe(guestId);
    expect(await guests.guestIdByIdentity('aurora-belek', 'whatsapp', '491701234567')).toBe(guestId);
  });

  it('keeps a guest known only by e-mail as one guest across stays', async () => {
    const byMail = (id: string) => departure(id, { phone: undefined, email: 'Hans.Mueller@example.com' });

    await handlerWith()(delivery({ departures: [byMail('MAIL-1'), byMail('MAIL-2')] }));

    const expected = emailGuestIdOf('aurora-belek', 'hans.mueller@example.com');
    expect((await surveys.getDeparture('aurora-belek', 'MAIL-1'))?.guestId).toBe(expected);
    expect((await surveys.getDeparture('aurora-belek', 'MAIL-2'))?.guestId).toBe(expected);
    // The guest's partition also holds pointers (departures, e-mail index) beside the profile.
    const [profile] = (await table.scan()).filter(
      (i) => i.pk === Keys.guest('aurora-belek', expected).pk && i.sk === 'PROFILE',
    );
    expect(profile).toMatchObject({ sk: 'PROFILE', email: 'Hans.Mueller@example.com' });
  });

  it('schedules a departure that arrives after its send time a minute from now', async () => {
    const late = new Date('2026-07-20T07:00:00.000Z'); // 10:00 Istanbul the day after

    await handlerWith(depsAt(late))(delivery({ departures: [departure('LATE-1')] }));

    expect(scheduler.get(LOCAL_SURVEY_SCHEDULES.groupName, 'nps-aurora-belek-LATE-1')?.at).toBe(
      '2026-07-20T07:01:00.000Z',
    );
  });

  it('answers 500 when the bus fails, and finishes the departure when the PMS sends it again', async () => {
    const failing = depsAt(NOW, {
      publisher: { publish: async (events) => ({ failedIndexes: events.map((_, i) => i) }) },
    });
    const body = { departures: [departure('RETRY-1')] };
    const surveyId = surveyIdOf('aurora-belek', 'RETRY-1');

    const first = await handlerWith(failing)(delivery(body));
    const stranded = await surveys.getSurvey('aurora-belek', surveyId);
    const second = await handlerWith(depsAt(new Date(NOW.getTime() + 60_000)))(delivery(body));

    expect(first.statusCode).toBe(500);
    expect(stranded).toBeUndefined();
    expect(bodyOf(second)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await surveys.getSurvey('aurora-belek', surveyId)).toMatchObject({
      status: 'scheduled',
      createdAt: NOW.toISOString(),
      scheduledFor: '2026-07-19T12:30:00.000Z',
    });
    expect(scheduledEvents(surveyId)).toHaveLength(1);
    expect(scheduleCalls).toEqual(['nps-aurora-belek-RETRY-1']);
  });
});

describe('the daily survey sweep', () => {
  const sweepDeps = (now: Date): SurveySweepDeps => ({
    surveys,
    scheduler: countingScheduler(),
    hotels: HOTELS.filter((h) => h.tenantId === 'lykia-kemer'),
    now: () => now,
  });
  const hotel = (id: string, changes: Partial<Departure> = {}) =>
    departure(id, { hotel: 'lykia-kemer', ...changes });
  const scheduleOf = (reservationId: string) =>
    scheduler.get(LOCAL_SURVEY_SCHEDULES.groupName, `nps-lykia-kemer-${reservationId}`);

  it('schedules again an overdue survey whose schedule was never made, and leaves the others', async () => {
    failNextSchedule = true;
    const first = await handlerWith()(delivery({ departures: [hotel('SWEEP-1')] }));
    await handlerWith()(delivery({ departures: [hotel('SWEEP-2'), hotel('SWEEP-3')] }));
    await surveys.updateSurvey(
      'lykia-kemer',
      surveyIdOf('lykia-kemer', 'SWEEP-3'),
      { status: 'sent', sentVia: 'whatsapp', sentAt: '2026-07-19T12:30:05.000Z' },
      ['scheduled'],
    );
    const missingBefore = scheduleOf('SWEEP-1');
    const sweptAt = new Date('2026-07-19T13:00:00.000Z'); // 16:00 Istanbul: 30 minutes past the send time
    scheduleCalls.length = 0;

    const result = await createSurveySweepHandler(() => sweepDeps(sweptAt))({});

    expect(first.statusCode).toBe(500);
    expect(missingBefore).toBeUndefined();
    expect(result).toEqual({ hotels: 1, overdue: 2, ensured: 2 });
    expect(scheduleCalls.sort()).toEqual(['nps-lykia-kemer-SWEEP-1', 'nps-lykia-kemer-SWEEP-2']);
    expect(scheduleOf('SWEEP-1')?.at).toBe('2026-07-19T13:01:00.000Z');
    // Still there from the delivery: the conflict keeps its time, so it fires once.
    expect(scheduleOf('SWEEP-2')?.at).toBe('2026-07-19T12:30:00.000Z');
  });

  it('leaves a survey alone within 15 minutes of its time', async () => {
    await handlerWith()(delivery({ departures: [hotel('GRACE-1', { checkOutDate: '2026-07-25' })] }));
    scheduleCalls.length = 0;

    await sweepSurveys(sweepDeps(new Date('2026-07-25T12:40:00.000Z')));

    expect(scheduleCalls).not.toContain('nps-lykia-kemer-GRACE-1');
  });

  it('schedules an overdue survey out of the quiet hours', async () => {
    failNextSchedule = true;
    await handlerWith()(delivery({ departures: [hotel('NIGHT-1', { checkOutDate: '2026-07-26' })] }));

    await sweepSurveys(sweepDeps(new Date('2026-07-26T20:00:00.000Z'))); // 23:00 Istanbul

    expect(scheduleOf('NIGHT-1')?.at).toBe('2026-07-27T06:00:00.000Z');
  });
});
