import type { OutboundContent } from '../../schemas/events';
import { safeTitle } from '../domain/outbound/platform-error';
import type { MessagingPlatform, PlatformSendRequest, PlatformSendResult } from '../domain/outbound/ports';

/** One platform's endpoint: where it is and the token that sends (read when first needed). */
export interface GraphEndpoint {
  baseUrl: string;
  accessToken: () => Promise<string>;
}

export interface GraphApiClientOptions {
  whatsapp: GraphEndpoint;
  instagram: GraphEndpoint;
  /** Graph API version path segment, e.g. `v23.0`. */
  version: string;
  /** Attempts per send, the first included. */
  attempts?: number;
  baseDelayMillis?: number;
  maxDelayMillis?: number;
  /** The most a `Retry-After` header may make the client wait. */
  maxRetryAfterMillis?: number;
  /** Per request; the sender's whole budget must stay under the outbound store's claim lease. */
  timeoutMillis?: number;
  sleep?: (millis: number) => Promise<void>;
  /** In [0, 1): the full-jitter factor. */
  random?: () => number;
}

/**
 * Error codes that mean "too much, too fast" rather than "no": Graph's application and page
 * limits (4, 613, 80007), WhatsApp's throughput (130429) and pair rate limit (131056), and
 * Graph's own transient errors (1 unknown, 2 service unavailable).
 */
const TRANSIENT_CODES = new Set([1, 2, 4, 613, 80007, 130429, 131056]);

interface GraphError {
  message?: string;
  code?: number;
  error_data?: { details?: string };
}

type Attempt =
  | { ok: true; platformMessageId: string }
  | { ok: false; retryable: boolean; status: number; code: string; title: string; retryAfterMillis?: number };

/**
 * The WhatsApp Cloud API and the Instagram Send API over `fetch`. Throttling, server errors,
 * timeouts and network failures are retried here with exponential backoff and full jitter
 * (or the server's `Retry-After`); every other refusal is returned at once as final.
 */
export class GraphApiClient implements MessagingPlatform {
  private readonly attempts: number;
  private readonly baseDelayMillis: number;
  private readonly maxDelayMillis: number;
  private readonly maxRetryAfterMillis: number;
  private readonly timeoutMillis: number;
  private readonly sleep: (millis: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: GraphApiClientOptions) {
    this.attempts = options.attempts ?? 4;
    this.baseDelayMillis = options.baseDelayMillis ?? 250;
    this.maxDelayMillis = options.maxDelayMillis ?? 4000;
    this.maxRetryAfterMillis = options.maxRetryAfterMillis ?? 8000;
    this.timeoutMillis = options.timeoutMillis ?? 8000;
    this.sleep = options.sleep ?? ((millis) => new Promise((resolve) => setTimeout(resolve, millis)));
    this.random = options.random ?? Math.random;
  }

  async send(request: PlatformSendRequest): Promise<PlatformSendResult> {
    const endpoint = this.options[request.channel];
    const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/${this.options.version}/${encodeURIComponent(request.senderId)}/messages`;
    const body = JSON.stringify(
      request.channel === 'whatsapp' ? whatsappBody(request) : instagramBody(request),
    );
    const token = await endpoint.accessToken();
    for (let attempt = 1; ; attempt++) {
      const result = await this.post(url, token, body, request.recipientId);
      if (result.ok) return result;
      const { retryAfterMillis, ...refusal } = result;
      if (!refusal.retryable || attempt >= this.attempts) return refusal;
      await this.sleep(this.delayBefore(attempt, retryAfterMillis));
    }
  }

  private delayBefore(retry: number, retryAfterMillis: number | undefined): number {
    if (retryAfterMillis !== undefined) return Math.min(retryAfterMillis, this.maxRetryAfterMillis);
    const ceiling = Math.min(this.maxDelayMillis, this.baseDelayMillis * 2 ** (retry - 1));
    return Math.floor(this.random() * ceiling);
  }

  private async post(url: string, token: string, body: string, recipientId: string): Promise<Attempt> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMillis),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        ok: false,
        retryable: true,
        status: 0,
        code: timedOut ? 'timeout' : 'network',
        title: timedOut ? 'The Graph API did not answer in time' : 'The Graph API could not be reached',
      };
    }
    const json = await response.json().catch(() => undefined);
    if (response.ok) {
      const id = platformMessageIdOf(json);
      if (id) return { ok: true, platformMessageId: id };
      // Accepted but unreadable: sending again could reach the guest twice, so it is final.
      return {
        ok: false,
        retryable: false,
        status: response.status,
        code: 'unexpected-response',
        title: 'The Graph API accepted the message without a message id',
      };
    }
    const error = graphErrorOf(json);
    const retryable =
      response.status === 429 ||
      response.status >= 500 ||
      (error?.code !== undefined && TRANSIENT_CODES.has(error.code));
    const retryAfterMillis = retryAfterOf(response.headers.get('retry-after'));
    return {
      ok: false,
      retryable,
      status: response.status,
      code: error?.code !== undefined ? String(error.code) : `http-${response.status}`,
      title: safeTitle(
        error?.error_data?.details || error?.message || `HTTP ${response.status}`,
        recipientId,
      ),
      ...(retryAfterMillis !== undefined && { retryAfterMillis }),
    };
  }
}

function whatsappBody({ recipientId, content }: PlatformSendRequest) {
  const common = { messaging_product: 'whatsapp', recipient_type: 'individual', to: recipientId };
  if (content.kind === 'text') {
    return { ...common, type: 'text', text: { body: content.text, preview_url: false } };
  }
  return { ...common, type: 'template', template: templateOf(content) };
}

function templateOf(content: Extract<OutboundContent, { kind: 'template' }>) {
  const template = { name: content.name, language: { code: content.languageCode } };
  if (content.parameters.length === 0) return template;
  return {
    ...template,
    components: [
      {
        type: 'body',
        parameters: content.parameters.map((p) => ({ type: 'text', parameter_name: p.name, text: p.text })),
      },
    ],
  };
}

/** Instagram has no WhatsApp templates: a template goes as the text it renders to. */
function instagramBody({ recipientId, content, tag }: PlatformSendRequest) {
  return {
    recipient: { id: recipientId },
    ...(tag ? { messaging_type: 'MESSAGE_TAG', tag } : { messaging_type: 'RESPONSE' }),
    message: { text: content.text },
  };
}

function platformMessageIdOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const body = json as { messages?: { id?: unknown }[]; message_id?: unknown };
  const id = body.messages?.[0]?.id ?? body.message_id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

function graphErrorOf(json: unknown): GraphError | undefined {
  if (typeof json !== 'object' || json === null || !('error' in json)) return undefined;
  const { error } = json as { error: unknown };
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, code, error_data } = error as Record<string, unknown>;
  const details = (error_data as { details?: unknown } | undefined)?.details;
  return {
    ...(typeof message === 'string' && { message }),
    ...(typeof code === 'number' && { code }),
    ...(typeof details === 'string' && { error_data: { details } }),
  };
}

/** `Retry-After` in seconds (the form Graph and proxies use); an HTTP date is ignored. */
function retryAfterOf(header: string | null): number | undefined {
  if (!header || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}
