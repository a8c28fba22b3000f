import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { lazy } from '../adapters/ingest-deps';
import { leadSweepDepsFromEnv } from '../adapters/lead-sweep-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { type LeadSweepDeps, type LeadSweepResult, sweepLeads } from '../domain/tickets/lead-sweep';

/**
 * Flags the lost opportunities of every hotel. Invoked on a schedule (EventBridge Scheduler in
 * AWS, every LEAD_SWEEP_SECONDS locally); its input carries nothing it needs.
 */
export const createLeadSweepHandler =
  (deps: () => LeadSweepDeps) =>
  async (_input?: unknown): Promise<LeadSweepResult> => {
    const result = await sweepLeads(deps());
    logger.info('Lead sweep done', { ...result });
    return result;
  };

export const handler = middy(createLeadSweepHandler(lazy(() => leadSweepDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
