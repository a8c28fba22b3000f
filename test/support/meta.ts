import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import type { HttpEvent } from '../../functions/http/api-gateway';

export const TEST_APP_SECRET = 'test-app-secret';
export const TEST_VERIFY_TOKEN = 'test-verify-token';

/** A webhook body exactly as stored under test/events/<channel>/<name>.json. */
export const fixture = (channel: 'whatsapp' | 'instagram', name: string): Buffer =>
  readFileSync(join(import.meta.dirname, '..', 'events', channel, `${name}.json`));

export interface RequestOptions {
  method?: 'GET' | 'POST';
  path: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  base64?: boolean;
}

/** An API Gateway HTTP API (2.0) event, as the handlers receive it in Lambda. */
export function httpEvent(options: RequestOptions): HttpEvent {
  const method = options.method ?? 'POST';
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  return {
    version: '2.0',
    routeKey: `${method} ${options.path}`,
    rawPath: options.path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.query && { queryStringParameters: options.query }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      http: { method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey: `${method} ${options.path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body && { body: options.base64 ? body.toString('base64') : body.toString('utf8') }),
    isBase64Encoded: Boolean(body && options.base64),
  };
}

/** A delivery as Meta sends it: POST with `X-Hub-Signature-256` over the exact bytes. */
export const signedDelivery = (
  channel: 'whatsapp' | 'instagram',
  body: Buffer | string,
  options: { secret?: string; base64?: boolean } = {},
) =>
  httpEvent({
    path: `/webhooks/${channel}`,
    body,
    base64: options.base64,
    headers: { 'x-hub-signature-256': signMetaBody(Buffer.from(body), options.secret ?? TEST_APP_SECRET) },
  });
