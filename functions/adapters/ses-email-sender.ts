import { SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { Env } from '../contracts/environment';
import type { DirectSendResult, EmailMessage, EmailSender } from '../domain/outbound/email-sms';
import { required } from './aws-clients';

/**
 * Refusals worth another try: throttling, and an account or configuration an operator can fix
 * (the record reaches the alarmed dead-letter queue if it is not fixed in time).
 */
const RETRYABLE = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'SendingPausedException',
  'AccountSuspendedException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
]);

/** Fixed titles: SES's own messages can quote the recipient's address. */
const TITLES: Record<string, string> = {
  MessageRejected: 'SES rejected the e-mail (the recipient cannot receive it, or its content was refused)',
  BadRequestException: 'SES refused the e-mail address or the request',
};

/** SES tag values take letters, digits, `_` and `-` only. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);

/** Survey e-mails through SES v2 `SendEmail`, as plain text from the verified survey sender. */
export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async sendEmail(message: EmailMessage): Promise<DirectSendResult> {
    try {
      const { MessageId } = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
          EmailTags: [
            { Name: 'tenant', Value: tagValue(message.tenantId) },
            { Name: 'message', Value: tagValue(message.messageId) },
          ],
        }),
      );
      if (!MessageId)
        return { ok: false, retryable: true, code: 'no-message-id', title: 'SES returned no id' };
      return { ok: true, providerMessageId: MessageId };
    } catch (error) {
      // Network failures and timeouts are not service answers: the sender gives the claim back.
      if (!(error instanceof SESv2ServiceException)) throw error;
      const retryable = RETRYABLE.has(error.name) || error.$fault === 'server';
      return {
        ok: false,
        retryable,
        code: error.name,
        title: TITLES[error.name] ?? `SES could not send the e-mail (${error.name})`,
      };
    }
  }
}

/** SES from the environment: the survey sender address, and a local endpoint when one is set. */
export const sesEmailSenderFromEnv = (env = process.env) =>
  new SesEmailSender(
    new SESv2Client({ endpoint: env[Env.sesEndpoint] || undefined }),
    required(Env.surveyEmailFrom, env),
  );
