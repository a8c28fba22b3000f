import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalSensitiveCipher } from '../../functions/adapters/local-sensitive-cipher';
import { agentMessagesOf } from '../../functions/domain/agent/message-view';
import type { Principal } from '../../functions/domain/auth/principal';
import { auditRow, messageRows, ticketRow } from '../../functions/domain/kpi/lake-rows';
import type { AuditLog } from '../../functions/domain/privacy/audit-log';
import { maskCardNumbers } from '../../functions/domain/privacy/card-numbers';
import {
  attachmentOf,
  protectMessageText,
  type SensitiveIntakePorts,
} from '../../functions/domain/privacy/protect-message-text';
import { combineTriageResults } from '../../functions/domain/triage/combine-results';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import type { AuditEntry } from '../../schemas/audit';
import type { Ticket, TicketMessage } from '../../schemas/ticket';
import type { TriageResult } from '../../schemas/triage';

const ALLERGY_AND_CARD = 'I am allergic to peanuts, my card is 4111 1111 1111 1111';
const CARD_ONLY = 'My card is 4111 1111 1111 1111, please charge the deposit';

const keyDir = mkdtempSync(join(tmpdir(), 'sensitive-messages-'));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));
const cipher = new LocalSensitiveCipher(join(keyDir, 'key'));
const classifier = new RuleBasedTriageClassifier();
const ports: SensitiveIntakePorts = { cipher, triage: (_tenantId, text) => classifier.classify(text) };

const inbound = (text: string | undefined, type = 'text', messageId = 'wamid.1'): TicketMessage => ({
  messageId,
  direction: 'inbound',
  author: 'guest',
  channel: 'whatsapp',
  type,
  ...(text !== undefined && { text }),
  at: '2026-07-01T07:00:00.000Z',
});

describe('a guest message at intake', () => {
  it('with special-category data keeps no readable text, its categories, its triage and its sealed original', async () => {
    const message = await protectMessageText(ports, 'aurora-belek', inbound(ALLERGY_AND_CARD));

    expect(message.text).toBeUndefined();
    expect(message.sensitive).toEqual({
      categories: ['allergy', 'payment-card'],
      triage: await classifier.classify(ALLERGY_AND_CARD),
    });
    expect(await cipher.decrypt('aurora-belek', message.sealedText ?? '')).toBe(ALLERGY_AND_CARD);
    expect(JSON.stringify(message)).not.toMatch(/peanut|4111 1111|4111111111111111/);
  });

  it('with a card number and nothing else shows it masked, and seals the original', async () => {
    const message = await protectMessageText(ports, 'aurora-belek', inbound(CARD_ONLY));

    expect(message.text).toBe('My card is •••• •••• •••• 1111, please charge the deposit');
    expect(message.text).toBe(maskCardNumbers(CARD_ONLY));
    expect(message.sensitive).toEqual({ categories: ['payment-card'] });
    expect(await cipher.decrypt('aurora-belek', message.sealedText ?? '')).toBe(CARD_ONLY);
  });

  it('as a photo the guest says is their passport is flagged and its caption withheld', async () => {
    const message = await protectMessageText(
      ports,
      'aurora-belek',
      inbound('here is my passport', 'image'),
      attachmentOf('image'),
    );

    expect(message.sensitive?.categories).toEqual(['identity-document']);
    expect(message.text).toBeUndefined();
    expect(message.sealedText).toBeDefined();
  });

  it('without sensitive data, or without any text, is stored as it came', async () => {
    const plain = inbound('Can I pay by credit card?');
    const photo = inbound(undefined, 'image');

    expect(await protectMessageText(ports, 'aurora-belek', plain)).toEqual(plain);
    expect(await protectMessageText(ports, 'aurora-belek', photo, 'image')).toEqual(photo);
  });

  it('is never stored readable where no key is wired: the flagged text is dropped, the card masked', async () => {
    const withheld = await protectMessageText(undefined, 'aurora-belek', inbound(ALLERGY_AND_CARD));
    const masked = await protectMessageText(undefined, 'aurora-belek', inbound(CARD_ONLY));

    expect(withheld).toEqual({
      ...inbound(undefined),
      sensitive: { categories: ['allergy', 'payment-card'] },
    });
    expect(masked.text).toBe(maskCardNumbers(CARD_ONLY));
    expect(masked.sealedText).toBeUndefined();
  });

  it('leaves nothing of its words in the KPI lake rows, only what any message has', async () => {
    const message = await protectMessageText(ports, 'aurora-belek', inbound(ALLERGY_AND_CARD));
    const rows = messageRows(TICKET, [message]);

    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0] ?? {})).toEqual(Object.keys(messageRows(TICKET, [inbound('hi')])[0] ?? {}));
    const lake = JSON.stringify([rows, ticketRow(TICKET, 'guest-key', new Date())]);
    expect(lake).not.toMatch(/peanut|allerg|4111|sealed:/);
  });
});

const triage = (result: Partial<TriageResult>): TriageResult => ({
  basket: 'support',
  intent: 'Info',
  language: 'unknown',
  topics: [],
  priority: 'normal',
  reputationRisk: false,
  ...result,
});

