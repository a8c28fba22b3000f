import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { hotelsFromEnv } from '../adapters/hotels-from-env';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { retentionPurgeDepsFromEnv } from '../adapters/retention-purge-deps';
import type { Hotel } from '../domain/hotels';
import {
  purgeExpiredWords,
  type RetentionPurgeDeps,
  type RetentionPurgeOutcome,
} from '../domain/privacy/retention-purge';

/**
 * The daily retention purge: each hotel's words past `messageTextDays` (what TTL and the
 * archive's lifecycle cannot do, as the items stay for the KPIs). Hotels one after another; a
 * failed run is retried by EventBridge, then dead-lettered, and the next day's run goes on
 * where it stopped.
 */
export const createRetentionPurgeHandler =
  (hotels: () => Hotel[], deps: () => RetentionPurgeDeps) => async (): Promise<RetentionPurgeOutcome[]> => {
    const outcomes: RetentionPurgeOutcome[] = [];
    for (const hotel of hotels()) {
      const outcome = await purgeExpiredWords(deps(), hotel);
      logger.info('Retention purge done', { ...outcome });
      outcomes.push(outcome);
    }
    return outcomes;
  };

export const handler = middy(
  createRetentionPurgeHandler(
    lazy(() => hotelsFromEnv()),
    lazy(() => retentionPurgeDepsFromEnv(hotelsFromEnv())),
  ),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
