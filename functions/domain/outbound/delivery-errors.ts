import type { DeliveryError } from './ports';

/** A `failed` status or link stub that came without any error detail. */
export const PLATFORM_REPORTED_FAILURE: DeliveryError = {
  code: 'unknown',
  title: 'The platform reported the message as failed',
};

/** A web-chat reply whose session had ended: it stays on the ticket, but no visitor will see it. */
export const WEBCHAT_SESSION_GONE: DeliveryError = {
  code: 'webchat-session-gone',
  title: "The visitor's web-chat session had ended; the message is on the ticket but was not shown to them",
};

/**
 * A send that still failed on the outbound queue's last receive, e.g.
 * `retriesExhausted('the platform kept throttling or was unavailable (last error 130429)')`.
 */
export const retriesExhausted = (reason: string): DeliveryError => ({
  code: 'retries-exhausted',
  title: `Not sent after every retry: ${reason}. Send it again later`,
});
