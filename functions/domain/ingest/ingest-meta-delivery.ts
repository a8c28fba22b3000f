import type { Channel } from '../../../schemas/events';
import { DetailType } from '../../contracts/bus';
import { MalformedBodyError } from '../errors';
import type { ChannelRegistry, Metrics, RawArchive } from '../ports';
import { parseOrThrow } from '../validation';
import { eventIdOf } from './keys';
import type { DeliveryNormalizer, PublishableEvent } from './normalizer';
import { type PublishOnceDeps, type PublishOutcome, publishOnce } from './publish-once';
import { type RawArchiveRetention, rawArchiveRetentionDaysFor } from './raw-archive-retention';
import { verifyMetaSignature } from './signature';

export interface IngestDeps extends PublishOnceDeps {
  registry: ChannelRegistry;
  archive: RawArchive;
  /**
   * How long each hotel's bodies are kept, tagged on each archived body. Left out where no
   * retention is configured (tests, the benchmark): bodies are then archived untagged.
   */
  rawArchiveRetention?: RawArchiveRetention;
  metrics: Metrics;
}

export interface MetaDelivery {
  rawBody: Uint8Array;
  signatureHeader: string | undefined;
  appSecret: string;
}

export interface IngestOutcome extends PublishOutcome {
  rawArchiveKey: string;
  unroutableAccounts: number;
}

/**
 * Where a delivery body is archived: content-addressed by a digest of the body (for Meta, the
 * verified signature), so Meta's retries overwrite rather than pile up.
 */
export const rawArchiveKeyOf = (channel: Channel, receivedAt: string, contentDigest: string) =>
  `${channel}/${receivedAt.slice(0, 10)}/${contentDigest}.json`;

/**
 * One Meta webhook POST: verify, parse, normalize, archive, publish each event once.
 * Throws SignatureError (401), MalformedBodyError / ValidationError (400), PublishError (500).
 */
export async function ingestMetaDelivery<Envelope>(
  deps: IngestDeps,
  normalizer: DeliveryNormalizer<Envelope>,
  delivery: MetaDelivery,
): Promise<IngestOutcome> {
  const signature = verifyMetaSignature(delivery.rawBody, delivery.signatureHeader, delivery.appSecret);
  const envelope = parseDelivery(normalizer, delivery.rawBody);
  // Formatted once: each toISOString costs most of a microsecond on this path.
  const receivedAt = deps.now().toISOString();
  const rawArchiveKey = rawArchiveKeyOf(normalizer.channel, receivedAt, signature);
  const { events, unroutable } = await normalizeDelivery(normalizer, envelope, deps.registry, {
    receivedAt,
    rawArchiveKey,
  });

  await deps.archive.put(
    rawArchiveKey,
    delivery.rawBody,
    { channel: normalizer.channel, receivedAt, routable: String(unroutable === 0) },
    deps.rawArchiveRetention && rawArchiveRetentionDaysFor(tenantsOf(events), deps.rawArchiveRetention),
  );
  if (unroutable > 0) deps.metrics.count('UnroutableDelivery', unroutable);

  const outcome = await publishOnce(deps, events);
  // Named fields, not a spread: on Node 20 a spread-then-add literal costs ~2 µs on this hot path.
  return {
    published: outcome.published,
    duplicates: outcome.duplicates,
    rawArchiveKey,
    unroutableAccounts: unroutable,
  };
}

/** JSON-parses a delivery body and validates its envelope (400 with the failing field path). */
export function parseDelivery<Envelope>(
  normalizer: DeliveryNormalizer<Envelope>,
  rawBody: Uint8Array,
): Envelope {
  return parseOrThrow(normalizer.envelopeSchema, parseJson(rawBody));
}

/** The events a delivery yields, with one `Unroutable Delivery` per account no hotel is registered for. */
export async function normalizeDelivery<Envelope>(
  normalizer: DeliveryNormalizer<Envelope>,
  envelope: Envelope,
  registry: ChannelRegistry,
  at: { receivedAt: string; rawArchiveKey: string },
): Promise<{ events: PublishableEvent[]; unroutable: number }> {
  const { receivedAt } = at;
  const tenants = await registry.tenantsFor(normalizer.channel, normalizer.accountIds(envelope));
  const { events, unroutableAccountIds } = normalizer.normalize(envelope, {
    receivedAt,
    rawArchiveKey: at.rawArchiveKey,
    tenantFor: (accountId) => tenants.get(accountId),
  });
  const unroutable = unroutableAccountIds.map((accountId) =>
    unroutableEvent(normalizer.channel, accountId, receivedAt, at.rawArchiveKey),
  );
  return { events: [...events, ...unroutable], unroutable: unroutable.length };
}

/** The hotels the events go to (an `Unroutable Delivery` names none). */
function tenantsOf(events: readonly PublishableEvent[]): Set<string> {
  const tenants = new Set<string>();
  for (const { event } of events) if ('tenantId' in event.detail) tenants.add(event.detail.tenantId);
  return tenants;
}

function parseJson(rawBody: Uint8Array): unknown {
  try {
    const bytes = Buffer.isBuffer(rawBody)
      ? rawBody
      : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new MalformedBodyError('Body is not JSON', { cause: error });
  }
}

function unroutableEvent(
  channel: Channel,
  accountId: string,
  receivedAt: string,
  rawArchiveKey: string,
): PublishableEvent {
  const dedupeKey = `unroutable:${channel}:${accountId}:${rawArchiveKey}`;
  return {
    dedupeKey,
    event: {
      detailType: DetailType.unroutableDelivery,
      detail: {
        version: 1,
        eventId: eventIdOf('~unroutable', dedupeKey),
        channel,
        accountId,
        receivedAt,
        rawArchiveKey,
      },
    },
  };
}
