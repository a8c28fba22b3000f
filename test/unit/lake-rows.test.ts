import { describe, expect, it } from 'vitest';
import { asCategory, guestKeyOf, messageRows, ticketRow } from '../../functions/domain/kpi/lake-rows';
import type { Ticket, TicketMessage } from '../../schemas/ticket';

const TICKET: Ticket = {
  tenantId: 'aurora-belek',
  ticketId: 'AUB-2026-000001',
  number: 'AUB-2026-000001',
  conversationKey: 'cv',
  guestId: 'g_1',
  channel: 'whatsapp',
  status: 'resolved',
  openedAt: '2026-07-20T09:00:00.000Z',
  updatedAt: '2026-07-20T10:00:00.000Z',
  lastInboundAt: '2026-07-20T09:05:00.000Z',
  messageCount: 2,
  firstMessageId: 'm1',
  topics: ['wifi', 'room'],
  tags: [],
  reputationRisk: false,
  escalationLevel: 0,
  reopenCount: 0,
  pauses: [],
  basket: 'sales',
  leadStage: 'lost',
  leadStageChange: { occasion: 'x', at: '2026-07-20T10:00:00.000Z', by: 'ayse', from: 'offer-sent' },
};

const message = (
  messageId: string,
  at: string,
  direction: TicketMessage['direction'],
  author: TicketMessage['author'],
): TicketMessage => ({ messageId, at, direction, author, channel: 'whatsapp', type: 'text', text: 'hi' });

describe('lake rows', () => {
  it('give each guest one pseudonym per hotel, unlinkable without the salt', () => {
    const key = guestKeyOf('salt', 'aurora-belek', 'g_1');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(guestKeyOf('salt', 'aurora-belek', 'g_1')).toBe(key);
    expect(guestKeyOf('salt', 'lykia-kemer', 'g_1')).not.toBe(key);
    expect(guestKeyOf('other-salt', 'aurora-belek', 'g_1')).not.toBe(key);
  });

  it("time an answer from the oldest guest message it answers; the system's messages answer nothing", () => {
    const rows = messageRows(TICKET, [
      message('m3', '2026-07-20T09:20:00.000Z', 'outbound', 'agent'),
      message('m1', '2026-07-20T09:00:00.000Z', 'inbound', 'guest'),
      message('m2', '2026-07-20T09:05:00.000Z', 'inbound', 'guest'),
      message('ack', '2026-07-20T09:00:01.000Z', 'outbound', 'system'),
      message('note', '2026-07-20T09:10:00.000Z', 'internal', 'agent'),
      message('m4', '2026-07-20T09:30:00.000Z', 'outbound', 'agent'),
    ]);
    expect(rows.map((r) => [r.message_id, r.response_seconds])).toEqual([
      ['m1', null],
      ['ack', null],
      ['m2', null],
      ['note', null],
      ['m3', 1200],
      ['m4', null],
    ]);
    expect(rows.every((r) => !('text' in r))).toBe(true);
  });

  it('count a lead lost after its offer as one that reached an offer, and join the topics', () => {
    const row = ticketRow(TICKET, 'k', new Date('2026-07-21T00:00:00Z'));
    expect(row.lead_offer_sent).toBe(true);
    expect(ticketRow({ ...TICKET, leadStageChange: undefined }, 'k', new Date()).lead_offer_sent).toBe(false);
    expect(
      ticketRow({ ...TICKET, basket: 'support', leadStage: undefined }, 'k', new Date()).lead_offer_sent,
    ).toBe(null);
    expect(row.topics).toBe('wifi,room');
  });

  it("keep staff's root causes as categories, with numbers and addresses masked", () => {
    expect(asCategory('  Maintenance Backlog ')).toBe('maintenance backlog');
    expect(asCategory('guest +90 532 111 22 33 called, see a.b@example.com')).toBe(
      'guest [number] called, see [email]',
    );
    expect(asCategory(undefined)).toBeNull();
  });
});
