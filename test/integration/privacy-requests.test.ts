import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketIntakeDeps } from '../../functions/adapters/delivery-status-deps';
import { auditRetentionDaysOf, DynamoDbAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { DynamoDbConsentStore } from '../../functions/adapters/dynamodb-consent-store';
import { DynamoDbDeliveryArchiveIndex } from '../../functions/adapters/dynamodb-delivery-archive-index';
import { DynamoDbGuestData } from '../../functions/adapters/dynamodb-guest-data';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbGuestProfiles } from '../../functions/adapters/dynamodb-guest-profiles';
import { DynamoDbOutboundStore } from '../../functions/adapters/dynamodb-outbound-store';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import { DynamoDbSurveyThread } from '../../functions/adapters/dynamodb-survey-thread';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { FolderGuestOutbox } from '../../functions/adapters/guest-outbox';
import { kpiSourceOf } from '../../functions/adapters/kpi-export-deps';
import { pseudonymousLakeOf } from '../../functions/adapters/kpi-lake-pseudonyms';
import { FolderLakeStore } from '../../functions/adapters/lake-store';
import { LocalSensitiveCipher } from '../../functions/adapters/local-sensitive-cipher';
import { OutboxFolderSender } from '../../functions/adapters/outbox-folder-sender';
import { encodeParquet } from '../../functions/adapters/parquet-encoder';
import { FileRawArchiveEraser } from '../../functions/adapters/raw-archive-eraser';
import { type AgentApiEvent, createAgentApiHandler } from '../../functions/agent-api/handler';
import { DetailType } from '../../functions/contracts/bus';
import { LAKE_TABLE_NAMES } from '../../functions/contracts/lake';
import type { AgentDeps } from '../../functions/domain/agent/context';
import { StaffClaim } from '../../functions/domain/auth/principal';
import type { Hotel } from '../../functions/domain/hotels';
import { ingestMetaDelivery } from '../../functions/domain/ingest/ingest-meta-delivery';
import { conversationKeyOf } from '../../functions/domain/ingest/keys';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import { whatsAppNormalizer } from '../../functions/domain/ingest/whatsapp-normalizer';
import { exportHotelDay, type KpiExportDeps } from '../../functions/domain/kpi/export-kpis';
import { guestKeyOf } from '../../functions/domain/kpi/lake-rows';
import { composeOutbound } from '../../functions/domain/outbound/compose-outbound';
import {
  type DataSubjectDeps,
  eraseGuestData,
  exportGuestData,
  type Requester,
} from '../../functions/domain/privacy/data-subject-request';
import { renderExportHtml } from '../../functions/domain/privacy/export-html';
import { recordDeparture } from '../../functions/domain/surveys/departures';
import { surveyMessageId } from '../../functions/domain/surveys/survey-message';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import { postVisitorMessage, startSession } from '../../functions/domain/webchat/webchat-use-cases';
import { createTicketIntakeHandler } from '../../functions/ticket-intake/handler';
import { openDuckDbLake } from '../../local/kpi/duckdb-lake';
import type { AuditEntry } from '../../schemas/audit';
import { surveyThreadId } from '../../schemas/events';
import type { PrivacyRequest } from '../../schemas/privacy';
import type { Departure } from '../../schemas/surveys';
import type { Ticket } from '../../schemas/ticket';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS, type TestIngest, testIngest } from '../support/ingest';
import { startTestBus, type TestBus } from '../support/local-bus';

// One guest (Ayşe) seeded across every store the pipeline writes: WhatsApp and web-chat messages
// through the real ingest and intake (raw archive files, identities, phone index, conversations,
// tickets, a sealed health message), an agent's reply sent and its delivery status, a departure
// with e-mail and consent, an NPS survey e-mailed to the outbox and answered, the KPI lake. A
// second guest (Mehmet) lives beside her in every store and must come through untouched.

const TENANT = 'aurora-belek';
const HOTEL = HOTELS.find((h) => h.tenantId === TENANT) as Hotel;
const APP_SECRET = 'privacy-test-app-secret';
const SALT = 'privacy-test-salt';
const START = new Date('2026-07-20T07:00:00.000Z');

interface Guest {
  name: string;
  phone: string;
  email: string;
  texts: string[];
  /** Platform message ids (a WhatsApp id encodes the number). */
  ids: string[];
}

