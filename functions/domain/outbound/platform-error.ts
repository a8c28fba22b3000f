import type { MessageStatusChanged } from '../../../schemas/events';
import { PLATFORM_REPORTED_FAILURE } from './delivery-errors';
import type { DeliveryError } from './ports';

/** Runs of digits long enough to be a phone number or a platform user id. */
const LONG_NUMBER = /\+?\d[\d ]{6,}\d/g;

/**
 * An error title safe to store and show: the recipient's id and anything that looks like a
 * phone number are masked, because Meta's messages sometimes quote the number they refused.
 */
export function safeTitle(text: string, recipientId?: string): string {
  const withoutRecipient = recipientId ? text.replaceAll(recipientId, '<recipient>') : text;
  return withoutRecipient.replace(LONG_NUMBER, '<number>').slice(0, 300);
}

/** The first error of an asynchronous `failed` status (WhatsApp reports 131047 and others this way). */
export function deliveryErrorOf(errors: MessageStatusChanged['errors']): DeliveryError {
  const first = errors?.[0];
  if (!first) return PLATFORM_REPORTED_FAILURE;
  return {
    code: String(first.code),
    title: safeTitle(first.details ?? first.message ?? first.title ?? `Error ${first.code}`),
  };
}
