import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FunctionName } from '../../functions/contracts/routes';
import { alarmAboveZero, customMetric } from './alarms';
import { FailuresQueueDestination } from './failures-queue-destination';
import type { InboxTable } from './inbox-table';
import { entryOf, ProjectFunction } from './project-function';
import { type InboxQueue, queueWithDeadLetter } from './queues';
import type { SurveySchedules } from './survey-schedules';

/** When the sweep runs: 03:00 UTC every day, early morning in the hotels' time zones (06:00 in Türkiye). */
export const SURVEY_SWEEP_CRON = { minute: '0', hour: '3' } as const;
export const SURVEY_SWEEP_TIMEOUT = Duration.minutes(5);
/**
 * How long a sweep may still start late, by the rule's retries (Lambda throttled or
 * unavailable) or Lambda's asynchronous retries (the sweep failed): well within the day.
 */
export const SURVEY_SWEEP_MAX_EVENT_AGE = Duration.hours(2);
/** The rule's retries of an invocation Lambda refused, before the event goes to the failures queue. */
export const SURVEY_SWEEP_RULE_RETRIES = 8;
/** Lambda's retries of a sweep that failed, before the event goes to the failures queue. */
export const SURVEY_SWEEP_FUNCTION_RETRIES = 2;
/** Name (after the prefix) of the queue failed sweeps land on. */
export const SURVEY_SWEEP_FAILURES_QUEUE = 'survey-sweep-failures';

export interface SurveySweepProps {
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`). */
  hotelsJson: string;
  /** Where the sweep creates the schedules of surveys still to start. */
  schedules: SurveySchedules;
  /** Encrypts the function's log group and the failures queues. */
  encryptionKey: kms.IKey;
  /** Prefix of the physical names, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The daily survey sweep: a scheduled EventBridge rule on the default bus invokes the
 * survey-sweep function, which goes through the hotels' surveys (gsi1), may create the
 * schedules of surveys still missing one (in the survey schedule group, like the checkouts
 * function) and publishes what it finds. EventBridge invokes Lambda
 * asynchronously, so a run can fail two ways, and both end on the alarmed
 * survey-sweep-failures queue: the rule could not invoke the function after its retries (the
 * target's dead-letter queue), or the function failed after Lambda's own retries (its
 * on-failure destination).
 */
export class SurveySweep extends Construct {
  readonly function: ProjectFunction;
  readonly rule: events.Rule;
  /** Sweeps that could not be invoked or failed, for an operator to look at. */
  readonly failures: InboxQueue;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SurveySweepProps) {
    super(scope, id);
    this.failures = queueWithDeadLetter(
      this,
      SURVEY_SWEEP_FAILURES_QUEUE,
      { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 10 },
      { encryptionKey: props.encryptionKey, namePrefix: props.namePrefix, alarmAction: props.alarmAction },
    );

    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.surveySweep),
      serviceName: FunctionName.surveySweep,
      description: "Survey sweep: the daily pass over the hotels' post-stay surveys",
      timeout: SURVEY_SWEEP_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
      retryAttempts: SURVEY_SWEEP_FUNCTION_RETRIES,
      maxEventAge: SURVEY_SWEEP_MAX_EVENT_AGE,
      onFailure: new FailuresQueueDestination(this.failures),
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson)
      .grantSurveyScheduling(props.schedules);

    this.rule = new events.Rule(this, 'Daily', {
      description: `Runs ${FunctionName.surveySweep} every day at ${SURVEY_SWEEP_CRON.hour}:00 UTC`,
      schedule: events.Schedule.cron(SURVEY_SWEEP_CRON),
      targets: [
        new targets.LambdaFunction(this.function, {
          deadLetterQueue: this.failures.queue,
          retryAttempts: SURVEY_SWEEP_RULE_RETRIES,
          maxEventAge: SURVEY_SWEEP_MAX_EVENT_AGE,
        }),
      ],
    });

    const fn = this.function;
    this.alarms = [
      alarmAboveZero(
        this,
        'ErrorsAlarm',
        `${FunctionName.surveySweep} failed invocations (Lambda retries them, then the failures queue)`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        props.alarmAction,
      ),
      alarmAboveZero(
        this,
        'PublishFailedAlarm',
        `${FunctionName.surveySweep} reported PublishFailed (a survey event did not reach the bus)`,
        customMetric('PublishFailed', fn.serviceName),
        props.alarmAction,
      ),
    ];
  }
}
