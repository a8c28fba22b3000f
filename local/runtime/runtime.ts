import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { advanceLocalClockBy, currentTime, localClockAheadByMillis } from '../../functions/adapters/clock';
import { seedChannelRegistry } from '../../functions/adapters/dynamodb-hotel-registry-seeder';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { EVENT_BUS_NAME, QueueName, WorkflowName } from '../../functions/contracts/bus';
import { Env } from '../../functions/contracts/environment';
import { rawArchiveRetentionByHotelJson } from '../../functions/contracts/raw-archive';
import { FunctionName } from '../../functions/contracts/routes';
import { type Hotel, HotelsFileSchema } from '../../functions/domain/hotels';
import { rawArchiveRetentionOf } from '../../functions/domain/privacy/raw-archive-retention';
import { parseOrThrow } from '../../functions/domain/validation';
import { type FakeGraphApi, startFakeGraphApi } from '../fake-graph-api/fake-graph-api';
import { RuntimeClock } from './clock';
import { CLOCK_PATH } from './clock-endpoint';
import type { LocalConfig } from './config';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { LocalEventBus } from './event-bus';
import { EVENTBRIDGE_PATH } from './eventbridge-endpoint';
import { createLocalServer } from './http-server';
import { devTokenAuthorizer } from './jwt-authorizer';
import { LocalQueues } from './local-queues';
import { LOCAL_SURVEY_SCHEDULES, LocalScheduler } from './local-scheduler';
import { resumeNpsSurveys, resumeOpenTickets, resumeSurveys } from './resume';
import { runLocalRetention } from './retention';
import { SCHEDULER_PATH } from './scheduler-endpoint';
import { ensureTable } from './table-setup';
import { LocalWorkflowRunner } from './workflow-runner';

/** The ASL files the stack deploys, run here by the interpreter. */
export const WORKFLOW_FILES: Record<WorkflowName, string> = {
  conversation: join(import.meta.dirname, '..', '..', 'workflows', 'conversation.asl.json'),
  csat: join(import.meta.dirname, '..', '..', 'workflows', 'csat.asl.json'),
  nps: join(import.meta.dirname, '..', '..', 'workflows', 'nps.asl.json'),
};

/** The access token the built-in fake Graph API accepts, for both platforms. */
const FAKE_GRAPH_TOKEN = 'local-fake-graph-token';

export const LOCAL_TABLE_NAME = 'hotel-inbox';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface Runtime {
  url: string;
  resumedTickets: number;
  /** CSAT surveys still to be asked or answered, and queued messages, taken up after a restart. */
  resumedSurveys: number;
  redeliveredMessages: number;
  /** One-time survey schedules kept from before, waiting to fire (those already due fire at once). */
  pendingSchedules: number;
  /** Resolves when the local queues have consumed what was sent so far. */
  drain(): Promise<void>;
  config: LocalConfig;
  hotels: Hotel[];
  bus: LocalEventBus;
  dynamoDbEndpoint: string;
  /** What the built-in fake Graph API accepted (empty when a real Graph API is configured). */
  graphApiRequests(): readonly unknown[];
  stop(): Promise<void>;
}

/** Where a running `hotel-inbox start` says how to reach it, for the other CLI commands. */
export const runtimeFileOf = (dataDir: string) => join(dataDir, 'runtime.json');

/** How far `hotel-inbox simulate` moved the clock ahead: kept, so that time never goes back on restart. */
export const clockFileOf = (dataDir: string) => join(dataDir, 'clock.json');

export function loadHotels(file: string): Hotel[] {
  return parseOrThrow(HotelsFileSchema, JSON.parse(readFileSync(file, 'utf8'))).hotels;
}

/**
 * The whole pipeline on one machine: DynamoDB Local with its files under DATA_DIR, the bus
 * with the stack's rules, and an HTTP server with the API's routes invoking the very same
 * Lambda handlers, whose AWS clients point at the local endpoints.
 */
