import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { DetailType, EVENT_BUS_NAME } from '../../functions/contracts/bus';
import type { LeadSweepDeps } from '../../functions/domain/tickets/lead-sweep';
import { createLeadSweepHandler } from '../../functions/lead-sweep/handler';
import type { LeadStage, Ticket } from '../../schemas/ticket';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { startTestBus, type TestBus } from '../support/local-bus';

const NOW = new Date('2026-07-10T12:00:00Z');
const hoursFromNow = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

let table: TestTable;
let bus: TestBus;
let tickets: DynamoDbTicketStore;
let now = NOW;

const depsFor = (tenantIds: string[]): LeadSweepDeps => ({
  tenantIds,
  tickets,
  dedupe: new DynamoDbDedupeStore(table.doc, table.tableName),
  publisher: new EventBridgePublisher(bus.client, EVENT_BUS_NAME),
  metrics: { count: () => undefined },
  now: () => now,
});

beforeAll(async () => {
  table = await createTestTable();
  bus = await startTestBus();
  tickets = new DynamoDbTicketStore(table.doc, table.tableName);
});
afterAll(async () => {
  await bus.close();
  table.client.destroy();
});

let conversations = 0;

/** A sales ticket at `leadStage` on the hotel's follow-up list until `dueAt`. */
async function lead(
  tenantId: string,
  hotelCode: string,
  leadStage: LeadStage,
  dueAt: string,
): Promise<Ticket> {
  const openedAt = hoursFromNow(-72);
  const result = await tickets.openTicket(
    {
      tenantId,
      conversationKey: `cv_lead_${++conversations}`,
      guestId: `g_lead_${conversations}`,
      channel: 'whatsapp',
      status: 'resolved',
      openedAt,
      updatedAt: openedAt,
      lastInboundAt: openedAt,
      messageCount: 1,
      firstMessageId: `wamid.lead.${conversations}`,
      basket: 'sales',
      leadStage,
      topics: [],
      tags: [],
      reputationRisk: false,
      escalationLevel: 0,
      reopenCount: 0,
      pauses: [],
    },
    hotelCode,
    undefined,
  );
  if (!result.opened) throw new Error('the lead ticket was not opened');
  await tickets.setLeadFollowUp(tenantId, result.ticket.ticketId, dueAt);
  return result.ticket;
}

const flaggedEvents = (ticketId: string) =>
  bus.bus
    .events()
    .filter((e) => e['detail-type'] === DetailType.lostOpportunityFlagged && e.detail.ticketId === ticketId)
    .map((e) => e.detail);

describe('the lead sweep on DynamoDB Local', () => {
  it('flags due leads once, clears booked ones and leaves leads not yet due alone', async () => {
    // Prepare
    const open = await lead('aurora-belek', 'AUB', 'lead', hoursFromNow(-2));
    const offered = await lead('aurora-belek', 'AUB', 'offer-sent', hoursFromNow(-1));
    const booked = await lead('aurora-belek', 'AUB', 'booked', hoursFromNow(-3));
    const notDue = await lead('aurora-belek', 'AUB', 'offer-sent', hoursFromNow(5));
    const sweep = createLeadSweepHandler(() => depsFor(['aurora-belek']));

    // Act
    const first = await sweep({});
    const second = await sweep({});

    // Assess
    expect(first).toEqual({ hotels: 1, flagged: 2, cleared: 1 });
    expect(second).toEqual({ hotels: 1, flagged: 0, cleared: 0 });
    for (const ticket of [open, offered]) {
      const stored = await tickets.getTicket('aurora-belek', ticket.ticketId);
      const dueAt = ticket === open ? hoursFromNow(-2) : hoursFromNow(-1);
      expect(stored).toMatchObject({ lostOpportunityAt: dueAt });
      expect(stored?.leadFollowUpDueAt).toBeUndefined();
      expect(flaggedEvents(ticket.ticketId)).toMatchObject([
        { tenantId: 'aurora-belek', leadStage: ticket.leadStage, followUpDueAt: dueAt },
      ]);
    }
    const clearedBooking = await tickets.getTicket('aurora-belek', booked.ticketId);
    expect(clearedBooking?.leadFollowUpDueAt).toBeUndefined();
    expect(clearedBooking?.lostOpportunityAt).toBeUndefined();
    expect(flaggedEvents(booked.ticketId)).toEqual([]);
    const untouched = await tickets.getTicket('aurora-belek', notDue.ticketId);
    expect(untouched?.leadFollowUpDueAt).toBe(hoursFromNow(5));
    expect(untouched?.lostOpportunityAt).toBeUndefined();
    expect(flaggedEvents(notDue.ticketId)).toEqual([]);
  });

  it('flags a lead again when a new follow-up deadline lapses too', async () => {
    // Prepare
    const revived = await lead('aurora-belek', 'AUB', 'offer-sent', hoursFromNow(-1));
    const sweep = createLeadSweepHandler(() => depsFor(['aurora-belek']));
    await sweep({});
    await tickets.setLeadFollowUp('aurora-belek', revived.ticketId, hoursFromNow(24));

    // Act
    now = new Date(hoursFromNow(25));
    const result = await sweep({});
    now = NOW;

    // Assess
    expect(result.flagged).toBeGreaterThanOrEqual(1);
    expect(flaggedEvents(revived.ticketId).map((e) => e.followUpDueAt)).toEqual([
      hoursFromNow(-1),
      hoursFromNow(24),
    ]);
  });

  it("sweeps each hotel's leads only, and only the hotels it is given", async () => {
    // Prepare
    const kemer = await lead('lykia-kemer', 'LYK', 'lead', hoursFromNow(-1));
    const side = await lead('side-palace', 'SDP', 'lead', hoursFromNow(-1));
    const sweep = createLeadSweepHandler(() => depsFor(['lykia-kemer']));

    // Act
    const result = await sweep(undefined);

    // Assess
    expect(result).toEqual({ hotels: 1, flagged: 1, cleared: 0 });
    expect(flaggedEvents(kemer.ticketId)).toMatchObject([{ tenantId: 'lykia-kemer' }]);
    expect(flaggedEvents(side.ticketId)).toEqual([]);
    expect((await tickets.getTicket('side-palace', side.ticketId))?.leadFollowUpDueAt).toBe(hoursFromNow(-1));
  });
});
