import { describe, expect, it } from 'vitest';
import hotelsJson from '../../config/hotels.json' with { type: 'json' };
import { MessagingWindowError, ValidationError } from '../../functions/domain/errors';
import { type Hotel, HotelsFileSchema } from '../../functions/domain/hotels';
import { type ComposeRequest, composeOutbound } from '../../functions/domain/outbound/compose-outbound';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import { OutboundMessageRequestedSchema } from '../../schemas/events';
import type { Ticket } from '../../schemas/ticket';

const HOTEL: Hotel = HotelsFileSchema.parse(hotelsJson).hotels[0] as Hotel;
const NOW = new Date('2026-07-10T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

function ticket(channel: Ticket['channel'], lastInboundAt: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    tenantId: HOTEL.tenantId,
    ticketId: 'AUB-2026-000042',
    number: 'AUB-2026-000042',
    conversationKey: 'conv-1',
    guestId: 'g_1',
    channel,
    status: 'open',
    openedAt: lastInboundAt,
    updatedAt: lastInboundAt,
    lastInboundAt,
    messageCount: 1,
    firstMessageId: 'wamid.first',
    topics: [],
    reputationRisk: false,
    tags: [],
    escalationLevel: 0,
    reopenCount: 0,
    pauses: [],
    language: 'de',
    recipientId: channel === 'whatsapp' ? '4915112345678' : '17841400000000001',
    ...(channel === 'webchat' && { webchatSessionId: 'ws_1' }),
    ...overrides,
  };
}

const request = (t: Ticket, body: ComposeRequest['body'], overrides: Partial<ComposeRequest> = {}) =>
  composeOutbound({
    ticket: t,
    hotel: HOTEL,
    catalogue: loadTemplates(),
    body,
    messageId: 'msg-1',
    now: NOW,
    sender: { kind: 'agent', agentId: 'agent-ayse' },
    purpose: 'reply',
    ...overrides,
  });

const errorOf = (compose: () => unknown): unknown => {
  try {
    compose();
  } catch (error) {
    return error;
  }
  return undefined;
};

const INTERIM_FIELDS = { guestName: 'Jonas', ticketNumber: 'AUB-2026-000042', nextUpdateTime: '16:00' };

