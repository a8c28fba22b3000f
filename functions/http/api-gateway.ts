import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The exact bytes received: API Gateway hands binary or non-UTF-8 bodies base64-encoded. */
export const rawBodyOf = (event: HttpEvent): Uint8Array =>
  event.body === undefined
    ? new Uint8Array()
    : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');

/** HTTP API v2 lower-cases header names; accept any case anyway. */
export function headerOf(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export const queryOf = (event: HttpEvent): Record<string, string | undefined> =>
  event.queryStringParameters ?? {};

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export const text = (statusCode: number, body: string): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});
