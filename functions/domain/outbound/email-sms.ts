/** One e-mail to a guest: plain text (the templates are plain text) with its subject. */
export interface EmailMessage {
  tenantId: string;
  /** The message id it is recorded under: a tag on the send, the outbox file's name. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

/** One SMS to a guest's phone number (E.164). */
export interface SmsMessage {
  tenantId: string;
  messageId: string;
  phoneNumber: string;
  text: string;
}

/**
 * What the provider (SES, SNS, the local outbox) answered, after its client's own retries:
 * accepted with its message id, or refused. `retryable` refusals (throttling, the service or
 * the account unavailable) are worth another try later; the others are final (an address that
 * cannot receive, a rejected message). `title` never quotes the provider's message, which may
 * name the address.
 */
export type DirectSendResult =
  | { ok: true; providerMessageId: string }
  | { ok: false; retryable: boolean; code: string; title: string };

/** Sends survey e-mails: SES in AWS, a folder locally. */
export interface EmailSender {
  sendEmail(message: EmailMessage): Promise<DirectSendResult>;
}

/** Sends survey SMS: SNS in AWS, a folder locally. */
export interface SmsSender {
  sendSms(message: SmsMessage): Promise<DirectSendResult>;
}
