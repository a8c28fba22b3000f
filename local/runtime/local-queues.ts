import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { QueueName } from '../../functions/contracts/bus';

/**
 * Queues that rules deliver to and that nothing consumes yet (the unroutable deliveries an
 * operator inspects): kept as JSON lines in `.data/queues/<name>.jsonl`.
 */
export class LocalQueues {
  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true });
  }

  send(queue: QueueName, message: unknown): void {
    appendFileSync(join(this.directory, `${queue}.jsonl`), `${JSON.stringify(message)}\n`);
  }
}
