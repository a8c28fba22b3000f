import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { seedChannelRegistry } from '../../functions/adapters/dynamodb-hotel-registry-seeder';
import { EVENT_BUS_NAME } from '../../functions/contracts/bus';
import { Env } from '../../functions/contracts/environment';
import type { FunctionName } from '../../functions/contracts/routes';
import { type Hotel, HotelsFileSchema } from '../../functions/domain/hotels';
import { parseOrThrow } from '../../functions/domain/validation';
import type { HttpEvent, HttpResult } from '../../functions/http/api-gateway';
import type { LocalConfig } from './config';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { LocalEventBus } from './event-bus';
import { EVENTBRIDGE_PATH } from './eventbridge-endpoint';
import { createLocalServer } from './http-server';
import { LocalQueues } from './local-queues';
import { ensureTable } from './table-setup';

export const LOCAL_TABLE_NAME = 'hotel-inbox';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface Runtime {
  url: string;
  config: LocalConfig;
  hotels: Hotel[];
  bus: LocalEventBus;
  dynamoDbEndpoint: string;
  stop(): Promise<void>;
}

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
  const dynamo = await startDynamoDbLocal({ dataDir: join(config.dataDir, 'dynamodb') });
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: LOCAL_CREDENTIALS,
    });
    await ensureTable(client, LOCAL_TABLE_NAME);
    await seedChannelRegistry(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME, hotels);
    client.destroy();

    const queues = new LocalQueues(join(config.dataDir, 'queues'));
    const bus = new LocalEventBus({
      logFile: join(config.dataDir, 'events.jsonl'),
      deliver: (target, event) => queues.send(target.queue, event),
    });
    const server = createLocalServer({
      bus,
      invoke: invokeHandler,
      status: () => statusOf(config, hotels, bus),
    });
    const url = await listen(server, config);
    configureHandlerEnvironment(config, dynamo, url);
    return {
      url,
      config,
      hotels,
      bus,
      dynamoDbEndpoint: dynamo.endpoint,
      stop: () => stopAll(server, dynamo),
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}

/** The handlers read their settings from the environment, as in Lambda. */
function configureHandlerEnvironment(config: LocalConfig, dynamo: DynamoDbLocal, url: string) {
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
    [Env.metaAppSecret]: config.metaAppSecret,
    [Env.metaVerifyToken]: config.metaVerifyToken,
    [Env.webchatTokenSecret]: config.webchatTokenSecret,
    [Env.webchatRateLimitPerMinute]: String(config.webchatRateLimitPerMinute),
  });
}

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;
const handlers = new Map<FunctionName, Promise<Handler>>();

const HANDLER_MODULES: Record<FunctionName, () => Promise<{ handler: Handler }>> = {
  'meta-webhook': () => import('../../functions/meta-webhook/handler'),
  webchat: () => import('../../functions/webchat/handler'),
};

async function invokeHandler(name: FunctionName, event: HttpEvent): Promise<HttpResult> {
  let handler = handlers.get(name);
  if (!handler) {
    handler = HANDLER_MODULES[name]().then((module) => module.handler);
    handlers.set(name, handler);
  }
  return (await handler)(event, lambdaContext(name, event.requestContext.requestId));
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
