import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTBOUND_MAX_RECEIVES, QueueName } from '../../functions/contracts/bus';

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
  // Replies and surveys waiting for the sender, which reports only the records that failed
  // (throttling, a Graph API outage). On the last receive the sender marks a message it still
  // cannot send `failed` on its ticket, and the record goes to the alarmed dead-letter queue
  // for the operator; a redrive sends nothing twice (see ADR 5).
  [QueueName.outbound]: {
    retention: Duration.days(4),
    alarmWhenNotEmpty: false,
    maxReceiveCount: OUTBOUND_MAX_RECEIVES,
    visibilityTimeout: Duration.minutes(9),
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

/**
 * AWS advises a visibility timeout of at least six times the consumer's timeout for an event
 * source mapping, so that a batch retried after throttling is not handed out again while it is
 * still in flight. Throws at synth time when `queue` is too short for `consumer`.
 */
export function assertVisibilityCovers(queue: InboxQueue, consumerTimeout: Duration, consumer: string): void {
  const visibility = queue.visibilityTimeout.toSeconds();
  if (visibility < 6 * consumerTimeout.toSeconds())
    throw new Error(
      `The visibility timeout of ${queue.queue.node.id} (${visibility} s) must be at least ` +
        `6 times the ${consumer} timeout (${consumerTimeout.toSeconds()} s)`,
    );
}

/**
 * `sqs:SendMessage` on the queue and the two key actions a producer of an SSE-KMS queue needs
 * (`kms:GenerateDataKey`, `kms:Decrypt`): narrower than CDK's `grantSendMessages`, which adds
 * `kms:ReEncrypt*` and `kms:GenerateDataKey*`.
 */
export function grantSendTo(queue: sqs.IQueue, grantee: iam.IGrantable): void {
  iam.Grant.addToPrincipal({ grantee, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
  queue.encryptionMasterKey?.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
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
