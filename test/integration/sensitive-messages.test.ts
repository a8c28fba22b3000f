import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRetentionDaysOf, DynamoDbAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbGuestProfiles } from '../../functions/adapters/dynamodb-guest-profiles';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { LocalSensitiveCipher } from '../../functions/adapters/local-sensitive-cipher';
import { FileRawArchive, rawArchiveTagsFileOf } from '../../functions/adapters/raw-archive';
import { sensitiveIntakePortsFromEnv } from '../../functions/adapters/sensitive-intake-deps';
import { WebchatTranscriptOutbox } from '../../functions/adapters/webchat-outbox';
import { type AgentApiEvent, createAgentApiHandler } from '../../functions/agent-api/handler';
import { EVENT_BUS_NAME } from '../../functions/contracts/bus';
import { Env } from '../../functions/contracts/environment';
import { RAW_ARCHIVE_RETENTION_TAG, SENSITIVE_RAW_BODY_DAYS } from '../../functions/contracts/raw-archive';
import { Keys } from '../../functions/contracts/table';
import type { AgentDeps } from '../../functions/domain/agent/context';
import { StaffClaim } from '../../functions/domain/auth/principal';
import { SealedTextError } from '../../functions/domain/privacy/sensitive-text-cipher';
import { buildSlaPolicy } from '../../functions/domain/sla';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { type IntakeDeps, landGuestMessage } from '../../functions/domain/tickets/intake';
import { triageStep, type WorkflowDeps } from '../../functions/domain/tickets/workflow-steps';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import { AGENT_API, TicketViewResponseSchema } from '../../schemas/agent-api';
import type { GuestMessageReceived } from '../../schemas/events';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';
import { startTestBus, type TestBus } from '../support/local-bus';
import { guestMessage } from '../support/tickets';

// Wednesday 1 July 2026, 10:00 in Istanbul.
const NOW = new Date('2026-07-01T07:00:00Z');
const ALLERGY_AND_CARD = 'I am allergic to peanuts, my card is 4111 1111 1111 1111';
const CARD_ONLY = 'My card is 5555 5555 5555 4444, please charge the deposit';

let table: TestTable;
let bus: TestBus;
let keyDir: string;
let keyFile: string;
let rawDir: string;
let intake: IntakeDeps;
let workflow: WorkflowDeps;
let audit: DynamoDbAuditLog;
let handler: ReturnType<typeof createAgentApiHandler>;

beforeAll(async () => {
  table = await createTestTable();
  bus = await startTestBus();
  keyDir = mkdtempSync(join(tmpdir(), 'sensitive-it-'));
  keyFile = join(keyDir, 'sensitive-data-key');
  rawDir = join(keyDir, 'raw');
  const hotels = new Map(HOTELS.map((h) => [h.tenantId, h]));
  const hotelOf = (tenantId: string) => hotels.get(tenantId);
  const tickets = new DynamoDbTicketStore(table.doc, table.tableName);
  const common = {
    tickets,
    dedupe: new DynamoDbDedupeStore(table.doc, table.tableName),
    publisher: new EventBridgePublisher(bus.client, EVENT_BUS_NAME),
    metrics: { count: () => undefined },
    now: () => NOW,
  };
  intake = {
    ...common,
    guests: new DynamoDbGuestDirectory(table.doc, table.tableName),
    hotelOf,
    newGuestId: () => `g_${randomUUID()}`,
    // As the ticket-intake function wires it, from the local runtime's key file setting.
    sensitive: sensitiveIntakePortsFromEnv(hotelOf, {
      [Env.sensitiveDataKeyFile]: keyFile,
      [Env.rawArchiveDir]: rawDir,
    }),
  };
  // The workflow holds no key at all.
  workflow = {
    ...common,
    classifier: new RuleBasedTriageClassifier(),
    webchat: new WebchatTranscriptOutbox(new DynamoDbWebchatStore(table.doc, table.tableName)),
    hotelOf,
    policyOf: (tenantId) => buildSlaPolicy(hotelOf(tenantId)?.sla ?? {}, hotelOf(tenantId)?.timeZone),
  };
  audit = new DynamoDbAuditLog(table.doc, table.tableName, auditRetentionDaysOf(HOTELS));
  const agent: AgentDeps = {
    ...common,
    hotels: HOTELS,
    catalogue: loadTemplates(),
    newId: randomUUID,
    audit,
    guestProfiles: new DynamoDbGuestProfiles(table.doc, table.tableName),
    sensitiveText: new LocalSensitiveCipher(keyFile),
  };
  handler = createAgentApiHandler(() => agent);
});

