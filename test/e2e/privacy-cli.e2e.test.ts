import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import { type RuntimeProcess, runCli, startRuntimeProcess } from '../support/local-runtime-process';
import { fixture } from '../support/meta';

// `hotel-inbox privacy` against a running `hotel-inbox start`: the fixture's guest (Ayşe Yılmaz,
// +905321234567) writes on WhatsApp; her data is exported, then erased from the local stores.

const APP_SECRET = 'e2e-privacy-secret';
const PHONE = '905321234567';
const TEXT = 'Merhaba, 12-15 Temmuz için iki kişilik deniz manzaralı oda fiyatı alabilir miyim?';

let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess({ META_APP_SECRET: APP_SECRET });
  const body = fixture('whatsapp', 'text');
  const answer = await fetch(`${runtime.url}/webhooks/whatsapp`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(body, APP_SECRET) },
  });
  expect(answer.status).toBe(200);
  // The intake lands it asynchronously: wait until `tickets` lists it (a bounded loop).
  for (let attempt = 0; attempt < 100; attempt++) {
    const { stdout } = await runCli(['tickets', '--status', 'all'], { env: runtime.env });
    if (stdout.includes('AUB-')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(() => runtime?.stop());

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

describe('hotel-inbox privacy', () => {
  it('exports what is held about a phone number as JSON and as a readable page', async () => {
    const out = mkdtempSync(join(tmpdir(), 'privacy-cli-'));
    const json = join(out, 'ayse.json');
    const html = join(out, 'ayse.html');

    const run = await runCli(
      ['privacy', 'export', '--hotel', 'AUB', '--phone', `+${PHONE}`, '--out', json, '--html', html],
      { env: runtime.env },
    );

    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(readFileSync(json, 'utf8'));
    expect(document).toMatchObject({
      kind: 'export',
      hotel: { hotelCode: 'AUB' },
      subject: { kind: 'phone' },
    });
    expect(document.tickets[0].messages[0].text).toBe(TEXT);
    expect(document.rawArchive).toHaveLength(1);
    expect(readFileSync(html, 'utf8')).toContain('Ayşe Yılmaz');
  });

  it('erases only with --yes, then leaves no trace of the number, name or message in the raw archive', async () => {
    const raw = join(runtime.dataDir, 'raw');
    expect(filesUnder(raw).some((file) => readFileSync(file, 'utf8').includes(PHONE))).toBe(true);

    const unconfirmed = await runCli(['privacy', 'erase', '--hotel', 'AUB', '--phone', `+${PHONE}`], {
      env: runtime.env,
    });
    const confirmed = await runCli(['privacy', 'erase', '--hotel', 'AUB', '--phone', `+${PHONE}`, '--yes'], {
      env: runtime.env,
    });
    const after = await runCli(['privacy', 'export', '--hotel', 'AUB', '--phone', `+${PHONE}`], {
      env: runtime.env,
    });

    expect(unconfirmed.code).toBe(2);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({
      kind: 'erase',
      guests: 1,
      erased: { ticketsAnonymised: 1, rawArchiveObjects: 1, identities: 1 },
    });
    expect(JSON.parse(after.stdout)).toMatchObject({ guests: [], tickets: [] });
    for (const file of filesUnder(raw)) {
      const content = readFileSync(file, 'utf8');
      for (const needle of [PHONE, 'Ayşe', TEXT]) expect(content, file).not.toContain(needle);
    }
  });
});
