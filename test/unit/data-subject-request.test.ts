import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../functions/domain/errors';
import type { Hotel } from '../../functions/domain/hotels';
import type { AuditLog } from '../../functions/domain/privacy/audit-log';
import {
  type DataSubjectDeps,
  eraseGuestData,
  exportGuestData,
  type GuestDataStore,
} from '../../functions/domain/privacy/data-subject-request';
import { anonymiseDeparture, lakeDaysOf, planErasure } from '../../functions/domain/privacy/erasure-plan';
import { renderExportHtml } from '../../functions/domain/privacy/export-html';
import { emptyRecords, type GuestRecords } from '../../functions/domain/privacy/guest-records';
import { maskPersonal } from '../../functions/domain/privacy/mask-personal';
import { SealedTextError } from '../../functions/domain/privacy/sensitive-text-cipher';
import type { AuditEntry } from '../../schemas/audit';
import type { Survey } from '../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../schemas/ticket';
import { HOTELS } from '../support/ingest';

const TENANT = 'aurora-belek';
const AT = new Date('2026-07-21T09:00:00.000Z');
const GUEST = { name: 'Ayşe Yılmaz', phone: '+905321110001', email: 'ayse@example.com' };

const ticket = (changes: Partial<Ticket> = {}): Ticket => ({
  tenantId: TENANT,
  ticketId: 'AUB-2026-000007',
  number: 'AUB-2026-000007',
  conversationKey: 'cv_abc',
  guestId: 'g_1',
  channel: 'whatsapp',
  recipientId: '905321110001',
  status: 'resolved',
  openedAt: '2026-07-20T22:30:00.000Z',
  updatedAt: '2026-07-20T23:00:00.000Z',
  lastInboundAt: '2026-07-20T22:30:00.000Z',
  messageCount: 1,
  firstMessageId: 'wamid.IN-1',
  basket: 'complaint',
  topics: ['maintenance'],
  tags: ['VIP', 'Yılmaz'],
  reputationRisk: false,
  escalationLevel: 1,
  reopenCount: 0,
  pauses: [],
  firstResponseSeconds: 120,
  complaint: { event: 'AC broken', impact: 'no sleep', expectation: 'new room' },
  compensation: {
    kind: 'discount',
    description: 'spa for Ayşe',
    amount: 40,
    currency: 'EUR',
    approvedBy: 'selin',
    approvedAt: '2026-07-20T23:00:00.000Z',
  },
  rootCause: 'Ayşe Yılmaz said the AC was broken',
  csat: { status: 'answered', cycle: 0, score: 4, messageId: 'csat-1' },
  ...changes,
});

const inbound: TicketMessage = {
  messageId: 'wamid.IN-1',
  direction: 'inbound',
  author: 'guest',
  channel: 'whatsapp',
  type: 'text',
  at: '2026-07-20T22:30:00.000Z',
  sensitive: { categories: ['health'] },
  sealedText: 'sealed:envelope',
};
const reply: TicketMessage = {
  messageId: 'agent-1',
  direction: 'outbound',
  author: 'agent',
  channel: 'whatsapp',
  type: 'text',
  text: 'Ayşe Hanım, geliyoruz',
  at: '2026-07-20T22:32:00.000Z',
  agentId: 'selin',
  delivery: { status: 'read', updatedAt: '2026-07-20T22:33:00.000Z', platformMessageId: 'wamid.OUT-1' },
};

const survey: Survey = {
  tenantId: TENANT,
  surveyId: 'nps_1',
  kind: 'nps',
  reservationId: 'R-1',
  guestId: 'g_1',
  language: 'tr',
  status: 'answered',
  scheduledFor: '2026-07-19T13:00:00.000Z',
  segment: { market: 'TR', stage: 'post-stay' },
  messageId: 'nps-nps_1',
  score: 9,
  createdAt: '2026-07-19T09:00:00.000Z',
  updatedAt: '2026-07-19T15:00:00.000Z',
};

