import type { OutboundMessageRequested } from '../../../schemas/events';
import type { Delivery } from '../../../schemas/ticket';
import type { Metrics } from '../ports';
import type { WebchatOutbox } from '../tickets/ports';
import { retriesExhausted, WEBCHAT_SESSION_GONE } from './delivery-errors';
import type { DirectSendResult, EmailSender, SmsSender } from './email-sms';
import { type OutboundFailedDeps, publishOutboundFailed } from './outbound-failed';
import type {
  DeliveryError,
  MessagingPlatform,
  OutboundMessageRef,
  OutboundStore,
  PlatformSendResult,
} from './ports';

export interface SendDeps extends OutboundFailedDeps {
  outbound: OutboundStore;
  platform: MessagingPlatform;
  webchat: WebchatOutbox;
  /** Survey e-mails: SES, or the local outbox; none where no SES identity is configured. */
  email?: EmailSender;
  /** Survey SMS: SNS, or the local outbox. */
  sms?: SmsSender;
  metrics: Metrics;
  newAttemptId(): string;
}

/** This receive of the request from the outbound queue. */
export interface QueueReceive {
  /** The queue will not deliver the request again: a send that cannot go out now fails for good. */
  lastReceive: boolean;
}

/**
 * - `sent`: the platform accepted it (its statuses follow);
 * - `posted`: in the web-chat transcript;
 * - `failed`: refused for good, or the visitor's web-chat session had ended; reported once;
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

/**
 * The platform (or SES, SNS) is throttling or down past the client's own retries: the queue
 * retries later.
 */
export class PlatformUnavailableError extends Error {
  override name = 'PlatformUnavailableError';
  constructor(readonly code: string) {
    super(`The platform could not take the message now (${code}); it is retried`);
  }
}

/**
 * The send still failed on the queue's last receive: the message is marked failed on its
 * ticket and reported, and the record goes on to the dead-letter queue for the operator.
 */
export class RetriesExhaustedError extends Error {
  override name = 'RetriesExhaustedError';
}

/**
 * Sends one requested message exactly once across duplicate and concurrent deliveries of the
 * request: the message is claimed first; web chat is posted to the transcript, WhatsApp and
 * Instagram go to the platform, a survey's e-mail to SES and its SMS to SNS (the local outbox
 * in place of both). A final refusal, or a web-chat session that has ended, marks it failed and
 * publishes `Outbound Message Failed` once; a temporary one gives the claim back and throws,
 * except on the queue's last receive, where it fails the message too.
 */
export async function sendOutbound(
  deps: SendDeps,
  request: OutboundMessageRequested,
  receive: QueueReceive,
): Promise<SendOutcome> {
  const ref: OutboundMessageRef = {
    tenantId: request.tenantId,
    ticketId: request.ticketId,
    messageId: request.messageId,
    messageAt: request.messageAt,
  };
  const attemptId = deps.newAttemptId();
  const claim = await deps.outbound.claim(ref, attemptId, deps.now());
  if (!claim.claimed) return alreadyHandled(deps, request, claim.delivery);
  const held: Held = { ref, request, attemptId, lastReceive: receive.lastReceive };

  const { recipient } = request;
  if (recipient.kind === 'webchat') {
    const posted = await givingBackOnError(deps, held, () =>
      deps.webchat.post(ref.tenantId, recipient.sessionId, {
        id: ref.messageId,
        text: request.content.text,
        sentAt: ref.messageAt,
      }),
    );
    if (posted === 'session-gone') return fail(deps, held, WEBCHAT_SESSION_GONE);
    return (await deps.outbound.markDelivered(ref, attemptId, deps.now())) ? 'posted' : 'claim-lost';
  }

  const result = await givingBackOnError(deps, held, () => sendTo(deps, request, recipient));
  if (result.ok) {
    const delivery = await deps.outbound.recordAccepted(ref, attemptId, result.messageId, deps.now());
    if (!delivery) return 'claim-lost';
    deps.metrics.count('OutboundSent', 1);
    // A `failed` status can beat the sender's own record: it was merged, and is reported here.
    if (delivery.status === 'failed' && delivery.error) {
      deps.metrics.count('OutboundFailed', 1);
      await reportFailed(deps, request, delivery.error, delivery.updatedAt);
    }
    return 'sent';
  }
  if (result.retryable) {
    if (!held.lastReceive) deps.metrics.count('OutboundRetryLater', 1);
    return giveBack(
      deps,
      held,
      new PlatformUnavailableError(result.code),
      `${PROVIDER_OF[recipient.kind]} kept throttling or was unavailable (last error ${result.code})`,
    );
  }
  return fail(deps, held, { code: result.code, title: result.title });
}

type Recipient = OutboundMessageRequested['recipient'];

/** Who refused, in a retries-exhausted error's title. */
const PROVIDER_OF: Record<Exclude<Recipient['kind'], 'webchat'>, string> = {
  whatsapp: 'the platform',
  instagram: 'the platform',
  email: 'SES',
  sms: 'SNS',
};

/** What a platform or provider answered, in one shape. */
type SendResult =
  | { ok: true; messageId: string }
  | { ok: false; retryable: boolean; code: string; title: string };