const AYSE: Guest = {
  name: 'Ayşe Yılmaz',
  phone: '+905321110001',
  email: 'ayse.yilmaz@example.com',
  texts: [
    'Balkon kapısı kilitlenmiyor, lütfen bakar mısınız',
    'Eşim diyabet hastası, odaya buzdolabı rica ediyoruz',
    'Ayşe Hanım, teknik ekibimiz hemen geliyor',
    'Havaalanı transferi için fiyat alabilir miyim',
    'Konaklamanızı sıfırdan ona kadar puanlar mısınız',
    'Dokuz puan, çok memnun kaldık',
    'Balkon kapısı gece açık kaldı',
    'Uykusuz bir gece geçirdiler',
    'Spa indirimi verildi',
  ],
  ids: ['wamid.AYSE-IN-0001', 'wamid.AYSE-IN-0002', 'wamid.AYSE-OUT-0001'],
};
const MEHMET: Guest = {
  name: 'Mehmet Demir',
  phone: '+905329990002',
  email: 'mehmet.demir@example.com',
  texts: ['Akşam yemeği kaçta başlıyor acaba', 'Konaklamanızı değerlendirir misiniz Mehmet Bey'],
  ids: ['wamid.MEHMET-IN-0001'],
};

const needlesOf = (guest: Guest) => [
  guest.name,
  ...guest.name.split(' '),
  guest.phone,
  guest.phone.slice(1),
  guest.email,
  guest.email.split('@')[0] as string,
  ...guest.texts,
];

let table: TestTable;
let bus: TestBus;
let ingest: TestIngest;
let outboxDir: string;
let lakeDir: string;
let now = START;
let routed = 0;
let intakeDeps: TicketIntakeDeps;
let tickets: DynamoDbTicketStore;
let surveys: DynamoDbSurveyStore;
let deps: DataSubjectDeps;
let audit: DynamoDbAuditLog;
let kpiDeps: KpiExportDeps;
let ayseTicketIds: string[] = [];
let ayseGuestId: string;

const OPERATOR: Requester = { userId: 'dpo-test', role: 'operator' };
/** A request with a reason that names the guest, as a DPO may write it (the audit log masks it). */
const request = (
  kind: 'export' | 'erase',
  subject: PrivacyRequest['subject'],
  guest: Guest = AYSE,
): PrivacyRequest => ({
  hotel: TENANT,
  kind,
  subject,
  reason: `Written request of ${guest.name} (${guest.phone}, ${guest.email})`,
});

beforeAll(async () => {
  table = await createTestTable();
  bus = await startTestBus();
  ingest = await testIngest(table, bus.client);
  outboxDir = mkdtempSync(join(tmpdir(), 'privacy-outbox-'));
  lakeDir = mkdtempSync(join(tmpdir(), 'privacy-lake-'));
  const doc = table.doc;
  tickets = new DynamoDbTicketStore(doc, table.tableName);
  surveys = new DynamoDbSurveyStore(doc, table.tableName);
  audit = new DynamoDbAuditLog(doc, table.tableName, auditRetentionDaysOf(HOTELS));
  const cipher = new LocalSensitiveCipher(join(mkdtempSync(join(tmpdir(), 'privacy-key-')), 'key'));
  const classifier = new RuleBasedTriageClassifier();
  intakeDeps = {
    ...ingest.deps,
    now: () => now,
    guests: new DynamoDbGuestDirectory(doc, table.tableName),
    tickets,
    hotelOf: (tenantId) => HOTELS.find((h) => h.tenantId === tenantId),
    newGuestId: () => `g_${randomUUID()}`,
    outbound: new DynamoDbOutboundStore(doc, table.tableName),
    archiveIndex: new DynamoDbDeliveryArchiveIndex(doc, table.tableName),
    sensitive: { cipher, triage: async (_tenant, text) => classifier.classify(text) },
  };
  kpiDeps = {
    source: kpiSourceOf(doc, table.tableName),
    lake: new FolderLakeStore(lakeDir),
    encode: encodeParquet,
    salt: SALT,
    now: () => now,
  };
  deps = {
    hotels: HOTELS,
    store: new DynamoDbGuestData(doc, table.tableName),
    rawArchive: new FileRawArchiveEraser(ingest.archiveDir),
    outbox: new FolderGuestOutbox(outboxDir),
    lake: pseudonymousLakeOf(kpiDeps),
    audit,
    sealedText: cipher,
    now: () => now,
    newId: randomUUID,
  };

  ayseTicketIds = await seedAyse();
  await seedMehmet();
  await exportLake();
  ayseGuestId = (await deps.store.findGuests(TENANT, { phone: AYSE.phone }))[0] as string;
});