afterAll(async () => {
  await bus.close();
  table.client.destroy();
  rmSync(keyDir, { recursive: true, force: true });
});

type Claims = Record<string, string>;
const staff = (userId: string, role: string, hotels: string, grants?: string): Claims => ({
  [StaffClaim.userId]: userId,
  [StaffClaim.role]: role,
  [StaffClaim.hotels]: hotels,
  ...(grants && { [StaffClaim.grants]: grants }),
});
const AYSE = staff('ayse', 'frontline', 'aurora-belek');
const SELIN = staff('selin', 'supervisor', 'aurora-belek');
const SELIN_SENSITIVE = staff('selin', 'supervisor', 'aurora-belek', 'sensitive');
const KEMAL_SENSITIVE = staff('kemal', 'supervisor', 'lykia-kemer', 'sensitive');

/** `GET /agent/tickets/{ticketId}` as API Gateway calls it; the answer is checked against its schema. */
async function viewTicket(claims: Claims, ticketId: string) {
  const key = 'GET /agent/tickets/{ticketId}';
  const rawPath = `/agent/tickets/${ticketId}`;
  const event = {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString: '',
    headers: {},
    pathParameters: { ticketId },
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'GET',
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: NOW.toUTCString(),
      timeEpoch: NOW.getTime(),
      authorizer: { jwt: { claims, scopes: null } },
    },
    isBase64Encoded: false,
  } satisfies AgentApiEvent;
  const result = await handler(event);
  expect(result.statusCode).toBe(AGENT_API[key].success.status);
  return TicketViewResponseSchema.parse(JSON.parse(result.body ?? '{}'));
}

let phone = 905339000000;
async function land(
  text: string,
  tenantId = 'aurora-belek',
): Promise<{ ticketId: string; event: GuestMessageReceived }> {
  const event = guestMessage(text, { tenantId, phone: String(phone++), at: NOW });
  const { ticketId } = await landGuestMessage(intake, event);
  return { ticketId, event };
}

const sensitiveReads = async (ticketId: string) =>
  (await audit.list('aurora-belek', '2026-07-01T00:00:00.000Z', '2026-07-02T00:00:00.000Z')).filter(
    (entry) => entry.action === 'ticket.sensitive.read' && entry.target.ticketId === ticketId,
  );

