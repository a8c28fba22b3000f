import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FunctionName } from '../../functions/contracts/routes';
import { alarmAboveZero } from './alarms';
import { FailuresQueueDestination } from './failures-queue-destination';
import type { InboxTable } from './inbox-table';
import { entryOf, ProjectFunction } from './project-function';
import { type InboxQueue, queueWithDeadLetter } from './queues';

/** When the purge runs (UTC): daily at 03:15, after the KPI export's daily seal at 02:30. */
export const RETENTION_PURGE_SCHEDULE: events.CronOptions = { minute: '15', hour: '3' };
/**
 * A run purges up to 5,000 threads per hotel (a few writes each); a backlog larger than that
 * goes on the next day.
 */
export const RETENTION_PURGE_TIMEOUT = Duration.minutes(15);
/** The longest Lambda allows; a day missed beyond it is done by the next day's run. */
export const RETENTION_PURGE_MAX_EVENT_AGE = Duration.hours(6);
export const RETENTION_PURGE_RULE_RETRIES = 8;
export const RETENTION_PURGE_FUNCTION_RETRIES = 2;
export const RETENTION_PURGE_FAILURES_QUEUE = 'retention-purge-failures';
/** The purge's list of finished threads (`Keys.keptWordsIndex`). */
export const RETENTION_PURGE_INDEXES = ['gsi4'] as const;

export interface RetentionPurgeProps {
  table: InboxTable;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`): each hotel's retention periods. */
  hotelsJson: string;
  /** Encrypts the function's log group and the failures queues. */
  encryptionKey: kms.IKey;
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The retention purge of what TTL and lifecycle rules cannot expire: the words of finished
 * tickets and surveys past each hotel's `messageTextDays`, removed from items the KPIs keep. A
 * daily rule invokes it; a run that could not be invoked or failed after Lambda's retries lands
 * on the alarmed retention-purge-failures queue, and the next day's run picks up the same list.
 * Whole items expire by the table's TTL (audit entries, archive index, dedupe records, web-chat
 * sessions) and the raw archive's bodies by the bucket's lifecycle rules.
 */
export class RetentionPurge extends Construct {
  readonly function: ProjectFunction;
  readonly rule: events.Rule;
  readonly failures: InboxQueue;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: RetentionPurgeProps) {
    super(scope, id);
    this.failures = queueWithDeadLetter(
      this,
      RETENTION_PURGE_FAILURES_QUEUE,
      { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 10 },
      { encryptionKey: props.encryptionKey, namePrefix: props.namePrefix, alarmAction: props.alarmAction },
    );
    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.retentionPurge),
      serviceName: FunctionName.retentionPurge,
      description: "Retention purge: the words of the hotels' finished tickets and surveys past their period",
      timeout: RETENTION_PURGE_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
      retryAttempts: RETENTION_PURGE_FUNCTION_RETRIES,
      maxEventAge: RETENTION_PURGE_MAX_EVENT_AGE,
      onFailure: new FailuresQueueDestination(this.failures),
    })
      .grantTableRewrites(props.table, RETENTION_PURGE_INDEXES)
      .withHotels(props.hotelsJson);

    this.rule = new events.Rule(this, 'Daily', {
      description:
        `Runs ${FunctionName.retentionPurge} every day at ${RETENTION_PURGE_SCHEDULE.hour}:` +
        `${RETENTION_PURGE_SCHEDULE.minute} UTC`,
      schedule: events.Schedule.cron(RETENTION_PURGE_SCHEDULE),
      targets: [
        new targets.LambdaFunction(this.function, {
          deadLetterQueue: this.failures.queue,
          retryAttempts: RETENTION_PURGE_RULE_RETRIES,
          maxEventAge: RETENTION_PURGE_MAX_EVENT_AGE,
        }),
      ],
    });

    this.alarms = [
      alarmAboveZero(
        this,
        'ErrorsAlarm',
        `${FunctionName.retentionPurge} failed invocations (Lambda retries them, then the failures queue)`,
        this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        props.alarmAction,
      ),
    ];
  }
}
