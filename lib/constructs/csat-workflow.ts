import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WorkflowName } from '../../functions/contracts/bus';
import type { WorkflowTarget } from './event-bus';
import type { InboxQueue } from './queues';
import { workflowStateMachine } from './workflow-state-machine';

export interface CsatWorkflowProps {
  /** The ticket-workflow function (`ConversationWorkflow.function`) its Task states invoke. */
  taskFunction: lambda.IFunction;
  /** The workflow-failures queue the ticket workflows share (`ConversationWorkflow.failures`). */
  failures: InboxQueue;
  /** Encrypts the log group. */
  encryptionKey: kms.IKey;
  /** Prefix of the state machine's name, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The CSAT workflow of `workflows/csat.asl.json` as a Standard state machine, started for
 * every resolved ticket: it waits, asks the guest one question through the ticket-workflow
 * function and records the answer or the silence. Its failed executions go to the shared
 * workflow-failures queue and raise an alarm, like the conversation workflow's.
 */
export class CsatWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly executionFailedRule: events.Rule;
  readonly alarms: cloudwatch.Alarm[];
  private readonly failures: InboxQueue;

  constructor(scope: Construct, id: string, props: CsatWorkflowProps) {
    super(scope, id);
    this.failures = props.failures;
    const workflow = workflowStateMachine(this, {
      workflow: WorkflowName.csat,
      comment: 'hotel-inbox CSAT: after a resolution, ask the guest one question and record the answer',
      taskFunction: props.taskFunction,
      failures: props.failures,
      failureImpact: 'its guest was not asked, or the answer was not recorded',
      encryptionKey: props.encryptionKey,
      namePrefix: props.namePrefix,
      alarmAction: props.alarmAction,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    this.stateMachine = workflow.stateMachine;
    this.logGroup = workflow.logGroup;
    this.executionFailedRule = workflow.executionFailedRule;
    this.alarms = [workflow.executionsFailedAlarm];
  }

  /** What the bus rule of this workflow starts, and where it puts events it could not start. */
  get ruleTarget(): WorkflowTarget {
    return { stateMachine: this.stateMachine, deadLetterQueue: this.failures.queue };
  }
}
