import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { surveySweepDepsFromEnv } from '../adapters/checkouts-deps';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { type SurveySweepDeps, type SurveySweepResult, sweepSurveys } from '../domain/surveys/survey-sweep';

/**
 * Schedules again the surveys of every hotel that are overdue and still unsent. Invoked daily
 * (an EventBridge rule in AWS, every SURVEY_SWEEP_SECONDS locally); its input carries nothing it needs.
 */
export const createSurveySweepHandler =
  (deps: () => SurveySweepDeps) =>
  async (_input?: unknown): Promise<SurveySweepResult> => {
    const result = await sweepSurveys(deps());
    logger.info('Survey sweep done', { ...result });
    return result;
  };

export const handler = middy(createSurveySweepHandler(lazy(() => surveySweepDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
