import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../functions/adapters/memory-audit-log';
import { agentContext } from '../../functions/domain/agent/context';
import { decodeCursor, encodeCursor, listQueue } from '../../functions/domain/agent/queue';
import type { Principal } from '../../functions/domain/auth/principal';
import { ForbiddenError, ValidationError } from '../../functions/domain/errors';
import type { Hotel } from '../../functions/domain/hotels';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import type { TicketStore } from '../../functions/domain/tickets/ports';
import { type QueueQuery, QueueQuerySchema } from '../../schemas/agent-api';
import type { Ticket } from '../../schemas/ticket';

const NOW = new Date('2026-07-01T07:00:00Z');

const hotel = (tenantId: string, hotelCode: string): Hotel => ({
  tenantId,
  hotelCode,
  name: tenantId,
  timeZone: 'Europe/Istanbul',
  reopenWindowDays: 7,
  csatDelayMinutes: 60,
  leadFollowUpHours: 48,
  channels: {},
});
const HOTELS = [hotel('aurora-belek', 'AUB'), hotel('lykia-kemer', 'LYK'), hotel('side-palace', 'SDP')];

/** An open ticket whose nearest deadline is `dueMinute` minutes after NOW. */
function ticket(code: string, sequence: number, dueMinute: number, fields: Partial<Ticket> = {}): Ticket {
  const tenantId = HOTELS.find((h) => h.hotelCode === code)?.tenantId ?? 'unknown';
  const number = `${code}-2026-${String(sequence).padStart(6, '0')}`;
  const dueAt = new Date(NOW.getTime() + dueMinute * 60_000).toISOString().replace('.000Z', 'Z');
  return {
    tenantId,
    ticketId: number,
    number,
    conversationKey: `c-${number}`,
    guestId: 'g',
    channel: 'whatsapp',
    recipientId: '905321234567',
    status: 'open',
    openedAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    lastInboundAt: NOW.toISOString(),
    messageCount: 1,
    firstMessageId: 'm',
    topics: [],
    reputationRisk: false,
    tags: [],
    escalationLevel: 0,
    reopenCount: 0,
    pauses: [],
    sla: {
      clock: 'business',
      cycle: 0,
      firstResponse: { dueAt },
      resolution: { dueAt: new Date(NOW.getTime() + 600 * 60_000).toISOString() },
    },
    queueKey: `${dueAt}#${number}`,
    ...fields,
  };
}

/** Every read of the queue: the hotel, and how many tickets it returned. */
type Reads = { tenantId: string; returned: number }[];

/** Only what the queue reads: each hotel's open tickets in stretches, as the table's index returns them. */
function storeOf(tickets: Ticket[], reads: Reads = []): TicketStore {
  const unused = () => {
    throw new Error('the queue reads stretches of the index only');
  };
  return {
    readOpenTickets: async (tenantId: string, { after, limit }: { after?: string; limit: number }) => {
      const rest = tickets
        .filter((t) => t.tenantId === tenantId && (after === undefined || (t.queueKey ?? '') > after))
        .sort((a, b) => (a.queueKey ?? '').localeCompare(b.queueKey ?? ''));
      reads.push({ tenantId, returned: Math.min(limit, rest.length) });
      return { tickets: rest.slice(0, limit), more: rest.length > limit };
    },
    listOpenTickets: unused,
    recordOutbound: unused,
    getTicket: unused,
    getConversation: unused,
    openTicket: unused,
    appendMessage: unused,
    updateTicket: unused,
    recordInbound: unused,
    recordFirstResponse: unused,
    raiseEscalation: unused,
    setQueuePosition: unused,
    relistWords: unused,
    listMessages: unused,
    setLeadFollowUp: unused,
    listLeadFollowUpsDue: unused,
    updateCsat: unused,
  };
}

const TICKETS = [
  ticket('AUB', 1, 30, { basket: 'sales', ownerTeam: 'frontline', assignee: 'ayse' }),
  ticket('LYK', 1, 5, { basket: 'complaint', ownerTeam: 'owner', department: 'housekeeping' }),
  ticket('AUB', 2, 10, { basket: 'complaint', channel: 'instagram', ownerTeam: 'coordinator' }),
  ticket('AUB', 3, 20, {
    basket: 'support',
    status: 'pending-guest',
    ownerTeam: 'frontline',
    assignee: 'mehmet',
  }),
  ticket('SDP', 1, 1, { basket: 'sales' }),
  ticket('LYK', 2, 40, { basket: 'sales', channel: 'webchat', ownerTeam: 'frontline', assignee: 'ayse' }),
];

const staff = (fields: Partial<Principal> = {}): Principal => ({
  userId: 'ayse',
  role: 'frontline',
  hotels: ['aurora-belek', 'lykia-kemer'],
  ...fields,
});

async function queue(
  query: Record<string, string> = {},
  principal = staff(),
  tickets = TICKETS,
  reads: Reads = [],
) {
  const ctx = agentContext(
    {
      tickets: storeOf(tickets, reads),
      hotels: HOTELS,
      catalogue: loadTemplates(),
      dedupe: {
        claim: async () => new Set(),
        confirm: async () => undefined,
        release: async () => undefined,
      },
      publisher: { publish: async () => ({ failedIndexes: [] }) },
      metrics: { count: () => undefined },
      now: () => NOW,
      newId: () => 'id',
      audit: new MemoryAuditLog(),
      guestProfiles: { read: async () => undefined, correct: async () => false },
    },
    principal,
  );
  return listQueue(ctx, QueueQuerySchema.parse(query) as QueueQuery);
}
const numbers = (page: { items: { number: string }[] }) => page.items.map((i) => i.number);

