import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { DetailType } from '../../functions/contracts/bus';
import { resolveTicket } from '../../functions/domain/tickets/agent-actions';
import { landBusinessEcho, landGuestMessage } from '../../functions/domain/tickets/intake';
import { visitorMessageEvent } from '../../functions/domain/webchat/webchat-use-cases';
import { resumeOpenTickets } from '../../local/runtime/resume';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { guestMessage, replyAsAgent, type TicketHarness, ticketHarness } from '../support/tickets';

// Wednesday 1 July 2026, 10:00 in Istanbul (UTC+3): inside the default 09:00–18:00 hours.
const START = new Date('2026-07-01T07:00:00Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

let table: TestTable;
let h: TicketHarness;

beforeAll(async () => {
  table = await createTestTable();
  h = await ticketHarness(table, START);
});
afterAll(async () => {
  await h.close();
  table.client.destroy();
});

const eventsOf = (ticketId: string, type?: string) =>
  h.bus.bus
    .events()
    .filter((e) => e.detail.ticketId === ticketId && (!type || e['detail-type'] === type))
    .map((e): Record<string, unknown> => ({ type: e['detail-type'], ...e.detail }));

/** Lands a message and waits until its ticket's workflow is parked on its first deadline. */
async function landAndPark(text: string, at: Date, phone = newGuestPhone()) {
  const landing = await landGuestMessage(h.intake, guestMessage(text, { at, phone }));
  const wake = await h.clock.sleepingFor(landing.ticketId);
  return { ...landing, wake };
}

let phoneSuffix = 100;
const newGuestPhone = () => `9053200${phoneSuffix++}`;

describe('the conversation workflow on the real ASL file, DynamoDB Local and virtual time', () => {
  it('opens a numbered, triaged, assigned ticket for a guest message', async () => {
    const landing = await landAndPark(
      'Merhaba, 12-15 Temmuz için 2 yetişkin 1 çocuk fiyat alabilir miyim?',
      START,
    );

    const ticket = await h.intake.tickets.getTicket('aurora-belek', landing.ticketId);
    expect(landing.outcome).toBe('opened');
    expect(ticket?.number).toMatch(/^AUB-2026-\d{6}$/);
    expect(ticket).toMatchObject({
      basket: 'sales',
      intent: 'SalesLead',
      language: 'tr',
      ownerTeam: 'frontline',
    });
    expect(ticket?.sla?.firstResponse.dueAt).toBe('2026-07-01T07:15:00Z');
    expect(eventsOf(landing.ticketId).map((e) => e.type)).toEqual([
      DetailType.ticketOpened,
      DetailType.ticketTriaged,
      DetailType.ticketAssigned,
    ]);
  });

  it('breaches and escalates at the virtual deadlines when no agent answers', async () => {
    const t0 = minutes(60);
    await h.clock.advanceTo(t0, h.settle);
    const { ticketId } = await landAndPark(
      'How much is a sea view room for 2 adults from 3 to 10 August?',
      t0,
    );
    const ticket = await h.intake.tickets.getTicket('aurora-belek', ticketId);
    expect(ticket?.sla?.firstResponse.dueAt).toBe('2026-07-01T08:15:00Z');
    await h.clock.advanceTo(minutes(74), h.settle);
    expect(eventsOf(ticketId, DetailType.slaBreached)).toEqual([]);

    await h.clock.advanceTo(minutes(75), h.settle);
    expect(eventsOf(ticketId, DetailType.slaBreached)).toMatchObject([
      { clock: 'first-response', dueAt: '2026-07-01T08:15:00.000Z' },
    ]);
    expect(eventsOf(ticketId, DetailType.ticketEscalated)).toMatchObject([
      { level: 1, team: 'team-lead', reason: 'sla-breach' },
    ]);

    await h.clock.advanceTo(minutes(150), h.settle);
    expect(eventsOf(ticketId, DetailType.ticketEscalated).map((e) => e.level)).toEqual([1, 2]);
    expect((await h.intake.tickets.getTicket('aurora-belek', ticketId))?.escalationLevel).toBe(2);
  });

  it('records no breach when an agent answers before the deadline', async () => {
    const t0 = minutes(200);
    await h.clock.advanceTo(t0, h.settle);
    const { ticketId } = await landAndPark('Gibt es einen Transfer vom Flughafen Antalya?', t0);
    await h.clock.advanceTo(minutes(210), h.settle);

    await replyAsAgent(h, ticketId, 'Ja!');
    await h.clock.advanceTo(minutes(200 + 61), h.settle);

    const ticket = await h.intake.tickets.getTicket('aurora-belek', ticketId);
    expect(ticket?.sla?.firstResponse.outcome).toBe('met');
    expect(ticket?.firstResponseSeconds).toBe(600);
    expect(eventsOf(ticketId, DetailType.slaBreached)).toEqual([]);
    expect(eventsOf(ticketId, DetailType.outboundMessageRequested)).toMatchObject([
      { purpose: 'reply', content: { kind: 'text', text: 'Ja!' } },
    ]);
  });

  it('reopens a resolved ticket when the guest writes again within the window', async () => {
    const phone = newGuestPhone();
    const t0 = minutes(300);
    await h.clock.advanceTo(t0, h.settle);
    const { ticketId } = await landAndPark('Is late check-out possible?', t0, phone);
    await replyAsAgent(h, ticketId, 'Yes');
    await resolveTicket(h.workflow, 'aurora-belek', ticketId);

    const again = await landGuestMessage(
      h.intake,
      guestMessage('Actually, until 2 pm?', { at: minutes(320), phone }),
    );
    await h.settle();

    expect(again).toEqual({ ticketId, outcome: 'reopened' });
    const ticket = await h.intake.tickets.getTicket('aurora-belek', ticketId);
    expect(ticket).toMatchObject({ status: 'open', reopenCount: 1 });
    expect(eventsOf(ticketId, DetailType.ticketReopened)).toHaveLength(1);
    expect(ticket?.sla?.cycle).toBe(1);
  });

  it('opens a new ticket when the guest writes after the reopen window', async () => {
    const phone = newGuestPhone();
    const t0 = minutes(400);
    await h.clock.advanceTo(t0, h.settle);
    const first = await landGuestMessage(h.intake, guestMessage('Is there a kids club?', { at: t0, phone }));
    await h.settle();
    await resolveTicket(h.workflow, 'aurora-belek', first.ticketId);

    const later = await landGuestMessage(
      h.intake,
      guestMessage('Hello again!', { at: minutes(400 + 8 * 24 * 60), phone }),
    );

    expect(later.outcome).toBe('opened');
    expect(later.ticketId).not.toBe(first.ticketId);
  });

  it('escalates a complaint with a reputation risk to the supervisor at once', async () => {
    const t0 = minutes(500);
    await h.clock.advanceTo(t0, h.settle);
    const { ticketId } = await landAndPark(
      'The room was dirty and nobody helped. I want the manager now or I write on TripAdvisor!',
      t0,
    );

    expect(eventsOf(ticketId, DetailType.ticketEscalated)).toMatchObject([
      { level: 2, reason: 'reputation-risk' },
    ]);
    expect(await h.intake.tickets.getTicket('aurora-belek', ticketId)).toMatchObject({
      basket: 'complaint',
      reputationRisk: true,
      ownerTeam: 'supervisor',
    });
  });

  it('gives two messages of one conversation processed at once one ticket and one number', async () => {
    const phone = newGuestPhone();
    const t0 = minutes(600);
    await h.clock.advanceTo(t0, h.settle);

    const landings = await Promise.all(
      ['fiyat?', 'müsaitlik var mı?', 'kahvaltı dahil mi?', 'transfer?'].map((text) =>
        landGuestMessage(h.intake, guestMessage(text, { at: t0, phone })),
      ),
    );

    const ids = new Set(landings.map((l) => l.ticketId));
    expect(ids.size).toBe(1);
    expect(landings.filter((l) => l.outcome === 'opened')).toHaveLength(1);
    const ticket = await h.intake.tickets.getTicket('aurora-belek', [...ids][0] as string);
    expect(ticket?.messageCount).toBe(4);
    expect(eventsOf(ticket?.ticketId ?? '', DetailType.ticketOpened)).toHaveLength(1);
  });

  it('numbers tickets of different conversations opened at once without gaps or repeats', async () => {
    const t0 = minutes(700);
    await h.clock.advanceTo(t0, h.settle);
    const before = (await h.intake.tickets.listOpenTickets('lykia-kemer')).length;

    const landings = await Promise.all(
      Array.from({ length: 6 }, () =>
        landGuestMessage(
          h.intake,
          guestMessage('price?', { at: t0, phone: newGuestPhone(), tenantId: 'lykia-kemer' }),
        ),
      ),
    );

    const sequences = landings.map((l) => Number(l.ticketId.split('-')[2])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 6 }, (_, i) => before + i + 1));
  });

  it('greets a web-chat visitor writing out of hours with the time the team answers, in their language', async () => {
    // 21:30 in Istanbul, the desk opens at 09:00.
    const t0 = new Date('2026-07-01T18:30:00Z');
    await h.clock.advanceTo(t0, h.settle);
    const store = new DynamoDbWebchatStore(table.doc, table.tableName);
    const session = {
      tenantId: 'aurora-belek',
      sessionId: randomUUID(),
      siteKey: 'wk_aurora_belek_demo',
      visitor: {},
      createdAt: t0.toISOString(),
      expiresAt: t0.getTime() + 86_400_000,
    };
    await store.createSession(session);
    const dedupeKey = `webchat:message:${session.sessionId}:m1`;
    const event = visitorMessageEvent(session, {
      messageId: 'm1',
      text: 'Hallo, haben Sie noch ein Familienzimmer vom 3. bis 10. August frei?',
      receivedAt: t0.toISOString(),
      rawArchiveKey: 'webchat/test.json',
      dedupeKey,
    });

    const { ticketId } = await landGuestMessage(h.intake, event);
    await h.clock.sleepingFor(ticketId);

    const { messages } = await store.listMessages('aurora-belek', session.sessionId, undefined, 10);
    expect(messages.map((m) => m.direction)).toEqual(['hotel']);
    expect(messages[0]?.text).toMatch(/^Hallo, vielen Dank.*ab Donnerstag, 09:00/);
    const ticket = await h.intake.tickets.getTicket('aurora-belek', ticketId);
    expect(ticket?.firstResponseAt).toBeUndefined();
  });

  it('counts a reply the hotel sent from the Instagram app as the first response', async () => {
    const t0 = minutes(24 * 60 + 100);
    await h.clock.advanceTo(t0, h.settle);
    const guest = guestMessage('Merhaba, havuz kaçta açılıyor?', { at: t0, phone: newGuestPhone() });
    const { ticketId } = await landGuestMessage(h.intake, guest);
    await h.clock.sleepingFor(ticketId);
    const echoAt = new Date(t0.getTime() + 5 * 60_000).toISOString();

    await landBusinessEcho(h.intake, {
      ...guest,
      eventId: 'echo',
      message: { id: 'echo-1', content: { type: 'text', text: 'Merhaba! 08:00’de açılıyor.' } },
      platformTimestamp: echoAt,
      receivedAt: echoAt,
    });
    await h.clock.advanceTo(minutes(24 * 60 + 100 + 61), h.settle);

    const ticket = await h.intake.tickets.getTicket('aurora-belek', ticketId);
    expect(ticket).toMatchObject({ firstResponseAt: echoAt, firstResponseSeconds: 300 });
    expect(ticket?.sla?.firstResponse.outcome).toBe('met');
  });

  it('knows a guest writing on WhatsApp and on web chat with the same phone number as one guest', async () => {
    const t0 = minutes(24 * 60 + 200);
    await h.clock.advanceTo(t0, h.settle);
    const phone = newGuestPhone();
    const whatsapp = await landGuestMessage(h.intake, guestMessage('Merhaba', { at: t0, phone }));
    const webchatEvent = guestMessage('Merhaba, ben yine', { at: t0, phone });
    const webchat = await landGuestMessage(h.intake, {
      ...webchatEvent,
      channel: 'webchat',
      conversationKey: `${webchatEvent.conversationKey}-webchat`,
      guest: { platformId: `wc_${randomUUID()}`, phoneNumber: `+${phone}` },
      platform: { kind: 'webchat', sessionId: 'no-session', siteKey: 'wk_aurora_belek_demo' },
    });

    const [a, b] = await Promise.all(
      [whatsapp, webchat].map((l) => h.intake.tickets.getTicket('aurora-belek', l.ticketId)),
    );
    expect(a?.ticketId).not.toBe(b?.ticketId);
    expect(a?.guestId).toBe(b?.guestId);
  });

  it("triages with the hotel's own words from its configuration", async () => {
    const t0 = minutes(24 * 60 + 300);
    await h.clock.advanceTo(t0, h.settle);
    const { ticketId } = await landGuestMessage(
      h.intake,
      guestMessage('Yunus gösterisi kaçta?', { at: t0, phone: newGuestPhone(), tenantId: 'side-palace' }),
    );
    await h.clock.sleepingFor(ticketId);

    expect(await h.intake.tickets.getTicket('side-palace', ticketId)).toMatchObject({
      basket: 'support',
      topics: ['facilities'],
    });
  });

  it('resumes the clock of every open ticket after a restart and breaches once', async () => {
    // The next morning, 10:30 in Istanbul.
    const t0 = minutes(24 * 60 + 30);
    await h.clock.advanceTo(t0, h.settle);
    const { ticketId } = await landAndPark('Klima çalışmıyor, oda çok sıcak', t0);
    await h.runner.stop();
    expect(h.clock.waiting).toBe(0);

    h.runner = h.newRunner();
    await resumeOpenTickets(h.intake.tickets, ['aurora-belek'], h.runner);
    await h.clock.sleepingFor(ticketId);
    await h.clock.advanceTo(minutes(24 * 60 + 30 + 11), h.settle);

    expect(eventsOf(ticketId, DetailType.slaBreached)).toMatchObject([{ clock: 'first-response' }]);
    expect(h.failures).toEqual([]);
  });
});
