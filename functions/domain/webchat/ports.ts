import type { WebchatTranscriptMessage } from '../../../schemas/webchat';

export interface WebchatVisitor {
  name?: string;
  phoneNumber?: string;
  email?: string;
  locale?: string;
}

export interface WebchatSession {
  tenantId: string;
  sessionId: string;
  siteKey: string;
  visitor: WebchatVisitor;
  createdAt: string;
  /** Epoch millis. */
  expiresAt: number;
}

export interface TranscriptPage {
  messages: WebchatTranscriptMessage[];
  cursor: string | undefined;
}

/** Sessions, their transcripts (what the widget shows) and per-session rate windows. */
export interface WebchatStore {
  createSession(session: WebchatSession): Promise<void>;
  getSession(tenantId: string, sessionId: string): Promise<WebchatSession | undefined>;
  /** Counts one message in the window; false when the window is full. */
  takeRateSlot(tenantId: string, sessionId: string, windowStart: number, limit: number): Promise<boolean>;
  /** Appends once per message id; false when that id was appended before (a retried send). */
  appendMessage(session: WebchatSession, message: WebchatTranscriptMessage): Promise<boolean>;
  listMessages(
    tenantId: string,
    sessionId: string,
    after: string | undefined,
    limit: number,
  ): Promise<TranscriptPage>;
}
