import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../runtime/config';
import type { RoutedEvent } from '../../runtime/event-bus';

/** One readable line per event: time, type, hotel, channel, message kind, rules. No message text. */
export function summarize(event: RoutedEvent): string {
  const detail = event.detail as {
    tenantId?: string;
    channel?: string;
    accountId?: string;
    status?: string;
    message?: { content?: { type?: string } };
  };
  const what = detail.message?.content?.type ?? detail.status ?? detail.accountId ?? '';
  const rules = event.matchedRules.length > 0 ? ` -> ${event.matchedRules.join(', ')}` : '';
  return [
    event.time,
    event['detail-type'].padEnd(30),
    (detail.tenantId ?? '-').padEnd(16),
    (detail.channel ?? '-').padEnd(9),
    what,
  ]
    .join('  ')
    .concat(rules);
}

/** `hotel-inbox events [--follow] [--json]`: what the local bus has routed, from `.data/events.jsonl`. */
export async function eventsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { follow: { type: 'boolean', short: 'f' }, json: { type: 'boolean' } },
  });
  const file = join(loadConfig().dataDir, 'events.jsonl');
  const print = (line: string) => {
    if (!line.trim()) return;
    process.stdout.write(`${values.json ? line : summarize(JSON.parse(line) as RoutedEvent)}\n`);
  };
  let offset = 0;
  let partial = '';
  const drain = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= offset) return;
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(file, 'r');
    readSync(fd, buffer, 0, buffer.length, offset);
    closeSync(fd);
    offset = size;
    const lines = (partial + buffer.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(print);
  };
  drain();
  if (!values.follow) {
    if (!existsSync(file))
      process.stderr.write(`No events yet (${file} does not exist). Is npm start running?\n`);
    return 0;
  }
  await new Promise<void>((resolve) => {
    const timer = setInterval(drain, 300);
    process.once('SIGINT', () => {
      clearInterval(timer);
      resolve();
    });
  });
  return 0;
}
