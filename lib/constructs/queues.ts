import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QueueName } from '../../functions/contracts/bus';

export interface QueueSettings {
  retention: Duration;
  /** Alarm as soon as the queue itself holds a message (it is a list for an operator, not a buffer). */
  alarmWhenNotEmpty: boolean;
  maxReceiveCount: number;
  /**
   * For a queue a Lambda consumes: at least six times the function's timeout, as AWS advises
   * for event source mappings (the consumer checks it). @default 30 seconds (SQS's default)
   */
  visibilityTimeout?: Duration;
}

/** Settings per queue of the contract; a new `QueueName` does not compile until it has its row. */
const SETTINGS: Record<QueueName, QueueSettings> = {
  [QueueName.unroutable]: { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 5 },
  // A buffer in front of the ticket-intake function: a message that fails 5 receives goes to
  // the dead-letter queue (alarmed); every event also stays 30 days in the bus archive.
  [QueueName.ticketIntake]: {
    retention: Duration.days(4),
    alarmWhenNotEmpty: false,
    maxReceiveCount: 5,
    visibilityTimeout: Duration.minutes(3),
  },
};

export interface InboxQueue {
  queue: sqs.Queue;
  /** Receives what the queue's consumers failed on and what EventBridge failed to deliver to it. */
  deadLetterQueue: sqs.Queue;
  visibilityTimeout: Duration;
}

export interface QueuePairProps {
  encryptionKey: kms.IKey;
  /** Prefix of the physical queue names, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
}

export type QueuesProps = QueuePairProps;

/**
 * One SQS queue per `QueueName` of the bus contract, each with its dead-letter queue, all
 * encrypted with our key and TLS-only. Alarms fire when a dead-letter queue, or a queue
 * meant for an operator, holds a message.
 */
export class Queues extends Construct {
  private readonly byName = new Map<QueueName, InboxQueue>();

  constructor(scope: Construct, id: string, props: QueuesProps) {
    super(scope, id);
    for (const name of Object.values(QueueName))
      this.byName.set(name, queueWithDeadLetter(this, name, SETTINGS[name], props));
  }

  queue(name: QueueName): InboxQueue {
    const queue = this.byName.get(name);
    if (!queue) throw new Error(`No queue named ${name}`);
    return queue;
  }
}

/**
 * A queue `<prefix>-<name>` and its dead-letter queue `<prefix>-<name>-dlq` in `scope`: KMS
 * with our key, TLS only, the dead-letter queue kept 14 days and alarmed when not empty
 * (the queue too when `alarmWhenNotEmpty`).
 */
export function queueWithDeadLetter(
  scope: Construct,
  name: string,
  settings: QueueSettings,
  props: QueuePairProps,
): InboxQueue {
  const common = {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.encryptionKey,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  };
  const deadLetterQueue = new sqs.Queue(scope, `${name}-dlq`, {
    ...common,
    queueName: `${props.namePrefix}-${name}-dlq`,
  });
  const visibilityTimeout = settings.visibilityTimeout ?? Duration.seconds(30);
  const queue = new sqs.Queue(scope, name, {
    ...common,
    queueName: `${props.namePrefix}-${name}`,
    retentionPeriod: settings.retention,
    ...(settings.visibilityTimeout && { visibilityTimeout }),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
  });

  const alarms = [
    notEmptyAlarm(
      scope,
      `${name}-dlq-not-empty`,
      deadLetterQueue,
      `Dead-letter queue of ${name} holds messages`,
    ),
  ];
  if (settings.alarmWhenNotEmpty)
    alarms.push(notEmptyAlarm(scope, `${name}-not-empty`, queue, `Queue ${name} holds messages to handle`));
  if (props.alarmAction) for (const alarm of alarms) alarm.addAlarmAction(props.alarmAction);
  return { queue, deadLetterQueue, visibilityTimeout };
}

function notEmptyAlarm(
  scope: Construct,
  id: string,
  queue: sqs.Queue,
  description: string,
): cloudwatch.Alarm {
  return queue
    .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
    .createAlarm(scope, id, {
      alarmDescription: description,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
}
