import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { FunctionName } from '../../functions/contracts/routes';
import { functionAlarms } from './alarms';
import { FailuresQueueDestination } from './failures-queue-destination';
import type { InboxTable } from './inbox-table';
import { acknowledgeOwnPolicy } from './nag';
import { entryOf, ProjectFunction } from './project-function';
import { grantSendTo, type InboxQueue, queueWithDeadLetter } from './queues';

/** How often the sweep runs (the local runtime runs it every LEAD_SWEEP_SECONDS). */
export const LEAD_SWEEP_RATE = Duration.minutes(15);
export const LEAD_SWEEP_TIMEOUT = Duration.minutes(1);
/**
 * How long a sweep may still start late, by Scheduler retries or Lambda's asynchronous
 * retries: less than the rate, so a late sweep never overlaps the next one.
 */
export const LEAD_SWEEP_MAX_EVENT_AGE = Duration.minutes(10);
/** Scheduler's retries of an invocation Lambda refused (throttled, unavailable). */
export const LEAD_SWEEP_SCHEDULE_RETRIES = 3;
/** Name (after the prefix) of the queue failed sweeps land on. */
export const LEAD_SWEEP_FAILURES_QUEUE = 'lead-sweep-failures';

export interface LeadSweepProps {
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`). */
  hotelsJson: string;
  /** Encrypts the function's log group and the failures queues. */
  encryptionKey: kms.IKey;
  /** Prefix of the physical names, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The lead sweep: every 15 minutes an EventBridge Scheduler schedule invokes the lead-sweep
 * function, which flags answered sales tickets whose follow-up deadline passed (gsi2) as lost
 * opportunities. Scheduler invokes Lambda asynchronously, so there are two ways a run can
 * fail, and both end on the alarmed lead-sweep-failures queue: Scheduler could not invoke
 * the function after its retries (the schedule's dead-letter queue), or the function failed
 * after Lambda's own retries (its on-failure destination).
 */
export class LeadSweep extends Construct {
  readonly function: ProjectFunction;
  readonly schedule: scheduler.Schedule;
  readonly scheduleRole: iam.Role;
  /** Sweeps that could not be invoked or failed, for an operator to look at. */
  readonly failures: InboxQueue;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: LeadSweepProps) {
    super(scope, id);
    this.failures = queueWithDeadLetter(
      this,
      LEAD_SWEEP_FAILURES_QUEUE,
      { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 10 },
      { encryptionKey: props.encryptionKey, namePrefix: props.namePrefix, alarmAction: props.alarmAction },
    );

    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.leadSweep),
      serviceName: FunctionName.leadSweep,
      description: 'Lead sweep: flags answered sales tickets past their follow-up deadline as lost',
      timeout: LEAD_SWEEP_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
      // Asynchronous invocations (Scheduler's): Lambda retries a failed sweep twice, then
      // sends the event to the failures queue; the next sweep repeats the work anyway.
      retryAttempts: 2,
      maxEventAge: LEAD_SWEEP_MAX_EVENT_AGE,
      onFailure: new FailuresQueueDestination(this.failures),
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson);

    // Our own role rather than the one LambdaInvoke would add to the stack: only schedules of
    // this account's default schedule group may assume it.
    const stack = Stack.of(this);
    this.scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
      description: `EventBridge Scheduler invoking ${FunctionName.leadSweep}`,
    });
    // The dead-letter queue is encrypted with our key: sending to it needs the key too.
    grantSendTo(this.failures.queue, this.scheduleRole);
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: `${props.namePrefix}-${FunctionName.leadSweep}`,
      description: `Runs ${FunctionName.leadSweep} every ${LEAD_SWEEP_RATE.toMinutes()} minutes`,
      schedule: scheduler.ScheduleExpression.rate(LEAD_SWEEP_RATE),
      target: new LambdaInvoke(this.function, {
        role: this.scheduleRole,
        deadLetterQueue: this.failures.queue,
        retryAttempts: LEAD_SWEEP_SCHEDULE_RETRIES,
        maxEventAge: LEAD_SWEEP_MAX_EVENT_AGE,
      }),
    });

    acknowledgeOwnPolicy(this.scheduleRole, 'The role the lead-sweep schedule invokes the function with');
    Validations.of(this.scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.function.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason:
        'LambdaInvoke grants lambda:InvokeFunction on the lead-sweep function and on its qualified ARNs ' +
        '(versions and aliases of this one function, the ":*" suffix); the schedule invokes the unqualified ' +
        'function. No other function or action is covered.',
    });

    const fn = this.function;
    this.alarms = [
      ...functionAlarms(
        this,
        fn,
        {
          errors: `${FunctionName.leadSweep} failed invocations (Lambda retries them, then the failures queue)`,
          publishFailed: `${FunctionName.leadSweep} reported PublishFailed (a Lost Opportunity Flagged event did not reach the bus)`,
        },
        props.alarmAction,
      ),
    ];
  }
}