describe('composing an outbound message', () => {
  it('sends free text inside the WhatsApp window as a queued message and its request', () => {
    const { message, request: event } = request(ticket('whatsapp', hoursAgo(2)), { text: 'Gern, bis bald!' });

    expect(message).toEqual({
      messageId: 'msg-1',
      direction: 'outbound',
      author: 'agent',
      channel: 'whatsapp',
      type: 'text',
      text: 'Gern, bis bald!',
      at: NOW.toISOString(),
      agentId: 'agent-ayse',
      sentAs: 'free-text',
      delivery: { status: 'queued', updatedAt: NOW.toISOString() },
    });
    expect(event.event.detailType).toBe('Outbound Message Requested');
    const detail = OutboundMessageRequestedSchema.parse(event.event.detail);
    expect(detail).toMatchObject({
      ticketId: 'AUB-2026-000042',
      messageId: 'msg-1',
      messageAt: NOW.toISOString(),
      recipient: {
        kind: 'whatsapp',
        waId: '4915112345678',
        phoneNumberId: HOTEL.channels.whatsapp?.phoneNumberId,
      },
      content: { kind: 'text', text: 'Gern, bis bald!' },
      purpose: 'reply',
    });
    expect(detail.tag).toBeUndefined();
    expect(event.dedupeKey).toBe('ticket:outbound:msg-1:AUB-2026-000042');
  });

  it('refuses WhatsApp free text once the 24-hour window closed', () => {
    expect(() => request(ticket('whatsapp', hoursAgo(24)), { text: 'Hallo?' })).toThrow(MessagingWindowError);
  });

  it('refuses a template with no approved WhatsApp template outside the window', () => {
    const compose = () =>
      request(ticket('whatsapp', hoursAgo(30)), {
        templateId: 'check-in-out',
        fields: { guestName: 'Jonas', checkInTime: '14:00', checkOutTime: '12:00' },
      });
    expect(compose).toThrow(MessagingWindowError);
    expect(compose).toThrow(/check-in-out has no approved WhatsApp template/);
  });

  it('sends an approved template outside the WhatsApp window with snake_case named parameters', () => {
    const { message, request: event } = request(ticket('whatsapp', hoursAgo(30)), {
      templateId: 'interim-update',
      fields: INTERIM_FIELDS,
    });

    const detail = OutboundMessageRequestedSchema.parse(event.event.detail);
    expect(detail.content).toEqual({
      kind: 'template',
      name: 'interim_update',
      languageCode: 'de',
      parameters: [
        { name: 'guest_name', text: 'Jonas' },
        { name: 'ticket_number', text: 'AUB-2026-000042' },
        { name: 'next_update_time', text: '16:00' },
      ],
      text: expect.stringMatching(/^Guten Tag Jonas, .*AUB-2026-000042.*16:00/),
    });
    expect(message).toMatchObject({ sentAs: 'whatsapp-template', templateId: 'interim-update' });
    expect(message.text).toBe(detail.content.text);
  });

  it('uses the template language code of the ticket language, falling back when it is unknown', () => {
    const { request: event } = request(ticket('whatsapp', hoursAgo(30), { language: 'unknown' }), {
      templateId: 'interim-update',
      fields: INTERIM_FIELDS,
    });
    expect(OutboundMessageRequestedSchema.parse(event.event.detail).content).toMatchObject({
      languageCode: 'en',
    });
  });

  it('tags a human reply on Instagram two days after the guest wrote', () => {
    const { message, request: event } = request(ticket('instagram', hoursAgo(48)), { text: 'Hallo!' });

    const detail = OutboundMessageRequestedSchema.parse(event.event.detail);
    expect(detail.tag).toBe('HUMAN_AGENT');
    expect(detail.recipient).toEqual({
      kind: 'instagram',
      igsid: '17841400000000001',
      accountId: HOTEL.channels.instagram?.accountId,
    });
    expect(message.sentAs).toBe('human-agent-tag');
  });

  it('refuses an Instagram reply eight days after the guest wrote', () => {
    expect(() => request(ticket('instagram', hoursAgo(8 * 24)), { text: 'Hallo!' })).toThrow(
      MessagingWindowError,
    );
  });

  it('refuses an automated Instagram message after 24 hours', () => {
    expect(() =>
      request(ticket('instagram', hoursAgo(25)), { text: 'Wie war es?' }, { sender: { kind: 'system' } }),
    ).toThrow(MessagingWindowError);
  });

  it('names the missing template field', () => {
    let thrown: unknown;
    try {
      request(ticket('whatsapp', hoursAgo(30)), {
        templateId: 'interim-update',
        fields: { guestName: 'Jonas', nextUpdateTime: '16:00' },
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).path).toBe('fields.ticketNumber');
  });

  it('refuses an Instagram text over 1000 bytes of UTF-8 on `text`, counting bytes, not characters', () => {
    const instagram = ticket('instagram', hoursAgo(1));
    const thrown = errorOf(() => request(instagram, { text: 'ş'.repeat(501) }));

    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown).toMatchObject({ path: 'text', message: expect.stringContaining('1002 bytes') });
    expect(request(instagram, { text: 'ş'.repeat(500) }).message.text).toHaveLength(500);
  });

  it("refuses a template whose rendered text is over Instagram's 1000 bytes on `templateId`", () => {
    const thrown = errorOf(() =>
      request(ticket('instagram', hoursAgo(1)), {
        templateId: 'interim-update',
        fields: { ...INTERIM_FIELDS, guestName: 'Jonas '.repeat(150) },
      }),
    );

    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).path).toBe('templateId');
  });

  it('refuses a WhatsApp text over 4096 characters on `text`', () => {
    const whatsapp = ticket('whatsapp', hoursAgo(1));

    expect(errorOf(() => request(whatsapp, { text: 'a'.repeat(4097) }))).toMatchObject({ path: 'text' });
    expect(request(whatsapp, { text: 'ş'.repeat(4096) }).message.text).toHaveLength(4096);
  });

  it('composes a retried message the way it first went, whatever the window says now', () => {
    const insideWindowNow = ticket('whatsapp', hoursAgo(1));

    const { message, request: event } = request(
      insideWindowNow,
      { templateId: 'interim-update', fields: INTERIM_FIELDS },
      { sentAs: 'whatsapp-template' },
    );

    expect(message.sentAs).toBe('whatsapp-template');
    expect(OutboundMessageRequestedSchema.parse(event.event.detail).content).toMatchObject({
      kind: 'template',
      name: 'interim_update',
    });
  });

  it('addresses a web-chat reply to the visitor session, whenever it is sent', () => {
    const { request: event } = request(ticket('webchat', hoursAgo(24 * 30)), { text: 'Hello again' });
    expect(OutboundMessageRequestedSchema.parse(event.event.detail).recipient).toEqual({
      kind: 'webchat',
      sessionId: 'ws_1',
    });
  });
});