const records = (changes: Partial<GuestRecords> = {}): GuestRecords => ({
  ...emptyRecords(TENANT),
  guestIds: ['g_1'],
  profiles: [{ guestId: 'g_1', ...GUEST, phoneNumber: GUEST.phone }],
  identities: [{ guestId: 'g_1', channel: 'whatsapp', platformId: '905321110001' }],
  phoneNumbers: [{ guestId: 'g_1', phoneNumber: GUEST.phone }],
  conversations: [{ conversationKey: 'cv_abc', rawArchiveKeys: ['whatsapp/2026-07-20/a.json'] }],
  tickets: [{ ticket: ticket(), messages: [inbound, reply] }],
  surveys: [
    {
      survey,
      messages: [
        {
          messageId: 'nps-nps_1',
          direction: 'outbound',
          author: 'system',
          channel: 'email',
          type: 'text',
          text: 'Sayın Ayşe Yılmaz',
          at: '2026-07-19T13:00:00.000Z',
        },
      ],
    },
  ],
  departures: [
    {
      tenantId: TENANT,
      guestId: 'g_1',
      receivedAt: '2026-07-19T09:00:00.000Z',
      departure: {
        hotel: TENANT,
        reservationId: 'R-1',
        guestName: GUEST.name,
        phone: GUEST.phone,
        email: GUEST.email,
        roomType: 'Deluxe',
        checkInDate: '2026-07-12',
        checkOutDate: '2026-07-19',
        consent: { service: true, surveys: true, marketing: false },
      },
    },
  ],
  ...changes,
});

let ids = 0;
const newId = () => `id${++ids}`;

describe('planning an erasure', () => {
  it('keeps a ticket’s KPI fields under one random guest id, without text, addresses or platform ids', () => {
    const plan = planErasure(records(), newId, AT);

    const [erasure] = plan.tickets;
    const erased = plan.guestIds.get('g_1');
    expect(erased).toMatch(/^erased-/);
    expect(erasure?.after).toMatchObject({
      guestId: erased,
      conversationKey: 'erased',
      status: 'resolved',
      basket: 'complaint',
      firstResponseSeconds: 120,
      escalationLevel: 1,
      csat: { score: 4, messageId: expect.stringMatching(/^erased-/) },
      compensation: { kind: 'discount', amount: 40, description: '[erased]' },
      rootCause: '[erased] said the AC was broken',
      tags: ['VIP', '[erased]'],
      updatedAt: AT.toISOString(),
    });
    expect(erasure?.after).not.toHaveProperty('recipientId');
    expect(erasure?.after).not.toHaveProperty('complaint');
    expect(erasure?.after.firstMessageId).toBe(erasure?.messages[0]?.after.messageId);
    expect(plan.surveys[0]?.after.guestId).toBe(erased);
  });

  it('rewrites every message without its text, sealed text, findings or platform message id', () => {
    const plan = planErasure(records(), newId, AT);

    const messages = plan.tickets[0]?.messages ?? [];
    expect(messages.map((m) => m.before)).toEqual([
      { messageId: 'wamid.IN-1', at: inbound.at },
      { messageId: 'agent-1', at: reply.at },
    ]);
    expect(messages[1]?.after).toEqual({
      messageId: expect.stringMatching(/^erased-/),
      direction: 'outbound',
      author: 'agent',
      channel: 'whatsapp',
      type: 'text',
      at: reply.at,
      agentId: 'selin',
      delivery: { status: 'read', updatedAt: '2026-07-20T22:33:00.000Z' },
    });
    expect(JSON.stringify(messages.map((m) => m.after))).not.toMatch(/sealed|health|wamid|Ayşe/);
  });

  it('closes a ticket still open: nothing can be sent to the guest any more', () => {
    const open = ticket({ status: 'open', leadFollowUpDueAt: '2026-07-22T00:00:00.000Z' });

    const plan = planErasure(records({ tickets: [{ ticket: open, messages: [] }] }), newId, AT);

    expect(plan.tickets[0]).toMatchObject({
      closed: true,
      after: { status: 'closed', closedAt: AT.toISOString() },
    });
    expect(plan.tickets[0]?.after).not.toHaveProperty('leadFollowUpDueAt');
  });

  it('keeps ids an earlier, unfinished erasure gave, so asking again converges', () => {
    const half = ticket({ guestId: 'erased-x', firstMessageId: 'erased-m' });

    const plan = planErasure(records({ tickets: [{ ticket: half, messages: [] }] }), newId, AT);

    expect(plan.tickets[0]?.after).toMatchObject({ guestId: 'erased-x', firstMessageId: 'erased-m' });
  });

  it('keeps a departure’s reservation and stay, not the name, number or address', () => {
    const kept = anonymiseDeparture(records().departures[0]?.departure as never);

    expect(kept).toEqual({
      hotel: TENANT,
      reservationId: 'R-1',
      guestName: '[erased]',
      roomType: 'Deluxe',
      checkInDate: '2026-07-12',
      checkOutDate: '2026-07-19',
      consent: { service: true, surveys: true, marketing: false },
    });
  });

  it('names the lake days by the hotel’s local date of opening and scheduling', () => {
    expect(lakeDaysOf(records(), 'Europe/Istanbul')).toEqual(['2026-07-19', '2026-07-21']);
  });
});

