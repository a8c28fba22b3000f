import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConsentStore } from '../../functions/adapters/dynamodb-consent-store';
import { DynamoDbRetentionStore } from '../../functions/adapters/dynamodb-retention-store';
import { DetailType } from '../../functions/contracts/bus';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { resolveTicket } from '../../functions/domain/tickets/agent-actions';
import { type IntakeDeps, landGuestMessage } from '../../functions/domain/tickets/intake';
import type { GuestMessageReceived } from '../../schemas/events';
import type { Ticket } from '../../schemas/ticket';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';
import { guestMessage, replyAsAgent, type TicketHarness, ticketHarness } from '../support/tickets';

// Issue 7: a guest's "STOP" on the ticket intake, with the conversation and CSAT workflows running
// on DynamoDB Local and one virtual clock. Wednesday 1 July 2026, 10:00 in Istanbul.
const START = new Date('2026-07-01T07:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TENANT = 'aurora-belek';
const HOTEL_NAME = 'Aurora Belek Resort & Spa';

let table: TestTable;
let h: TicketHarness;
let consent: DynamoDbConsentStore;
/** The harness's intake with opt-outs honoured, as the intake function is wired. */
let intake: IntakeDeps;

beforeAll(async () => {
  table = await createTestTable();
  h = await ticketHarness(table, START);
  consent = new DynamoDbConsentStore(table.doc, table.tableName);
  intake = {
    ...h.intake,
    privacy: {
      consent,
      catalogue: loadTemplates(),
      hotelOf: (tenantId) => HOTELS.find((hotel) => hotel.tenantId === tenantId),
    },
  };
  // The CSAT workflow reads the guest's consent too, as the ticket-workflow function is wired.
  h.workflow.consent = consent;
});
afterAll(async () => {
  await h.close();
  table.client.destroy();
});

const later = (from: Date, millis: number) => new Date(from.getTime() + millis);
let phoneSuffix = 100;
const newPhone = () => `9053310${phoneSuffix++}`;

const eventsOf = (type: string, where: Record<string, unknown>) =>
  h.bus.bus
    .events()
    .filter((e) => e['detail-type'] === type)
    .map((e) => e.detail)
    .filter((detail) => Object.entries(where).every(([key, value]) => detail[key] === value));

const confirmationsOn = (ticketId: string) =>
  eventsOf(DetailType.outboundMessageRequested, { ticketId, purpose: 'privacy' });

async function ticketOf(ticketId: string): Promise<Ticket> {
  const ticket = await h.intake.tickets.getTicket(TENANT, ticketId);
  if (!ticket) throw new Error(`no ticket ${ticketId}`);
  return ticket;
}

const transcriptOf = async (ticketId: string) =>
  (await h.intake.tickets.listMessages(TENANT, ticketId)).map((m) => [m.direction, m.templateId ?? m.text]);

/** The guest writes `text` at `at` (the clock moved there first), landed by the intake. */
async function guestWrites(text: string, phone: string, at: Date) {
  await h.clock.advanceTo(at, h.settle);
  const event = guestMessage(text, { at, phone });
  return { event, landing: await landGuestMessage(intake, event) };
}

/** A guest's question at `at`, triaged (Turkish) and answered by an agent five minutes later. */
async function answeredQuestion(phone: string, at: Date) {
  const { event, landing } = await guestWrites('Merhaba, havuz kaçta açılıyor?', phone, at);
  await h.clock.sleepingFor(landing.ticketId);
  await h.clock.advanceTo(later(at, 5 * MINUTE), h.settle);
  await replyAsAgent(h, landing.ticketId, 'Havuzumuz 08:00–19:00 arası açık.');
  return { event, ticketId: landing.ticketId };
}

const guestIdOf = async (event: GuestMessageReceived) => {
  const guestId = await h.intake.guests.guestIdByIdentity(TENANT, 'whatsapp', event.guest.platformId);
  if (!guestId) throw new Error('no guest');
  return guestId;
};

describe('issue 7: a guest opts out with "STOP" on any ticket state', () => {
  it('records surveys and marketing withdrawn at once, joins the open ticket as it is, and confirms in Turkish', async () => {
    // Prepare
    const phone = newPhone();
    const { event: question, ticketId } = await answeredQuestion(phone, START);
    const before = await ticketOf(ticketId);
    const at = later(START, 10 * MINUTE);

    // Act
    const { event, landing } = await guestWrites('STOP', phone, at);

    // Assess: the decision, with its source, channel, message and notice version.
    expect(landing).toEqual({ ticketId, outcome: 'opted-out' });
    const guestId = await guestIdOf(question);
    const current = await consent.current(TENANT, guestId);
    expect(current).toEqual({
      surveys: {
        tenantId: TENANT,
        guestId,
        purpose: 'surveys',
        granted: false,
        source: 'guest-message',
        textVersion: 'kvkk-2026-01',
        at: at.toISOString(),
        channel: 'whatsapp',
        messageId: event.message.id,
      },
      marketing: expect.objectContaining({ granted: false, source: 'guest-message' }),
    });
    // The ticket keeps its state; the message and the confirmation are on it.
    expect(await ticketOf(ticketId)).toMatchObject({
      status: before.status,
      reopenCount: 0,
      messageCount: before.messageCount + 1,
      lastInboundAt: at.toISOString(),
    });
    expect(await transcriptOf(ticketId)).toEqual([
      ['inbound', 'Merhaba, havuz kaçta açılıyor?'],
      ['outbound', 'Havuzumuz 08:00–19:00 arası açık.'],
      ['inbound', 'STOP'],
      ['outbound', 'privacy-opt-out-confirmation'],
    ]);
    // "STOP" tells no language: the ticket's (Turkish, from triage) is used.
    expect(confirmationsOn(ticketId)).toMatchObject([
      {
        channel: 'whatsapp',
        recipient: { kind: 'whatsapp', waId: phone },
        content: {
          kind: 'text',
          text: expect.stringMatching(
            new RegExp(`^Merhaba, ${HOTEL_NAME} olarak talebinizi kaydettik: .*anket ve kampanya`),
          ),
        },
        messageAt: later(at, 1).toISOString(),
      },
    ]);
    expect(h.failures).toEqual([]);
  });

  it('still lets the team answer the guest: service messages go on', async () => {
    // Prepare
    const phone = newPhone();
    const { ticketId } = await answeredQuestion(phone, later(START, HOUR));
    await guestWrites('dur', phone, later(START, HOUR + 10 * MINUTE));

    // Act
    const reply = await replyAsAgent(h, ticketId, 'Elbette, yalnızca sorularınıza yanıt vereceğiz.');

    // Assess
    expect(reply).toMatchObject({ direction: 'outbound', delivery: { status: 'queued' } });
    expect(eventsOf(DetailType.outboundMessageRequested, { ticketId, purpose: 'reply' })).toHaveLength(2);
  });

  it('joins a resolved ticket without reopening it, and no CSAT question follows the resolution', async () => {
    // Prepare: answered and resolved; the CSAT question is due an hour after the resolution.
    const phone = newPhone();
    const at = later(START, 2 * HOUR);
    const { ticketId } = await answeredQuestion(phone, at);
    await h.clock.advanceTo(later(at, 10 * MINUTE), h.settle);
    await resolveTicket(h.workflow, TENANT, ticketId);
    await h.settle();

    // Act: "Dur." twenty minutes later, then the CSAT time passes.
    const { landing } = await guestWrites('Dur.', phone, later(at, 30 * MINUTE));
    await h.clock.advanceTo(later(at, 2 * HOUR), h.settle);

    // Assess
    expect(landing).toEqual({ ticketId, outcome: 'opted-out' });
    const ticket = await ticketOf(ticketId);
    expect(ticket).toMatchObject({ status: 'resolved', reopenCount: 0 });
    expect(ticket.csat).toMatchObject({ status: 'not-sent', reason: 'no-consent' });
    expect(eventsOf(DetailType.ticketReopened, { ticketId })).toEqual([]);
    expect(eventsOf(DetailType.outboundMessageRequested, { ticketId, purpose: 'csat' })).toEqual([]);
    expect(eventsOf(DetailType.csatRecorded, { ticketId })).toMatchObject([
      { outcome: 'not-sent', reason: 'no-consent' },
    ]);
    expect(confirmationsOn(ticketId)).toMatchObject([
      { content: { text: expect.stringMatching(/^Merhaba, /) } },
    ]);
    expect(h.failures).toEqual([]);
  });

  it("puts a resolved ticket whose words were purged back on the purge's list when it lands there", async () => {
    // Prepare: resolved, then purged (taken off the list) by the retention purge.
    const phone = newPhone();
    const at = later(START, 3 * HOUR);
    const { ticketId } = await answeredQuestion(phone, at);
    await resolveTicket(h.workflow, TENANT, ticketId);
    await h.settle();
    const retention = new DynamoDbRetentionStore(table.doc, table.tableName);
    const resolvedAt = (await ticketOf(ticketId)).resolvedAt ?? '';
    expect(await retention.finishPurge(TENANT, { threadId: ticketId, finishedAt: resolvedAt })).toBe(true);

    // Act: "STOP" two months later.
    const stopAt = later(at, 60 * 24 * HOUR);
    const { landing } = await guestWrites('STOP', phone, stopAt);

    // Assess
    expect(landing).toEqual({ ticketId, outcome: 'opted-out' });
    expect(await retention.finishedThreads(TENANT, later(stopAt, HOUR).toISOString(), 100)).toContainEqual({
      threadId: ticketId,
      finishedAt: stopAt.toISOString(),
    });
  });

  it('opens a ticket for a guest who never wrote before, so the message is never lost, and confirms in German', async () => {
    // Prepare
    const phone = newPhone();

    // Act
    const { event, landing } = await guestWrites('Abmelden', phone, later(START, 5 * HOUR));

    // Assess
    expect(landing.outcome).toBe('opted-out');
    const ticket = await ticketOf(landing.ticketId);
    expect(ticket).toMatchObject({ status: 'open', firstMessageId: event.message.id });
    expect(eventsOf(DetailType.ticketOpened, { ticketId: landing.ticketId })).toHaveLength(1);
    expect(await transcriptOf(landing.ticketId)).toEqual([
      ['inbound', 'Abmelden'],
      ['outbound', 'privacy-opt-out-confirmation'],
    ]);
    expect(confirmationsOn(landing.ticketId)).toMatchObject([
      { content: { text: expect.stringMatching(/^Guten Tag, hier ist Aurora Belek Resort & Spa: /) } },
    ]);
    expect((await consent.current(TENANT, await guestIdOf(event))).surveys?.granted).toBe(false);
  });

  it('records, lands and confirms once when the same message is delivered again', async () => {
    // Prepare
    const phone = newPhone();
    const { ticketId } = await answeredQuestion(phone, later(START, 6 * HOUR));
    const at = later(START, 6 * HOUR + 10 * MINUTE);
    await h.clock.advanceTo(at, h.settle);
    const event = guestMessage('стоп', { at, phone });

    // Act
    const first = await landGuestMessage(intake, event);
    const again = await landGuestMessage(intake, event);

    // Assess
    expect(first).toEqual({ ticketId, outcome: 'opted-out' });
    expect(again).toEqual({ ticketId, outcome: 'duplicate' });
    const guestId = await guestIdOf(event);
    expect(await consent.history(TENANT, guestId, 'surveys')).toHaveLength(1);
    expect(await consent.history(TENANT, guestId, 'marketing')).toHaveLength(1);
    expect(
      (await transcriptOf(ticketId)).filter(([, text]) => text === 'privacy-opt-out-confirmation'),
    ).toHaveLength(1);
    expect(confirmationsOn(ticketId)).toMatchObject([
      { content: { text: expect.stringMatching(/^Здравствуйте! Это Aurora Belek Resort & Spa: /) } },
    ]);
  });

  it('takes a sentence that holds "stop" as a request like any other, and records nothing', async () => {
    // Prepare
    const phone = newPhone();

    // Act
    const { event, landing } = await guestWrites(
      'Could someone stop by our room?',
      phone,
      later(START, 7 * HOUR),
    );

    // Assess
    expect(landing.outcome).toBe('opened');
    expect(await consent.current(TENANT, await guestIdOf(event))).toEqual({});
    expect(confirmationsOn(landing.ticketId)).toEqual([]);
  });
});
