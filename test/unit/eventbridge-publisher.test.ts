import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  batchesOf,
  EventBridgePublisher,
  entrySize,
  MAX_BYTES_PER_CALL,
} from '../../functions/adapters/eventbridge-publisher';
import { DetailType } from '../../functions/contracts/bus';
import type { CanonicalEvent } from '../../schemas/events';

const entry = (detailBytes: number): PutEventsRequestEntry => ({
  Source: 'hotel-inbox.ingest',
  DetailType: 'Guest Message Received',
  Detail: JSON.stringify({ pad: 'x'.repeat(Math.max(0, detailBytes - 10)) }),
});

const unroutable = (accountId: string): CanonicalEvent => ({
  detailType: DetailType.unroutableDelivery,
  detail: {
    version: 1,
    eventId: `ev_${accountId}`,
    channel: 'whatsapp',
    accountId,
    receivedAt: '2026-07-01T10:00:00.000Z',
    rawArchiveKey: 'whatsapp/2026-07-01/abc.json',
  },
});

const client = new EventBridgeClient({ region: 'eu-central-1' });
const mock = mockClient(client);
const noWait = { attempts: 3, baseDelayMillis: 1, sleep: async () => undefined };
afterEach(() => mock.reset());

describe('PutEvents batching', () => {
  it('counts an entry as EventBridge does: 14 bytes of Time plus Source, DetailType and Detail in UTF-8', () => {
    expect(entrySize({ Source: 'ab', DetailType: 'cd', Detail: '{"a":"ç"}' })).toBe(14 + 2 + 2 + 10);
  });

  it('puts at most 10 entries in a call', () => {
    const batches = batchesOf(Array.from({ length: 23 }, () => entry(100)));

    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
  });

  it('starts a new call before 256 KB would be exceeded', () => {
    const big = entry(100 * 1024);
    const batches = batchesOf([big, big, big, entry(10)]);

    expect(batches).toEqual([
      [0, 1],
      [2, 3],
    ]);
    for (const batch of batches) {
      expect(
        batch.reduce((sum, i) => sum + entrySize([big, big, big, entry(10)][i] as PutEventsRequestEntry), 0),
      ).toBeLessThanOrEqual(MAX_BYTES_PER_CALL);
    }
  });
});

describe('EventBridgePublisher', () => {
  it('sends again only the entries that failed', async () => {
    mock
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }, { EventId: '2' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
    const publisher = new EventBridgePublisher(client, 'hotel-inbox', noWait);

    const result = await publisher.publish([unroutable('a'), unroutable('b')]);

    expect(result.failedIndexes).toEqual([]);
    const second = mock.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries ?? [];
    expect(second.map((e) => JSON.parse(e.Detail ?? '{}').accountId)).toEqual(['a']);
  });

  it('reports the indexes that still fail after every attempt', async () => {
    mock
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: '1' }, { ErrorCode: 'ThrottlingException' }],
      })
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    const publisher = new EventBridgePublisher(client, 'hotel-inbox', noWait);

    const result = await publisher.publish([unroutable('a'), unroutable('b')]);

    expect(result.failedIndexes).toEqual([1]);
    expect(mock.commandCalls(PutEventsCommand)).toHaveLength(3);
  });

  it('treats a call that throws as failing all of its entries, and retries them', async () => {
    mock
      .on(PutEventsCommand)
      .rejectsOnce(new Error('socket hang up'))
      .resolves({ FailedEntryCount: 0, Entries: [{}] });
    const publisher = new EventBridgePublisher(client, 'hotel-inbox', noWait);

    const result = await publisher.publish([unroutable('a')]);

    expect(result.failedIndexes).toEqual([]);
    expect(mock.commandCalls(PutEventsCommand)).toHaveLength(2);
  });
});
