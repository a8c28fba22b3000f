import { Duration, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
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
import { type InboxQueue, type Queues, queueWithDeadLetter } from './queues';

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

/** Name (after the prefix) of the queue the bus puts events on that it could not encrypt or decrypt. */
export const EVENT_BUS_FAILURES_QUEUE = 'event-bus-failures';

export interface InboxEventBusProps {
  /**
   * Encrypts the events on the bus, its rules' patterns and targets, and the archive (guest
   * messages, with their text, pass through the bus and stay 30 days in the archive). Its key
   * policy must let EventBridge use it (see `DataKey.allowServiceDelivery`).
   * @default EventBridge's AWS owned key
   */
  encryptionKey?: kms.IKey;
  /** Prefix of the physical queue names, e.g. `hotel-inbox`. @default `hotel-inbox` */
  namePrefix?: string;
  alarmAction?: cloudwatch.IAlarmAction;
}

/**
 * The custom bus of the contract (`functions/contracts/bus.ts`), its archive for replay, and
 * (`addContractRules`) one rule per `BUS_RULES` entry with exactly the contract's pattern,
 * the same definition the local runtime routes with. With an `encryptionKey`, the bus and the
 * archive are encrypted with it, and events the bus cannot encrypt or decrypt (a disabled key,
 * a broken key policy) go to the alarmed event-bus-failures queue rather than being dropped.
 */
export class InboxEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  /** Events the bus failed to encrypt or decrypt; only with an `encryptionKey`. */
  readonly failures?: InboxQueue;
  readonly rules = new Map<string, events.Rule>();

  constructor(scope: Construct, id: string, props: InboxEventBusProps = {}) {
    super(scope, id);
    const { encryptionKey } = props;
    if (encryptionKey)
      this.failures = queueWithDeadLetter(
        this,
        EVENT_BUS_FAILURES_QUEUE,
        { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 10 },
        { encryptionKey, namePrefix: props.namePrefix ?? 'hotel-inbox', alarmAction: props.alarmAction },
      );
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: EVENT_BUS_NAME,
      ...(encryptionKey && { kmsKey: encryptionKey }),
      ...(this.failures && { deadLetterQueue: this.failures.queue }),
    });
    if (this.failures)
      this.failures.queue.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowTheBusToDeadLetter',
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [this.failures.queue.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': this.bus.eventBusArn } },
        }),
      );
    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      archiveName: `${EVENT_BUS_NAME}-all`,
      description: 'Every hotel-inbox event, for replay',
      eventPattern: toCdkEventPattern(ARCHIVE_PATTERN),
      retention: Duration.days(ARCHIVE_RETENTION_DAYS),
    });
    if (encryptionKey) this.encryptArchive(encryptionKey);
  }

  /**
   * The archive encrypted with the bus's key. Not through `ArchiveProps.kmsKey`: the key
   * policy statement CDK adds for it names the bus by `Fn::GetAtt`, while the bus names the
   * key, a dependency cycle. The bus has a fixed name, so its ARN is known without a reference.
   * EventBridge encrypts archived events with the bus ARN as encryption context; DescribeKey
   * carries no context (CDK grants it the same way), and reveals only the key's metadata.
   */
  private encryptArchive(key: kms.IKey): void {
    (this.archive.node.defaultChild as events.CfnArchive).kmsKeyIdentifier = key.keyArn;
    const busArn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: EVENT_BUS_NAME,
    });
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToArchiveTheBus',
        principals: [eventBridge],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': busArn } },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToDescribeTheKey',
        principals: [eventBridge],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
      }),
    );
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
