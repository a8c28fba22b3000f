import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { CheckoutsWebhookSchema } from '../../schemas/surveys';
import { checkoutsDepsFromEnv } from '../adapters/checkouts-deps';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { secret } from '../adapters/secrets';
import { Env } from '../contracts/environment';
import { MalformedBodyError } from '../domain/errors';
import { type DepartureDeps, type DepartureOutcome, recordDepartures } from '../domain/surveys/departures';
import { PMS_SIGNATURE_HEADER, verifyPmsSignature } from '../domain/surveys/pms-signature';
import { parseOrThrow } from '../domain/validation';
import { type HttpEvent, type HttpResult, headerOf, json, rawBodyOf } from '../http/api-gateway';
import { errorResponse, isClientError } from '../http/respond';

export interface CheckoutsHandlerDeps {
  departures: () => DepartureDeps;
  pmsSecret: () => Promise<string>;
}

export interface CheckoutsAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; reason: string }[];
}

/**
 * `POST /pms/checkouts`: a signed batch of the PMS's departures. Each is recorded once with its
 * survey; a departure refused for itself (an unknown hotel) is listed and the others still go.
 * A failure of ours answers 500 so the PMS sends the batch again: what was recorded is then a duplicate.
 */
export const createCheckoutsHandler =
  (deps: CheckoutsHandlerDeps) =>
  async (event: HttpEvent): Promise<HttpResult> => {
    if (event.requestContext.http.method !== 'POST' || event.rawPath.replace(/\/+$/, '') !== '/pms/checkouts')
      return json(404, { error: 'not_found' });
    try {
      const rawBody = rawBodyOf(event);
      verifyPmsSignature(rawBody, headerOf(event, PMS_SIGNATURE_HEADER), await deps.pmsSecret());
      const { departures } = parseOrThrow(CheckoutsWebhookSchema, jsonOf(rawBody));
      const d = deps.departures();
      const outcomes = await recordDepartures(d, departures, d.now());
      const failure = outcomes.find((o) => o.outcome === 'failed');
      if (failure) throw failure.error;
      const answer = answerOf(outcomes);
      logger.info('Check-outs recorded', {
        departures: departures.length,
        accepted: answer.accepted,
        duplicates: answer.duplicates,
        rejected: answer.rejected.length,
      });
      return json(200, answer);
    } catch (error) {
      if (isClientError(error)) logger.warn('Check-outs refused', { reason: String(error) });
      else logger.error('Check-outs failed', { error: error instanceof Error ? error.name : 'unknown' });
      return errorResponse(error);
    }
  };

function answerOf(outcomes: readonly DepartureOutcome[]): CheckoutsAnswer {
  const answer: CheckoutsAnswer = { accepted: 0, duplicates: 0, rejected: [] };
  outcomes.forEach((outcome, index) => {
    if (outcome.outcome === 'recorded') answer.accepted++;
    else if (outcome.outcome === 'duplicate') answer.duplicates++;
    else if (outcome.outcome === 'rejected')
      answer.rejected.push({ index, field: outcome.field, reason: outcome.reason });
  });
  return answer;
}

function jsonOf(rawBody: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(rawBody).toString('utf8'));
  } catch (error) {
    throw new MalformedBodyError('Body is not JSON', { cause: error });
  }
}

export const handler = middy(
  createCheckoutsHandler({
    departures: lazy(() => checkoutsDepsFromEnv()),
    pmsSecret: () => secret(Env.pmsWebhookSecret),
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
