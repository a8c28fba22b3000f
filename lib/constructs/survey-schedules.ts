import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { alarmAboveZero } from './alarms';
import { acknowledgeOwnPolicy } from './nag';
import { grantSendTo, type InboxQueue, queueWithDeadLetter } from './queues';

/** Name (after the prefix) of the schedule group the one-time survey schedules are created in. */
export const SURVEY_SCHEDULE_GROUP = 'surveys';
/** Name (after the prefix) of the queue Scheduler puts survey starts on that it could not deliver. */
export const SURVEY_SCHEDULE_FAILURES_QUEUE = 'survey-schedule-failures';
/** The one service the schedules' role may be passed to. */
const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

export interface SurveySchedulesProps {
  /** The NPS state machine the schedules start, and the only one their role may start. */
  stateMachine: sfn.IStateMachine;
  /** Encrypts the failures queues. */
  encryptionKey: kms.IKey;
  /** Prefix of the physical names, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
}

/**
 * Where the post-stay surveys wait for their time: the schedule group `<prefix>-surveys`, in
 * which the checkouts and survey-sweep functions create one one-time EventBridge Scheduler
 * schedule per survey, and the role those schedules run with, which only this account's
 * Scheduler, for schedules of this group, may assume: it may start the NPS state machine and
 * put a start it could not deliver (after Scheduler's retries) on the alarmed
 * survey-schedule-failures queue, and nothing else. The functions name the role, the queue
 * and the state machine in each `CreateSchedule` call (`grantCreateSchedules`).
 */
export class SurveySchedules extends Construct {
  readonly group: scheduler.ScheduleGroup;
  /** The group's name, as the functions receive it in `SURVEY_SCHEDULE_GROUP`. */
  readonly groupName: string;
  /** The role every survey schedule runs with. */
  readonly role: iam.Role;
  /** The schedules' dead-letter queue: survey starts Scheduler could not deliver, for an operator. */
  readonly failures: InboxQueue;
  readonly stateMachine: sfn.IStateMachine;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SurveySchedulesProps) {
    super(scope, id);
    this.stateMachine = props.stateMachine;
    this.groupName = `${props.namePrefix}-${SURVEY_SCHEDULE_GROUP}`;
    // Kept when the stack is deleted (CDK's default): deleting a group deletes its schedules.
    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName: this.groupName });

    this.failures = queueWithDeadLetter(
      this,
      SURVEY_SCHEDULE_FAILURES_QUEUE,
      // Receive count high enough for an operator to look at messages in the console a few times.
      { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 10 },
      { encryptionKey: props.encryptionKey, namePrefix: props.namePrefix, alarmAction: props.alarmAction },
    );

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal(SCHEDULER_SERVICE, {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': this.group.scheduleGroupArn,
          },
        },
      }),
      description: 'EventBridge Scheduler starting the NPS workflow of one survey',
    });
    acknowledgeOwnPolicy(this.role, 'The role every survey schedule starts the NPS workflow with');
    props.stateMachine.grantStartExecution(this.role);
    // The dead-letter queue is encrypted with our key: sending to it needs the key too.
    grantSendTo(this.failures.queue, this.role);

    this.alarms = [
      alarmAboveZero(
        this,
        'FailedToBeSentToDeadLetterAlarm',
        `Scheduler could neither start an NPS workflow nor put the start on ${SURVEY_SCHEDULE_FAILURES_QUEUE} ` +
          '(a survey was lost: check the schedules role and the queue key)',
        this.group.metricFailedToBeSentToDLQ(undefined, {
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.SUM,
        }),
        props.alarmAction,
      ),
    ];
  }

  /**
   * The ARN pattern of the schedules of the group, built from pseudo parameters so that it
   * reads the same whatever account and region the stack is synthesized for.
   */
  get scheduleArns(): string {
    return `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule/${this.groupName}/*`;
  }

  /**
   * `scheduler:CreateSchedule` in the survey group only, and `iam:PassRole` on the schedules'
   * role only, for Scheduler only: what creating a survey schedule needs (the role, not the
   * function, starts the state machine and fills the dead-letter queue).
   */
  grantCreateSchedules(fn: lambda.IFunction): void {
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['scheduler:CreateSchedule'],
      resourceArns: [this.scheduleArns],
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': SCHEDULER_SERVICE } },
      }),
    );
    if (fn.role)
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.groupName}/*]`,
        reason:
          'Each survey gets its own one-time schedule, named at run time after the survey, so the names cannot be ' +
          `listed in the policy: the grant is scheduler:CreateSchedule only, on schedules of the ${this.groupName} ` +
          'group only (no update, delete, other group or default group).',
      });
  }
}
