import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetailType } from '../../functions/contracts/bus';
import { conversationKeyOf } from '../../functions/domain/ingest/keys';
import { resolveTicket } from '../../functions/domain/tickets/agent-actions';
import { landGuestMessage } from '../../functions/domain/tickets/intake';
import { createTicketWorkflowHandler } from '../../functions/ticket-workflow/handler';
import type { GuestMessageReceived } from '../../schemas/events';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { guestMessage, replyAsAgent, type TicketHarness, ticketHarness } from '../support/tickets';

// Wednesday 1 July 2026, 10:00 in Istanbul: every test starts on its own later slot of the one clock.
const START = new Date('2026-07-01T07:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TENANT = 'aurora-belek';
const INSTAGRAM_ACCOUNT = '17841405309211844';
/** config/hotels.json leaves aurora-belek at the default delay. */
const CSAT_DELAY = 60 * MINUTE;

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

const later = (from: Date, millis: number) => new Date(from.getTime() + millis);

const eventsOf = (ticketId: string, type: string) =>
  h.bus.bus
    .events()
    .filter((e) => e.detail.ticketId === ticketId && e['detail-type'] === type)
    .map((e) => e.detail);

const csatQuestionsOf = (ticketId: string) =>
  eventsOf(ticketId, DetailType.outboundMessageRequested).filter((d) => d.purpose === 'csat');

const ticketOf = async (ticketId: string) => {
  const ticket = await h.intake.tickets.getTicket(TENANT, ticketId);
  if (!ticket) throw new Error(`no ticket ${ticketId}`);
  return ticket;
};

let phoneSuffix = 100;
const newPhone = () => `9053300${phoneSuffix++}`;

function instagramMessage(text: string, igsid: string, at: Date): GuestMessageReceived {
  const whatsapp = guestMessage(text, { at, messageId: `mid.${igsid}.${at.getTime()}` });
  return {
    ...whatsapp,
    channel: 'instagram',
    conversationKey: conversationKeyOf(TENANT, 'instagram', igsid),
    guest: { platformId: igsid, profileName: 'Elena' },
    platform: { kind: 'instagram', accountId: INSTAGRAM_ACCOUNT },
  };
}

/**
 * A guest writes at `at`, an agent answers five minutes later and resolves the ticket at
 * `resolveAt`; returns when the CSAT workflow is asleep until its send time.
 */
async function resolvedTicket(options: {
  text?: string;
  event?: GuestMessageReceived;
  at: Date;
  resolveAt: Date;
}) {
  await h.clock.advanceTo(options.at, h.settle);
  const event = options.event ?? guestMessage(options.text ?? '', { at: options.at, phone: newPhone() });
  const { ticketId } = await landGuestMessage(h.intake, event);
  await h.clock.sleepingFor(ticketId);
  await h.clock.advanceTo(later(options.at, 5 * MINUTE), h.settle);
  await replyAsAgent(h, ticketId, 'Thank you, we are on it.');
  await h.clock.advanceTo(options.resolveAt, h.settle);
  await resolveTicket(h.workflow, TENANT, ticketId);
  await h.settle();
  return { ticketId, event, sendAt: later(options.resolveAt, CSAT_DELAY) };
}

describe('the CSAT workflow on the real ASL file, DynamoDB Local and virtual time', () => {
  let answered: { ticketId: string; event: GuestMessageReceived; sendAt: Date };

  it('asks one question in the guest language the configured delay after the resolution', async () => {
    // Prepare
    const at = START;
    answered = await resolvedTicket({
      text: 'Merhaba, havuz kaçta açılıyor?',
      at,
      resolveAt: later(at, 10 * MINUTE),
    });
    const { ticketId, sendAt } = answered;
    expect((await ticketOf(ticketId)).csat).toEqual({
      status: 'scheduled',
      cycle: 0,
      sendAt: '2026-07-01T08:10:00Z',
    });

    // Act
    await h.clock.advanceTo(later(sendAt, -1000), h.settle);
    const before = csatQuestionsOf(ticketId);
    await h.clock.advanceTo(sendAt, h.settle);

    // Assess
    expect(before).toEqual([]);
    const questions = csatQuestionsOf(ticketId);
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatchObject({
      recipient: { kind: 'whatsapp', waId: answered.event.guest.platformId },
      content: { kind: 'text', text: expect.stringMatching(/^Merhaba Ayşe, bizimle iletişime geçtiğiniz/) },
    });
    const ticket = await ticketOf(ticketId);
    expect(ticket.status).toBe('resolved');
    expect(ticket.csat).toMatchObject({
      status: 'sent',
      cycle: 0,
      sentAt: sendAt.toISOString(),
      messageId: `csat-${ticketId}-0`,
    });
    const messages = await h.intake.tickets.listMessages(TENANT, ticketId);
    expect(messages.filter((m) => m.templateId === 'csat-question')).toMatchObject([
      { author: 'system', direction: 'outbound', sentAs: 'free-text', delivery: { status: 'queued' } },
    ]);
  });

  it('records the guest answering "5" without reopening the ticket, once', async () => {
    // Prepare
    const { ticketId, sendAt } = answered;
    const at = later(sendAt, 10 * MINUTE);
    await h.clock.advanceTo(at, h.settle);
    const reply = guestMessage('5', { at, phone: answered.event.guest.platformId });

    // Act
    const landing = await landGuestMessage(h.intake, reply);
    const redelivered = await landGuestMessage(h.intake, reply);
    await h.clock.advanceTo(later(sendAt, 49 * HOUR), h.settle);

    // Assess
    expect(landing).toEqual({ ticketId, outcome: 'csat-answered' });
    expect(redelivered).toEqual({ ticketId, outcome: 'duplicate' });
    const ticket = await ticketOf(ticketId);
    expect(ticket).toMatchObject({ status: 'resolved', reopenCount: 0 });
    expect(ticket.csat).toMatchObject({ status: 'answered', score: 5, answeredAt: at.toISOString() });
    expect(eventsOf(ticketId, DetailType.csatRecorded)).toMatchObject([
      { outcome: 'answered', score: 5, resolutionCycle: 0 },
    ]);
    expect(eventsOf(ticketId, DetailType.ticketReopened)).toEqual([]);
    const messages = await h.intake.tickets.listMessages(TENANT, ticketId);
    expect(messages.filter((m) => m.direction === 'inbound').map((m) => m.text)).toEqual([
      'Merhaba, havuz kaçta açılıyor?',
      '5',
    ]);
  });

  it('records no-response when the guest stays silent for 48 hours', async () => {
    // Prepare
    const at = later(START, 3 * 24 * HOUR);
    const { ticketId, sendAt } = await resolvedTicket({
      text: 'Is late check-out possible?',
      at,
      resolveAt: later(at, 20 * MINUTE),
    });
    await h.clock.advanceTo(sendAt, h.settle);
    const expireAt = later(sendAt, 48 * HOUR);

    // Act
    await h.clock.advanceTo(later(expireAt, -1000), h.settle);
    const before = (await ticketOf(ticketId)).csat?.status;
    await h.clock.advanceTo(expireAt, h.settle);

    // Assess
    expect(before).toBe('sent');
    expect((await ticketOf(ticketId)).csat?.status).toBe('no-response');
    expect(eventsOf(ticketId, DetailType.csatRecorded)).toMatchObject([
      { outcome: 'no-response', resolutionCycle: 0 },
    ]);
  });

  it('does not ask an Instagram guest whose last message is 3 days old: not-sent, window-closed', async () => {
    // Prepare
    const at = later(START, 6 * 24 * HOUR);
    const event = instagramMessage('Do you have a kids club?', 'igsid-3-days', at);

    // Act
    const { ticketId, sendAt } = await resolvedTicket({
      event,
      at,
      resolveAt: later(at, 72 * HOUR - CSAT_DELAY),
    });
    await h.clock.advanceTo(sendAt, h.settle);

    // Assess
    expect(csatQuestionsOf(ticketId)).toEqual([]);
    expect((await ticketOf(ticketId)).csat).toMatchObject({ status: 'not-sent', reason: 'window-closed' });
    expect(eventsOf(ticketId, DetailType.csatRecorded)).toMatchObject([
      { outcome: 'not-sent', reason: 'window-closed', channel: 'instagram' },
    ]);
  });

  it('sends nothing when the guest reopened the ticket before the delay', async () => {
    // Prepare
    const at = later(START, 10 * 24 * HOUR);
    const { ticketId, event, sendAt } = await resolvedTicket({
      text: 'Is there a shuttle to the old town?',
      at,
      resolveAt: later(at, 15 * MINUTE),
    });
    const reopenAt = later(at, 35 * MINUTE);
    await h.clock.advanceTo(reopenAt, h.settle);

    // Act
    const landing = await landGuestMessage(
      h.intake,
      guestMessage('And what time does it leave?', { at: reopenAt, phone: event.guest.platformId }),
    );
    await h.settle();
    await h.clock.advanceTo(later(sendAt, HOUR), h.settle);

    // Assess
    expect(landing.outcome).toBe('reopened');
    expect(csatQuestionsOf(ticketId)).toEqual([]);
    expect((await ticketOf(ticketId)).csat).toMatchObject({
      status: 'not-sent',
      cycle: 0,
      reason: 'reopened',
    });
    expect(eventsOf(ticketId, DetailType.csatRecorded)).toEqual([]);
  });

  it('asks with the approved WhatsApp template 30 hours after the guest last wrote', async () => {
    // Prepare
    const at = later(START, 14 * 24 * HOUR);
    const { ticketId, sendAt } = await resolvedTicket({
      text: 'Can I bring my dog?',
      at,
      resolveAt: later(at, 30 * HOUR - CSAT_DELAY),
    });

    // Act
    await h.clock.advanceTo(sendAt, h.settle);

    // Assess
    const questions = csatQuestionsOf(ticketId);
    expect(questions).toHaveLength(1);
    expect(questions[0]?.content).toEqual({
      kind: 'template',
      name: 'csat_question',
      languageCode: 'en',
      parameters: [{ name: 'guest_name', text: 'Ayşe' }],
      text: expect.stringMatching(/^Hello Ayşe, thank you for getting in touch with us\./),
    });
    const messages = await h.intake.tickets.listMessages(TENANT, ticketId);
    expect(messages.filter((m) => m.templateId === 'csat-question')).toMatchObject([
      { sentAs: 'whatsapp-template' },
    ]);
    expect((await ticketOf(ticketId)).csat?.status).toBe('sent');
  });

  it('lands a message that is not a score as any other: it reopens the ticket', async () => {
    // Prepare
    const at = later(START, 16 * 24 * HOUR);
    const { ticketId, event, sendAt } = await resolvedTicket({
      text: 'Do you have parking?',
      at,
      resolveAt: later(at, 10 * MINUTE),
    });
    await h.clock.advanceTo(sendAt, h.settle);
    const replyAt = later(sendAt, 5 * MINUTE);
    await h.clock.advanceTo(replyAt, h.settle);

    // Act
    const landing = await landGuestMessage(
      h.intake,
      guestMessage("I'll arrive at 5 pm", { at: replyAt, phone: event.guest.platformId }),
    );
    await h.settle();

    // Assess
    expect(landing).toEqual({ ticketId, outcome: 'reopened' });
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'open', reopenCount: 1 });
    expect((await ticketOf(ticketId)).csat).toMatchObject({ status: 'sent', cycle: 0 });
    expect(eventsOf(ticketId, DetailType.csatRecorded)).toEqual([]);
  });

  it('has each task take effect once when Step Functions runs it again or the event comes twice', async () => {
    // Prepare
    const at = later(START, 18 * 24 * HOUR);
    const { ticketId, sendAt } = await resolvedTicket({
      text: 'Wie spät ist das Frühstück?',
      at,
      resolveAt: later(at, 10 * MINUTE),
    });
    await h.clock.advanceTo(sendAt, h.settle);
    const task = createTicketWorkflowHandler(() => h.workflow);
    const ticket = await ticketOf(ticketId);
    const [resolved] = h.bus.bus
      .events()
      .filter((e) => e.detail.ticketId === ticketId && e['detail-type'] === DetailType.ticketResolved);
    const send = { action: 'csat-send', tenantId: TENANT, ticketId, cycle: 0, dueAt: ticket.csat?.sendAt };

    // Act
    const schedule = await task({
      action: 'csat-schedule',
      tenantId: TENANT,
      ticketId,
      resolvedAt: ticket.resolvedAt,
    });
    const [first, second] = [await task(send), await task(send)];
    void h.csatRunner.start(resolved);
    await h.settle();

    // Assess
    expect(schedule).toEqual({ tenantId: TENANT, ticketId, cycle: 0, sendAt: ticket.csat?.sendAt });
    expect(first).toEqual(second);
    expect(first).toMatchObject({
      expireAt: new Date(sendAt.getTime() + 48 * HOUR).toISOString().replace('.000', ''),
    });
    expect(csatQuestionsOf(ticketId)).toHaveLength(1);
    expect(csatQuestionsOf(ticketId)[0]?.content).toMatchObject({
      text: expect.stringMatching(/^Guten Tag Ayşe/),
    });
    const messages = await h.intake.tickets.listMessages(TENANT, ticketId);
    expect(messages.filter((m) => m.templateId === 'csat-question')).toHaveLength(1);

    await h.clock.advanceTo(later(sendAt, 48 * HOUR), h.settle);
    await task({
      action: 'csat-expire',
      tenantId: TENANT,
      ticketId,
      cycle: 0,
      dueAt: (first as { expireAt: string }).expireAt,
    });
    expect(eventsOf(ticketId, DetailType.csatRecorded)).toHaveLength(1);
    expect(h.failures).toEqual([]);
  });
});
