import type { WebchatOutbox } from '../domain/tickets/ports';
import type { WebchatStore } from '../domain/webchat/ports';

/** Hotel messages for a web-chat visitor go into the session's transcript, which the widget polls. */
export class WebchatTranscriptOutbox implements WebchatOutbox {
  constructor(private readonly store: WebchatStore) {}

  async post(
    tenantId: string,
    sessionId: string,
    message: { id: string; text: string; sentAt: string },
  ): Promise<'posted' | 'session-gone'> {
    const session = await this.store.getSession(tenantId, sessionId);
    if (!session || isExpiredAt(session.expiresAt, message.sentAt)) return 'session-gone';
    // False means this id is in the transcript already (a retried send): posted all the same.
    await this.store.appendMessage(session, { ...message, direction: 'hotel' });
    return 'posted';
  }
}

/**
 * DynamoDB deletes expired sessions only eventually, and the visitor's token dies with the
 * session, so a session past its expiry when the message was written is gone too. The
 * message's own time keeps the answer the caller's clock, not this machine's.
 */
const isExpiredAt = (expiresAt: number, sentAt: string) => expiresAt <= Date.parse(sentAt);
