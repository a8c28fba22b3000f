import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * deliveries, for an operator) keeps its messages in `<queue>.jsonl`. Like SQS, a message is
 * kept (under `pending/`) until it is consumed or dead-lettered, so one sent before a crash or a
 * stop is delivered after the next start (`redeliverPending`).
 */
export class LocalQueues {
  private readonly inFlightDeliveries = new Set<Promise<void>>();
  private readonly pendingDirectory: string;

  constructor(private readonly options: LocalQueuesOptions) {
    this.pendingDirectory = join(options.directory, 'pending');
    mkdirSync(this.pendingDirectory, { recursive: true });
  }

  send(queue: QueueName, message: unknown): void {
    const consumer = this.options.consumers[queue];
    if (!consumer) {
      appendFileSync(join(this.options.directory, `${queue}.jsonl`), `${JSON.stringify(message)}\n`);
      return;
    }
    const messageId = randomUUID();
    const body = JSON.stringify(message);
    writeFileSync(this.pendingFile(messageId), JSON.stringify({ queue, body }));
    this.track(queue, consumer, messageId, body);
  }

  /** Delivers the messages a previous run left unconsumed; returns how many. */
  redeliverPending(): number {
    let count = 0;
    for (const file of readdirSync(this.pendingDirectory).filter((name) => name.endsWith('.json'))) {
      const messageId = file.slice(0, -'.json'.length);
      const { queue, body } = JSON.parse(readFileSync(this.pendingFile(messageId), 'utf8')) as {
        queue: QueueName;
        body: string;
      };
      const consumer = this.options.consumers[queue];
      if (!consumer) continue;
      this.track(queue, consumer, messageId, body);
      count++;
    }
    return count;
  }

  private track(queue: QueueName, consumer: QueueConsumer, messageId: string, body: string) {
    const delivery = this.deliver(queue, consumer, messageId, body)
      .then(() => rmSync(this.pendingFile(messageId), { force: true }))
      .finally(() => this.inFlightDeliveries.delete(delivery));
    this.inFlightDeliveries.add(delivery);
  }

  private pendingFile(messageId: string) {
    return join(this.pendingDirectory, `${messageId}.json`);
  }

  /** Messages being consumed or waiting to be redelivered. */
  get inFlight(): number {
    return this.inFlightDeliveries.size;
  }

  /** Resolves when every message sent so far was consumed or dead-lettered. */
  async drain(): Promise<void> {
    while (this.inFlightDeliveries.size > 0) await Promise.all([...this.inFlightDeliveries]);
  }

  private async deliver(
    queue: QueueName,
    consumer: QueueConsumer,
    messageId: string,
    body: string,
  ): Promise<void> {
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
