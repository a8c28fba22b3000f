import type { WebchatOutbox } from '../domain/tickets/ports';
import type { WebchatStore } from '../domain/webchat/ports';

/** Hotel messages for a web-chat visitor go into the session's transcript, which the widget polls. */
export class WebchatTranscriptOutbox implements WebchatOutbox {
  constructor(private readonly store: WebchatStore) {}

  async post(tenantId: string, sessionId: string, message: { id: string; text: string; sentAt: string }) {
    const session = await this.store.getSession(tenantId, sessionId);
    if (!session) return; // The session expired: the visitor is gone, the ticket keeps the message.
    await this.store.appendMessage(session, { ...message, direction: 'hotel' });
  }
}
