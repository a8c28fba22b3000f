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
  const byKey = new Map<string, PublishableEvent>();
  for (const event of events) byKey.set(storedKey(event), event);
  const keys = [...byKey.keys()];
  const claimed = await deps.dedupe.claim(keys, deps.now());
  const freshKeys: string[] = [];
  const freshEvents: PublishableEvent['event'][] = [];
  for (const key of keys) {
    const event = byKey.get(key);
    if (event && claimed.has(key)) {
      freshKeys.push(key);
      freshEvents.push(event.event);
    }
  }
  const duplicates = events.length - freshKeys.length;
  if (duplicates > 0) deps.metrics.count('DuplicateEvents', duplicates);
  if (freshKeys.length === 0) return { published: 0, duplicates };

  const { failedIndexes, cause } = await publishOrFailAll(deps.publisher, freshEvents);
  if (failedIndexes.length === 0) {
    await deps.dedupe.confirm(freshKeys, deps.now());
    deps.metrics.count('EventsPublished', freshKeys.length);
    return { published: freshKeys.length, duplicates };
  }
  const failed = new Set(failedIndexes);
  const publishedKeys = freshKeys.filter((_, i) => !failed.has(i));
  const failedKeys = freshKeys.filter((_, i) => failed.has(i));
  await deps.dedupe.confirm(publishedKeys, deps.now());
  deps.metrics.count('EventsPublished', publishedKeys.length);
  await deps.dedupe.release(failedKeys);
  deps.metrics.count('PublishFailed', failedKeys.length);
  throw new PublishError(failedKeys.length, { cause });
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