/** Hands the message to its platform (WhatsApp, Instagram) or provider (SES, SNS, the outbox). */
async function sendTo(
  deps: SendDeps,
  request: OutboundMessageRequested,
  recipient: Exclude<Recipient, { kind: 'webchat' }>,
): Promise<SendResult> {
  const { tenantId, messageId, content } = request;
  let result: PlatformSendResult | DirectSendResult;
  switch (recipient.kind) {
    case 'whatsapp':
    case 'instagram':
      result = await deps.platform.send({
        channel: recipient.kind,
        senderId: recipient.kind === 'whatsapp' ? recipient.phoneNumberId : recipient.accountId,
        recipientId: recipient.kind === 'whatsapp' ? recipient.waId : recipient.igsid,
        content,
        ...(request.tag && { tag: request.tag }),
      });
      return result.ok ? { ok: true, messageId: result.platformMessageId } : result;
    case 'email':
      if (!deps.email) return NO_EMAIL_PROVIDER;
      if (!request.subject) return NO_SUBJECT;
      result = await deps.email.sendEmail({
        tenantId,
        messageId,
        to: recipient.address,
        subject: request.subject,
        text: content.text,
      });
      return result.ok ? { ok: true, messageId: result.providerMessageId } : result;
    case 'sms':
      if (!deps.sms) return NO_SMS_PROVIDER;
      result = await deps.sms.sendSms({
        tenantId,
        messageId,
        phoneNumber: recipient.phoneNumber,
        text: content.text,
      });
      return result.ok ? { ok: true, messageId: result.providerMessageId } : result;
  }
}

const NO_EMAIL_PROVIDER: SendResult = {
  ok: false,
  retryable: false,
  code: 'no-email-provider',
  title: 'No e-mail sender is configured (an SES identity, or OUTBOX_DIR locally)',
};
const NO_SMS_PROVIDER: SendResult = {
  ok: false,
  retryable: false,
  code: 'no-sms-provider',
  title: 'No SMS sender is configured',
};
const NO_SUBJECT: SendResult = {
  ok: false,
  retryable: false,
  code: 'no-subject',
  title: 'The e-mail request carried no subject',
};

/**
 * Publishes `Outbound Message Failed` once: about the ticket, or, for a survey's message (which
 * has no ticket), about the survey.
 */
async function reportFailed(
  deps: SendDeps,
  request: OutboundMessageRequested,
  error: DeliveryError,
  failedAt: string,
): Promise<void> {
  const { tenantId, ticketId, messageId, channel } = request;
  await publishOutboundFailed(deps, { tenantId, ticketId, messageId, channel }, error, failedAt);
}

/** A message this delivery has claimed, and whether the queue delivers the request again. */
interface Held {
  ref: OutboundMessageRef;
  request: OutboundMessageRequested;
  attemptId: string;
  lastReceive: boolean;
}

/** Marks the held message failed and reports it once; `claim-lost` when it was no longer held. */
async function fail(
  deps: SendDeps,
  { ref, request, attemptId }: Held,
  error: DeliveryError,
): Promise<SendOutcome> {
  const failedAt = deps.now();
  if (!(await deps.outbound.markFailed(ref, attemptId, error, failedAt))) return 'claim-lost';
  deps.metrics.count('OutboundFailed', 1);
  await reportFailed(deps, request, error, failedAt.toISOString());
  return 'failed';
}

/**
 * A send that could not go out now. Before the last receive the claim is given back and the
 * queue retries. On the last one a released message would stay `queued` on its ticket for
 * ever, since nothing reads the dead-letter queue back: it is failed and reported instead, and
 * the record is still failed so that it reaches the alarmed dead-letter queue. A redrive from
 * there finds the message failed and sends nothing (it only publishes a report that did not
 * get out); the agent sends the reply again if it is still wanted.
 */
async function giveBack(deps: SendDeps, held: Held, cause: Error, reason: string): Promise<never> {
  if (!held.lastReceive) {
    await deps.outbound.release(held.ref, held.attemptId, deps.now());
    throw cause;
  }
  const outcome = await fail(deps, held, retriesExhausted(reason));
  // Another attempt took the message over meanwhile; its own outcome settles it.
  if (outcome === 'claim-lost') throw cause;
  throw new RetriesExhaustedError(`Message ${held.ref.messageId} failed on the last receive`, { cause });
}

/** Gives the message back (see `giveBack`) when the work throws before anything reached the guest. */
async function givingBackOnError<T>(deps: SendDeps, held: Held, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    return giveBack(deps, held, cause, `sending failed with ${cause.name}`);
  }
}

/**
 * A delivery that could not claim the message: done before (a failure is reported again, in
 * case the first report did not get out; publishing is deduplicated), in flight elsewhere, or
 * not written yet.
 */
async function alreadyHandled(
  deps: SendDeps,
  request: OutboundMessageRequested,
  delivery: Delivery | undefined,
): Promise<SendOutcome> {
  const { messageId } = request;
  if (!delivery) throw new OutboundMessageMissingError(`Message ${messageId} is not on its ticket yet`);
  if (delivery.status === 'sending') {
    throw new SendInProgressError(`Message ${messageId} is being sent by another attempt`);
  }
  if (delivery.status === 'failed' && delivery.error) {
    await reportFailed(deps, request, delivery.error, delivery.updatedAt);
  }
  return 'duplicate';
}
