import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WorkflowName } from '../../functions/contracts/bus';
import { FunctionName } from '../../functions/contracts/routes';
import { functionAlarms } from './alarms';
import type { WorkflowTarget } from './event-bus';
import type { InboxTable } from './inbox-table';
import { entryOf, ProjectFunction } from './project-function';
import { type InboxQueue, queueWithDeadLetter } from './queues';
import { WORKFLOW_FAILURES_QUEUE, workflowStateMachine } from './workflow-state-machine';

const TICKET_WORKFLOW_TIMEOUT = Duration.seconds(30);

export interface ConversationWorkflowProps {
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`). */
  hotelsJson: string;
  /** Encrypts the log groups and the failures queues. */
  encryptionKey: kms.IKey;
  /** Prefix of the physical queue names, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The conversation workflow of `workflows/conversation.asl.json` as a Standard state
 * machine: its Task states run the ticket-workflow function (triage, routing, SLA checks),
 * which the other ticket workflows (CSAT) run their Tasks on too. Executions that fail, time
 * out or are aborted are sent, by a rule on the default bus, to the workflow-failures queue
 * (shared by the ticket workflows), which also receives the Ticket events the bus failed to
 * start an execution for; it alarms as soon as it holds one.
 */
export class ConversationWorkflow extends Construct {
  /** The ticket-workflow function: the Task states of every ticket workflow invoke it. */
  readonly function: ProjectFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /** Failed executions and unstartable Ticket events, for an operator to restart. */
  readonly failures: InboxQueue;
  readonly executionFailedRule: events.Rule;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ConversationWorkflowProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.ticketWorkflow),
      serviceName: FunctionName.ticketWorkflow,
      description: 'Ticket workflow tasks: triage, owner assignment, SLA deadline checks, CSAT surveys',
      timeout: TICKET_WORKFLOW_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      logRetention,
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson);

    this.failures = queueWithDeadLetter(
      this,
      WORKFLOW_FAILURES_QUEUE,
      // Receive count high enough for an operator to look at messages in the console a few times.
      { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 10 },
      { encryptionKey: props.encryptionKey, namePrefix: props.namePrefix, alarmAction: props.alarmAction },
    );
    const workflow = workflowStateMachine(this, {
      workflow: WorkflowName.conversation,
      comment: 'hotel-inbox conversation: triage, routing and SLA clocks of one ticket',
      taskFunction: this.function,
      failures: this.failures,
      failureImpact: 'its ticket has no SLA supervision',
      encryptionKey: props.encryptionKey,
      namePrefix: props.namePrefix,
      alarmAction: props.alarmAction,
      logRetention,
    });
    this.stateMachine = workflow.stateMachine;
    this.logGroup = workflow.logGroup;
    this.executionFailedRule = workflow.executionFailedRule;

    const fn = this.function;
    this.alarms = [
      workflow.executionsFailedAlarm,
      ...functionAlarms(
        this,
        fn,
        {
          errors: `${FunctionName.ticketWorkflow} failed invocations (the workflow retries them)`,
          publishFailed: `${FunctionName.ticketWorkflow} reported PublishFailed (a ticket event did not reach the bus)`,
        },
        props.alarmAction,
      ),
    ];
  }

  /** What the bus rule of this workflow starts, and where it puts events it could not start. */
  get ruleTarget(): WorkflowTarget {
    return { stateMachine: this.stateMachine, deadLetterQueue: this.failures.queue };
  }
}
