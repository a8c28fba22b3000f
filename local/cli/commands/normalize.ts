import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toEntry } from '../../../functions/adapters/eventbridge-publisher';
import { MemoryChannelRegistry } from '../../../functions/adapters/memory-channel-registry';
import { DetailType, EVENT_BUS_NAME } from '../../../functions/contracts/bus';
import { MalformedBodyError, ValidationError } from '../../../functions/domain/errors';
import {
  normalizeDelivery,
  parseDelivery,
  rawArchiveKeyOf,
} from '../../../functions/domain/ingest/ingest-meta-delivery';
import { bodyDigestOf } from '../../../functions/domain/ingest/keys';
import type { PublishableEvent } from '../../../functions/domain/ingest/normalizer';
import { META_NORMALIZERS, type MetaChannel } from '../../../functions/domain/ingest/normalizers';
import { parseOrThrow } from '../../../functions/domain/validation';
import { visitorMessageEvent } from '../../../functions/domain/webchat/webchat-use-cases';
import { WebchatMessageRequestSchema } from '../../../schemas/webchat';
import { loadConfig } from '../../runtime/config';
import { loadHotels } from '../../runtime/runtime';

type Channel = MetaChannel | 'webchat';

/**
 * `hotel-inbox normalize FILE|-`: the PutEvents entries a captured delivery produces, one
 * JSON object a line. Exit 1 with the failing field path when it is not a known envelope.
 */
export async function normalizeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { channel: { type: 'string' }, 'site-key': { type: 'string' } },
  });
  const source = positionals[0];
  if (!source) throw new Error('usage: hotel-inbox normalize FILE|- [--channel whatsapp|instagram|webchat]');
  const rawBody = source === '-' ? readFileSync(0) : readFileSync(source);
  const hotels = loadHotels(loadConfig().hotelsFile);
  try {
    const channel = (values.channel as Channel | undefined) ?? detectChannel(rawBody);
    const events =
      channel === 'webchat'
        ? [webchatEvent(rawBody, values['site-key'] ?? hotels[0]?.channels.webchat?.siteKey, hotels)]
        : await metaEvents(channel, rawBody, new MemoryChannelRegistry(hotels));
    for (const { event } of events) {
      const { Source, DetailType: type, Detail } = toEntry(event, EVENT_BUS_NAME);
      process.stdout.write(`${JSON.stringify({ Source, DetailType: type, Detail })}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ValidationError || error instanceof MalformedBodyError) {
      process.stderr.write(`not a delivery envelope: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function detectChannel(rawBody: Buffer): Channel {
  const body = parseJson(rawBody);
  const object = body && typeof body === 'object' ? (body as Record<string, unknown>).object : undefined;
  if (object === 'whatsapp_business_account') return 'whatsapp';
  if (object === 'instagram' || object === 'page') return 'instagram';
  if (body && typeof body === 'object' && 'text' in body) return 'webchat';
  throw new ValidationError(
    'object',
    'expected "whatsapp_business_account", "instagram" or "page", or a web-chat { text }',
  );
}

async function metaEvents(channel: MetaChannel, rawBody: Buffer, registry: MemoryChannelRegistry) {
  const normalizer = META_NORMALIZERS[channel];
  if (!normalizer) throw new ValidationError('--channel', 'expected whatsapp, instagram or webchat');
  const receivedAt = new Date().toISOString();
  const envelope = parseDelivery(normalizer, rawBody);
  const rawArchiveKey = rawArchiveKeyOf(channel, receivedAt, bodyDigestOf(rawBody));
  return (await normalizeDelivery(normalizer, envelope, registry, { receivedAt, rawArchiveKey })).events;
}

function webchatEvent(rawBody: Buffer, siteKey: string | undefined, hotels: ReturnType<typeof loadHotels>) {
  const request = parseOrThrow(WebchatMessageRequestSchema, parseJson(rawBody));
  const hotel = hotels.find((h) => h.channels.webchat?.siteKey === siteKey);
  if (!hotel || !siteKey)
    throw new ValidationError('--site-key', 'no configured hotel has this web-chat site key');
  const receivedAt = new Date().toISOString();
  const messageId = request.clientMessageId ?? 'cli-message';
  const dedupeKey = `webchat:message:cli-session:${messageId}`;
  const session = {
    tenantId: hotel.tenantId,
    sessionId: 'cli-session',
    siteKey,
    visitor: {},
    createdAt: receivedAt,
    expiresAt: Date.now(),
  };
  const detail = visitorMessageEvent(session, {
    messageId,
    text: request.text,
    receivedAt,
    rawArchiveKey: rawArchiveKeyOf('webchat', receivedAt, bodyDigestOf(rawBody)),
    dedupeKey,
  });
  return {
    dedupeKey,
    event: { detailType: DetailType.guestMessageReceived, detail },
  } satisfies PublishableEvent;
}

function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    throw new MalformedBodyError('Body is not JSON', { cause: error });
  }
}
