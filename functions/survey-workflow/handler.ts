import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { IsoTimestampSchema } from '../../schemas/events/common';
import { SurveyChannelSchema } from '../../schemas/surveys';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { surveyWorkflowDepsFromEnv } from '../adapters/survey-workflow-deps';
import {
  closeNps,
  inviteNpsPromoter,
  type NpsDeps,
  type NpsPlan,
  prepareNps,
  sendNps,
} from '../domain/surveys/nps-workflow-steps';
import { SURVEY_SEND_MODES } from '../domain/surveys/survey-channel';
import { parseOrThrow } from '../domain/validation';

const surveyRef = { tenantId: z.string().min(1), surveyId: z.string().min(1) };

/**
 * The input each Task state of workflows/nps.asl.json passes. Steps after a Wait carry `dueAt`,
 * the Wait's timestamp (the local runner's virtual time sleeps until it).
 * @example { "action": "nps-send", "tenantId": "aurora-belek", "surveyId": "nps-R-10293", "channel": "whatsapp", "mode": "whatsapp-template" }
 */
export const SurveyWorkflowTaskSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('nps-prepare'), ...surveyRef }),
  z.object({
    action: z.literal('nps-send'),
    ...surveyRef,
    channel: SurveyChannelSchema,
    mode: z.enum(SURVEY_SEND_MODES),
  }),
  z.object({ action: z.literal('nps-close'), ...surveyRef, dueAt: IsoTimestampSchema }),
  z.object({ action: z.literal('nps-invite'), ...surveyRef, dueAt: IsoTimestampSchema }),
]);
export type SurveyWorkflowTask = z.infer<typeof SurveyWorkflowTaskSchema>;
type Action = SurveyWorkflowTask['action'];

const refOf = ({ tenantId, surveyId }: SurveyWorkflowTask) => ({ tenantId, surveyId });

const STEPS: {
  [A in Action]: (deps: NpsDeps, task: Extract<SurveyWorkflowTask, { action: A }>) => Promise<NpsPlan>;
} = {
  'nps-prepare': (d, t) => prepareNps(d, refOf(t)),
  'nps-send': (d, t) => sendNps(d, { ...refOf(t), channel: t.channel, mode: t.mode }),
  'nps-close': (d, t) => closeNps(d, refOf(t)),
  'nps-invite': (d, t) => inviteNpsPromoter(d, refOf(t)),
};

/** One Lambda behind every Task of the survey workflows; the action names the step. */
export const createSurveyWorkflowHandler = (deps: () => NpsDeps) => async (input: unknown) => {
  const task = parseOrThrow(SurveyWorkflowTaskSchema, input);
  const step = STEPS[task.action] as (d: NpsDeps, t: SurveyWorkflowTask) => Promise<NpsPlan>;
  const plan = await step(deps(), task);
  logger.info('Survey workflow step done', {
    action: task.action,
    tenantId: task.tenantId,
    surveyId: task.surveyId,
    next: nextOf(plan),
  });
  return plan;
};

function nextOf(plan: NpsPlan): string {
  if (plan.mode) return `nps-send:${plan.channel}:${plan.mode}`;
  if (plan.inviteAt) return 'nps-invite';
  if (plan.answerBy) return 'nps-close';
  return 'none';
}

export const handler = middy(createSurveyWorkflowHandler(lazy(() => surveyWorkflowDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
