import { PublishError } from '../errors';
import type { DedupeStore, EventPublisher, Metrics } from '../ports';
import type { PublishableEvent } from './normalizer';

export interface PublishOnceDeps {
  dedupe: DedupeStore;
  publisher: EventPublisher;
  metrics: Metrics;
  now: () => Date;
}

export interface PublishOutcome {
  published: number;
  duplicates: number;
}

const UNROUTABLE_SCOPE = '~unroutable';

const storedKey = ({ dedupeKey, event }: PublishableEvent) =>
  `${'tenantId' in event.detail ? event.detail.tenantId : UNROUTABLE_SCOPE}#${dedupeKey}`;

/**
 * Publishes each event exactly once across duplicate and concurrent deliveries: claim its
 * dedupe key, publish what was claimed, confirm what was published, release what failed
 * (so the sender's retry publishes it) and throw so the delivery is answered 500.
 */
export async function publishOnce(
  deps: PublishOnceDeps,
  events: readonly PublishableEvent[],
): Promise<PublishOutcome> {
  const unique = [...new Map(events.map((e) => [storedKey(e), e])).entries()];
  const claimed = await deps.dedupe.claim(
    unique.map(([key]) => key),
    deps.now(),
  );
  const fresh = unique.filter(([key]) => claimed.has(key));
  const duplicates = events.length - fresh.length;
  if (duplicates > 0) deps.metrics.count('DuplicateEvents', duplicates);
  if (fresh.length === 0) return { published: 0, duplicates };

  const { failedIndexes, cause } = await publishOrFailAll(
    deps.publisher,
    fresh.map(([, e]) => e.event),
  );
  const failed = new Set(failedIndexes);
  const publishedKeys = fresh.filter((_, i) => !failed.has(i)).map(([key]) => key);
  const failedKeys = fresh.filter((_, i) => failed.has(i)).map(([key]) => key);

  await deps.dedupe.confirm(publishedKeys, deps.now());
  deps.metrics.count('EventsPublished', publishedKeys.length);
  if (failedKeys.length > 0) {
    await deps.dedupe.release(failedKeys);
    deps.metrics.count('PublishFailed', failedKeys.length);
    throw new PublishError(failedKeys.length, { cause });
  }
  return { published: publishedKeys.length, duplicates };
}

async function publishOrFailAll(
  publisher: EventPublisher,
  events: PublishableEvent['event'][],
): Promise<{ failedIndexes: number[]; cause?: unknown }> {
  try {
    return await publisher.publish(events);
  } catch (error) {
    // A thrown call (network, throttling past retries) failed every entry it carried.
    return { failedIndexes: events.map((_, i) => i), cause: error };
  }
}
