import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hotel } from '../../functions/domain/hotels';
import { isoWeekOf } from '../../functions/domain/kpi/lake-days';
import { LOCAL_TABLE_NAME, loadHotels, runtimeFileOf } from '../../local/runtime/runtime';
import { generateScenario } from '../../local/simulator/scenario';
import { type RuntimeProcess, runCli, startRuntimeProcess } from '../support/local-runtime-process';

// Retention on virtual time: two simulated days at a hotel that keeps message words 30 days and
// webhook bodies 7, then the runtime's clock moves weeks ahead and its daily purge runs. The
// words, bodies and expiring items are gone; the weekly KPIs, exported again from what is left,
// are the same.

const ROOT = join(import.meta.dirname, '..', '..');
const [FIRST, ...OTHERS] = loadHotels(join(ROOT, 'config', 'hotels.json'));
const HOTEL: Hotel = { ...(FIRST as Hotel), retention: { messageTextDays: 30, rawArchiveDays: 7 } };
const SEED = 39;
const START = '2031-07-14';
const DAY = 86_400_000;
const scenario = generateScenario({
  seed: SEED,
  start: new Date('2031-07-13T21:00:00Z'),
  days: 2,
  hotels: [HOTEL],
  perDay: 3,
});
const WEEK = isoWeekOf(START);

let runtime: RuntimeProcess;
let db: DynamoDBDocumentClient;

const items = async (): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: LOCAL_TABLE_NAME, ExclusiveStartKey: start }));
    found.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
};
const hotelItems = async () =>
  (await items()).filter((i) => String(i.pk).startsWith(`TENANT#${HOTEL.tenantId}#`));
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
    : [];
const guestTexts = scenario.events.flatMap((e) => (e.kind === 'guest-message' ? [e.text] : []));
const kpis = async () => {
  const run = await runCli(['kpi', '--hotel', HOTEL.hotelCode, '--week', WEEK, '--format', 'json'], {
    env: runtime.env,
  });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as unknown;
};
const advanceTo = async (at: Date) => {
  const answer = await fetch(`${runtime.url}/_local/clock`, {
    method: 'POST',
    body: JSON.stringify({ advanceTo: at.toISOString() }),
  });
  expect(answer.status).toBe(200);
};

let kpisBefore: unknown;
let itemsBefore: Record<string, unknown>[];
let rawBefore: string[];
let rawAfter26Days: string[];

beforeAll(async () => {
  const hotelsFile = join(mkdtempSync(join(tmpdir(), 'retention-hotels-')), 'hotels.json');
  writeFileSync(hotelsFile, JSON.stringify({ hotels: [HOTEL, ...OTHERS] }));
  runtime = await startRuntimeProcess({ HOTELS_FILE: hotelsFile });
  const simulated = await runCli(
    ['simulate', '--hotels', '1', '--days', '2', '--per-day', '3', '--seed', String(SEED), '--start', START],
    { env: runtime.env },
  );
  expect(simulated.code, simulated.stdout + simulated.stderr).toBe(0);
  const { dynamoDbEndpoint } = JSON.parse(readFileSync(runtimeFileOf(runtime.dataDir), 'utf8')) as {
    dynamoDbEndpoint: string;
  };
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamoDbEndpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  itemsBefore = await hotelItems();
  rawBefore = filesUnder(join(runtime.dataDir, 'raw'));

  // Everything time decides settles first (leads lost, surveys expired, bodies gone after the
  // hotel's 7 days); then one move of the clock goes past the 30 days of the words, and the daily
  // purge runs on the way (at its first and last due times).
  const end = new Date(scenario.end).getTime();
  await advanceTo(new Date(end + 26 * DAY));
  rawAfter26Days = filesUnder(join(runtime.dataDir, 'raw'));
  kpisBefore = await kpis();
  await advanceTo(new Date(end + 42 * DAY));
}, 240_000);

afterAll(async () => {
  db?.destroy();
  await runtime?.stop();
});

const isMessage = (item: Record<string, unknown>) => String(item.sk).startsWith('MSG#');
const threadOf = (item: Record<string, unknown>) => String(item.pk).split('#TICKET#')[1] ?? '';

describe('retention on the local runtime, on virtual time', () => {
  it('had words, webhook bodies and expiring items to begin with', () => {
    expect(itemsBefore.filter((i) => isMessage(i) && typeof i.text === 'string').length).toBeGreaterThan(10);
    expect(rawBefore.length).toBeGreaterThan(0);
    expect(itemsBefore.some((i) => String(i.sk).startsWith('RAW#'))).toBe(true);
  });

  it("removes the words of every finished ticket and survey, and keeps their messages' facts", async () => {
    const after = await hotelItems();
    const finished = new Set(
      after
        .filter((i) => i.sk === 'TICKET' && (i.status === 'resolved' || i.status === 'closed'))
        .map((i) => String(i.ticketId))
        .concat(
          after
            .filter((i) => i.sk === 'SURVEY' && (i.status === 'answered' || i.status === 'expired'))
            .map((i) => `survey:${i.surveyId}`),
        ),
    );
    expect(finished.size).toBeGreaterThan(3);
    const finishedMessages = after.filter((i) => isMessage(i) && finished.has(threadOf(i)));
    expect(finishedMessages.length).toBe(
      itemsBefore.filter((i) => isMessage(i) && finished.has(threadOf(i))).length,
    );
    for (const message of finishedMessages) {
      expect(message).not.toHaveProperty('text');
      expect(message).not.toHaveProperty('sealedText');
      expect(message).toHaveProperty('direction');
    }
    const finishedWords = JSON.stringify(
      after.filter((i) => finished.has(threadOf(i)) || finished.has(String(i.ticketId))),
    );
    for (const text of guestTexts) expect(finishedWords).not.toContain(text);
    expect(after.filter((i) => i.action === 'retention.purge').length).toBeGreaterThan(0);
  });

  it("expires the webhook bodies after the hotel's 7 days, not the stack's 30", () => {
    expect(rawAfter26Days).toEqual([]);
    expect(filesUnder(join(runtime.dataDir, 'raw-tags'))).toEqual([]);
  });

  it('lets the index of the bodies, web-chat transcripts and dedupe records expire', async () => {
    const after = await items();
    expect(after.filter((i) => String(i.sk).startsWith('RAW#'))).toEqual([]);
    expect(after.filter((i) => String(i.pk).startsWith('DEDUPE#'))).toEqual([]);
    expect(after.filter((i) => String(i.pk).includes('#WEBCHAT#'))).toEqual([]);
    const events = readFileSync(join(runtime.dataDir, 'events.jsonl'), 'utf8');
    for (const text of guestTexts) expect(events).not.toContain(text);
  });

  it('leaves the weekly KPIs unchanged when they are exported again from what is kept', async () => {
    expect(await kpis()).toEqual(kpisBefore);
  });
});
