import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WorkflowName } from '../../functions/contracts/bus';
import { FunctionName } from '../../functions/contracts/routes';
import { alarmAboveZero } from './alarms';
import { acknowledgeOwnPolicy } from './nag';
import type { InboxQueue } from './queues';

const definitionFile = (name: string) =>
  fileURLToPath(new URL(`../../workflows/${name}.asl.json`, import.meta.url));

/** The ASL file of each workflow, the same file the local runtime interprets. */
export const WORKFLOW_DEFINITION_FILES: Record<WorkflowName, string> = {
  [WorkflowName.conversation]: definitionFile(WorkflowName.conversation),
  [WorkflowName.csat]: definitionFile(WorkflowName.csat),
  [WorkflowName.nps]: definitionFile(WorkflowName.nps),
};

/** The placeholder every Task state of the ticket workflows has as its `Resource`. */
export const TICKET_WORKFLOW_FUNCTION_ARN = 'TicketWorkflowFunctionArn';
/** The placeholder every Task state of the NPS workflow has as its `Resource`. */
export const SURVEY_WORKFLOW_FUNCTION_ARN = 'SurveyWorkflowFunctionArn';

/**
 * The one function the Task states of each workflow invoke, and the placeholder of its ARN
 * in the ASL file (`${TicketWorkflowFunctionArn}`), substituted at deploy time.
 */
export const WORKFLOW_TASKS: Record<WorkflowName, { placeholder: string; function: FunctionName }> = {
  [WorkflowName.conversation]: {
    placeholder: TICKET_WORKFLOW_FUNCTION_ARN,
    function: FunctionName.ticketWorkflow,
  },
  [WorkflowName.csat]: { placeholder: TICKET_WORKFLOW_FUNCTION_ARN, function: FunctionName.ticketWorkflow },
  [WorkflowName.nps]: { placeholder: SURVEY_WORKFLOW_FUNCTION_ARN, function: FunctionName.surveyWorkflow },
};

/** Statuses of a finished execution that put it on the workflow-failures queue. */
export const FAILED_EXECUTION_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** Name (after the prefix) of the queue failed and unstartable executions land on. */
export const WORKFLOW_FAILURES_QUEUE = 'workflow-failures';

export interface WorkflowStateMachineProps {
  workflow: WorkflowName;
  /** The state machine's comment: what one execution does. */
  comment: string;
  /** The function every Task state invokes: the placeholder of `WORKFLOW_TASKS` in the ASL file. */
  taskFunction: lambda.IFunction;
  /** Where failed, timed-out and aborted executions are sent for an operator to restart. */
  failures: InboxQueue;
  /** What a failed execution leaves undone, for the alarm's description. */
  failureImpact: string;
  /** Encrypts the log group. */
  encryptionKey: kms.IKey;
  /** Prefix of the state machine's name, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention: logs.RetentionDays;
}

export interface WorkflowStateMachine {
  stateMachine: sfn.StateMachine;
  logGroup: logs.LogGroup;
  /** Sends this state machine's failed executions to the failures queue. */
  executionFailedRule: events.Rule;
  executionsFailedAlarm: cloudwatch.Alarm;
}

/**
 * A Standard state machine `<prefix>-<workflow>` in `scope` from the workflow's ASL file, with
 * its Task resource substituted, X-Ray tracing, every transition logged (without execution
 * data) to an encrypted log group, a role that may invoke the task function only, a rule on
 * the default bus that sends its failed executions to the failures queue, and an alarm on
 * them. Construct ids in `scope`: `Logs`, `StateMachine`, `ExecutionFailed`,
 * `ExecutionsFailedAlarm` (one workflow per scope).
 */
export function workflowStateMachine(
  scope: Construct,
  props: WorkflowStateMachineProps,
): WorkflowStateMachine {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: props.logRetention,
    encryptionKey: props.encryptionKey,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName: `${props.namePrefix}-${props.workflow}`,
    stateMachineType: sfn.StateMachineType.STANDARD,
    comment: props.comment,
    definitionBody: sfn.DefinitionBody.fromFile(WORKFLOW_DEFINITION_FILES[props.workflow]),
    definitionSubstitutions: { [WORKFLOW_TASKS[props.workflow].placeholder]: props.taskFunction.functionArn },
    // No `timeout` here: CDK writes it only into definitions it builds, not into a file's.
    // The ASL files set no TimeoutSeconds, so an execution may wait up to a year.
    tracingEnabled: true,
    // Every state transition is logged, without inputs and outputs: the executions carry
    // only tenant and ticket ids and deadlines, but nothing of them is needed in the logs.
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
  });
  // The definition comes from a file, so CDK cannot see which function the Tasks call:
  // invoking this one function (unqualified, as the Tasks name it) is all the role may do.
  stateMachine.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [props.taskFunction.functionArn],
    }),
  );
  // Its own role, and the role of the bus rule that starts it (`EventsRole`, created under it).
  acknowledgeOwnPolicy(
    stateMachine,
    `The roles of the ${props.workflow} state machine and of the rule that starts it`,
  );
  Validations.of(stateMachine.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only for actions without resource-level permissions: X-Ray tracing (xray:PutTraceSegments, ' +
      'PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and the CloudWatch Logs log delivery ' +
      'Step Functions logging uses (logs:CreateLogDelivery and related), which AWS documents with Resource "*".',
  });

  const title = `${props.workflow[0]?.toUpperCase()}${props.workflow.slice(1)}`;
  // Step Functions reports status changes of Standard executions on the default bus.
  const executionFailedRule = new events.Rule(scope, 'ExecutionFailed', {
    description: `${title} executions that failed, timed out or were aborted, for an operator to restart`,
    eventPattern: {
      source: ['aws.states'],
      detailType: ['Step Functions Execution Status Change'],
      detail: {
        status: [...FAILED_EXECUTION_STATUSES],
        stateMachineArn: [stateMachine.stateMachineArn],
      },
    },
    targets: [
      new targets.SqsQueue(props.failures.queue, { deadLetterQueue: props.failures.deadLetterQueue }),
    ],
  });
  const executionsFailedAlarm = alarmAboveZero(
    scope,
    'ExecutionsFailedAlarm',
    `A ${props.workflow} workflow execution failed (${props.failureImpact})`,
    stateMachine.metricFailed({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
    props.alarmAction,
  );
  return { stateMachine, logGroup, executionFailedRule, executionsFailedAlarm };
}
