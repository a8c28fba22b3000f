import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpEvent } from '../../functions/http/api-gateway';

const TEXT_CONTENT = /^(application\/(json|x-www-form-urlencoded)|text\/)/i;

export interface MatchedRoute {
  /** The route as declared, e.g. `POST /agent/tickets/{ticketId}/replies`. */
  routeKey: string;
  pathParameters: Record<string, string>;
  /** What a JWT authorizer admitted, as API Gateway hands it over (string values). */
  claims?: Record<string, string>;
}

/**
 * The API Gateway HTTP API (payload 2.0) event for a local request, so the same handlers
 * run here. Like API Gateway, text bodies arrive as strings and others base64-encoded.
 */
export function toHttpEvent(req: IncomingMessage, body: Buffer, matched?: MatchedRoute): HttpEvent {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const method = req.method ?? 'GET';
  const utf8 = body.toString('utf8');
  // Bytes that are not valid UTF-8 would not survive as a string: send them base64-encoded.
  const isText = TEXT_CONTENT.test(headers['content-type'] ?? '') && Buffer.from(utf8).equals(body);
  const now = Date.now();
  const routeKey = matched?.routeKey ?? `${method} ${url.pathname}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search && { queryStringParameters: query }),
    ...(matched &&
      Object.keys(matched.pathParameters).length > 0 && { pathParameters: matched.pathParameters }),
    requestContext: {
      ...(matched?.claims && { authorizer: { jwt: { claims: matched.claims, scopes: [] } } }),
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.length > 0 && {
      body: isText ? utf8 : body.toString('base64'),
    }),
    isBase64Encoded: body.length > 0 && !isText,
  };
}
