import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditRetentionDaysOf, DynamoDbAuditLog } from '../../../functions/adapters/dynamodb-audit-log';
import { DynamoDbGuestData } from '../../../functions/adapters/dynamodb-guest-data';
import { FolderGuestOutbox } from '../../../functions/adapters/guest-outbox';
import { pseudonymousLakeOf } from '../../../functions/adapters/kpi-lake-pseudonyms';
import { LocalSensitiveCipher } from '../../../functions/adapters/local-sensitive-cipher';
import { FileRawArchiveEraser } from '../../../functions/adapters/raw-archive-eraser';
import type { Hotel } from '../../../functions/domain/hotels';
import {
  type DataSubjectDeps,
  eraseGuestData,
  exportGuestData,
} from '../../../functions/domain/privacy/data-subject-request';
import { renderExportHtml } from '../../../functions/domain/privacy/export-html';
import { type PrivacyRequest, PrivacyRequestSchema } from '../../../schemas/privacy';
import { localKpiExportDeps } from '../../kpi/local-export';
import { type LocalConfig, loadConfig } from '../../runtime/config';
import { LOCAL_TABLE_NAME } from '../../runtime/runtime';
import { openLocalData } from '../local-data';

const USAGE = [
  'usage: hotel-inbox privacy export --hotel H (--phone P | --email E | --guest G) [--out FILE.json] [--html FILE.html]',
  '       hotel-inbox privacy erase --hotel H (--phone P | --email E | --guest G) --yes [--reason TEXT]',
].join('\n');

export interface PrivacyOptions {
  kind: 'export' | 'erase';
  request: PrivacyRequest;
  out: string | undefined;
  html: string | undefined;
  yes: boolean;
}

/** The command's options; exactly one of --phone, --email, --guest names the subject. */
export function parsePrivacyArgs(args: string[]): PrivacyOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      hotel: { type: 'string' },
      phone: { type: 'string' },
      email: { type: 'string' },
      guest: { type: 'string' },
      reason: { type: 'string' },
      out: { type: 'string' },
      html: { type: 'string' },
      yes: { type: 'boolean', default: false },
    },
  });
  const [kind, ...rest] = positionals;
  if ((kind !== 'export' && kind !== 'erase') || rest.length > 0 || !values.hotel) throw new Error(USAGE);
  const subjects = [
    values.phone !== undefined && { phone: values.phone },
    values.email !== undefined && { email: values.email },
    values.guest !== undefined && { guestId: values.guest },
  ].filter(Boolean);
  if (subjects.length !== 1) throw new Error(`name the guest by one of --phone, --email, --guest\n${USAGE}`);
  const parsed = PrivacyRequestSchema.safeParse({
    hotel: values.hotel,
    kind,
    subject: subjects[0],
    ...(values.reason !== undefined && { reason: values.reason }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  return { kind, request: parsed.data, out: values.out, html: values.html, yes: values.yes };
}

/** The stores of the local pipeline: DynamoDB Local, `.data/raw`, `.data/outbox`, `.data/lake`. */
export function localDataSubjectDeps(
  client: DynamoDBDocumentClient,
  config: Pick<LocalConfig, 'dataDir' | 'lakeSalt'>,
  hotels: readonly Hotel[],
): DataSubjectDeps {
  const keyFile = join(config.dataDir, 'sensitive-data-key');
  return {
    hotels,
    store: new DynamoDbGuestData(client, LOCAL_TABLE_NAME),
    rawArchive: new FileRawArchiveEraser(join(config.dataDir, 'raw')),
    outbox: new FolderGuestOutbox(join(config.dataDir, 'outbox')),
    lake: pseudonymousLakeOf(localKpiExportDeps(client, config, LOCAL_TABLE_NAME)),
    audit: new DynamoDbAuditLog(client, LOCAL_TABLE_NAME, auditRetentionDaysOf(hotels)),
    // Only an existing key: a new one would open nothing (and the pipeline's must not be replaced).
    ...(existsSync(keyFile) && { sealedText: new LocalSensitiveCipher(keyFile) }),
    now: () => new Date(),
    newId: randomUUID,
  };
}

/**
 * `hotel-inbox privacy export|erase --hotel H --phone P`: a data-subject request against the
 * running local pipeline, as the local operator (recorded in the audit log as role `operator`).
 * An export prints the JSON document (or writes `--out`) and `--html` a readable page; an erasure
 * needs `--yes` and prints its receipt.
 */
export async function privacyCommand(args: string[]): Promise<number> {
  const options = parsePrivacyArgs(args);
  if (options.kind === 'erase' && !options.yes) {
    process.stderr.write('An erasure cannot be undone: add --yes to erase the guest’s data.\n');
    return 2;
  }
  const config = loadConfig();
  const data = openLocalData(config);
  try {
    const deps = localDataSubjectDeps(data.client, config, data.hotels);
    const requester = { userId: userInfo().username || 'operator', role: 'operator' as const };
    if (options.kind === 'erase') {
      const receipt = await eraseGuestData(deps, requester, options.request);
      process.stdout.write(`${JSON.stringify(receipt, null, 2)}\n`);
      return 0;
    }
    const document = await exportGuestData(deps, requester, options.request);
    const json = `${JSON.stringify(document, null, 2)}\n`;
    if (options.out) {
      writeFileSync(resolve(options.out), json, { mode: 0o600 });
      process.stderr.write(`wrote ${options.out}\n`);
    } else if (!options.html) process.stdout.write(json);
    if (options.html) {
      writeFileSync(resolve(options.html), renderExportHtml(document), { mode: 0o600 });
      process.stderr.write(`wrote ${options.html}\n`);
    }
    return 0;
  } finally {
    data.close();
  }
}
