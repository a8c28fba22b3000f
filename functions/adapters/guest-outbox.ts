import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GuestOutbox } from '../domain/privacy/data-subject-request';
import type { OutboxFile } from '../domain/privacy/export-document';
import { normalizePhoneNumber } from '../domain/tickets/guest-phone';
import { fileNameOf } from './outbox-folder-sender';

const KINDS = ['email', 'sms'] as const;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The guest's files in the local outbox (`.data/outbox/{email,sms}/`, what `OutboxFolderSender`
 * wrote): those of their survey messages by name, and any other of the hotel addressed to one of
 * their addresses or numbers.
 */
export class FolderGuestOutbox implements GuestOutbox {
  constructor(private readonly directory: string) {}

  async find(
    tenantId: string,
    messageIds: readonly string[],
    contacts: { phones: readonly string[]; emails: readonly string[] },
  ): Promise<OutboxFile[]> {
    const named = new Set(messageIds.map((id) => `${fileNameOf(tenantId, id)}.json`));
    const emails = new Set(contacts.emails.map((e) => e.trim().toLowerCase()));
    const phones = new Set(contacts.phones.map((p) => normalizePhoneNumber(p)).filter(Boolean));
    const found: OutboxFile[] = [];
    for (const kind of KINDS) {
      const folder = join(this.directory, kind);
      const names = await readdir(folder).catch(() => [] as string[]);
      for (const file of names.filter((name) => name.endsWith('.json'))) {
        const body = await readJson(join(folder, file));
        if (!body || body.tenantId !== tenantId) continue;
        const to = text(body.to);
        const addressed =
          to !== undefined &&
          (kind === 'email' ? emails.has(to.trim().toLowerCase()) : phones.has(normalizePhoneNumber(to)));
        if (!named.has(file) && !addressed) continue;
        found.push({
          kind,
          file: `${kind}/${file}`,
          ...(to !== undefined && { to }),
          ...(text(body.subject) !== undefined && { subject: text(body.subject) }),
          ...(text(body.text) !== undefined && { text: text(body.text) }),
          ...(text(body.sentAt) !== undefined && { sentAt: text(body.sentAt) }),
        });
      }
    }
    return found;
  }

  async remove(files: readonly OutboxFile[]): Promise<number> {
    for (const { file } of files) await rm(join(this.directory, file), { force: true });
    return files.length;
  }
}

/** SES and SNS keep no copy hotel-inbox could read or delete: in AWS the outbox holds nothing. */
export const NO_GUEST_OUTBOX: GuestOutbox = {
  find: async () => [],
  remove: async () => 0,
};

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
