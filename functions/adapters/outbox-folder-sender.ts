import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  DirectSendResult,
  EmailMessage,
  EmailSender,
  SmsMessage,
  SmsSender,
} from '../domain/outbound/email-sms';
import { currentTime } from './clock';

/** File names from ids: nothing that could leave the folder or trouble a shell. */
export const fileNameOf = (tenantId: string, messageId: string) =>
  `${tenantId}--${messageId}`.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * The local stand-in for SES and SNS: each message is one readable JSON file, under
 * `<dir>/email/` or `<dir>/sms/`, named after the hotel and the message id, so a retried send
 * rewrites the same file instead of adding a second one.
 */
export class OutboxFolderSender implements EmailSender, SmsSender {
  constructor(
    private readonly dir: string,
    private readonly from = 'surveys@hotel-inbox.local',
    private readonly now: () => Date = currentTime,
  ) {}

  sendEmail(message: EmailMessage): Promise<DirectSendResult> {
    const { tenantId, messageId, to, subject, text } = message;
    return this.write('email', tenantId, messageId, { from: this.from, to, subject, text });
  }

  sendSms(message: SmsMessage): Promise<DirectSendResult> {
    const { tenantId, messageId, phoneNumber, text } = message;
    return this.write('sms', tenantId, messageId, { to: phoneNumber, text });
  }

  private async write(
    kind: 'email' | 'sms',
    tenantId: string,
    messageId: string,
    content: Record<string, string>,
  ): Promise<DirectSendResult> {
    const folder = join(this.dir, kind);
    await mkdir(folder, { recursive: true });
    const name = fileNameOf(tenantId, messageId);
    const file = join(folder, `${name}.json`);
    const body = { tenantId, messageId, sentAt: this.now().toISOString(), ...content };
    // Written aside and renamed, so a reader never sees half a message.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, `${JSON.stringify(body, null, 2)}\n`, 'utf8');
    await rename(partial, file);
    return { ok: true, providerMessageId: `outbox-${kind}-${name}` };
  }
}