describe('a WhatsApp message with an allergy and a card number', () => {
  let ticketId: string;
  let messageId: string;

  beforeAll(async () => {
    const landed = await land(ALLERGY_AND_CARD);
    ticketId = landed.ticketId;
    messageId = landed.event.message.id;
  });

  it('is stored with its categories and sealed: no item of the table holds the sentence or the card number', async () => {
    const items = await table.scan();
    const raw = JSON.stringify(items);

    for (const needle of ['allergic', 'peanuts', '4111 1111 1111 1111', '4111111111111111', '1111 1111'])
      expect(raw).not.toContain(needle);
    const stored = items.find((item) => item.messageId === messageId && String(item.sk).startsWith('MSG#'));
    expect(stored).toMatchObject({ sensitive: { categories: ['allergy', 'payment-card'] } });
    expect(stored?.text).toBeUndefined();
    expect(String(stored?.sealedText)).toMatch(/^sealed:v1:local:/);
  });

  it('is triaged by the workflow without a key, from what the intake decided', async () => {
    await triageStep(workflow, { tenantId: 'aurora-belek', ticketId });

    const ticket = await intake.tickets.getTicket('aurora-belek', ticketId);
    expect(ticket).toMatchObject({ basket: 'support', language: 'en', topics: ['food'] });
  });

  it('shows a frontline agent the warning and no text, and records no sensitive read', async () => {
    const view = await viewTicket(AYSE, ticketId);

    expect(view.messages).toEqual([
      expect.objectContaining({
        messageId,
        sensitive: { categories: ['allergy', 'payment-card'], textShown: 'withheld' },
      }),
    ]);
    expect(view.messages[0]?.text).toBeUndefined();
    expect(JSON.stringify(view)).not.toMatch(/peanut|4111|sealed:/);
    expect(await sensitiveReads(ticketId)).toEqual([]);
  });

  it('shows a supervisor the warning and no text as well: the grant decides, not the role', async () => {
    const view = await viewTicket(SELIN, ticketId);

    expect(view.messages[0]?.text).toBeUndefined();
    expect(view.messages[0]?.sensitive?.textShown).toBe('withheld');
  });

  it('shows a supervisor with the `sensitive` grant the original, and the read is in the audit log', async () => {
    const view = await viewTicket(SELIN_SENSITIVE, ticketId);

    expect(view.messages[0]).toMatchObject({
      text: ALLERGY_AND_CARD,
      sensitive: { categories: ['allergy', 'payment-card'], textShown: 'original' },
    });
    expect(JSON.stringify(view)).not.toContain('sealed:');
    expect(await sensitiveReads(ticketId)).toEqual([
      expect.objectContaining({
        actor: { userId: 'selin', role: 'supervisor' },
        target: { ticketId, guestId: expect.any(String) },
        details: { messageIds: [messageId], categories: ['allergy', 'payment-card'] },
      }),
    ]);
    expect(JSON.stringify(await sensitiveReads(ticketId))).not.toMatch(/peanut|4111/);
  });

  it("cannot be opened as another hotel's, even when the envelope is copied onto that hotel's message", async () => {
    const stored = (await table.scan()).find((item) => item.messageId === messageId && item.sealedText);
    const envelope = String(stored?.sealedText);
    const cipher = new LocalSensitiveCipher(keyFile);
    await expect(cipher.decrypt('lykia-kemer', envelope)).rejects.toBeInstanceOf(SealedTextError);

    const kemer = await land('Merhaba, havaalanı transferi var mı?', 'lykia-kemer');
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: Keys.ticketMessage(
          'lykia-kemer',
          kemer.ticketId,
          kemer.event.platformTimestamp,
          kemer.event.message.id,
        ),
        UpdateExpression: 'SET sealedText = :sealed, #sensitive = :sensitive REMOVE #text',
        ExpressionAttributeNames: { '#text': 'text', '#sensitive': 'sensitive' },
        ExpressionAttributeValues: { ':sealed': envelope, ':sensitive': { categories: ['allergy'] } },
      }),
    );
    const view = await viewTicket(KEMAL_SENSITIVE, kemer.ticketId);

    expect(view.messages[0]).toMatchObject({ sensitive: { categories: ['allergy'], textShown: 'withheld' } });
    expect(view.messages[0]?.text).toBeUndefined();
  });
});

describe('a message whose only sensitive data is a card number', () => {
  it('is stored and shown with the number masked; the grant opens the original', async () => {
    const { ticketId, event } = await land(CARD_ONLY);

    const raw = JSON.stringify(await table.scan());
    expect(raw).not.toContain('5555 5555 5555 4444');
    expect(raw).toContain('My card is •••• •••• •••• 4444, please charge the deposit');
    expect((await viewTicket(AYSE, ticketId)).messages[0]).toMatchObject({
      messageId: event.message.id,
      text: 'My card is •••• •••• •••• 4444, please charge the deposit',
      sensitive: { categories: ['payment-card'], textShown: 'masked' },
    });
    expect((await viewTicket(SELIN_SENSITIVE, ticketId)).messages[0]?.text).toBe(CARD_ONLY);
  });
});

describe('the raw webhook body of a message with sensitive words', () => {
  const archived = async (key: string) => {
    await new FileRawArchive(rawDir).put(key, Buffer.from('{"body":"as received"}'), {}, 30);
    return () =>
      JSON.parse(readFileSync(rawArchiveTagsFileOf(rawDir, key), 'utf8')) as Record<string, string>;
  };

  it(`is kept ${SENSITIVE_RAW_BODY_DAYS} day instead of the hotel's period; another body keeps its period`, async () => {
    // Prepare
    const sensitiveTags = await archived('whatsapp/2026-07-01/sensitive-body.json');
    const plainTags = await archived('whatsapp/2026-07-01/plain-body.json');
    const at = { at: NOW, phone: String(phone++) };

    // Act
    await landGuestMessage(intake, {
      ...guestMessage(ALLERGY_AND_CARD, at),
      rawArchiveKey: 'whatsapp/2026-07-01/sensitive-body.json',
    });
    await landGuestMessage(intake, {
      ...guestMessage('What time is breakfast?', { at: NOW, phone: String(phone++) }),
      rawArchiveKey: 'whatsapp/2026-07-01/plain-body.json',
    });

    // Assess
    expect(sensitiveTags()).toEqual({ [RAW_ARCHIVE_RETENTION_TAG]: String(SENSITIVE_RAW_BODY_DAYS) });
    expect(plainTags()).toEqual({ [RAW_ARCHIVE_RETENTION_TAG]: '30' });
  });
});
