import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { ingestDepsFromEnv, lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { secret } from '../adapters/secrets';
import { Env } from '../contracts/environment';
import { type IngestDeps, ingestMetaDelivery } from '../domain/ingest/ingest-meta-delivery';
import { normalizerForPath } from '../domain/ingest/normalizers';
import { answerHandshake } from '../domain/ingest/verification-handshake';
import {
  type HttpEvent,
  type HttpResult,
  headerOf,
  json,
  queryOf,
  rawBodyOf,
  text,
} from '../http/api-gateway';
import { errorResponse, isClientError } from '../http/respond';

export interface MetaWebhookDeps {
  ingest: () => IngestDeps;
  appSecret: () => Promise<string>;
  verifyToken: () => Promise<string>;
}

/** GET answers Meta's subscription handshake; POST ingests a signed delivery. */
export const createMetaWebhookHandler =
  (deps: MetaWebhookDeps) =>
  async (event: HttpEvent): Promise<HttpResult> => {
    const normalizer = normalizerForPath(event.rawPath);
    if (!normalizer) return json(404, { error: 'not_found' });
    try {
      if (event.requestContext.http.method === 'GET') {
        const answer = answerHandshake(queryOf(event), await deps.verifyToken());
        return answer.accepted ? text(200, answer.challenge) : text(403, 'Forbidden');
      }
      const outcome = await ingestMetaDelivery(deps.ingest(), normalizer, {
        rawBody: rawBodyOf(event),
        signatureHeader: headerOf(event, 'x-hub-signature-256'),
        appSecret: await deps.appSecret(),
      });
      logger.info('Delivery ingested', { channel: normalizer.channel, ...outcome });
      return json(200, { received: true });
    } catch (error) {
      if (isClientError(error))
        logger.warn('Delivery refused', { channel: normalizer.channel, reason: String(error) });
      else logger.error('Delivery failed', { channel: normalizer.channel, error: errorName(error) });
      return errorResponse(error);
    }
  };

const errorName = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';

export const handler = middy(
  createMetaWebhookHandler({
    ingest: lazy(() => ingestDepsFromEnv()),
    appSecret: () => secret(Env.metaAppSecret),
    verifyToken: () => secret(Env.metaVerifyToken),
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
