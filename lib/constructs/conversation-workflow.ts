import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WorkflowName } from '../../functions/contracts/bus';
import { FunctionName } from '../../functions/contracts/routes';
import { alarmAboveZero, customMetric } from './alarms';
import type { InboxTable } from './inbox-table';
import { entryOf, ProjectFunction } from './project-function';
import { type InboxQueue, queueWithDeadLetter } from './queues';

/** The ASL file of each workflow, the same file the local runtime interprets. */
export const WORKFLOW_DEFINITION_FILES: Record<WorkflowName, string> = {
  [WorkflowName.conversation]: fileURLToPath(
    new URL('../../workflows/conversation.asl.json', import.meta.url),
  ),
};

/** The placeholder every Task state of the conversation workflow has as its `Resource`. */
export const TICKET_WORKFLOW_FUNCTION_ARN = 'TicketWorkflowFunctionArn';

/** Statuses of a finished execution that put it on the workflow-failures queue. */
export const FAILED_EXECUTION_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** Name (after the prefix) of the queue failed and unstartable executions land on. */
export const WORKFLOW_FAILURES_QUEUE = 'workflow-failures';

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
 * machine: its Task states run the ticket-workflow function (triage, routing, SLA checks).
 * Executions that fail, time out or are aborted are sent, by a rule on the default bus, to
 * the workflow-failures queue, which also receives the Ticket events the bus failed to
 * start an execution for; it alarms as soon as it holds one.
 */
export class ConversationWorkflow extends Construct {
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
      description: 'Conversation workflow tasks: triage, owner assignment, SLA deadline checks',
      timeout: TICKET_WORKFLOW_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      logRetention,
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logRetention,
      encryptionKey: props.encryptionKey,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `${props.namePrefix}-${WorkflowName.conversation}`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'hotel-inbox conversation: triage, routing and SLA clocks of one ticket',
      definitionBody: sfn.DefinitionBody.fromFile(WORKFLOW_DEFINITION_FILES[WorkflowName.conversation]),
      definitionSubstitutions: { [TICKET_WORKFLOW_FUNCTION_ARN]: this.function.functionArn },
      // No `timeout` here: CDK writes it only into definitions it builds, not into a file's.
      // The ASL sets no TimeoutSeconds, so an execution may wait up to a year for its deadlines.
      tracingEnabled: true,
      // Every state transition is logged, without inputs and outputs: the executions carry
      // only tenant and ticket ids and deadlines, but nothing of them is needed in the logs.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    // The definition comes from a file, so CDK cannot see which function the Tasks call:
    // invoking this one function (unqualified, as the Tasks name it) is all the role may do.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only for actions without resource-level permissions: X-Ray tracing (xray:PutTraceSegments, ' +
        'PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and the CloudWatch Logs log delivery ' +
        'Step Functions logging uses (logs:CreateLogDelivery and related), which AWS documents with Resource "*".',
    });

    this.failures = queueWithDeadLetter(
      this,
      WORKFLOW_FAILURES_QUEUE,
      // Receive count high enough for an operator to look at messages in the console a few times.
      { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 10 },
      { encryptionKey: props.encryptionKey, namePrefix: props.namePrefix, alarmAction: props.alarmAction },
    );
    // Step Functions reports status changes of Standard executions on the default bus.
    this.executionFailedRule = new events.Rule(this, 'ExecutionFailed', {
      description:
        'Conversation executions that failed, timed out or were aborted, for an operator to restart',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: [...FAILED_EXECUTION_STATUSES],
          stateMachineArn: [this.stateMachine.stateMachineArn],
        },
      },
      targets: [
        new targets.SqsQueue(this.failures.queue, { deadLetterQueue: this.failures.deadLetterQueue }),
      ],
    });

    const fn = this.function;
    this.alarms = [
      alarmAboveZero(
        this,
        'ExecutionsFailedAlarm',
        'A conversation workflow execution failed (its ticket has no SLA supervision)',
        this.stateMachine.metricFailed({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
        props.alarmAction,
      ),
      alarmAboveZero(
        this,
        'ErrorsAlarm',
        `${FunctionName.ticketWorkflow} failed invocations (the workflow retries them)`,
        fn.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
        props.alarmAction,
      ),
      alarmAboveZero(
        this,
        'PublishFailedAlarm',
        `${FunctionName.ticketWorkflow} reported PublishFailed (a ticket event did not reach the bus)`,
        customMetric('PublishFailed', fn.serviceName),
        props.alarmAction,
      ),
    ];
  }
}
