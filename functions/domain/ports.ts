import type { CanonicalEvent, Channel } from '../../schemas/events';
import type { MetricName } from '../contracts/metrics';

export type { MetricName };

/** Which hotel owns a platform account (WhatsApp phone number id or WABA id, Instagram id, web-chat site key). */
export interface ChannelRegistry {
  tenantsFor(channel: Channel, accountIds: readonly string[]): Promise<Map<string, string>>;
}

/** Keeps delivery bodies as received, before anything is published. */
export interface RawArchive {
  /**
   * `retentionDays` is tagged on the body for the archive's lifecycle; without it the body is
   * untagged and expires under the archive's longest retention.
   */
  put(key: string, body: Uint8Array, metadata: Record<string, string>, retentionDays?: number): Promise<void>;
}

/** Sets how long the archive keeps a body already in it (its retention tag, replaced). */
export interface RawArchiveRetagger {
  retag(key: string, retentionDays: number): Promise<void>;
}

/**
 * Remembers which events were published. A claim is held while publishing; a claim that
 * was never confirmed (the publisher failed, the process died) can be claimed again once
 * its lock lapses, so a retried delivery is published rather than lost.
 */
export interface DedupeStore {
  /** Returns the keys this caller now holds; the others are duplicates (published or in flight). */
  claim(keys: readonly string[], now: Date): Promise<Set<string>>;
  confirm(keys: readonly string[], now: Date): Promise<void>;
  release(keys: readonly string[]): Promise<void>;
}

export interface PublishResult {
  /** Indexes (into the published array) of events that still failed after retries. */
  failedIndexes: number[];
}

export interface EventPublisher {
  publish(events: readonly CanonicalEvent[]): Promise<PublishResult>;
}

export interface Metrics {
  count(name: MetricName, value: number): void;
}