export async function startRuntime(config: LocalConfig): Promise<Runtime> {
  const hotels = loadHotels(config.hotelsFile);
  restoreClock(config.dataDir);
  const clock = new RuntimeClock();
  const dynamo = await startDynamoDbLocal({ dataDir: join(config.dataDir, 'dynamodb') });
  let fakeGraph: FakeGraphApi | undefined;
  let kpiExportTimer: NodeJS.Timeout | undefined;
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: LOCAL_CREDENTIALS,
    });
    await ensureTable(client, LOCAL_TABLE_NAME);
    await seedChannelRegistry(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME, hotels);

    const queues = new LocalQueues({
      directory: join(config.dataDir, 'queues'),
      consumers: {
        [QueueName.ticketIntake]: (event) => invoke(FunctionName.ticketIntake, event),
        [QueueName.outbound]: (event) => invoke(FunctionName.sender, event),
      },
    });
    const workflows = Object.fromEntries(
      Object.values(WorkflowName).map((name) => [
        name,
        new LocalWorkflowRunner({
          definitionFile: WORKFLOW_FILES[name],
          // Wait states sleep on the runtime's clock, which `/_local/clock` can move forward.
          clock,
          virtualTime: true,
          tasks: {
            TicketWorkflowFunctionArn: (input) => invoke(FunctionName.ticketWorkflow, input),
            SurveyWorkflowFunctionArn: (input) => invoke(FunctionName.surveyWorkflow, input),
          },
          onFailure: (input, error) => recordWorkflowFailure(config, name, input, error),
        }),
      ]),
    ) as Record<WorkflowName, LocalWorkflowRunner>;
    const bus = new LocalEventBus({
      logFile: join(config.dataDir, 'events.jsonl'),
      deliver: (target, event) => {
        if (target.kind === 'queue') queues.send(target.queue, event);
        else void workflows[target.workflow].start(event);
      },
    });
    // A schedule's target is the NPS state machine: firing starts an execution with its input.
    const scheduler = new LocalScheduler({
      file: join(config.dataDir, 'schedules.json'),
      clock,
      fire: (_schedule, input) => void workflows.nps.start(input),
      onError: (schedule, error) => recordWorkflowFailure(config, WorkflowName.nps, schedule, error),
    });
    /** Nothing left to do: the queues drained and every workflow asleep on the clock or done. */
    const quiet = async () => {
      const runners = Object.values(workflows);
      for (;;) {
        await queues.drain();
        await Promise.all(runners.map((runner) => runner.idle()));
        if (queues.inFlight === 0 && runners.every((runner) => runner.isIdle)) return;
      }
    };
    const server = createLocalServer({
      bus,
      invoke,
      status: () => statusOf(config, hotels, bus),
      authorize: devTokenAuthorizer(config.agentTokenSecret),
      scheduler,
      clock: {
        now: () => clock.now(),
        aheadByMillis: localClockAheadByMillis,
        advanceTo: async (at) => {
          await clock.advanceTo(at, quiet);
          writeFileSync(
            clockFileOf(config.dataDir),
            JSON.stringify({ aheadByMillis: localClockAheadByMillis() }),
          );
        },
      },
    });
    const url = await listen(server, config);
    if (!config.graphApiBaseUrl) {
      fakeGraph = await startFakeGraphApi({
        accessToken: FAKE_GRAPH_TOKEN,
        logFile: join(config.dataDir, 'graph-api-requests.jsonl'),
      });
    }
    configureHandlerEnvironment(config, hotels, dynamo, url, fakeGraph?.url);
    clock.every(
      config.leadSweepSeconds * 1000,
      () => sweep(FunctionName.leadSweep, 'lead sweep'),
      'lead sweep',
    );
    clock.every(
      config.surveySweepSeconds * 1000,
      () => sweep(FunctionName.surveySweep, 'survey sweep'),
      'survey sweep',
    );
    // On the runtime's clock: moving it months ahead shows what retention leaves behind.
    clock.every(
      config.retentionPurgeSeconds * 1000,
      () =>
        reportFailure('retention purge', () =>
          runLocalRetention({
            client: DynamoDBDocumentClient.from(client),
            tableName: LOCAL_TABLE_NAME,
            rawArchiveDir: join(config.dataDir, 'raw'),
            eventLogFile: join(config.dataDir, 'events.jsonl'),
            hotels,
            purgeWords: () => invoke(FunctionName.retentionPurge, {}),
            now: currentTime,
          }),
        ),
      'retention purge',
    );
    // On the wall clock, not the runtime's: a simulated fortnight would otherwise export every
    // simulated hour; `hotel-inbox kpi` exports the days it reports on itself.
    kpiExportTimer = setInterval(
      () => void sweep(FunctionName.kpiExport, 'KPI export', { mode: 'hourly' }),
      config.kpiExportSeconds * 1000,
    );
    kpiExportTimer.unref();
    writeFileSync(
      runtimeFileOf(config.dataDir),
      JSON.stringify({
        url,
        dynamoDbEndpoint: dynamo.endpoint,
        eventBridgeEndpoint: `${url}${EVENTBRIDGE_PATH}`,
        schedulerEndpoint: `${url}${SCHEDULER_PATH}`,
        clockEndpoint: `${url}${CLOCK_PATH}`,
        slaClockSpeed: config.slaClockSpeed,
        pid: process.pid,
        startedAt: new Date().toISOString(),
      }),
    );
    const resumedTickets = await resumeOpenTickets(
      new DynamoDbTicketStore(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME),
      hotels.map((h) => h.tenantId),
      workflows.conversation,
    );
    const resumedSurveys =
      (await resumeSurveys(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME, workflows.csat)) +
      (await resumeNpsSurveys(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME, workflows.nps));
    const redeliveredMessages = queues.redeliverPending();
    // After the handlers' environment is set: schedules that came due while stopped fire now.
    const pendingSchedules = scheduler.start();
    return {
      url,
      config,
      hotels,
      bus,
      resumedTickets,
      resumedSurveys,
      redeliveredMessages,
      pendingSchedules,
      dynamoDbEndpoint: dynamo.endpoint,
      drain: () => queues.drain(),
      graphApiRequests: () => fakeGraph?.requests ?? [],
      stop: async () => {
        clearInterval(kpiExportTimer);
        clock.stop();
        rmSync(runtimeFileOf(config.dataDir), { force: true });
        await scheduler.stop();
        await Promise.all(Object.values(workflows).map((runner) => runner.stop()));
        await queues.drain();
        await fakeGraph?.close();
        await stopAll(server, dynamo);
      },
    };
  } catch (error) {
    clearInterval(kpiExportTimer);
    clock.stop();
    await fakeGraph?.close();
    await dynamo.stop();
    throw error;
  }
}