describe('triage of texts read and texts withheld', () => {
  it('follows the most pressing result, the first known language and every topic', () => {
    const read = triage({ language: 'en', topics: ['transfer'] });
    const withheld = triage({
      basket: 'complaint',
      intent: 'Complaint',
      language: 'de',
      topics: ['food'],
      priority: 'urgent',
      reputationRisk: true,
    });

    expect(combineTriageResults(read, withheld)).toEqual({
      basket: 'complaint',
      intent: 'Complaint',
      language: 'en',
      topics: ['food', 'transfer'],
      priority: 'urgent',
      reputationRisk: true,
    });
  });

  it('keeps the earliest of equally pressing results, and one result as it is', () => {
    const sales = triage({ basket: 'sales', intent: 'SalesLead', priority: 'high' });
    const payment = triage({ priority: 'high', topics: ['payment'] });

    expect(combineTriageResults(sales, payment).basket).toBe('sales');
    expect(combineTriageResults(payment)).toBe(payment);
  });
});

const TICKET: Ticket = {
  tenantId: 'aurora-belek',
  ticketId: 'AUB-2026-000001',
  number: 'AUB-2026-000001',
  conversationKey: 'aurora-belek#whatsapp#905321234567',
  guestId: 'g_1',
  channel: 'whatsapp',
  status: 'open',
  openedAt: '2026-07-01T07:00:00.000Z',
  updatedAt: '2026-07-01T07:00:00.000Z',
  lastInboundAt: '2026-07-01T07:00:00.000Z',
  messageCount: 3,
  firstMessageId: 'wamid.1',
  topics: [],
  tags: [],
  reputationRisk: false,
  escalationLevel: 0,
  reopenCount: 0,
  pauses: [],
};

/** The audit log of one test, in memory. */
function memoryAudit(): AuditLog & { entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  return { entries, record: async (entry) => void entries.push(entry), list: async () => entries };
}

const staff = (role: Principal['role'], grants?: Principal['grants']): Principal => ({
  userId: role,
  role,
  hotels: ['aurora-belek'],
  ...(grants && { grants }),
});

async function threadOfThree(): Promise<TicketMessage[]> {
  return [
    await protectMessageText(ports, 'aurora-belek', inbound(ALLERGY_AND_CARD, 'text', 'wamid.1')),
    await protectMessageText(ports, 'aurora-belek', inbound(CARD_ONLY, 'text', 'wamid.2')),
    inbound('Thank you!', 'text', 'wamid.3'),
  ];
}

const viewAs = async (principal: Principal, messages: TicketMessage[], audit = memoryAudit()) => ({
  audit,
  messages: await agentMessagesOf(
    {
      principal,
      sensitiveText: cipher,
      audit,
      now: () => new Date('2026-07-01T08:00:00Z'),
      newId: () => 'id',
    },
    TICKET,
    messages,
  ),
});

describe('what an agent sees of sensitive messages', () => {
  it('without the grant: the warning, no withheld text, card numbers masked, no sealed original, no audit entry', async () => {
    const { messages, audit } = await viewAs(staff('frontline'), await threadOfThree());

    expect(messages.map((m) => [m.text, m.sensitive])).toEqual([
      [undefined, { categories: ['allergy', 'payment-card'], textShown: 'withheld' }],
      [maskCardNumbers(CARD_ONLY), { categories: ['payment-card'], textShown: 'masked' }],
      ['Thank you!', undefined],
    ]);
    expect(JSON.stringify(messages)).not.toMatch(/sealed|triage|peanut/);
    expect(audit.entries).toEqual([]);
  });

  it('with the `sensitive` grant: the originals, after a `ticket.sensitive.read` entry naming messages and categories', async () => {
    const { messages, audit } = await viewAs(staff('supervisor', ['sensitive']), await threadOfThree());

    expect(messages.map((m) => [m.text, m.sensitive?.textShown])).toEqual([
      [ALLERGY_AND_CARD, 'original'],
      [CARD_ONLY, 'original'],
      ['Thank you!', undefined],
    ]);
    expect(JSON.stringify(messages)).not.toMatch(/sealed:/);
    expect(audit.entries).toEqual([
      expect.objectContaining({
        action: 'ticket.sensitive.read',
        actor: { userId: 'supervisor', role: 'supervisor' },
        target: { ticketId: 'AUB-2026-000001', guestId: 'g_1' },
        details: { messageIds: ['wamid.1', 'wamid.2'], categories: ['allergy', 'payment-card'] },
      }),
    ]);
    expect(auditRow(audit.entries[0] as AuditEntry, null).details_keys).toBe('categories,messageIds');
  });

  it('with the grant but no sensitive message: nothing to open and nothing recorded', async () => {
    const { audit } = await viewAs(staff('supervisor', ['sensitive']), [inbound('Merhaba')]);

    expect(audit.entries).toEqual([]);
  });

  it('keeps a text withheld that does not open (sealed with another key), and shows the rest', async () => {
    const foreign = await protectMessageText(
      { ...ports, cipher: new LocalSensitiveCipher(join(keyDir, 'other-key')) },
      'aurora-belek',
      inbound(ALLERGY_AND_CARD, 'text', 'wamid.9'),
    );

    const { messages } = await viewAs(staff('supervisor', ['sensitive']), [
      foreign,
      inbound('hi', 'text', 'wamid.10'),
    ]);

    expect(messages.map((m) => [m.text, m.sensitive?.textShown])).toEqual([
      [undefined, 'withheld'],
      ['hi', undefined],
    ]);
  });

  it('with the grant but no key wired: withheld as for everyone', async () => {
    const audit = memoryAudit();
    const messages = await agentMessagesOf(
      { principal: staff('supervisor', ['sensitive']), audit, now: () => new Date(), newId: () => 'id' },
      TICKET,
      await threadOfThree(),
    );

    expect(messages[0]?.sensitive?.textShown).toBe('withheld');
    expect(audit.entries).toEqual([]);
  });
});
