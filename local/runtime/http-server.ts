import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type FunctionName, MAX_BODY_BYTES, matchRoute } from '../../functions/contracts/routes';
import type { HttpResult } from '../../functions/http/api-gateway';
import { toHttpEvent } from './api-gateway-event';
import { CLOCK_PATH, type ClockControl, handleClockRequest } from './clock-endpoint';
import type { LocalEventBus } from './event-bus';
import { EVENTBRIDGE_PATH, handleEventBridgeRequest } from './eventbridge-endpoint';
import type { LocalScheduler } from './local-scheduler';
import { handleSchedulerRequest, SCHEDULER_PATH } from './scheduler-endpoint';

export type Invoke = <R>(name: FunctionName, event: unknown) => Promise<R>;

export interface LocalServerOptions {
  bus: LocalEventBus;
  invoke: Invoke;
  status: () => Record<string, unknown>;
  /**
   * The JWT authorizer of staff routes, as API Gateway runs it before the function: the claims
   * of a valid bearer token, or undefined (answered 401 without invoking anything).
   */
  authorize: (authorization: string | undefined) => Record<string, string> | undefined;
  /** The one-time schedules behind the EventBridge Scheduler API the functions call (SCHEDULER_ENDPOINT). */
  scheduler?: LocalScheduler;
  /** The runtime's clock, read and moved forward at CLOCK_PATH (local only, never an AWS route). */
  clock?: ClockControl;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,OPTIONS',
  'access-control-allow-headers': 'authorization,content-type',
  'access-control-max-age': '600',
};

/** The local stand-in for API Gateway: the same routes, each to the same handler as in AWS. */
export function createLocalServer(options: LocalServerOptions): Server {
  return createServer((req, res) => {
    readBody(req)
      .then((body) => route(options, req, res, body))
      .catch((error: unknown) => {
        if (!res.headersSent) {
          const tooLarge = error instanceof BodyTooLargeError;
          res.writeHead(tooLarge ? 413 : 500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: tooLarge ? 'payload_too_large' : 'internal' }));
        }
      });
  });
}

async function route(options: LocalServerOptions, req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/(.)\/+$/, '$1');
  // Browser apps call these from their own origin: the widget, and the staff inbox.
  const isBrowserApi = path.startsWith('/webchat/') || path.startsWith('/agent/');
  if (path === EVENTBRIDGE_PATH && req.method === 'POST')
    return handleEventBridgeRequest(options.bus, body, req, res);
  if (options.scheduler && path.startsWith(`${SCHEDULER_PATH}/`))
    return handleSchedulerRequest(options.scheduler, path, body, req, res);
  if (options.clock && path === CLOCK_PATH) return handleClockRequest(options.clock, body, req, res);
  if (path === '/' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    return res.end(JSON.stringify(options.status(), null, 2));
  }
  if (isBrowserApi && req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    return res.end();
  }
  const match = matchRoute(req.method ?? 'GET', path);
  if (!match) {
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ error: 'not_found' }));
  }
  const { route: matched, pathParameters } = match;
  const claims = matched.auth === 'agent' ? options.authorize(req.headers.authorization) : undefined;
  if (matched.auth === 'agent' && !claims) {
    // API Gateway's own answer when a JWT authorizer refuses a token.
    res.writeHead(401, { 'content-type': 'application/json', ...CORS_HEADERS });
    return res.end(JSON.stringify({ message: 'Unauthorized' }));
  }
  const event = toHttpEvent(req, body, {
    routeKey: `${matched.method} ${matched.path}`,
    pathParameters,
    ...(claims && { claims }),
  });
  const result = await options.invoke<HttpResult>(matched.function, event);
  const payload = result.body ?? '';
  res.writeHead(result.statusCode ?? 200, {
    ...(result.headers as Record<string, string>),
    ...(isBrowserApi && CORS_HEADERS),
  });
  res.end(result.isBase64Encoded ? Buffer.from(payload, 'base64') : payload);
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
