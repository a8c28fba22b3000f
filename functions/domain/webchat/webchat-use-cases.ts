import { randomUUID } from 'node:crypto';
import type { GuestMessageReceived } from '../../../schemas/events';
import type { WebchatMessageRequest, WebchatSessionRequest } from '../../../schemas/webchat';
import { DetailType } from '../../contracts/bus';
import { NotFoundError, RateLimitedError } from '../errors';
import { rawArchiveKeyOf } from '../ingest/ingest-meta-delivery';
import { bodyDigestOf, conversationKeyOf, eventIdOf } from '../ingest/keys';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { type RawArchiveRetention, rawArchiveRetentionDaysFor } from '../ingest/raw-archive-retention';
import type { ChannelRegistry, RawArchive } from '../ports';
import type { TranscriptPage, WebchatSession, WebchatStore } from './ports';
import { signVisitorToken, type VisitorClaims } from './visitor-token';

export const SESSION_LIFETIME_MILLIS = 30 * 24 * 3600_000;
const RATE_WINDOW_MILLIS = 60_000;

export interface WebchatDeps extends PublishOnceDeps {
  registry: ChannelRegistry;
  archive: RawArchive;
  /** Tagged on each archived message body; left out where none is configured (tests): untagged. */
  rawArchiveRetention?: RawArchiveRetention;
  store: WebchatStore;
  tokenSecret: string;
  ratePerMinute: number;
}

export interface StartedSession {
  sessionId: string;
  token: string;
  expiresAt: string;
}

/** A visitor on a hotel's site opens a chat: the site key names the hotel. */
export async function startSession(
  deps: WebchatDeps,
  request: WebchatSessionRequest,
): Promise<StartedSession> {
  const tenants = await deps.registry.tenantsFor('webchat', [request.siteKey]);
  const tenantId = tenants.get(request.siteKey);
  if (!tenantId) throw new NotFoundError('Unknown site key');
  const now = deps.now();
  const session: WebchatSession = {
    tenantId,
    sessionId: randomUUID(),
    siteKey: request.siteKey,
    visitor: request.visitor ?? {},
    createdAt: now.toISOString(),
    expiresAt: now.getTime() + SESSION_LIFETIME_MILLIS,
  };
  await deps.store.createSession(session);
  const claims: VisitorClaims = {
    tenantId,
    sessionId: session.sessionId,
    siteKey: session.siteKey,
    expiresAt: session.expiresAt,
  };
  return {
    sessionId: session.sessionId,
    token: signVisitorToken(claims, deps.tokenSecret),
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}

/**
 * A visitor sends a message: rate-limited per session, kept in the transcript, archived and
 * published as a `Guest Message Received` exactly once, even when the widget retries.
 */
export async function postVisitorMessage(
  deps: WebchatDeps,
  claims: VisitorClaims,
  request: WebchatMessageRequest,
  rawBody: Uint8Array,
): Promise<{ messageId: string; receivedAt: string }> {
  const session = await deps.store.getSession(claims.tenantId, claims.sessionId);
  if (!session) throw new NotFoundError('Unknown session');
  const now = deps.now();
  const windowStart = now.getTime() - (now.getTime() % RATE_WINDOW_MILLIS);
  if (
    !(await deps.store.takeRateSlot(session.tenantId, session.sessionId, windowStart, deps.ratePerMinute))
  ) {
    throw new RateLimitedError(Math.ceil((windowStart + RATE_WINDOW_MILLIS - now.getTime()) / 1000));
  }

  const messageId = request.clientMessageId ?? randomUUID();
  const receivedAt = now.toISOString();
  const rawArchiveKey = rawArchiveKeyOf('webchat', receivedAt, bodyDigestOf(rawBody));
  await deps.archive.put(
    rawArchiveKey,
    rawBody,
    { channel: 'webchat', receivedAt, routable: 'true' },
    deps.rawArchiveRetention && rawArchiveRetentionDaysFor([session.tenantId], deps.rawArchiveRetention),
  );
  await deps.store.appendMessage(session, {
    id: messageId,
    direction: 'guest',
    text: request.text,
    sentAt: receivedAt,
  });

  const dedupeKey = `webchat:message:${session.sessionId}:${messageId}`;
  const detail = visitorMessageEvent(session, {
    messageId,
    text: request.text,
    receivedAt,
    rawArchiveKey,
    dedupeKey,
  });
  await publishOnce(deps, [{ dedupeKey, event: { detailType: DetailType.guestMessageReceived, detail } }]);
  return { messageId, receivedAt };
}

/** The canonical event of a visitor message (also used by `hotel-inbox normalize --channel webchat`). */
export function visitorMessageEvent(
  session: WebchatSession,
  m: { messageId: string; text: string; receivedAt: string; rawArchiveKey: string; dedupeKey: string },
): GuestMessageReceived {
  const platformId = `wc_${session.sessionId}`;
  const { name, phoneNumber, email } = session.visitor;
  return {
    version: 1,
    eventId: eventIdOf(session.tenantId, m.dedupeKey),
    tenantId: session.tenantId,
    channel: 'webchat',
    conversationKey: conversationKeyOf(session.tenantId, 'webchat', platformId),
    guest: {
      platformId,
      ...(name && { profileName: name }),
      ...(phoneNumber && { phoneNumber }),
      ...(email && { email }),
    },
    message: { id: m.messageId, content: { type: 'text', text: m.text } },
    platformTimestamp: m.receivedAt,
    receivedAt: m.receivedAt,
    rawArchiveKey: m.rawArchiveKey,
    platform: { kind: 'webchat', sessionId: session.sessionId, siteKey: session.siteKey },
  };
}

/** The visitor's widget polls the transcript after its last cursor. */
export async function pollMessages(
  deps: Pick<WebchatDeps, 'store'>,
  claims: VisitorClaims,
  after: string | undefined,
  limit: number,
): Promise<TranscriptPage> {
  return deps.store.listMessages(claims.tenantId, claims.sessionId, after, limit);
}