describe('masking personal data in free text', () => {
  it('replaces the guest’s names, number in any spelling and address, and masks other numbers and addresses', () => {
    const masked = maskPersonal(
      'AYŞE yılmaz (905321110001, ayse@example.com) called; also +49 151 1234 5678 and x@y.de',
      { ...GUEST, phones: [GUEST.phone], emails: [GUEST.email], names: [GUEST.name] },
    );

    expect(masked).toBe('[erased] ([erased], [erased]) called; also [number] and [email]');
  });
});

describe('the export page', () => {
  it('escapes what guests wrote', () => {
    const html = renderExportHtml({
      kind: 'export',
      requestId: 'r1',
      generatedAt: AT.toISOString(),
      hotel: { tenantId: TENANT, hotelCode: 'AUB', name: 'Aurora' },
      subject: { kind: 'phone' },
      guests: [],
      conversations: [],
      tickets: [{ ticket: ticket(), messages: [{ ...reply, text: '<script>alert(1)</script>' }] }],
      departures: [],
      surveys: [],
      webchatSessions: [],
      rawArchive: [],
      outbox: [],
      lake: {},
      notes: [],
    });

    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});

// ------------------------------------------------------------------------------------------------
// The use cases over recording fakes
// ------------------------------------------------------------------------------------------------

function fakes(held: GuestRecords | undefined) {
  const calls: string[] = [];
  const entries: AuditEntry[] = [];
  const log = (name: string) => async () => {
    calls.push(name);
    return 1;
  };
  const store: GuestDataStore = {
    findGuests: async () => (held ? held.guestIds : []),
    collect: async () => held ?? emptyRecords(TENANT),
    deleteWebchatSessions: log('webchat'),
    deleteOutboundLinks: log('outbound'),
    deleteConversations: log('conversations'),
    rewriteThread: async (_t, threadId) => {
      calls.push(`rewrite ${threadId}`);
    },
    replaceTicket: async (t) => {
      calls.push(`ticket ${t.ticketId}`);
    },
    replaceSurvey: async (s) => {
      calls.push(`survey ${s.surveyId}`);
    },
    replaceDeparture: async (d) => {
      calls.push(`departure ${d.departure.reservationId}`);
    },
    deleteIndexEntries: async () => {
      calls.push('index');
      return { identities: 1, phoneNumbers: 1, emailIndexEntries: 0 };
    },
    deleteGuests: log('guests'),
  };
  const audit: AuditLog = {
    record: async (entry) => {
      calls.push(`audit ${entry.action}`);
      entries.push(entry);
    },
    list: async () => entries,
  };
  const deps: DataSubjectDeps = {
    hotels: HOTELS as Hotel[],
    store,
    rawArchive: {
      remove: async (keys) => {
        calls.push(`raw ${keys.join(',')}`);
        return keys.length;
      },
    },
    outbox: {
      find: async () => [],
      remove: async () => {
        calls.push('outbox');
        return 0;
      },
    },
    lake: {
      guestKey: (_t, guestId) => `key-${guestId}`,
      rewriteDays: async (_h, days) => {
        calls.push(`lake ${days.join(',')}`);
      },
    },
    audit,
    sealedText: {
      decrypt: async (_t, envelope) => {
        if (envelope !== 'sealed:envelope') throw new SealedTextError('not ours');
        return 'Eşim diyabet hastası';
      },
    },
    now: () => AT,
    newId,
  };
  return { deps, calls, entries };
}

const OPERATOR = { userId: 'op', role: 'operator' as const };
const erase = { hotel: 'AUB', kind: 'erase' as const, subject: { phone: '+90 532 111 00 01' } };

describe('erasing a guest', () => {
  it('deletes the archive first and what finds the guest last, then records the erasure', async () => {
    const { deps, calls } = fakes(records());

    await eraseGuestData(deps, OPERATOR, erase);

    expect(calls).toEqual([
      'raw whatsapp/2026-07-20/a.json',
      'outbox',
      'webchat',
      'outbound',
      'conversations',
      'rewrite AUB-2026-000007',
      'ticket AUB-2026-000007',
      'rewrite survey:nps_1',
      'survey nps_1',
      'departure R-1',
      'lake 2026-07-19,2026-07-21',
      'index',
      'guests',
      'audit privacy.erase',
    ]);
  });

  it('records counts and the masked reason, never the subject, the guest id or a message', async () => {
    const { deps, entries } = fakes(records());

    const receipt = await eraseGuestData(deps, OPERATOR, {
      ...erase,
      reason: `${GUEST.name} asked by phone`,
    });

    expect(receipt).toMatchObject({ guests: 1, erased: { ticketsAnonymised: 1, messagesAnonymised: 3 } });
    expect(entries[0]).toMatchObject({
      actor: OPERATOR,
      action: 'privacy.erase',
      target: { requestId: receipt.requestId },
      details: { subject: 'phone', reason: '[erased] asked by phone', rawArchiveObjects: 1 },
    });
    expect(JSON.stringify(entries)).not.toMatch(/Ayşe|5321110001|ayse@|g_1|wamid/);
  });

  it('answers a hotel the requester does not work for exactly as an unknown one', async () => {
    const { deps, calls } = fakes(records());
    const kemer = { ...OPERATOR, hotels: ['lykia-kemer'] };

    await expect(eraseGuestData(deps, kemer, erase)).rejects.toThrow(NotFoundError);
    await expect(eraseGuestData(deps, OPERATOR, { ...erase, hotel: 'ZZZ' })).rejects.toThrow('No such hotel');
    expect(calls).toEqual([]);
  });

  it('refuses a phone number that is no number', async () => {
    const { deps } = fakes(records());

    await expect(eraseGuestData(deps, OPERATOR, { ...erase, subject: { phone: 'call me' } })).rejects.toThrow(
      ValidationError,
    );
  });
});

describe('exporting a guest', () => {
  it('opens sealed texts for the guest, and leaves out what it cannot open', async () => {
    const foreign = { ...inbound, messageId: 'wamid.IN-2', sealedText: 'sealed:other' };
    const { deps, entries } = fakes(
      records({ tickets: [{ ticket: ticket(), messages: [inbound, foreign, reply] }] }),
    );

    const document = await exportGuestData(deps, OPERATOR, { ...erase, kind: 'export' });

    const messages = document.tickets[0]?.messages ?? [];
    expect(messages.map((m) => m.text)).toEqual(['Eşim diyabet hastası', undefined, reply.text]);
    expect(JSON.stringify(document)).not.toContain('sealedText');
    expect(document.lake.tickets?.[0]?.guest_key).toBe('key-g_1');
    expect(entries[0]?.details).toMatchObject({ sealedTextsOpened: 1, tickets: 1, messages: 3 });
  });

  it('answers an empty document for someone nothing is held about', async () => {
    const { deps } = fakes(undefined);

    const document = await exportGuestData(deps, OPERATOR, { ...erase, kind: 'export' });

    expect(document).toMatchObject({ guests: [], tickets: [], rawArchive: [], lake: { tickets: [] } });
  });
});