describe('the agent queue', () => {
  it("merges the caller's hotels, nearest deadline first, and leaves other hotels out", async () => {
    expect(numbers(await queue())).toEqual([
      'LYK-2026-000001',
      'AUB-2026-000002',
      'AUB-2026-000003',
      'AUB-2026-000001',
      'LYK-2026-000002',
    ]);
  });

  it('summarises each ticket without guest data or message text', async () => {
    const [first] = (await queue({ hotel: 'AUB' })).items;

    expect(first).toEqual({
      ticketId: 'AUB-2026-000002',
      number: 'AUB-2026-000002',
      hotel: { tenantId: 'aurora-belek', hotelCode: 'AUB', name: 'aurora-belek' },
      channel: 'instagram',
      status: 'open',
      basket: 'complaint',
      topics: [],
      team: 'coordinator',
      nearestDeadline: { clock: 'first-response', dueAt: '2026-07-01T07:10:00Z' },
      openedAt: NOW.toISOString(),
      lastInboundAt: NOW.toISOString(),
      windowOpenUntil: '2026-07-02T07:00:00.000Z',
      escalationLevel: 0,
      reputationRisk: false,
      tags: [],
    });
    expect(JSON.stringify(await queue())).not.toContain('905321234567');
  });

  it.each([
    [{ hotel: 'lykia-kemer' }, ['LYK-2026-000001', 'LYK-2026-000002']],
    [{ hotel: 'AUB', basket: 'complaint' }, ['AUB-2026-000002']],
    [{ status: 'pending-guest' }, ['AUB-2026-000003']],
    [{ channel: 'webchat' }, ['LYK-2026-000002']],
    [{ team: 'frontline' }, ['AUB-2026-000003', 'AUB-2026-000001', 'LYK-2026-000002']],
    [{ assignee: 'me' }, ['AUB-2026-000001', 'LYK-2026-000002']],
    [{ assignee: 'mehmet', status: 'pending-guest' }, ['AUB-2026-000003']],
    [{ basket: 'sales', channel: 'instagram' }, []],
  ])('filters by %o', async (query, expected) => {
    expect(numbers(await queue(query))).toEqual(expected);
  });

  it('shows an owner only the tickets of their department', async () => {
    const owner = staff({ role: 'owner', department: 'housekeeping' });

    expect(numbers(await queue({}, owner))).toEqual(['LYK-2026-000001']);
    expect(numbers(await queue({}, staff({ role: 'owner' })))).toEqual([]);
  });

  it('refuses a hotel filter outside the caller’s hotels, known or not', async () => {
    await expect(queue({ hotel: 'side-palace' })).rejects.toThrow(ForbiddenError);
    await expect(queue({ hotel: 'nowhere' })).rejects.toThrow(ForbiddenError);
  });

  it('pages with an opaque cursor until the last page, without repeats or gaps', async () => {
    const first = await queue({ limit: '2' });
    const second = await queue({ limit: '2', cursor: first.nextCursor ?? '' });
    const last = await queue({ limit: '2', cursor: second.nextCursor ?? '' });

    expect([numbers(first), numbers(second), numbers(last)]).toEqual([
      ['LYK-2026-000001', 'AUB-2026-000002'],
      ['AUB-2026-000003', 'AUB-2026-000001'],
      ['LYK-2026-000002'],
    ]);
    expect(last.nextCursor).toBeUndefined();
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('applies the filters on every page', async () => {
    const first = await queue({ team: 'frontline', limit: '1' });
    const second = await queue({ team: 'frontline', limit: '1', cursor: first.nextCursor ?? '' });

    expect([numbers(first), numbers(second)]).toEqual([['AUB-2026-000003'], ['AUB-2026-000001']]);
  });

  it('reads each hotel only as far as a page needs', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ticket(i % 2 ? 'AUB' : 'LYK', 100 + i, i));
    const reads: Reads = [];

    await queue({ limit: '5' }, staff(), many, reads);

    // Five tickets and the look-ahead come from at most two stretches of limit + 1 per hotel.
    expect(reads.reduce((sum, r) => sum + r.returned, 0)).toBeLessThanOrEqual(2 * 6);
    expect(new Set(reads.map((r) => r.tenantId))).toEqual(new Set(['aurora-belek', 'lykia-kemer']));
  });

  it('pages through more tickets than a page across two hotels without repeats or omissions', async () => {
    // Deadlines interleave the hotels unevenly; some tickets share a deadline across hotels.
    const many = Array.from({ length: 23 }, (_, i) =>
      ticket(i % 3 === 0 ? 'LYK' : 'AUB', 200 + i, Math.floor(i / 2), {
        basket: i % 4 === 0 ? 'complaint' : 'sales',
      }),
    );
    const all = numbers(await queue({ limit: '100' }, staff(), many));

    for (const filter of [{}, { basket: 'sales' }] as Record<string, string>[]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await queue({ ...filter, limit: '4', ...(cursor && { cursor }) }, staff(), many);
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...numbers(page));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);

      const expected =
        'basket' in filter ? all.filter((n) => many.find((t) => t.number === n)?.basket === 'sales') : all;
      expect(all).toHaveLength(23);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBe(Math.ceil(expected.length / 4));
    }
  });

  it('refuses a cursor it did not write, and limits out of range', async () => {
    await expect(queue({ cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(ValidationError);
    await expect(queue({ cursor: encodeCursor(['AUB-2026-000001']) })).rejects.toThrow(ValidationError);
    expect(decodeCursor(encodeCursor(['x#AUB-2026-000001']))).toEqual(['x#AUB-2026-000001']);
    expect(QueueQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(QueueQuerySchema.parse({}).limit).toBe(25);
  });
});
