import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConflictException,
  CreateScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgeSurveyScheduler } from '../../functions/adapters/eventbridge-survey-scheduler';
import { ManualClock } from '../../local/runtime/clock';
import { LocalEventBus } from '../../local/runtime/event-bus';
import { createLocalServer } from '../../local/runtime/http-server';
import { LOCAL_SURVEY_SCHEDULES, LocalScheduler } from '../../local/runtime/local-scheduler';
import { SCHEDULER_PATH } from '../../local/runtime/scheduler-endpoint';

const START = new Date('2026-07-19T10:00:00Z');
const INPUT = { tenantId: 'aurora-belek', surveyId: 'nps_abc' };

interface Harness {
  scheduler: LocalScheduler;
  fired: unknown[];
  client: SchedulerClient;
  adapter: EventBridgeSurveyScheduler;
  close(): Promise<void>;
}

const open: Harness[] = [];
afterEach(async () => {
  for (const harness of open.splice(0)) await harness.close();
});

/** A LocalScheduler behind the local HTTP server, called through the real Scheduler SDK client. */
async function harness(file: string, clock: ManualClock): Promise<Harness> {
  const fired: unknown[] = [];
  const scheduler = new LocalScheduler({ file, clock, fire: (_s, input) => void fired.push(input) });
  scheduler.start();
  const server: Server = createLocalServer({
    bus: new LocalEventBus(),
    invoke: () => Promise.reject(new Error('no functions here')),
    status: () => ({}),
    authorize: () => undefined,
    scheduler,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = new SchedulerClient({
    endpoint: `http://127.0.0.1:${port}${SCHEDULER_PATH}`,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const h: Harness = {
    scheduler,
    fired,
    client,
    adapter: new EventBridgeSurveyScheduler(client, LOCAL_SURVEY_SCHEDULES),
    close: async () => {
      client.destroy();
      await scheduler.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  open.push(h);
  return h;
}

const schedulesFile = () => join(mkdtempSync(join(tmpdir(), 'hotel-inbox-schedules-')), 'schedules.json');
const minutesAfterStart = (minutes: number) => new Date(START.getTime() + minutes * 60_000);

describe('the local EventBridge Scheduler', () => {
  it('creates a one-time schedule from the SDK call and keeps it on disk', async () => {
    const file = schedulesFile();
    const { adapter, client } = await harness(file, new ManualClock(START));

    await adapter.scheduleOnce('nps-aurora-belek-R-1', minutesAfterStart(240), INPUT);

    const kept = JSON.parse(readFileSync(file, 'utf8')).schedules;
    expect(kept).toEqual([
      expect.objectContaining({
        name: 'nps-aurora-belek-R-1',
        groupName: LOCAL_SURVEY_SCHEDULES.groupName,
        expression: 'at(2026-07-19T14:00:00)',
        timezone: 'UTC',
        at: '2026-07-19T14:00:00.000Z',
        actionAfterCompletion: 'DELETE',
        target: {
          arn: LOCAL_SURVEY_SCHEDULES.stateMachineArn,
          roleArn: LOCAL_SURVEY_SCHEDULES.roleArn,
          input: JSON.stringify(INPUT),
          deadLetterArn: LOCAL_SURVEY_SCHEDULES.deadLetterArn,
        },
      }),
    ]);
    const described = await client.send(
      new GetScheduleCommand({ Name: 'nps-aurora-belek-R-1', GroupName: LOCAL_SURVEY_SCHEDULES.groupName }),
    );
    expect(described).toMatchObject({ ScheduleExpression: 'at(2026-07-19T14:00:00)', State: 'ENABLED' });
  });

  it('answers a second CreateSchedule of the same name with ConflictException, which the adapter takes as done', async () => {
    const { adapter, client, scheduler } = await harness(schedulesFile(), new ManualClock(START));
    await adapter.scheduleOnce('nps-aurora-belek-R-2', minutesAfterStart(60), INPUT);

    const again = client.send(
      new CreateScheduleCommand({
        Name: 'nps-aurora-belek-R-2',
        GroupName: LOCAL_SURVEY_SCHEDULES.groupName,
        ScheduleExpression: 'at(2026-07-19T12:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: LOCAL_SURVEY_SCHEDULES.stateMachineArn, RoleArn: LOCAL_SURVEY_SCHEDULES.roleArn },
      }),
    );

    await expect(again).rejects.toBeInstanceOf(ConflictException);
    await expect(
      adapter.scheduleOnce('nps-aurora-belek-R-2', minutesAfterStart(90), INPUT),
    ).resolves.toBeUndefined();
    expect(scheduler.list().map((s) => s.at)).toEqual(['2026-07-19T11:00:00.000Z']);
  });

  it('refuses what the service refuses: a bad name, a recurring expression', async () => {
    const { client } = await harness(schedulesFile(), new ManualClock(START));
    const create = (Name: string, ScheduleExpression: string) =>
      client.send(
        new CreateScheduleCommand({
          Name,
          ScheduleExpression,
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: LOCAL_SURVEY_SCHEDULES.stateMachineArn, RoleArn: LOCAL_SURVEY_SCHEDULES.roleArn },
        }),
      );

    await expect(create('nps with spaces', 'at(2026-07-19T12:00:00)')).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(create('nps-rate', 'rate(5 minutes)')).rejects.toBeInstanceOf(ValidationException);
  });

  it('reads the at() time in the schedule time zone', async () => {
    const { client, scheduler } = await harness(schedulesFile(), new ManualClock(START));

    await client.send(
      new CreateScheduleCommand({
        Name: 'nps-istanbul',
        ScheduleExpression: 'at(2026-07-19T16:00:00)',
        ScheduleExpressionTimezone: 'Europe/Istanbul',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: LOCAL_SURVEY_SCHEDULES.stateMachineArn, RoleArn: LOCAL_SURVEY_SCHEDULES.roleArn },
      }),
    );

    expect(scheduler.get('default', 'nps-istanbul')?.at).toBe('2026-07-19T13:00:00.000Z');
  });

  it('fires a schedule once when the clock reaches it, then deletes it', async () => {
    const file = schedulesFile();
    const clock = new ManualClock(START);
    const { adapter, scheduler, fired } = await harness(file, clock);
    await adapter.scheduleOnce('nps-aurora-belek-R-3', minutesAfterStart(30), INPUT);
    await clock.sleeping(1);

    await clock.advanceTo(minutesAfterStart(29));
    const beforeTime = [...fired];
    await clock.advanceTo(minutesAfterStart(31));
    await clock.advanceTo(minutesAfterStart(600));

    expect(beforeTime).toEqual([]);
    expect(fired).toEqual([INPUT]);
    expect(scheduler.list()).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).schedules).toEqual([]);
  });

  it('keeps schedules across a restart and fires the ones that came due while stopped, once', async () => {
    const file = schedulesFile();
    const clock = new ManualClock(START);
    const first = await harness(file, clock);
    await first.adapter.scheduleOnce('nps-due-while-stopped', minutesAfterStart(10), INPUT);
    await first.adapter.scheduleOnce('nps-still-ahead', minutesAfterStart(120), {
      ...INPUT,
      surveyId: 'nps_later',
    });
    await first.close();
    open.splice(open.indexOf(first), 1);

    await clock.advanceTo(minutesAfterStart(60));
    const second = await harness(file, clock);
    await new Promise((resolve) => setImmediate(resolve));
    const afterRestart = [...second.fired];
    await clock.advanceTo(minutesAfterStart(121));

    expect(first.fired).toEqual([]);
    expect(afterRestart).toEqual([INPUT]);
    expect(second.fired).toEqual([INPUT, { ...INPUT, surveyId: 'nps_later' }]);
    expect(second.scheduler.list()).toEqual([]);
  });

  it('waits beyond what one timer can hold (24.8 days) without firing early', async () => {
    const clock = new ManualClock(START);
    const { adapter, fired } = await harness(schedulesFile(), clock);
    await adapter.scheduleOnce('nps-far-ahead', minutesAfterStart(60 * 24 * 45), INPUT);
    await clock.sleeping(1);

    await clock.advanceTo(minutesAfterStart(60 * 24 * 44), async () => undefined);
    const early = [...fired];
    await clock.advanceTo(minutesAfterStart(60 * 24 * 46), async () => {
      await new Promise((resolve) => setImmediate(resolve));
    });

    expect(early).toEqual([]);
    expect(fired).toEqual([INPUT]);
  });
});

describe('the EventBridge Scheduler adapter', () => {
  it('passes on a failure other than a taken name, so the departure is retried', async () => {
    const client = new SchedulerClient({ region: 'eu-central-1' });
    const mock = mockClient(client);
    mock
      .on(CreateScheduleCommand)
      .rejects(
        new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: {} }),
      );

    const scheduling = new EventBridgeSurveyScheduler(client, LOCAL_SURVEY_SCHEDULES).scheduleOnce(
      'nps-throttled',
      START,
      INPUT,
    );

    await expect(scheduling).rejects.toBeInstanceOf(ThrottlingException);
    expect(mock.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toMatchObject({
      ScheduleExpression: 'at(2026-07-19T10:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { RetryPolicy: { MaximumRetryAttempts: expect.any(Number) } },
    });
    mock.reset();
  });
});
