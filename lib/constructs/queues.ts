import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QueueName } from '../../functions/contracts/bus';

interface QueueSettings {
  retention: Duration;
  /** Alarm as soon as the queue itself holds a message (it is a list for an operator, not a buffer). */
  alarmWhenNotEmpty: boolean;
  maxReceiveCount: number;
}

/** Settings per queue of the contract; a new `QueueName` does not compile until it has its row. */
const SETTINGS: Record<QueueName, QueueSettings> = {
  [QueueName.unroutable]: { retention: Duration.days(14), alarmWhenNotEmpty: true, maxReceiveCount: 5 },
};

export interface InboxQueue {
  queue: sqs.Queue;
  /** Receives what the queue's consumers failed on and what EventBridge failed to deliver to it. */
  deadLetterQueue: sqs.Queue;
}

export interface QueuesProps {
  encryptionKey: kms.IKey;
  /** Prefix of the physical queue names, e.g. `hotel-inbox`. */
  namePrefix: string;
  alarmAction?: cloudwatch.IAlarmAction;
}

/**
 * One SQS queue per `QueueName` of the bus contract, each with its dead-letter queue, all
 * encrypted with our key and TLS-only. Alarms fire when a dead-letter queue, or a queue
 * meant for an operator, holds a message.
 */
export class Queues extends Construct {
  private readonly byName = new Map<QueueName, InboxQueue>();

  constructor(scope: Construct, id: string, props: QueuesProps) {
    super(scope, id);
    for (const name of Object.values(QueueName)) {
      const settings = SETTINGS[name];
      const common = {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: props.encryptionKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      };
      const deadLetterQueue = new sqs.Queue(this, `${name}-dlq`, {
        ...common,
        queueName: `${props.namePrefix}-${name}-dlq`,
      });
      const queue = new sqs.Queue(this, name, {
        ...common,
        queueName: `${props.namePrefix}-${name}`,
        retentionPeriod: settings.retention,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
      });
      this.byName.set(name, { queue, deadLetterQueue });

      const alarms = [
        notEmptyAlarm(
          this,
          `${name}-dlq-not-empty`,
          deadLetterQueue,
          `Dead-letter queue of ${name} holds messages`,
        ),
      ];
      if (settings.alarmWhenNotEmpty)
        alarms.push(
          notEmptyAlarm(this, `${name}-not-empty`, queue, `Queue ${name} holds messages to handle`),
        );
      if (props.alarmAction) for (const alarm of alarms) alarm.addAlarmAction(props.alarmAction);
    }
  }

  queue(name: QueueName): InboxQueue {
    const queue = this.byName.get(name);
    if (!queue) throw new Error(`No queue named ${name}`);
    return queue;
  }
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