afterAll(async () => {
  await bus.close();
  table.client.destroy();
  for (const dir of [ingest.archiveDir, outboxDir, lakeDir]) rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------
// Seeding through the pipeline's own code
// ------------------------------------------------------------------------------------------------

const minutes = (n: number) => new Date(START.getTime() + n * 60_000);
const digits = (phone: string) => phone.slice(1);

function whatsappBody(value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '902122223344', phone_number_id: '106540352242922' },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

const whatsappText = (guest: Guest, id: string, text: string) =>
  whatsappBody({
    contacts: [{ profile: { name: guest.name }, wa_id: digits(guest.phone) }],
    messages: [
      {
        from: digits(guest.phone),
        id,
        timestamp: String(Math.floor(now.getTime() / 1000)),
        type: 'text',
        text: { body: text },
      },
    ],
  });

const whatsappStatus = (guest: Guest, id: string, status: string) =>
  whatsappBody({
    statuses: [
      { id, status, timestamp: String(Math.floor(now.getTime() / 1000)), recipient_id: digits(guest.phone) },
    ],
  });

const sqsRecord = (body: unknown): SQSRecord => ({
  messageId: randomUUID(),
  receiptHandle: 'r',
  body: JSON.stringify(body),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:ticket-intake',
  awsRegion: 'eu-central-1',
});

const INTAKE_TYPES = new Set<string>([
  DetailType.guestMessageReceived,
  DetailType.businessMessageEchoed,
  DetailType.messageStatusChanged,
]);

/** Takes what the bus routed since the last call to the ticket intake, as its queue would. */
async function runIntake(): Promise<void> {
  const events = bus.bus.events().slice(routed);
  routed = bus.bus.events().length;
  const records = events.filter((e) => INTAKE_TYPES.has(e['detail-type'])).map(sqsRecord);
  if (records.length === 0) return;
  const result = await createTicketIntakeHandler(() => intakeDeps)({ Records: records } as SQSEvent);
  expect(result.batchItemFailures).toEqual([]);
}

async function deliverWhatsApp(body: string): Promise<void> {
  await ingestMetaDelivery({ ...ingest.deps, now: () => now }, whatsAppNormalizer, {
    rawBody: Buffer.from(body),
    signatureHeader: signMetaBody(body, APP_SECRET),
    appSecret: APP_SECRET,
  });
  await runIntake();
}

const ticketOfConversation = async (channel: 'whatsapp' | 'webchat', platformId: string) => {
  const conversation = await tickets.getConversation(TENANT, conversationKeyOf(TENANT, channel, platformId));
  return (await tickets.getTicket(TENANT, conversation?.currentTicketId ?? '')) as Ticket;
};

/** Resolved with everything the KPIs read, as the workflow and the agent API would leave it. */
async function resolve(ticket: Ticket, extra: Partial<Ticket> = {}): Promise<void> {
  const at = minutes(90).toISOString();
  await tickets.updateTicket(TENANT, ticket.ticketId, {
    status: 'resolved',
    basket: 'complaint',
    intent: 'Complaint',
    language: 'tr',
    topics: ['maintenance'],
    priority: 'high',
    ownerTeam: 'owner',
    department: 'technical',
    firstResponseAt: minutes(5).toISOString(),
    firstResponseSeconds: 300,
    resolvedAt: at,
    resolutionSeconds: 5400,
    updatedAt: at,
    sla: {
      clock: 'business',
      cycle: 0,
      firstResponse: {
        dueAt: minutes(10).toISOString(),
        outcome: 'met',
        decidedAt: minutes(5).toISOString(),
      },
      resolution: { dueAt: minutes(240).toISOString(), outcome: 'met', decidedAt: at },
    },
    csat: { status: 'answered', cycle: 0, score: 4, answeredAt: minutes(200).toISOString() },
    ...extra,
  });
}

async function seedAyse(): Promise<string[]> {
  // WhatsApp: a complaint, then a health detail (sealed by the intake), each its own delivery.
  await deliverWhatsApp(whatsappText(AYSE, 'wamid.AYSE-IN-0001', AYSE.texts[0] as string));
  now = minutes(1);
  await deliverWhatsApp(whatsappText(AYSE, 'wamid.AYSE-IN-0002', AYSE.texts[1] as string));
  const whatsapp = await ticketOfConversation('whatsapp', digits(AYSE.phone));

  // The agent's reply, sent (its platform id linked), then Meta's delivery status for it.
  now = minutes(5);
  const composed = composeOutbound({
    ticket: whatsapp,
    hotel: HOTEL,
    catalogue: loadTemplates(),
    body: { text: AYSE.texts[2] as string },
    messageId: 'agent-reply-ayse-1',
    now,
    sender: { kind: 'agent', agentId: 'selin' },
    purpose: 'reply',
  });
  await tickets.appendMessage(TENANT, whatsapp.ticketId, composed.message);
  const ref = {
    tenantId: TENANT,
    ticketId: whatsapp.ticketId,
    messageId: composed.message.messageId,
    messageAt: composed.message.at,
  };
  await intakeDeps.outbound.claim(ref, 'attempt-1', now);
  await intakeDeps.outbound.recordAccepted(ref, 'attempt-1', 'wamid.AYSE-OUT-0001', now);
  now = minutes(6);
  await deliverWhatsApp(whatsappStatus(AYSE, 'wamid.AYSE-OUT-0001', 'delivered'));
  await resolve(whatsapp, {
    complaint: {
      event: AYSE.texts[6] as string,
      impact: AYSE.texts[7] as string,
      expectation: 'Oda değişikliği',
    },
    rootCause: `balkon kilidi arızası, ${AYSE.name} aradı`,
    compensation: {
      kind: 'discount',
      description: AYSE.texts[8] as string,
      approvedBy: 'selin',
      approvedAt: minutes(80).toISOString(),
    },
  });

  // Web chat with her name, number and address: the same number makes her the same guest.
  now = minutes(30);
  const webchat = {
    ...ingest.deps,
    now: () => now,
    store: new DynamoDbWebchatStore(table.doc, table.tableName),
    tokenSecret: 'privacy-webchat-secret',
    ratePerMinute: 20,
  };
  const session = await startSession(webchat, {
    siteKey: 'wk_aurora_belek_demo',
    visitor: { name: AYSE.name, phoneNumber: AYSE.phone, email: AYSE.email },
  });
  const text = AYSE.texts[3] as string;
  await postVisitorMessage(
    webchat,
    {
      tenantId: TENANT,
      sessionId: session.sessionId,
      siteKey: 'wk_aurora_belek_demo',
      expiresAt: Date.parse(session.expiresAt),
    },
    { text },
    Buffer.from(JSON.stringify({ text })),
  );
  await runIntake();
  const chat = await ticketOfConversation('webchat', `wc_${session.sessionId}`);
  await resolve(chat, { basket: 'sales', intent: 'SalesLead', topics: ['transfer'] });

  // Her stay: the departure (phone and e-mail, consent), its NPS survey by e-mail, answered.
  const surveyId = await departure(AYSE, 'R-AYSE-1', true);
  await surveyByEmail(AYSE, surveyId, AYSE.texts[4] as string, AYSE.texts[5] as string);
  return [whatsapp.ticketId, chat.ticketId];
}

async function seedMehmet(): Promise<void> {
  now = minutes(40);
  await deliverWhatsApp(whatsappText(MEHMET, 'wamid.MEHMET-IN-0001', MEHMET.texts[0] as string));
  await resolve(await ticketOfConversation('whatsapp', digits(MEHMET.phone)), {
    rootCause: 'bilgi eksikliği',
  });
  // Known to the PMS by e-mail only: a guest of his own, with an e-mailed survey.
  const surveyId = await departure(MEHMET, 'R-MEHMET-1', false);
  await surveyByEmail(MEHMET, surveyId, MEHMET.texts[1] as string);
}

async function departure(guest: Guest, reservationId: string, withPhone: boolean): Promise<string> {
  const stay: Departure = {
    hotel: TENANT,
    reservationId,
    guestName: guest.name,
    ...(withPhone && { phone: guest.phone }),
    email: guest.email,
    language: 'tr',
    market: 'TR',
    roomType: 'Deluxe',
    stayPurpose: 'family',
    checkInDate: '2026-07-13',
    checkOutDate: '2026-07-19',
    consent: { service: true, surveys: true, marketing: false },
  };
  const outcome = await recordDeparture(
    {
      ...ingest.deps,
      now: () => now,
      surveys,
      guests: intakeDeps.guests,
      profiles: new DynamoDbGuestProfiles(table.doc, table.tableName),
      scheduler: { scheduleOnce: async () => undefined },
      hotelOf: (tenantId) => HOTELS.find((h) => h.tenantId === tenantId),
      newGuestId: () => `g_${randomUUID()}`,
      consent: new DynamoDbConsentStore(table.doc, table.tableName),
    },
    stay,
    now,
  );
  if (outcome.outcome !== 'recorded') throw new Error(`departure ${outcome.outcome}`);
  return outcome.surveyId;
}

/** The NPS question e-mailed (thread message and outbox file), and the guest's answer if given. */
async function surveyByEmail(guest: Guest, surveyId: string, question: string, answer?: string) {
  const thread = new DynamoDbSurveyThread(table.doc, table.tableName);
  const survey = await surveys.getSurvey(TENANT, surveyId);
  if (!survey) throw new Error('no survey');
  const sentAt = minutes(60).toISOString();
  const messageId = surveyMessageId('nps', surveyId);
  await thread.append(TENANT, surveyThreadId(surveyId), {
    messageId,
    direction: 'outbound',
    author: 'system',
    channel: 'email',
    type: 'text',
    text: question,
    at: sentAt,
    delivery: { status: 'delivered', updatedAt: sentAt },
  });
  await new OutboxFolderSender(outboxDir, 'surveys@test.local', () => now).sendEmail({
    tenantId: TENANT,
    messageId,
    to: guest.email,
    subject: `${HOTEL.name}: one question`,
    text: question,
  });
  await surveys.claimGuestSurvey(TENANT, survey.guestId, surveyId, sentAt, '2026-01-01T00:00:00.000Z');
  const answerBy = minutes(60 * 48).toISOString();
  await surveys.setPendingAnswer(TENANT, survey.guestId, { surveyId, answerBy });
  await surveys.updateSurvey(
    TENANT,
    surveyId,
    { status: 'sent', sentAt, sentVia: 'email', messageId, answerBy },
    ['scheduled'],
  );
  if (!answer) return;
  const answeredAt = minutes(120).toISOString();
  await thread.append(TENANT, surveyThreadId(surveyId), {
    messageId: 'wamid.AYSE-NPS-0001',
    direction: 'inbound',
    author: 'guest',
    channel: 'whatsapp',
    type: 'text',
    text: answer,
    at: answeredAt,
  });
  await surveys.updateSurvey(
    TENANT,
    surveyId,
    { status: 'answered', score: 9, category: 'promoter', answeredAt },
    ['sent'],
  );
  await surveys.setPendingAnswer(TENANT, survey.guestId, undefined);
}

/** The hotel's days around the seeded records, exported as the scheduled export does. */
async function exportLake(): Promise<void> {
  for (const dt of ['2026-07-19', '2026-07-20', '2026-07-21', '2026-07-22'])
    await exportHotelDay(kpiDeps, HOTEL, dt);
}

// ------------------------------------------------------------------------------------------------
// Reading every store back
// ------------------------------------------------------------------------------------------------

const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
    : [];

/** Every needle found anywhere: table items, raw archive and outbox files, lake values. */
async function traces(needles: readonly string[], options: { ids?: readonly string[] } = {}) {
  const found: string[] = [];
  const look = (where: string, text: string) => {
    const lower = text.toLowerCase();
    for (const needle of needles)
      if (lower.includes(needle.toLowerCase())) found.push(`${needle} in ${where}`);
  };
  for (const item of await table.scan()) {
    const json = JSON.stringify(item);
    look(`${item.pk}|${item.sk}`, json);
    // Duplicate detection remembers platform message ids for 8 days, on purpose (see the receipt).
    if (!String(item.pk).startsWith('DEDUPE#'))
      for (const id of options.ids ?? []) if (json.includes(id)) found.push(`${id} in ${item.pk}|${item.sk}`);
  }
  for (const file of [...filesUnder(ingest.archiveDir), ...filesUnder(outboxDir)])
    look(file, readFileSync(file, 'utf8'));
  for (const value of await lakeValues()) look('the lake', value);
  return found;
}

async function lakeValues(): Promise<string[]> {
  const lake = await openDuckDbLake(lakeDir);
  try {
    const values: string[] = [];
    for (const name of LAKE_TABLE_NAMES) {
      const reader = await lake.connection.runAndReadAll(`SELECT * FROM ${name}`);
      for (const row of reader.getRowsJson())
        for (const value of row) if (value !== null) values.push(String(value));
    }
    return values;
  } finally {
    lake.close();
  }
}

/** The KPI figures the lake gives, table by table. */
async function kpiFigures(): Promise<Record<string, unknown>> {
  const lake = await openDuckDbLake(lakeDir);
  try {
    const queries = {
      tickets:
        'SELECT count(*), count(DISTINCT guest_key), sum(first_response_seconds), sum(resolution_seconds), ' +
        'sum(message_count), count(root_cause) FROM tickets',
      topics: 'SELECT count(*) FROM ticket_topics',
      messages: 'SELECT count(*), count(response_seconds), sum(response_seconds) FROM messages',
      sla: "SELECT count(*), count(*) FILTER (WHERE outcome = 'met') FROM sla_events",
      surveys:
        'SELECT survey_type, count(*), sum(score), count(DISTINCT guest_key) FROM surveys GROUP BY 1 ORDER BY 1',
    };
    const figures: Record<string, unknown> = {};
    for (const [name, sql] of Object.entries(queries))
      figures[name] = (await lake.connection.runAndReadAll(sql)).getRowsJson();
    return figures;
  } finally {
    lake.close();
  }
}

const auditEntries = (): Promise<AuditEntry[]> =>
  audit.list(TENANT, '2026-07-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z');

// ------------------------------------------------------------------------------------------------
// The tests
// ------------------------------------------------------------------------------------------------

describe('a data-subject export', () => {
  it('holds the guest’s messages, tickets, stay, survey, chat, archive objects and lake rows, and nothing of another guest', async () => {
    now = minutes(600);
    const stored = await tickets.listMessages(TENANT, ayseTicketIds[0] as string);
    const sealed = stored.find((m) => m.messageId === 'wamid.AYSE-IN-0002');

    const document = await exportGuestData(
      deps,
      OPERATOR,
      request('export', { phone: '0090 532 111 00 01' }),
    );

    const json = JSON.stringify(document);
    expect(document.guests.map((g) => g.guestId)).toEqual([ayseGuestId]);
    for (const text of AYSE.texts.slice(0, 6)) expect(json).toContain(text);
    expect(document.tickets.map((t) => t.ticket.number).sort()).toEqual([...ayseTicketIds].sort());
    // The intake withheld her health detail, sealed; the export gives her own words back.
    expect(sealed).toMatchObject({ sealedText: expect.any(String), sensitive: { categories: ['health'] } });
    expect(sealed?.text).toBeUndefined();
    expect(json).not.toContain('sealedText');
    expect(document.departures.map((d) => d.departure.reservationId)).toEqual(['R-AYSE-1']);
    expect(document.surveys[0]?.survey.score).toBe(9);
    expect(document.webchatSessions[0]?.visitor).toMatchObject({ name: AYSE.name, email: AYSE.email });
    expect(document.guests[0]?.identities.map((i) => i.channel).sort()).toEqual(['webchat', 'whatsapp']);
    expect(document.guests[0]?.consent.length).toBeGreaterThan(0);
    // Two WhatsApp messages, one status and one web-chat message: four deliveries.
    expect(document.rawArchive).toHaveLength(4);
    expect(document.outbox).toEqual([expect.objectContaining({ kind: 'email', to: AYSE.email })]);
    const key = guestKeyOf(SALT, TENANT, ayseGuestId);
    expect(document.lake.tickets?.map((row) => row.guest_key)).toEqual([key, key]);
    expect(document.lake.surveys?.map((row) => row.survey_type).sort()).toEqual(['CSAT', 'CSAT', 'NPS']);
    for (const needle of needlesOf(MEHMET)) expect(json).not.toContain(needle);
    expect(renderExportHtml(document)).toContain(AYSE.texts[3]);
  });

  it('finds the guest by e-mail address and by guest id as by phone number', async () => {
    const byEmail = await exportGuestData(
      deps,
      OPERATOR,
      request('export', { email: 'AYSE.Yilmaz@example.com' }),
    );
    const byId = await exportGuestData(deps, OPERATOR, request('export', { guestId: ayseGuestId }));

    expect(byEmail.guests.map((g) => g.guestId)).toEqual([ayseGuestId]);
    expect(byId.tickets.map((t) => t.ticket.number).sort()).toEqual([...ayseTicketIds].sort());
  });

  it('is recorded in the audit log with counts, never the phone, e-mail, name or a message', async () => {
    const entries = (await auditEntries()).filter((e) => e.action === 'privacy.export');
    const byPhone = entries.find((e) => e.details?.subject === 'phone');

    expect(entries.length).toBe(3);
    expect(byPhone).toMatchObject({
      actor: { userId: 'dpo-test', role: 'operator' },
      target: { requestId: expect.any(String) },
      details: {
        subject: 'phone',
        guests: 1,
        tickets: 2,
        sealedTextsOpened: 1,
        rawArchiveObjects: 4,
        outboxFiles: 1,
      },
    });
    const json = JSON.stringify(entries);
    for (const needle of needlesOf(AYSE)) expect(json).not.toContain(needle);
    expect(json).not.toContain(ayseGuestId);
  });
});

describe('a data-subject erasure', () => {
  let before: Record<string, unknown>;
  let mehmetBefore: string;

  /** Mehmet's export at one fixed time, so that two of them differ only where his data would. */
  const exportMehmet = async () => {
    const at = now;
    now = minutes(900);
    const document = await exportGuestData(
      deps,
      OPERATOR,
      request('export', { phone: MEHMET.phone }, MEHMET),
    );
    now = at;
    const { requestId: _requestId, ...rest } = document;
    return JSON.stringify(rest);
  };

  beforeAll(async () => {
    before = await kpiFigures();
    mehmetBefore = await exportMehmet();
  });

  it('leaves no trace of the guest’s number, name, address or messages in the table, archive, outbox or lake', async () => {
    now = minutes(700);
    expect(await traces(needlesOf(AYSE), { ids: AYSE.ids })).not.toEqual([]);
    const oldKey = guestKeyOf(SALT, TENANT, ayseGuestId);

    const receipt = await eraseGuestData(deps, OPERATOR, request('erase', { phone: AYSE.phone }));

    expect(receipt.guests).toBe(1);
    expect(receipt.erased).toMatchObject({
      profiles: 1,
      identities: 2,
      phoneNumbers: 1,
      emailIndexEntries: 1,
      conversations: 2,
      webchatSessions: 1,
      outboundLinks: 1,
      ticketsAnonymised: 2,
      ticketsClosed: 0,
      departuresAnonymised: 1,
      surveysAnonymised: 1,
      rawArchiveObjects: 4,
      outboxFiles: 1,
    });
    expect(receipt.erased.consentRecords).toBeGreaterThan(0);
    expect(await traces([...needlesOf(AYSE), ayseGuestId, oldKey], { ids: AYSE.ids })).toEqual([]);
  });

  it('keeps the KPIs: the same figures from the lake, under a pseudonym nothing leads to', async () => {
    expect(await kpiFigures()).toEqual(before);
    const kept = await Promise.all(ayseTicketIds.map((id) => tickets.getTicket(TENANT, id)));
    expect(kept.map((t) => t?.guestId)).toEqual([expect.stringMatching(/^erased-/), kept[0]?.guestId]);
    expect(kept[0]).toMatchObject({ status: 'resolved', basket: 'complaint', firstResponseSeconds: 300 });
    expect(kept[0]?.rootCause).toBe('balkon kilidi arızası, [erased] aradı');
    expect(kept[0]).not.toHaveProperty('recipientId');
    expect(kept[0]).not.toHaveProperty('complaint');
    const messages = await tickets.listMessages(TENANT, ayseTicketIds[0] as string);
    expect(messages.map((m) => [m.direction, m.text])).toEqual([
      ['inbound', undefined],
      ['inbound', undefined],
      ['outbound', undefined],
    ]);
  });

  it('leaves the other guest’s data whole in every store', async () => {
    const after = await exportMehmet();

    expect(JSON.parse(after)).toEqual(JSON.parse(mehmetBefore));
    const found = await traces(needlesOf(MEHMET));
    for (const needle of [MEHMET.phone, MEHMET.email, ...MEHMET.texts])
      expect(
        found.some((f) => f.startsWith(`${needle} in`)),
        needle,
      ).toBe(true);
    expect(filesUnder(ingest.archiveDir).length).toBe(1);
    expect(filesUnder(outboxDir).length).toBe(1);
  });

  it('is recorded with who, when and what (counts), without the erased data', async () => {
    const [entry] = (await auditEntries()).filter((e) => e.action === 'privacy.erase');

    expect(entry).toMatchObject({
      actor: { userId: 'dpo-test', role: 'operator' },
      details: { subject: 'phone', guests: 1, ticketsAnonymised: 2, rawArchiveObjects: 4 },
    });
    expect(String(entry?.details?.reason)).toBe('Written request of [erased] ([erased], [erased])');
    const json = JSON.stringify(entry);
    for (const needle of needlesOf(AYSE)) expect(json).not.toContain(needle);
  });

  it('finds nothing more when asked again', async () => {
    const again = await eraseGuestData(deps, OPERATOR, request('erase', { phone: AYSE.phone }));
    const exported = await exportGuestData(deps, OPERATOR, request('export', { email: AYSE.email }));

    expect(again.guests).toBe(0);
    expect(Object.values(again.erased).every((n) => n === 0)).toBe(true);
    expect(exported.guests).toEqual([]);
    expect(exported.tickets).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------
// Through the agent API
// ------------------------------------------------------------------------------------------------

describe('POST /privacy/requests', () => {
  const staff = (role: string, hotels: string) => ({
    [StaffClaim.userId]: `${role}-user`,
    [StaffClaim.role]: role,
    [StaffClaim.hotels]: hotels,
  });
  const call = async (claims: Record<string, string>, body: unknown) => {
    const handler = createAgentApiHandler(
      (): AgentDeps => ({
        privacy: async () => deps,
        tickets,
        hotels: HOTELS,
        catalogue: loadTemplates(),
        newId: randomUUID,
        audit,
        guestProfiles: new DynamoDbGuestProfiles(table.doc, table.tableName),
        dedupe: ingest.deps.dedupe,
        publisher: ingest.deps.publisher,
        metrics: { count: () => undefined },
        now: () => now,
      }),
    );
    const event = {
      version: '2.0',
      routeKey: 'POST /privacy/requests',
      rawPath: '/privacy/requests',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'test',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: 'POST',
          path: '/privacy/requests',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'vitest',
        },
        requestId: randomUUID(),
        routeKey: 'POST /privacy/requests',
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        authorizer: { jwt: { claims, scopes: null } },
      },
      body: JSON.stringify(body),
      isBase64Encoded: false,
    } satisfies AgentApiEvent;
    const result = await handler(event);
    return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
  };
  const ask = (kind: 'export' | 'erase') => ({ hotel: 'AUB', kind, subject: { phone: MEHMET.phone } });

  it('refuses the front line (403) and another hotel’s DPO (404, as an unknown hotel), changing nothing', async () => {
    const items = (await table.scan()).length;

    const frontline = await call(staff('frontline', TENANT), ask('erase'));
    const otherHotel = await call(staff('dpo', 'lykia-kemer'), ask('erase'));
    const unknown = await call(staff('dpo', TENANT), { ...ask('erase'), hotel: 'nowhere' });

    expect(frontline.status).toBe(403);
    expect(otherHotel).toEqual({ status: 404, body: { error: 'not_found', message: 'No such hotel' } });
    expect(unknown).toEqual(otherHotel);
    expect((await table.scan()).length).toBe(items);
  });

  it('answers a DPO the export document and an admin the erasure receipt', async () => {
    const exported = await call(staff('dpo', TENANT), ask('export'));
    const erased = await call(staff('admin', `lykia-kemer,${TENANT}`), ask('erase'));

    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ kind: 'export', hotel: { hotelCode: 'AUB' } });
    expect(JSON.stringify(exported.body)).toContain(MEHMET.texts[0]);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ kind: 'erase', guests: 1, erased: { ticketsAnonymised: 1 } });
    expect(JSON.stringify(erased.body)).not.toContain(MEHMET.phone);
  });

  it('refuses a request without a subject it can read (400)', async () => {
    const answer = await call(staff('dpo', TENANT), { hotel: TENANT, kind: 'export', subject: {} });

    expect(answer.status).toBe(400);
  });
});
