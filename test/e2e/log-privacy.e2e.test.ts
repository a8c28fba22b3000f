import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import { signPmsBody } from '../../functions/domain/surveys/pms-signature';
import { instagramTextDelivery, whatsappTextDelivery } from '../../local/simulator/deliveries';
import type { QueueResponse } from '../../schemas/agent-api';
import { eventually, HOTEL_A } from '../security/two-hotels';
import { type RuntimeProcess, runCli, startRuntimeProcess } from '../support/local-runtime-process';

/**
 * Issue 7: no personal data in the logs. One full run of `hotel-inbox start` at the most verbose
 * level the handlers log at (Powertools DEBUG), every line of its stdout and stderr captured, with
 * distinctive guest data on every way in; then none of it may show in the capture.
 */

const APP_SECRET = 'log-privacy-app-secret';
const PMS_SECRET = 'log-privacy-pms-secret';
const AGENT_SECRET = 'log-privacy-agent-secret';

// The WhatsApp guest: +90 532 947 31 86.
const WA_ID = '905329473186';
const WA_NAME = 'Zümrüt Karadağlıoğlu';
const CARD = '4539 1488 0343 6467';
const WA_TEXT =
  `Merhaba, fıstık alerjim var ve çölyak hastasıyım, lütfen mutfağa iletin. ` +
  `Kartım ${CARD}, son kullanma 09/29, depozitoyu buradan çekebilirsiniz. Kumquatlı pasta olur mu?`;
// The Instagram guest.
const IG_SENDER = '7311984402561187';
const IG_TEXT = 'Hello, is the Zanzibarine spa suite free for our honeymoon next Thursday?';
// The web-chat visitor: +44 7700 900 417.
const WEB_NAME = 'Bartholomew Quixley';
const WEB_EMAIL = 'bart.quixley@mailinator.example';
const WEB_PHONE = '+447700900417';
const WEB_TEXT = 'My daughter uses an insulin pump; can the Wobblethorpe kids club store her insulin?';
// The PMS guest: +90 533 618 20 74.
const PMS_NAME = 'Ottilie Vandersnoot';
const PMS_PHONE = '+905336182074';
const PMS_EMAIL = 'ottilie.vandersnoot@posteo.example';
const AGENT_TEXT = 'Dear guest, the Quagmirehollow kitchen has noted the nut-free request for you.';

/** Every written form of a Turkish mobile number: +90 532 947 31 86, 905329473186, 0532…, 532… */
function turkishForms(e164: string): string[] {
  const national = e164.replace(/^\+?90/, ''); // 5329473186
  const [a, b, c, d] = [national.slice(0, 3), national.slice(3, 6), national.slice(6, 8), national.slice(8)];
  return [
    `+90${national}`,
    `90${national}`,
    `0${national}`,
    national,
    `+90 ${a} ${b} ${c} ${d}`,
    `0${a} ${b} ${c} ${d}`,
    `${a} ${b} ${c} ${d}`,
    `(${a}) ${b} ${c} ${d}`,
    `0 (${a}) ${b} ${c} ${d}`,
    `${a} ${b}${c}${d}`,
    `+90-${a}-${b}-${c}-${d}`,
  ];
}

const FORBIDDEN: Record<string, string[]> = {
  'WhatsApp phone number': turkishForms(WA_ID),
  'PMS phone number': turkishForms(PMS_PHONE),
  'web-chat phone number': [
    WEB_PHONE,
    '447700900417',
    '07700900417',
    '7700900417',
    '7700 900417',
    '07700 900417',
  ],
  'e-mail addresses': [WEB_EMAIL, PMS_EMAIL, 'bart.quixley', 'ottilie.vandersnoot', 'mailinator.example'],
  'guest names': [
    WA_NAME,
    'Zümrüt',
    'Karadağlıoğlu',
    WEB_NAME,
    'Bartholomew',
    'Quixley',
    PMS_NAME,
    'Ottilie',
    'Vandersnoot',
  ],
  'card number': [CARD, CARD.replaceAll(' ', ''), '0343 6467', '03436467', 'son kullanma 09/29'],
  'message texts': [
    'fıstık alerjim',
    'alerji',
    'çölyak',
    'Kumquat',
    'depozitoyu',
    'Zanzibarine',
    'honeymoon',
    'insulin',
    'Wobblethorpe',
    'Quagmirehollow',
    'nut-free',
  ],
  'Instagram user id': [IG_SENDER],
};

let runtime: RuntimeProcess;
let agentToken: string;
let adminToken: string;
let captured = '';

