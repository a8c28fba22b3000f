import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { QueueName } from '../../functions/contracts/bus';
import { LocalQueues } from '../../local/runtime/local-queues';

describe('the local queues', () => {
  it('keep a message until it is consumed, so one left by a stopped runtime is delivered after a start', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hotel-inbox-queues-'));
    // The first runtime stops while its consumer is still busy with the message.
    const stopped = new LocalQueues({
      directory,
      consumers: { [QueueName.outbound]: () => new Promise<undefined>(() => undefined) },
    });
    stopped.send(QueueName.outbound, { detail: { messageId: 'm-1' } });
    expect(readdirSync(join(directory, 'pending'))).toHaveLength(1);

    const received: string[] = [];
    const restarted = new LocalQueues({
      directory,
      consumers: {
        [QueueName.outbound]: async (event: SQSEvent) => {
          received.push(...event.Records.map((r) => r.body));
          return { batchItemFailures: [] };
        },
      },
    });

    expect(restarted.redeliverPending()).toBe(1);
    await restarted.drain();
    expect(received).toEqual([JSON.stringify({ detail: { messageId: 'm-1' } })]);
    expect(readdirSync(join(directory, 'pending'))).toEqual([]);
  });
});
