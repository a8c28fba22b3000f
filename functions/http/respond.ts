import {
  ConflictError,
  ForbiddenError,
  MalformedBodyError,
  MessagingWindowError,
  NotFoundError,
  PublishError,
  RateLimitedError,
  SignatureError,
  UnauthorizedError,
  ValidationError,
} from '../domain/errors';
import { type HttpResult, json } from './api-gateway';

/** The one place where an error becomes an HTTP answer. Unknown errors are 500 without detail. */
export function errorResponse(error: unknown): HttpResult {
  if (error instanceof SignatureError)
    return json(401, { error: 'invalid_signature', message: error.message });
  if (error instanceof UnauthorizedError) return json(401, { error: 'unauthorized', message: error.message });
  if (error instanceof ForbiddenError) return json(403, { error: 'forbidden', message: error.message });
  if (error instanceof NotFoundError) return json(404, { error: 'not_found', message: error.message });
  if (error instanceof ConflictError) return json(409, { error: 'conflict', message: error.message });
  if (error instanceof MessagingWindowError)
    return json(422, { error: 'messaging_window_closed', message: error.message });
  if (error instanceof MalformedBodyError)
    return json(400, { error: 'malformed_body', message: error.message });
  if (error instanceof ValidationError) {
    return json(400, { error: 'validation_failed', path: error.path, message: error.message });
  }
  if (error instanceof RateLimitedError) {
    return json(
      429,
      { error: 'rate_limited', message: error.message },
      { 'retry-after': String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof PublishError) return json(500, { error: 'publish_failed', message: 'Retry later' });
  return json(500, { error: 'internal', message: 'Retry later' });
}

/** Whether an error is the caller's fault (4xx) and so not worth an error-level log. */
export const isClientError = (error: unknown) => (errorResponse(error).statusCode ?? 500) < 500;