/** A scheduled sweep: its failure is reported, and the next run tries again. */
const sweep = (name: FunctionName, label: string, input: unknown = {}): Promise<void> =>
  reportFailure(label, () => invoke(name, input));

async function reportFailure(label: string, job: () => Promise<unknown>): Promise<void> {
  try {
    await job();
  } catch (error) {
    process.stderr.write(`${label} failed: ${error instanceof Error ? error.message : error}\n`);
  }
}

/** The clock as `simulate` left it: simulated time never goes back, across restarts too. */
function restoreClock(dataDir: string) {
  const file = clockFileOf(dataDir);
  if (!existsSync(file)) return;
  const { aheadByMillis } = JSON.parse(readFileSync(file, 'utf8')) as { aheadByMillis?: number };
  if (typeof aheadByMillis === 'number') advanceLocalClockBy(aheadByMillis);
}

/** The handlers read their settings from the environment, as in Lambda. */
function configureHandlerEnvironment(
  config: LocalConfig,
  hotels: Hotel[],
  dynamo: DynamoDbLocal,
  url: string,
  fakeGraphUrl: string | undefined,
) {
  const rawArchiveRetention = rawArchiveRetentionOf(hotels);
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'eu-central-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: config.logLevel,
    [Env.tableName]: LOCAL_TABLE_NAME,
    [Env.dynamodbEndpoint]: dynamo.endpoint,
    [Env.eventBusName]: EVENT_BUS_NAME,
    [Env.eventBridgeEndpoint]: `${url}${EVENTBRIDGE_PATH}`,
    [Env.rawArchiveDir]: join(config.dataDir, 'raw'),
    [Env.rawArchiveRetentionDays]: String(rawArchiveRetention.defaultDays),
    [Env.rawArchiveRetentionByHotel]: rawArchiveRetentionByHotelJson(rawArchiveRetention.byHotel),
    [Env.sensitiveDataKeyFile]: join(config.dataDir, 'sensitive-data-key'),
    [Env.metaAppSecret]: config.metaAppSecret,
    [Env.metaVerifyToken]: config.metaVerifyToken,
    [Env.webchatTokenSecret]: config.webchatTokenSecret,
    [Env.webchatRateLimitPerMinute]: String(config.webchatRateLimitPerMinute),
    [Env.hotelsJson]: JSON.stringify(hotels),
    [Env.slaClockSpeed]: String(config.slaClockSpeed),
    [Env.graphApiBaseUrl]: fakeGraphUrl ?? config.graphApiBaseUrl,
    [Env.instagramApiBaseUrl]: fakeGraphUrl ?? config.instagramApiBaseUrl,
    [Env.graphApiVersion]: config.graphApiVersion,
    [Env.whatsappAccessToken]: fakeGraphUrl ? FAKE_GRAPH_TOKEN : config.whatsappAccessToken,
    [Env.instagramAccessToken]: fakeGraphUrl ? FAKE_GRAPH_TOKEN : config.instagramAccessToken,
    [Env.pmsWebhookSecret]: config.pmsWebhookSecret,
    [Env.schedulerEndpoint]: `${url}${SCHEDULER_PATH}`,
    // E-mail and SMS surveys land as files a user can read, instead of SES and SNS.
    [Env.outboxDir]: join(config.dataDir, 'outbox'),
    // The KPI lake is a folder laid out like the bucket; the pseudonym salt is made per DATA_DIR.
    [Env.lakeDir]: join(config.dataDir, 'lake'),
    [Env.lakeSalt]: config.lakeSalt,
    [Env.surveyScheduleGroup]: LOCAL_SURVEY_SCHEDULES.groupName,
    [Env.npsStateMachineArn]: LOCAL_SURVEY_SCHEDULES.stateMachineArn,
    [Env.surveyScheduleRoleArn]: LOCAL_SURVEY_SCHEDULES.roleArn,
    [Env.surveyScheduleDeadLetterArn]: LOCAL_SURVEY_SCHEDULES.deadLetterArn,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: each handler has its own event type; the caller knows it.
type Handler = (event: any, context: Context) => Promise<any>;
const handlers = new Map<FunctionName, Promise<Handler>>();

/** Every Lambda of the stack, loaded on first use as Lambda does. */
const HANDLER_MODULES: Record<FunctionName, () => Promise<{ handler: Handler }>> = {
  'meta-webhook': () => import('../../functions/meta-webhook/handler'),
  webchat: () => import('../../functions/webchat/handler'),
  'ticket-intake': () => import('../../functions/ticket-intake/handler'),
  'ticket-workflow': () => import('../../functions/ticket-workflow/handler'),
  'agent-api': () => import('../../functions/agent-api/handler'),
  sender: () => import('../../functions/sender/handler'),
  'lead-sweep': () => import('../../functions/lead-sweep/handler'),
  checkouts: () => import('../../functions/checkouts/handler'),
  'survey-workflow': () => import('../../functions/survey-workflow/handler'),
  'survey-sweep': () => import('../../functions/survey-sweep/handler'),
  'kpi-export': () => import('../../functions/kpi-export/handler'),
  'retention-purge': () => import('../../functions/retention-purge/handler'),
};

async function invoke<R>(name: FunctionName, event: unknown): Promise<R> {
  let handler = handlers.get(name);
  if (!handler) {
    handler = HANDLER_MODULES[name]().then((module) => module.handler);
    handlers.set(name, handler);
  }
  return (await handler)(event, lambdaContext(name, randomUUID()));
}

/** The local dead-letter destination of failed workflow executions. */
function recordWorkflowFailure(config: LocalConfig, workflow: WorkflowName, input: unknown, error: unknown) {
  const entry = {
    failedAt: new Date().toISOString(),
    workflow,
    input,
    error: error instanceof Error ? error.message : String(error),
  };
  appendFileSync(join(config.dataDir, 'queues', 'workflow-failures.dlq.jsonl'), `${JSON.stringify(entry)}\n`);
}

function lambdaContext(functionName: string, awsRequestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function statusOf(config: LocalConfig, hotels: Hotel[], bus: LocalEventBus) {
  return {
    service: 'hotel-inbox',
    status: 'ok',
    hotels: hotels.map((h) => ({ tenantId: h.tenantId, hotelCode: h.hotelCode, name: h.name })),
    eventsRouted: bus.events().length,
    dataDir: config.dataDir,
  };
}

function listen(server: Server, config: LocalConfig): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      resolve(`http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`);
    });
  });
}

async function stopAll(server: Server, dynamo: DynamoDbLocal) {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await dynamo.stop();
}
