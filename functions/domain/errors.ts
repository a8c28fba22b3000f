/**
 * Errors the domain raises. Each maps to one HTTP answer in functions/http/respond.ts;
 * messages never contain guest data.
 */
export class SignatureError extends Error {
  override name = 'SignatureError';
}

export class MalformedBodyError extends Error {
  override name = 'MalformedBodyError';
}

/** The input is well-formed but fails its schema; `path` names the failing field. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${path || '(root)'}: ${message}`, options);
  }
}

export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The request is valid but the ticket's state does not allow it now (resolve a resolved ticket). */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/**
 * The platform's messaging window does not allow this message now (WhatsApp free text 24 hours
 * after the guest's last message, Instagram after 7 days). Refused before anything is queued.
 */
export class MessagingWindowError extends Error {
  override name = 'MessagingWindowError';
}

export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many messages; slow down');
  }
}

/** Some events could not be published after retries; the caller answers 500 so the sender retries. */
export class PublishError extends Error {
  override name = 'PublishError';
  constructor(
    readonly failedCount: number,
    options?: ErrorOptions,
  ) {
    super(`${failedCount} event(s) could not be published`, options);
  }
}
