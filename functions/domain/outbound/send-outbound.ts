import type { OutboundMessageRequested } from '../../../schemas/events';
import type { Delivery } from '../../../schemas/ticket';
import type { Metrics } from '../ports';
import type { WebchatOutbox } from '../tickets/ports';
import { type OutboundFailedDeps, publishOutboundFailed } from './outbound-failed';
import type { MessagingPlatform, OutboundMessageRef, OutboundStore } from './ports';

export interface SendDeps extends OutboundFailedDeps {
  outbound: OutboundStore;
  platform: MessagingPlatform;
  webchat: WebchatOutbox;
  metrics: Metrics;
  newAttemptId(): string;
}

/**
 * - `sent`: the platform accepted it (its statuses follow);
 * - `posted`: in the web-chat transcript;
 * - `failed`: refused for good, reported once;
 * - `duplicate`: an earlier delivery of the same request already did the work;
 * - `claim-lost`: another attempt took the message over while this one sent it.
 */
export type SendOutcome = 'sent' | 'posted' | 'failed' | 'duplicate' | 'claim-lost';

/** The request's message is not in the table (yet): the queue delivers it again. */
export class OutboundMessageMissingError extends Error {
  override name = 'OutboundMessageMissingError';
}

/** Another delivery of the same request is sending it now; this one is retried after it. */
export class SendInProgressError extends Error {
  override name = 'SendInProgressError';
}

/** The platform is throttling or down past the client's own retries: the queue retries later. */
export class PlatformUnavailableError extends Error {
  override name = 'PlatformUnavailableError';
  constructor(readonly code: string) {
    super(`The platform could not take the message now (${code}); it is retried`);
  }
}

/**
 * Sends one requested message exactly once across duplicate and concurrent deliveries of the
 * request: the message is claimed first; web chat is posted to the transcript, WhatsApp and
 * Instagram go to the platform. A final refusal marks it failed and publishes
 * `Outbound Message Failed` once; a temporary one gives the claim back and throws.
 */
export async function sendOutbound(deps: SendDeps, request: OutboundMessageRequested): Promise<SendOutcome> {
  const ref: OutboundMessageRef = {
    tenantId: request.tenantId,
    ticketId: request.ticketId,
    messageId: request.messageId,
    messageAt: request.messageAt,
  };
  const attemptId = deps.newAttemptId();
  const claim = await deps.outbound.claim(ref, attemptId, deps.now());
  if (!claim.claimed) return alreadyHandled(deps, ref, claim.delivery);

  const { recipient } = request;
  if (recipient.kind === 'webchat') {
    await releasingOnError(deps, ref, attemptId, () =>
      deps.webchat.post(ref.tenantId, recipient.sessionId, {
        id: ref.messageId,
        text: request.content.text,
        sentAt: ref.messageAt,
      }),
    );
    return (await deps.outbound.markDelivered(ref, attemptId, deps.now())) ? 'posted' : 'claim-lost';
  }

  const result = await releasingOnError(deps, ref, attemptId, () =>
    deps.platform.send({
      channel: recipient.kind,
      senderId: recipient.kind === 'whatsapp' ? recipient.phoneNumberId : recipient.accountId,
      recipientId: recipient.kind === 'whatsapp' ? recipient.waId : recipient.igsid,
      content: request.content,
      ...(request.tag && { tag: request.tag }),
    }),
  );
  if (result.ok) {
    const delivery = await deps.outbound.recordAccepted(ref, attemptId, result.platformMessageId, deps.now());
    if (!delivery) return 'claim-lost';
    deps.metrics.count('OutboundSent', 1);
    // A `failed` status can beat the sender's own record: it was merged, and is reported here.
    if (delivery.status === 'failed' && delivery.error) {
      deps.metrics.count('OutboundFailed', 1);
      await publishOutboundFailed(deps, ref, delivery.error, delivery.updatedAt);
    }
    return 'sent';
  }
  if (result.retryable) {
    await deps.outbound.release(ref, attemptId, deps.now());
    deps.metrics.count('OutboundRetryLater', 1);
    throw new PlatformUnavailableError(result.code);
  }
  const error = { code: result.code, title: result.title };
  const failedAt = deps.now();
  if (!(await deps.outbound.markFailed(ref, attemptId, error, failedAt))) return 'claim-lost';
  deps.metrics.count('OutboundFailed', 1);
  await publishOutboundFailed(deps, ref, error, failedAt.toISOString());
  return 'failed';
}

/**
 * A delivery that could not claim the message: done before (a failure is reported again, in
 * case the first report did not get out; publishing is deduplicated), in flight elsewhere, or
 * not written yet.
 */
async function alreadyHandled(
  deps: SendDeps,
  ref: OutboundMessageRef,
  delivery: Delivery | undefined,
): Promise<SendOutcome> {
  if (!delivery) throw new OutboundMessageMissingError(`Message ${ref.messageId} is not on its ticket yet`);
  if (delivery.status === 'sending') {
    throw new SendInProgressError(`Message ${ref.messageId} is being sent by another attempt`);
  }
  if (delivery.status === 'failed' && delivery.error) {
    await publishOutboundFailed(deps, ref, delivery.error, delivery.updatedAt);
  }
  return 'duplicate';
}

/** Gives the claim back when the work throws before anything reached the guest. */
async function releasingOnError<T>(
  deps: SendDeps,
  ref: OutboundMessageRef,
  attemptId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await deps.outbound.release(ref, attemptId, deps.now());
    throw error;
  }
}
