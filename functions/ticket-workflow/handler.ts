import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { IsoTimestampSchema } from '../../schemas/events/common';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { type TicketWorkflowDeps, workflowDepsFromEnv } from '../adapters/workflow-deps';
import { type CsatDeps, type CsatPlan, expireCsat, scheduleCsat, sendCsat } from '../domain/csat/csat-steps';
import { loadTemplates } from '../domain/templates/render-template';
import { assignStep, checkStep, triageStep, type WorkflowPlan } from '../domain/tickets/workflow-steps';
import { parseOrThrow } from '../domain/validation';

const ticketRef = { tenantId: z.string().min(1), ticketId: z.string().min(1) };

const conversationTask = <A extends 'triage' | 'assign' | 'check'>(action: A) =>
  z.object({
    action: z.literal(action),
    ...ticketRef,
    clock: z.string().optional(),
    dueAt: z.string().optional(),
  });

const csatTask = <A extends 'csat-send' | 'csat-expire'>(action: A) =>
  z.object({ action: z.literal(action), ...ticketRef, cycle: z.number().int().min(0), dueAt: z.string() });

/**
 * The input each Task state of workflows/conversation.asl.json and workflows/csat.asl.json passes.
 * @example { "action": "csat-send", "tenantId": "aurora-belek", "ticketId": "AUB-2026-000042", "cycle": 0, "dueAt": "2026-07-01T09:00:00Z" }
 */
export const WorkflowTaskSchema = z.discriminatedUnion('action', [
  conversationTask('triage'),
  conversationTask('assign'),
  conversationTask('check'),
  z.object({ action: z.literal('csat-schedule'), ...ticketRef, resolvedAt: IsoTimestampSchema }),
  csatTask('csat-send'),
  csatTask('csat-expire'),
]);
export type WorkflowTask = z.infer<typeof WorkflowTaskSchema>;
type Action = WorkflowTask['action'];

const refOf = ({ tenantId, ticketId }: WorkflowTask) => ({ tenantId, ticketId });

/** What a step hands back to its state machine: the ticket and what to wait for next. */
type StepResult = WorkflowPlan | CsatPlan;

const STEPS: {
  [A in Action]: (
    deps: TicketWorkflowDeps & CsatDeps,
    task: Extract<WorkflowTask, { action: A }>,
  ) => Promise<StepResult>;
} = {
  triage: (d, t) => triageStep(d, refOf(t)),
  assign: (d, t) => assignStep(d, refOf(t)),
  check: (d, t) => checkStep(d, refOf(t)),
  'csat-schedule': (d, t) => scheduleCsat(d, t),
  'csat-send': (d, t) => sendCsat(d, t),
  'csat-expire': (d, t) => expireCsat(d, t),
};

/** One Lambda behind every Task of the ticket workflows; the action names the step. */
export const createTicketWorkflowHandler = (deps: () => TicketWorkflowDeps) => async (input: unknown) => {
  const task = parseOrThrow(WorkflowTaskSchema, input);
  const step = STEPS[task.action] as (
    d: TicketWorkflowDeps & CsatDeps,
    t: WorkflowTask,
  ) => Promise<StepResult>;
  const result = await step(withCsatDefaults(deps()), task);
  logger.info('Workflow step done', {
    action: task.action,
    tenantId: task.tenantId,
    ticketId: task.ticketId,
    next: nextOf(result),
  });
  return result;
};

/** Callers that run only the conversation workflow (the benchmark) need not wire the CSAT settings. */
const withCsatDefaults = (deps: TicketWorkflowDeps): TicketWorkflowDeps & CsatDeps => ({
  ...deps,
  catalogue: deps.catalogue ?? loadTemplates(),
  clockSpeed: deps.clockSpeed ?? 1,
  guestNameOf: deps.guestNameOf ?? (async () => undefined),
});

function nextOf(result: StepResult): string {
  if ('next' in result && result.next) return result.next.clock;
  if ('expireAt' in result && result.expireAt) return 'csat-expire';
  if ('sendAt' in result && result.sendAt) return 'csat-send';
  return 'none';
}

export const handler = middy(createTicketWorkflowHandler(lazy(() => workflowDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
