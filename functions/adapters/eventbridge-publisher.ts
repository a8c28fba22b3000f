import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { CanonicalEvent } from '../../schemas/events';
import { SOURCE_OF } from '../contracts/bus';
import type { EventPublisher, PublishResult } from '../domain/ports';

/** PutEvents limits: 10 entries and 256 KB per call. */
export const MAX_ENTRIES_PER_CALL = 10;
export const MAX_BYTES_PER_CALL = 256 * 1024;

export interface RetryOptions {
  attempts: number;
  baseDelayMillis: number;
  sleep: (millis: number) => Promise<void>;
}

const defaultRetry: RetryOptions = {
  attempts: 4,
  baseDelayMillis: 100,
  sleep: (millis) => new Promise((resolve) => setTimeout(resolve, millis)),
};

/** The size EventBridge bills and limits: Time (14), Source, DetailType, Detail, Resources in UTF-8. */
export const entrySize = (entry: PutEventsRequestEntry): number =>
  14 +
  Buffer.byteLength(entry.Source ?? '') +
  Buffer.byteLength(entry.DetailType ?? '') +
  Buffer.byteLength(entry.Detail ?? '') +
  (entry.Resources ?? []).reduce((sum, r) => sum + Buffer.byteLength(r), 0);

/** When the event happened: ingestion events carry `receivedAt`, ticket events `occurredAt`. */
const timeOf = (event: CanonicalEvent): string =>
  'receivedAt' in event.detail ? event.detail.receivedAt : event.detail.occurredAt;

export const toEntry = (event: CanonicalEvent, eventBusName: string): PutEventsRequestEntry => ({
  EventBusName: eventBusName,
  Source: SOURCE_OF[event.detailType],
  DetailType: event.detailType,
  Detail: JSON.stringify(event.detail),
  Time: new Date(timeOf(event)),
});

/** Splits entries into PutEvents calls that respect both limits, keeping each entry's index. */
export function batchesOf(entries: readonly PutEventsRequestEntry[]): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  entries.forEach((entry, index) => {
    const size = entrySize(entry);
    if (
      current.length === MAX_ENTRIES_PER_CALL ||
      (current.length > 0 && bytes + size > MAX_BYTES_PER_CALL)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Publishes to EventBridge, checking FailedEntryCount and each entry's ErrorCode: only the
 * entries that failed are sent again, with exponential backoff and full jitter.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
    private readonly retry: RetryOptions = defaultRetry,
  ) {}

  async publish(events: readonly CanonicalEvent[]): Promise<PublishResult> {
    const entries = events.map((event) => toEntry(event, this.eventBusName));
    const failed = await Promise.all(batchesOf(entries).map((batch) => this.sendWithRetries(entries, batch)));
    return { failedIndexes: failed.flat().sort((a, b) => a - b) };
  }

  private async sendWithRetries(
    entries: readonly PutEventsRequestEntry[],
    batch: number[],
  ): Promise<number[]> {
    let pending = batch;
    for (let attempt = 0; attempt < this.retry.attempts && pending.length > 0; attempt++) {
      if (attempt > 0) await this.retry.sleep(Math.random() * this.retry.baseDelayMillis * 2 ** attempt);
      pending = await this.sendOnce(entries, pending);
    }
    return pending;
  }

  /** Returns the indexes that failed. A call that throws fails all of its entries. */
  private async sendOnce(entries: readonly PutEventsRequestEntry[], indexes: number[]): Promise<number[]> {
    try {
      const response = await this.client.send(
        new PutEventsCommand({ Entries: indexes.map((i) => entries[i] as PutEventsRequestEntry) }),
      );
      if (!response.FailedEntryCount) return [];
      return indexes.filter((_, position) => response.Entries?.[position]?.ErrorCode !== undefined);
    } catch {
      return indexes;
    }
  }
}
