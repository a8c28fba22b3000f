import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import {
  WebchatMessageRequestSchema,
  WebchatPollQuerySchema,
  WebchatSessionRequestSchema,
} from '../../schemas/webchat';
import { documentClient, required } from '../adapters/aws-clients';
import { DynamoDbWebchatStore } from '../adapters/dynamodb-webchat-store';
import { ingestDepsFromEnv, lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { secret } from '../adapters/secrets';
import { Env } from '../contracts/environment';
import { MalformedBodyError } from '../domain/errors';
import { parseOrThrow } from '../domain/validation';
import { bearerTokenOf, verifyVisitorToken } from '../domain/webchat/visitor-token';
import {
  pollMessages,
  postVisitorMessage,
  startSession,
  type WebchatDeps,
} from '../domain/webchat/webchat-use-cases';
import { type HttpEvent, type HttpResult, headerOf, json, queryOf, rawBodyOf } from '../http/api-gateway';
import { errorResponse, isClientError } from '../http/respond';

/** Routes of the web-chat widget: open a session, send a message, poll for replies. */
export const createWebchatHandler =
  (deps: () => Promise<WebchatDeps>) =>
  async (event: HttpEvent): Promise<HttpResult> => {
    const route = `${event.requestContext.http.method} ${event.rawPath.replace(/\/+$/, '')}`;
    try {
      const d = await deps();
      switch (route) {
        case 'POST /webchat/sessions':
          return json(201, await startSession(d, parseOrThrow(WebchatSessionRequestSchema, jsonBody(event))));
        case 'POST /webchat/messages': {
          const claims = verifyVisitorToken(
            bearerTokenOf(headerOf(event, 'authorization')),
            d.tokenSecret,
            d.now(),
          );
          const request = parseOrThrow(WebchatMessageRequestSchema, jsonBody(event));
          return json(202, await postVisitorMessage(d, claims, request, rawBodyOf(event)));
        }
        case 'GET /webchat/messages': {
          const claims = verifyVisitorToken(
            bearerTokenOf(headerOf(event, 'authorization')),
            d.tokenSecret,
            d.now(),
          );
          const { after, limit } = parseOrThrow(WebchatPollQuerySchema, queryOf(event));
          return json(200, await pollMessages(d, claims, after, limit));
        }
        default:
          return json(404, { error: 'not_found' });
      }
    } catch (error) {
      if (isClientError(error)) logger.warn('Web-chat request refused', { route, reason: String(error) });
      else
        logger.error('Web-chat request failed', {
          route,
          error: error instanceof Error ? error.name : 'unknown',
        });
      return errorResponse(error);
    }
  };

function jsonBody(event: HttpEvent): unknown {
  try {
    return JSON.parse(Buffer.from(rawBodyOf(event)).toString('utf8'));
  } catch (error) {
    throw new MalformedBodyError('Body is not JSON', { cause: error });
  }
}

const webchatDepsFromEnv = lazy(
  async (): Promise<WebchatDeps> => ({
    ...ingestDepsFromEnv(),
    store: new DynamoDbWebchatStore(documentClient(), required(Env.tableName)),
    tokenSecret: await secret(Env.webchatTokenSecret),
    ratePerMinute: Number(process.env[Env.webchatRateLimitPerMinute] ?? 20),
  }),
);

export const handler = middy(createWebchatHandler(webchatDepsFromEnv))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
