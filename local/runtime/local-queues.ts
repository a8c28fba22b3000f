import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueName } from '../../functions/contracts/bus';

export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface LocalQueuesOptions {
  directory: string;
  consumers: Partial<Record<QueueName, QueueConsumer>>;
  /** Deliveries before a message goes to the queue's dead-letter file (as SQS maxReceiveCount). */
  maxReceiveCount?: number;
  retryDelayMillis?: number;
}

/**
 * The local stand-in for the SQS queues that rules deliver to. A queue with a consumer invokes
 * the same Lambda handler with an SQS event, redelivering failed records with backoff and
 * moving them to `<queue>.dlq.jsonl` after the last attempt; a queue without one (unroutable
 * deliveries, for an operator) keeps its messages in `<queue>.jsonl`.
 */
export class LocalQueues {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: LocalQueuesOptions) {
    mkdirSync(options.directory, { recursive: true });
  }

  send(queue: QueueName, message: unknown): void {
    const consumer = this.options.consumers[queue];
    if (!consumer) {
      appendFileSync(join(this.options.directory, `${queue}.jsonl`), `${JSON.stringify(message)}\n`);
      return;
    }
    const delivery = this.deliver(queue, consumer, JSON.stringify(message)).finally(() =>
      this.inFlight.delete(delivery),
    );
    this.inFlight.add(delivery);
  }

  /** Resolves when every message sent so far was consumed or dead-lettered. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async deliver(queue: QueueName, consumer: QueueConsumer, body: string): Promise<void> {
    const messageId = randomUUID();
    const attempts = this.options.maxReceiveCount ?? 5;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const record = sqsRecord(queue, messageId, body, attempt);
      try {
        const response = await consumer({ Records: [record] });
        if (!response || response.batchItemFailures.length === 0) return;
      } catch {
        // A thrown handler fails the whole batch, as in Lambda.
      }
      await new Promise((r) => setTimeout(r, (this.options.retryDelayMillis ?? 200) * 2 ** (attempt - 1)));
    }
    appendFileSync(join(this.options.directory, `${queue}.dlq.jsonl`), `${body}\n`);
  }
}

function sqsRecord(
  queue: string,
  messageId: string,
  body: string,
  receiveCount: number,
): SQSEvent['Records'][number] {
  return {
    messageId,
    receiptHandle: `${messageId}-${receiveCount}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${queue}`,
    awsRegion: 'local',
  };
}
