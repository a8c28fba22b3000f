import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
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

/** Time left when a run stops taking threads, to record what it did before Lambda's timeout. */
const STOP_MARGIN_MILLIS = 10_000;

/**
 * The daily retention purge: each hotel's words past `messageTextDays` (what TTL and the
 * archive's lifecycle cannot do, as the items stay for the KPIs). A hotel that fails does not
 * stop the others; the run then fails at the end, so Lambda retries it and the failures queue
 * and its alarm see it. The next day's run goes on where this one stopped.
 */
export const createRetentionPurgeHandler =
  (hotels: () => Hotel[], deps: () => RetentionPurgeDeps) =>
  async (
    _event?: unknown,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<RetentionPurgeOutcome[]> => {
    const run: RetentionPurgeDeps = {
      ...deps(),
      ...(context && { outOfTime: () => context.getRemainingTimeInMillis() < STOP_MARGIN_MILLIS }),
      onThreadFailed: (thread, error) =>
        logger.error('Retention purge of a thread failed', { threadId: thread.threadId, error }),
    };
    const outcomes: RetentionPurgeOutcome[] = [];
    const failedHotels: string[] = [];
    for (const hotel of hotels()) {
      try {
        const outcome = await purgeExpiredWords(run, hotel);
        logger.info('Retention purge done', { ...outcome });
        outcomes.push(outcome);
      } catch (error) {
        logger.error('Retention purge of a hotel failed', { tenantId: hotel.tenantId, error });
        failedHotels.push(hotel.tenantId);
      }
    }
    const failedThreads = outcomes.reduce((sum, outcome) => sum + outcome.failed, 0);
    if (failedHotels.length > 0 || failedThreads > 0)
      throw new Error(
        `Retention purge incomplete: ${failedThreads} thread(s) failed; hotels failed: ${failedHotels.join(', ') || 'none'}`,
      );
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
