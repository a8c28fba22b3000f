import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Env } from '../../functions/contracts/environment';
import { FunctionName } from '../../functions/contracts/routes';
import type { KpiExportRequest } from '../../functions/domain/kpi/export-kpis';
import { alarmAboveZero } from './alarms';
import { FailuresQueueDestination } from './failures-queue-destination';
import type { InboxTable } from './inbox-table';
import type { KpiLake } from './kpi-lake';
import { acknowledge, NagRule } from './nag';
import { entryOf, ProjectFunction } from './project-function';
import { type InboxQueue, queueWithDeadLetter } from './queues';

export type KpiExportMode = Extract<KpiExportRequest, { mode: unknown }>['mode'];

/**
 * When the exports run (UTC): hourly at minute 5, the current day of every hotel; daily at
 * 02:30, after midnight in the hotels' time zones (05:30 in Türkiye), sealing the day before.
 */
export const KPI_EXPORT_SCHEDULES: Record<KpiExportMode, events.CronOptions> = {
  hourly: { minute: '5' },
  daily: { minute: '30', hour: '2' },
};
/** The daily export reads up to two weeks of every hotel's tickets and encodes Parquet files. */
export const KPI_EXPORT_TIMEOUT = Duration.minutes(10);
export const KPI_EXPORT_MEMORY_MB = 1024;
/**
 * How long an export may still start late, by the rules' or Lambda's retries: an hour, when
 * the next hourly export does the same work anyway (a missed seal is redone by the next day's).
 */
export const KPI_EXPORT_MAX_EVENT_AGE = Duration.hours(1);
/** The rules' retries of an invocation Lambda refused, before the event goes to the failures queue. */
export const KPI_EXPORT_RULE_RETRIES = 8;
/** Lambda's retries of an export that failed, before the event goes to the failures queue. */
export const KPI_EXPORT_FUNCTION_RETRIES = 2;
/** Name (after the prefix) of the queue failed exports land on. */
export const KPI_EXPORT_FAILURES_QUEUE = 'kpi-export-failures';
/** Secrets Manager name of the salt guests' pseudonyms (`guest_key`) are made with. */
export const LAKE_SALT_SECRET_NAME = 'hotel-inbox/lake-salt';
/** The indexes the export queries: gsi1 for a hotel's surveys, gsi3 for the tickets opened on a day. */
export const KPI_EXPORT_INDEXES = ['gsi1', 'gsi3'] as const;

export interface KpiExportProps {
  table: InboxTable;
  lake: KpiLake;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`): the hotels and their time zones. */
  hotelsJson: string;
  /** Encrypts the salt, the function's log group and the failures queues. */
  encryptionKey: kms.IKey;
  /** Prefix of the physical names, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The KPI export: two scheduled EventBridge rules on the default bus invoke the kpi-export
 * function, which reads the hotels' tickets, messages and surveys (queries only) and writes
 * each hotel's day of every lake table as a snappy Parquet file under `kpi/<table>/dt=<dt>/`.
 * Guests appear in the lake only as a salted pseudonym; the salt is a generated secret. As
 * with the survey sweep, a run that could not be invoked (the rules' dead-letter queue) or
 * failed after Lambda's retries (its on-failure destination) ends on the alarmed
 * kpi-export-failures queue.
 */
export class KpiExport extends Construct {
  readonly function: ProjectFunction;
  readonly salt: secretsmanager.Secret;
  readonly rules: Record<KpiExportMode, events.Rule>;
  /** Exports that could not be invoked or failed, for an operator to look at. */
  readonly failures: InboxQueue;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: KpiExportProps) {
    super(scope, id);
    this.failures = queueWithDeadLetter(
      this,
      KPI_EXPORT_FAILURES_QUEUE,
      { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 10 },
      { encryptionKey: props.encryptionKey, namePrefix: props.namePrefix, alarmAction: props.alarmAction },
    );

    this.salt = new secretsmanager.Secret(this, 'LakeSalt', {
      secretName: LAKE_SALT_SECRET_NAME,
      description:
        'Salt of the guest pseudonyms (guest_key) in the KPI lake. Changing it changes every pseudonym from ' +
        'the next export on, so a guest no longer matches across older and newer days.',
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledge(
      this.salt,
      NagRule.secretNoRotation,
      'Rotating the salt changes every guest pseudonym in the lake from the next export on, which breaks ' +
        'repeat-guest KPIs across the rotation; it is a deliberate data-protection step (e.g. after an incident), ' +
        'done by hand with put-secret-value, not on a schedule.',
    );

    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.kpiExport),
      serviceName: FunctionName.kpiExport,
      description: "KPI export: the hotels' tickets, messages and surveys as Parquet files in the lake",
      timeout: KPI_EXPORT_TIMEOUT,
      memorySize: KPI_EXPORT_MEMORY_MB,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
      retryAttempts: KPI_EXPORT_FUNCTION_RETRIES,
      maxEventAge: KPI_EXPORT_MAX_EVENT_AGE,
      onFailure: new FailuresQueueDestination(this.failures),
    })
      .grantTableQuery(props.table, KPI_EXPORT_INDEXES)
      .grantLakeExport(props.lake)
      .grantSecretRead(Env.lakeSaltArn, this.salt)
      .withHotels(props.hotelsJson);

    const rule = (mode: KpiExportMode, id: string, description: string) =>
      new events.Rule(this, id, {
        description,
        schedule: events.Schedule.cron(KPI_EXPORT_SCHEDULES[mode]),
        targets: [
          new targets.LambdaFunction(this.function, {
            event: events.RuleTargetInput.fromObject({ mode } satisfies KpiExportRequest),
            deadLetterQueue: this.failures.queue,
            retryAttempts: KPI_EXPORT_RULE_RETRIES,
            maxEventAge: KPI_EXPORT_MAX_EVENT_AGE,
          }),
        ],
      });
    this.rules = {
      hourly: rule(
        'hourly',
        'Hourly',
        `Runs ${FunctionName.kpiExport} every hour at minute ${KPI_EXPORT_SCHEDULES.hourly.minute}: ` +
          "each hotel's today and yesterday",
      ),
      daily: rule(
        'daily',
        'Daily',
        `Runs ${FunctionName.kpiExport} every day at ${clockTime(KPI_EXPORT_SCHEDULES.daily)} UTC: ` +
          "each hotel's yesterday and the days before it",
      ),
    };

    this.alarms = [
      alarmAboveZero(
        this,
        'ErrorsAlarm',
        `${FunctionName.kpiExport} failed invocations (Lambda retries them, then the failures queue)`,
        this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        props.alarmAction,
      ),
    ];
  }
}

const clockTime = (cron: events.CronOptions) =>
  `${(cron.hour ?? '0').padStart(2, '0')}:${(cron.minute ?? '0').padStart(2, '0')}`;
