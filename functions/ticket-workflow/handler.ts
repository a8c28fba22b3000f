import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { workflowDepsFromEnv } from '../adapters/workflow-deps';
import {
  assignStep,
  checkStep,
  type TicketRef,
  triageStep,
  type WorkflowDeps,
  type WorkflowPlan,
} from '../domain/tickets/workflow-steps';
import { parseOrThrow } from '../domain/validation';

/** The input each Task state of workflows/conversation.asl.json passes. */
export const WorkflowTaskSchema = z.object({
  action: z.enum(['triage', 'assign', 'check']),
  tenantId: z.string().min(1),
  ticketId: z.string().min(1),
  clock: z.string().optional(),
  dueAt: z.string().optional(),
});

const STEPS: Record<
  z.infer<typeof WorkflowTaskSchema>['action'],
  (d: WorkflowDeps, r: TicketRef) => Promise<WorkflowPlan>
> = { triage: triageStep, assign: assignStep, check: checkStep };

/** One Lambda behind every Task of the conversation workflow; the action names the step. */
export const createTicketWorkflowHandler = (deps: () => WorkflowDeps) => async (input: unknown) => {
  const { action, tenantId, ticketId } = parseOrThrow(WorkflowTaskSchema, input);
  const plan = await STEPS[action](deps(), { tenantId, ticketId });
  logger.info('Workflow step done', { action, tenantId, ticketId, next: plan.next?.clock ?? 'none' });
  return plan;
};

export const handler = middy(createTicketWorkflowHandler(lazy(() => workflowDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