const mint = async (role: string, user: string) => {
  const minted = await runCli(['token', '--hotel', HOTEL_A.tenantId, '--role', role, '--user', user], {
    env: runtime.env,
  });
  expect(minted.code, minted.stderr).toBe(0);
  return minted.stdout.trim();
};

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${runtime.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

const metaWebhook = (channel: 'whatsapp' | 'instagram', body: string) =>
  post(`/webhooks/${channel}`, body, { 'x-hub-signature-256': signMetaBody(Buffer.from(body), APP_SECRET) });

const api = async <T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
};

/** Moves the runtime's clock (or only waits for it to be quiet); answers once queues and steps are done. */
const clock = async (advanceTo?: Date) => {
  const response = await post(
    '/_local/clock',
    JSON.stringify(advanceTo ? { advanceTo: advanceTo.toISOString() } : {}),
  );
  const answer = await response.text();
  expect(response.status, answer).toBe(200);
  return JSON.parse(answer) as { now: string };
};

const surveyStatus = async (reservationId: string) => {
  const listed = await runCli(['surveys', '--hotel', HOTEL_A.tenantId], { env: runtime.env });
  return listed.stdout.match(new RegExp(`(\\w+)\\s+\\w+\\s+${reservationId}`))?.[1];
};

beforeAll(async () => {
  runtime = await startRuntimeProcess({
    LOG_LEVEL: 'DEBUG',
    META_APP_SECRET: APP_SECRET,
    PMS_WEBHOOK_SECRET: PMS_SECRET,
    AGENT_TOKEN_SECRET: AGENT_SECRET,
  });
  agentToken = await mint('frontline', 'agent-log-privacy');
  adminToken = await mint('admin', 'admin-log-privacy');

  const now = new Date((await clock()).now);
  const whatsapp = HOTEL_A.channels.whatsapp;
  const instagram = HOTEL_A.channels.instagram;
  const siteKey = HOTEL_A.channels.webchat?.siteKey;
  if (!whatsapp || !instagram || !siteKey) throw new Error(`${HOTEL_A.tenantId} lacks a channel`);

  // WhatsApp: a guest with a name, an allergy and a card number.
  const wa = whatsappTextDelivery(
    whatsapp,
    { waId: WA_ID, name: WA_NAME },
    { id: 'wamid.LOGPRIV-1', text: WA_TEXT, at: now },
  );
  expect((await metaWebhook('whatsapp', wa)).status).toBe(200);

  // Instagram: a direct message.
  const ig = instagramTextDelivery(
    instagram,
    { instagramId: IG_SENDER },
    { id: 'mid.LOGPRIV-1', text: IG_TEXT, at: now },
  );
  expect((await metaWebhook('instagram', ig)).status).toBe(200);

  // Web chat: a visitor who gives a name, an e-mail address and a phone number.
  const opened = await post(
    '/webchat/sessions',
    JSON.stringify({
      siteKey,
      visitor: { name: WEB_NAME, email: WEB_EMAIL, phoneNumber: WEB_PHONE, locale: 'en' },
    }),
  );
  expect(opened.status).toBe(201);
  const { token: visitorToken } = (await opened.json()) as { token: string };
  const chatted = await post('/webchat/messages', JSON.stringify({ text: WEB_TEXT }), {
    authorization: `Bearer ${visitorToken}`,
  });
  expect(chatted.status).toBe(202);

  // Refused requests log their reason: invalid input carrying personal data must not show in it.
  const badSession = await post(
    '/webchat/sessions',
    JSON.stringify({
      siteKey,
      visitor: { name: WEB_NAME, email: `${WEB_EMAIL} `, phoneNumber: '+44 7700 900417' },
    }),
  );
  expect(badSession.status).toBe(400);
  const badCheckouts = JSON.stringify({
    departures: [
      {
        hotel: HOTEL_A.tenantId,
        reservationId: 'LOGPRIV-BAD',
        guestName: PMS_NAME,
        phone: PMS_PHONE,
        email: `mailto:${PMS_EMAIL}`,
        checkInDate: 'yesterday',
        checkOutDate: 'today',
        consent: { service: true, surveys: true, marketing: false },
      },
    ],
  });
  const refusedCheckouts = await post('/pms/checkouts', badCheckouts, {
    'x-hotel-inbox-signature-256': signPmsBody(badCheckouts, PMS_SECRET),
  });
  expect(refusedCheckouts.status).toBe(400);

  // The three conversations become tickets; the agent answers the WhatsApp guest and resolves.
  await clock();
  const tickets = await eventually(async () => {
    const { status, body } = await api<QueueResponse>(agentToken, 'GET', '/agent/queue?limit=100');
    expect(status).toBe(200);
    return body.items.length >= 3 ? body.items : undefined;
  }, 'three tickets in the queue');
  const waTicket = tickets.find((t) => t.channel === 'whatsapp');
  expect(waTicket, 'the WhatsApp ticket').toBeDefined();
  const number = waTicket?.number as string;
  const reply = await api(agentToken, 'POST', `/agent/tickets/${number}/replies`, {
    clientMessageId: 'log-privacy-reply-1',
    text: AGENT_TEXT,
  });
  expect(reply.status).toBe(202);
  await clock();
  const resolved = await api<{ ticket: { status: string } }>(
    agentToken,
    'POST',
    `/agent/tickets/${number}/resolve`,
    {
      closing: { templateId: 'closing-message', fields: { guestName: WA_NAME } },
    },
  );
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  await clock();

  // The PMS posts a check-out; its NPS survey is scheduled, and the runtime's clock moves to it.
  const today = now.toISOString().slice(0, 10);
  const checkouts = JSON.stringify({
    departures: [
      {
        hotel: HOTEL_A.tenantId,
        reservationId: 'LOGPRIV-1',
        guestName: PMS_NAME,
        phone: PMS_PHONE,
        email: PMS_EMAIL,
        language: 'tr',
        market: 'TR',
        checkInDate: new Date(now.getTime() - 5 * 86_400_000).toISOString().slice(0, 10),
        checkOutDate: today,
        preferredChannel: 'whatsapp',
        consent: { service: true, surveys: true, marketing: false },
      },
    ],
  });
  const checkedOut = await post('/pms/checkouts', checkouts, {
    'x-hotel-inbox-signature-256': signPmsBody(checkouts, PMS_SECRET),
  });
  expect(checkedOut.status).toBe(200);
  const schedule = (
    JSON.parse(readFileSync(join(runtime.dataDir, 'schedules.json'), 'utf8')) as {
      schedules: { name: string; at: string }[];
    }
  ).schedules.find((s) => s.name === `nps-${HOTEL_A.tenantId}-LOGPRIV-1`);
  expect(schedule, 'the NPS schedule').toBeDefined();
  const surveyAt = new Date(Date.parse(schedule?.at as string) + 60_000);
  if (surveyAt > new Date((await clock()).now)) await clock(surveyAt);
  expect(await surveyStatus('LOGPRIV-1')).toBe('sent');

  // The guest answers the NPS question on WhatsApp.
  const answer = whatsappTextDelivery(
    whatsapp,
    { waId: PMS_PHONE.slice(1), name: PMS_NAME },
    { id: 'wamid.LOGPRIV-NPS', text: '9', at: new Date((await clock()).now) },
  );
  expect((await metaWebhook('whatsapp', answer)).status).toBe(200);
  await clock();
  expect(await surveyStatus('LOGPRIV-1')).toBe('answered');

  // The WhatsApp guest asks what the hotel holds about them: an admin runs the export.
  const exported = await api<{ kind: string; guests: unknown[] }>(adminToken, 'POST', '/privacy/requests', {
    hotel: HOTEL_A.tenantId,
    kind: 'export',
    subject: { phone: `+${WA_ID}` },
    reason: `Request by ${WA_NAME} by e-mail from ${WEB_EMAIL}`,
  });
  expect(exported.status, JSON.stringify(exported.body)).toBe(200);
  expect(exported.body.kind).toBe('export');
  expect(exported.body.guests.length).toBeGreaterThan(0);

  await runtime.stop();
  captured = runtime.output();
}, 60_000);

afterAll(() => runtime?.stop());

describe('the logs of a full run of `hotel-inbox start` at DEBUG (issue 7)', () => {
  it('captured the log output: JSON lines from the handlers were written', () => {
    const jsonLines = captured.split('\n').filter((line) => line.startsWith('{') && line.includes('"level"'));
    expect(jsonLines.length).toBeGreaterThan(5);
    expect(captured).toMatch(/"level":"DEBUG"|"level":"INFO"/);
  });

  for (const [what, needles] of Object.entries(FORBIDDEN))
    it(`holds no ${what}`, () => {
      const leaks = needles
        .filter((needle) => captured.toLowerCase().includes(needle.toLowerCase()))
        .map((needle) => {
          const index = captured.toLowerCase().indexOf(needle.toLowerCase());
          const start = captured.lastIndexOf('\n', index) + 1;
          const end = captured.indexOf('\n', index);
          return `${needle} in: ${captured.slice(start, end === -1 ? undefined : end).slice(0, 500)}`;
        });
      expect(leaks).toEqual([]);
    });
});
