import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  ARCHIVE_PATTERN,
  ARCHIVE_RETENTION_DAYS,
  BUS_RULES,
  type BusRule,
  EVENT_BUS_NAME,
  type EventPattern,
  type WorkflowName,
} from '../../functions/contracts/bus';
import type { Queues } from './queues';

/** A state machine a rule starts, with the queue for events it could not start an execution for. */
export interface WorkflowTarget {
  stateMachine: sfn.IStateMachine;
  deadLetterQueue: sqs.IQueue;
}

export interface RuleTargets {
  /** Where rules with a `queue` target deliver. */
  queues: Queues;
  /**
   * What rules with a `workflow` target start. Only the workflows a rule of the contract
   * names: NPS executions are started by one-time Scheduler schedules, not by the bus.
   */
  workflows: Partial<Record<WorkflowName, WorkflowTarget>>;
}

/**
 * How EventBridge retries starting a workflow (throttled StartExecution) before the event
 * goes to the dead-letter queue: an hour at most, so an operator hears of it within the SLA day.
 */
export const WORKFLOW_START_RETRY = { retryAttempts: 30, maxEventAge: Duration.hours(1) } as const;

/**
 * The custom bus of the contract (`functions/contracts/bus.ts`), its archive for replay, and
 * (`addContractRules`) one rule per `BUS_RULES` entry with exactly the contract's pattern,
 * the same definition the local runtime routes with.
 */
export class InboxEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly rules = new Map<string, events.Rule>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: EVENT_BUS_NAME });
    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      archiveName: `${EVENT_BUS_NAME}-all`,
      description: 'Every hotel-inbox event, for replay',
      eventPattern: toCdkEventPattern(ARCHIVE_PATTERN),
      retention: Duration.days(ARCHIVE_RETENTION_DAYS),
    });
  }

  /**
   * The rules of the contract. Separate from the constructor: the functions behind the
   * targets publish to this bus, so the bus exists before them and the rules after them.
   */
  addContractRules(ruleTargets: RuleTargets): this {
    for (const rule of BUS_RULES) {
      if (this.rules.has(rule.name)) throw new Error(`Rule ${rule.name} is defined twice`);
      this.rules.set(
        rule.name,
        new events.Rule(this, rule.name, {
          eventBus: this.bus,
          description: rule.description,
          eventPattern: toCdkEventPattern(rule.pattern),
          targets: [targetOf(rule, ruleTargets)],
        }),
      );
    }
    return this;
  }
}

function targetOf(rule: BusRule, ruleTargets: RuleTargets): events.IRuleTarget {
  const { target } = rule;
  switch (target.kind) {
    case 'queue': {
      const { queue, deadLetterQueue } = ruleTargets.queues.queue(target.queue);
      return new targets.SqsQueue(queue, { deadLetterQueue });
    }
    case 'workflow': {
      // The whole event is the execution's input: the workflow reads $.detail.tenantId and ticketId.
      const workflow = ruleTargets.workflows[target.workflow];
      if (!workflow)
        throw new Error(`Rule ${rule.name} starts the ${target.workflow} workflow, which has no target`);
      const { stateMachine, deadLetterQueue } = workflow;
      return new targets.SfnStateMachine(stateMachine, { deadLetterQueue, ...WORKFLOW_START_RETRY });
    }
  }
}

/**
 * The contract's pattern as CDK's type. CDK renders the object as given (only `detailType`
 * is renamed), so the synthesized pattern equals the contract's; content filters such as
 * `{ prefix }` are plain JSON there, which CDK's `string[]` typing does not express.
 */
export function toCdkEventPattern(pattern: EventPattern): events.EventPattern {
  const { 'detail-type': detailType, ...rest } = structuredClone(pattern);
  return { ...rest, ...(detailType && { detailType }) } as unknown as events.EventPattern;
}
