import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventSource } from '../../functions/contracts/bus';
import { runCli } from '../support/local-runtime-process';
import { fixture } from '../support/meta';

const FIXTURES = join(import.meta.dirname, '..', 'events');
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { Source: string; DetailType: string; Detail: string });

describe('hotel-inbox normalize', () => {
  it('prints one PutEvents entry a line for every message of a WhatsApp batch, detecting the channel', async () => {
    const { code, stdout } = await runCli([
      'normalize',
      join(FIXTURES, 'whatsapp', 'batch-multi-entry-multi-change.json'),
    ]);

    expect(code).toBe(0);
    const entries = lines(stdout);
    expect(entries.length).toBeGreaterThan(2);
    expect(entries.every((e) => e.Source === EventSource.ingest && JSON.parse(e.Detail).version === 1)).toBe(
      true,
    );
  });

  it('reads an Instagram delivery from stdin', async () => {
    const { code, stdout } = await runCli(['normalize', '-'], { input: fixture('instagram', 'text') });

    expect(code).toBe(0);
    expect(lines(stdout).map((e) => [e.DetailType, JSON.parse(e.Detail).channel])).toEqual([
      ['Guest Message Received', 'instagram'],
    ]);
  });

  it('normalizes a web-chat message for the site key given', async () => {
    const { code, stdout } = await runCli(
      ['normalize', '-', '--channel', 'webchat', '--site-key', 'wk_side_palace_demo'],
      {
        input: JSON.stringify({ text: 'Çocuk kulübü kaç yaşından itibaren?' }),
      },
    );

    expect(code).toBe(0);
    expect(JSON.parse(lines(stdout)[0]?.Detail ?? '{}')).toMatchObject({
      tenantId: 'side-palace',
      channel: 'webchat',
    });
  });

  it('names an account no hotel is registered for as an Unroutable Delivery', async () => {
    const body = fixture('whatsapp', 'text').toString().replace('106540352242922', '111111111111111');

    const { stdout } = await runCli(['normalize', '-'], { input: body });

    expect(lines(stdout).map((e) => e.DetailType)).toEqual(['Unroutable Delivery']);
  });

  it('exits 1 naming the failing field path on input that is not an envelope', async () => {
    const { code, stderr, stdout } = await runCli(['normalize', '-', '--channel', 'whatsapp'], {
      input: JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '1', changes: [{ field: 'messages' }] }],
      }),
    });

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/entry\.0\.changes\.0\.value/);
  });
});
