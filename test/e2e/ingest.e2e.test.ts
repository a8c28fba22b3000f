import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import { type RuntimeProcess, runCli, startRuntimeProcess } from '../support/local-runtime-process';
import { fixture } from '../support/meta';

const APP_SECRET = 'e2e-app-secret';
const ROOT = join(import.meta.dirname, '..', '..');

/** Polls a condition (the follower prints asynchronously); a bounded loop, not a timing assertion. */
async function waitFor(condition: () => boolean) {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((r) => setTimeout(r, 50));
}
let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess({ META_APP_SECRET: APP_SECRET, META_VERIFY_TOKEN: 'e2e-verify' });
});

afterAll(() => runtime?.stop());

const post = (path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  fetch(`${runtime.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

const signed = (channel: 'whatsapp' | 'instagram', body: Buffer) =>
  post(`/webhooks/${channel}`, body, { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) });

const routedEvents = async () => {
  const { stdout } = await runCli(['events', '--json'], { env: runtime.env });
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
};

describe('the local pipeline started with hotel-inbox start', () => {
  it('answers GET / with its status', async () => {
    const response = await fetch(`${runtime.url}/`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ service: 'hotel-inbox', status: 'ok' });
  });

  it("answers Meta's handshake with the configured verify token", async () => {
    const ok = await fetch(
      `${runtime.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=e2e-verify&hub.challenge=77`,
    );
    const wrong = await fetch(
      `${runtime.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=77`,
    );

    expect([ok.status, await ok.text(), wrong.status]).toEqual([200, '77', 403]);
  });

  it('turns signed WhatsApp, Instagram and web-chat messages into routed events that `events` lists', async () => {
    const whatsapp = await signed('whatsapp', fixture('whatsapp', 'text'));
    const instagram = await signed('instagram', fixture('instagram', 'text'));
    const session = (await (
      await post('/webchat/sessions', JSON.stringify({ siteKey: 'wk_lykia_kemer_demo' }))
    ).json()) as {
      token: string;
    };
    const webchat = await post(
      '/webchat/messages',
      JSON.stringify({ text: 'Привет! Есть ли трансфер из аэропорта?' }),
      {
        authorization: `Bearer ${session.token}`,
      },
    );

    expect([whatsapp.status, instagram.status, webchat.status]).toEqual([200, 200, 202]);
    const events = (await routedEvents()).filter((e) => e.source === 'hotel-inbox.ingest');
    expect(events.map((e) => [e['detail-type'], e.detail.channel, e.detail.tenantId])).toEqual([
      ['Guest Message Received', 'whatsapp', 'aurora-belek'],
      ['Guest Message Received', 'instagram', 'aurora-belek'],
      ['Guest Message Received', 'webchat', 'lykia-kemer'],
    ]);
  });

  it('tails new events with `events --follow`', async () => {
    const follower = spawn(process.execPath, [join(ROOT, 'bin', 'hotel-inbox.js'), 'events', '--follow'], {
      cwd: ROOT,
      env: runtime.env,
    });
    let seen = '';
    follower.stdout.on('data', (chunk) => {
      seen += String(chunk);
    });
    const before = (await routedEvents()).length;
    await waitFor(() => seen.split('\n').filter(Boolean).length >= before);

    await signed('whatsapp', fixture('whatsapp', 'reaction'));

    await waitFor(() => /Guest Message Received\s+aurora-belek\s+whatsapp\s+reaction/.test(seen));
    follower.kill('SIGINT');
    expect(seen).toMatch(/Guest Message Received\s+aurora-belek\s+whatsapp\s+reaction/);
  });

  it('lands a signed WhatsApp message on a ticket that `tickets` and `ticket` show', async () => {
    const body = Buffer.from(
      fixture('whatsapp', 'text')
        .toString()
        .replaceAll('905321234567', '905559876543')
        .replace('wamid.', 'wamid.e2e'),
    );

    const list = () => runCli(['tickets', '--hotel', 'aurora-belek'], { env: runtime.env });
    const triagedCount = (stdout: string) =>
      (stdout.match(/AUB-\d{4}-\d{6}\s+open\s+firstResponse/g) ?? []).length;
    const before = triagedCount((await list()).stdout);

    await signed('whatsapp', body);
    // The ticket is opened and triaged asynchronously (bus -> intake queue -> workflow): poll, boundedly.
    let listing = { stdout: '' };
    for (let attempt = 0; attempt < 40 && triagedCount(listing.stdout) <= before; attempt++)
      listing = await list();

    // The newest ticket is this guest's: the highest record number.
    const number = (listing.stdout.match(/AUB-\d{4}-\d{6}/g) ?? []).sort().at(-1) ?? '';
    expect(listing.stdout).toMatch(
      new RegExp(`${number}\\s+open\\s+firstResponse .*(left|overdue)\\s+sales\\s+whatsapp\\s+tr`),
    );
    const one = await runCli(['ticket', number], { env: runtime.env });
    expect(one.stdout).toContain('basket sales (SalesLead)');
    expect(one.stdout).toContain('12-15 Temmuz');
  });

  it('refuses a forged delivery with 401 and routes nothing for it', async () => {
    const before = (await routedEvents()).length;
    const body = fixture('whatsapp', 'image');

    const response = await post('/webhooks/whatsapp', body, {
      'x-hub-signature-256': signMetaBody(body, 'forged'),
    });

    expect(response.status).toBe(401);
    expect((await routedEvents()).length).toBe(before);
  });

  it('logs no phone number, profile name or message text', async () => {
    await signed('whatsapp', fixture('whatsapp', 'contacts-several-cards'));

    const output = runtime.output();
    expect(output).not.toMatch(/905321234567/);
    expect(output).not.toMatch(/Ayşe/);
    expect(output).not.toMatch(/Merhaba/);
    expect(output).toMatch(/Delivery ingested/);
  });
});
