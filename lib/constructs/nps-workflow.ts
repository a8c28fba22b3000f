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
import type { InboxTable } from './inbox-table';
import { entryOf, ProjectFunction } from './project-function';
import type { InboxQueue } from './queues';
import { workflowStateMachine } from './workflow-state-machine';

const SURVEY_WORKFLOW_TIMEOUT = Duration.seconds(30);

export interface NpsWorkflowProps {
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`). */
  hotelsJson: string;
  /** The workflow-failures queue the workflows share (`ConversationWorkflow.failures`). */
  failures: InboxQueue;
  /** Encrypts the log groups. */
  encryptionKey: kms.IKey;
  /** Prefix of the state machine's name, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The post-stay NPS workflow of `workflows/nps.asl.json` as a Standard state machine, started
 * for one survey by its one-time Scheduler schedule (`SurveySchedules`), never by a bus rule:
 * its Task states run the survey-workflow function (send the question on the guest's channel,
 * record the answer or its expiry, open a detractor's follow-up). Its failed executions go to
 * the shared workflow-failures queue and raise an alarm, like the ticket workflows'. The
 * function gets no SLA_CLOCK_SPEED, as the ticket-workflow function: clocks run at 1 in AWS.
 */
export class NpsWorkflow extends Construct {
  /** The survey-workflow function: every Task state of the NPS workflow invokes it. */
  readonly function: ProjectFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly executionFailedRule: events.Rule;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: NpsWorkflowProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.surveyWorkflow),
      serviceName: FunctionName.surveyWorkflow,
      description:
        'NPS workflow tasks: send the survey, record the answer or expiry, follow up on detractors',
      timeout: SURVEY_WORKFLOW_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      logRetention,
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson);

    const workflow = workflowStateMachine(this, {
      workflow: WorkflowName.nps,
      comment: 'hotel-inbox NPS: after a departure, ask the guest one 0-10 question and act on the answer',
      taskFunction: this.function,
      failures: props.failures,
      failureImpact: 'its guest was not surveyed, or the answer was not acted on',
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
          errors: `${FunctionName.surveyWorkflow} failed invocations (the workflow retries them)`,
          publishFailed: `${FunctionName.surveyWorkflow} reported PublishFailed (a survey event did not reach the bus)`,
        },
        props.alarmAction,
      ),
    ];
  }
}
