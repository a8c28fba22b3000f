import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { Env } from '../contracts/environment';
import type { DirectSendResult, SmsMessage, SmsSender } from '../domain/outbound/email-sms';

/** Throttling, and an account or key an operator can fix: worth another try. */
const RETRYABLE = new Set([
  'ThrottledException',
  'KMSThrottlingException',
  'AuthorizationErrorException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
]);

/** Fixed titles: SNS's own messages can quote the phone number. */
const TITLES: Record<string, string> = {
  InvalidParameterException: 'SNS refused the phone number or the message',
  InvalidParameterValueException: 'SNS refused the phone number or the message',
  OptedOutException: 'The phone number has opted out of SMS from this account',
};

/** Survey SMS through SNS `Publish` to a phone number, under the hotel group's sender id. */
export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly client: SNSClient,
    private readonly senderId: string | undefined,
  ) {}

  async sendSms(message: SmsMessage): Promise<DirectSendResult> {
    try {
      const { MessageId } = await this.client.send(
        new PublishCommand({
          PhoneNumber: message.phoneNumber,
          Message: message.text,
          MessageAttributes: {
            // Transactional: routed for delivery rather than cost, as a one-question survey should be.
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.senderId && {
              'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId },
            }),
          },
        }),
      );
      if (!MessageId)
        return { ok: false, retryable: true, code: 'no-message-id', title: 'SNS returned no id' };
      return { ok: true, providerMessageId: MessageId };
    } catch (error) {
      if (!(error instanceof SNSServiceException)) throw error;
      const retryable = RETRYABLE.has(error.name) || error.$fault === 'server';
      return {
        ok: false,
        retryable,
        code: error.name,
        title: TITLES[error.name] ?? `SNS could not send the SMS (${error.name})`,
      };
    }
  }
}

/** SNS from the environment: the sender id (SMS_SENDER_ID) and a local endpoint when one is set. */
export const snsSmsSenderFromEnv = (env = process.env) =>
  new SnsSmsSender(
    new SNSClient({ endpoint: env[Env.snsEndpoint] || undefined }),
    env[Env.smsSenderId] || undefined,
  );
