import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { DetailType } from '../../functions/contracts/bus';
import { conversationKeyOf, eventIdOf } from '../../functions/domain/ingest/keys';
import type {
  NormalizeContext,
  NormalizeResult,
  PublishableEvent,
} from '../../functions/domain/ingest/normalizer';
import { whatsAppNormalizer } from '../../functions/domain/ingest/whatsapp-normalizer';
import { type DetailOf, EVENT_CATALOGUE, type MessageContent } from '../../schemas/events';

const HOTEL = 'hotel-bosphorus';
const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const RECEIVED_AT = '2025-07-01T09:30:00.000Z';

type Json = Record<string, unknown>;
type Body = { entry: { changes: { value: { messages?: Json[]; statuses?: Json[] } }[] }[] };

const fixture = (name: string): Body =>
  JSON.parse(readFileSync(new URL(`../events/whatsapp/${name}.json`, import.meta.url), 'utf8'));

const contextFor = (tenants: Record<string, string> = { [PHONE_NUMBER_ID]: HOTEL, [WABA_ID]: HOTEL }) =>
  ({
    receivedAt: RECEIVED_AT,
    rawArchiveKey: 'whatsapp/2025-07-01/0f3a.json',
    tenantFor: (accountId) => tenants[accountId],
  }) satisfies NormalizeContext;

const normalize = (body: unknown, context = contextFor()) =>
  whatsAppNormalizer.normalize(whatsAppNormalizer.envelopeSchema.parse(body), context);

/** The event's detail, checked against its canonical schema. */
function validDetail<T extends DetailType>(
  published: PublishableEvent | undefined,
  detailType: T,
): DetailOf<T> {
  expect(published?.event.detailType).toBe(detailType);
  return (EVENT_CATALOGUE[detailType] as unknown as z.ZodType<DetailOf<T>>).parse(published?.event.detail);
}

function onlyDetail<T extends DetailType>(result: NormalizeResult, detailType: T): DetailOf<T> {
  expect(result.events).toHaveLength(1);
  return validDetail(result.events[0], detailType);
}

/** A fixture with its first message (or status) changed. */
function patched(name: string, part: 'messages' | 'statuses', patch: (item: Json) => void): Body {
  const body = fixture(name);
  const item = body.entry[0]?.changes[0]?.value[part]?.[0];
  if (!item) throw new Error(`${name} has no ${part}`);
  patch(item);
  return body;
}

describe('WhatsApp guest messages', () => {
  it('turns a text message into a Guest Message Received with the guest named from the contacts', () => {
    // Prepare
    const body = fixture('text');

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.guestMessageReceived);
    const dedupeKey = 'whatsapp:message:wamid.HBgMOTA1MzIxMjM0NTY3FQIAEhgUM0E4QjE0QzQ5RkQ4MEIyQzA1RTQA';
    expect(result.events[0]?.dedupeKey).toBe(dedupeKey);
    expect(detail).toMatchObject({
      eventId: eventIdOf(HOTEL, dedupeKey),
      tenantId: HOTEL,
      channel: 'whatsapp',
      conversationKey: conversationKeyOf(HOTEL, 'whatsapp', '905321234567'),
      guest: { platformId: '905321234567', profileName: 'Ayşe Yılmaz', phoneNumber: '+905321234567' },
      platformTimestamp: '2025-07-01T09:00:00.000Z',
      receivedAt: RECEIVED_AT,
      platform: {
        kind: 'whatsapp',
        businessAccountId: WABA_ID,
        phoneNumberId: PHONE_NUMBER_ID,
        displayPhoneNumber: '902122223344',
      },
    });
    expect(detail.message.content).toEqual({
      type: 'text',
      text: 'Merhaba, 12-15 Temmuz için iki kişilik deniz manzaralı oda fiyatı alabilir miyim?',
    });
  });

  const KINDS: { shows: string; fixture: string; content: MessageContent }[] = [
    {
      shows: 'keeps an image as a media reference with its caption',
      fixture: 'image',
      content: {
        type: 'image',
        media: {
          id: '1023456789012345',
          mimeType: 'image/jpeg',
          sha256: 'M4zUY0c3Ht0nW9dxH0m0ZPkRLz1xz7m5nHEBQXG8PqE=',
          caption: 'This stain was on the bed in room 412 when we arrived.',
        },
      },
    },
    {
      shows: 'marks a voice note as voice audio',
      fixture: 'audio-voice',
      content: {
        type: 'audio',
        media: {
          id: '1098765432109876',
          mimeType: 'audio/ogg; codecs=opus',
          sha256: 'q1Jb3u8Yy9pQxS0kZ1m2n3o4p5q6r7s8t9u0v1w2x3y=',
          voice: true,
        },
      },
    },
    {
      shows: 'keeps a video with its caption',
      fixture: 'video',
      content: {
        type: 'video',
        media: {
          id: '1122334455667788',
          mimeType: 'video/mp4',
          sha256: 'b2Z2c2Vjb25kdmlkZW9oYXNoZm9ydGVzdGluZzEyMzQ=',
          caption: 'Die Klimaanlage in Zimmer 208 macht dieses Geräusch die ganze Nacht.',
        },
      },
    },
    {
      shows: 'keeps the file name of a document',
      fixture: 'document',
      content: {
        type: 'document',
        media: {
          id: '2233445566778899',
          mimeType: 'application/pdf',
          sha256: 'ZG9jdW1lbnRoYXNoZm9ydGVzdGluZ3B1cnBvc2VzMTI=',
          caption: 'Bitte stellen Sie die Rechnung auf diese Firmenadresse aus.',
          filename: 'Rechnungsadresse_Becker_GmbH.pdf',
        },
      },
    },
    {
      shows: 'marks an animated sticker as animated',
      fixture: 'sticker-animated',
      content: {
        type: 'sticker',
        media: {
          id: '3344556677889900',
          mimeType: 'image/webp',
          sha256: 'c3RpY2tlcmhhc2hmb3J0ZXN0aW5ncHVycG9zZXMxMjM=',
          animated: true,
        },
      },
    },
    {
      shows: 'keeps the coordinates, name and address of a location',
      fixture: 'location-forwarded',
      content: {
        type: 'location',
        location: {
          latitude: 41.0058,
          longitude: 28.9768,
          name: 'Sultanahmet Meydanı',
          address: 'Sultan Ahmet, Atmeydanı Cd. No:7, 34122 Fatih/İstanbul',
          url: 'https://maps.google.com/?q=41.0058,28.9768',
        },
      },
    },
    {
      shows: 'keeps every card of a contacts message',
      fixture: 'contacts-several-cards',
      content: {
        type: 'contacts',
        contacts: [
          {
            formattedName: 'Daniel Clarke',
            phones: [{ phone: '+44 7700 900456', waId: '447700900456', type: 'MOBILE' }],
            emails: [{ email: 'daniel.clarke@example.co.uk', type: 'HOME' }],
          },
          {
            formattedName: 'Sophie Clarke',
            phones: [{ phone: '+44 7700 900789', type: 'MOBILE' }],
            emails: [],
            organization: 'Clarke Travel Ltd',
          },
        ],
      },
    },
    {
      shows: 'turns a reply button into an interactive button_reply',
      fixture: 'interactive-button-reply',
      content: {
        type: 'interactive',
        interactive: { kind: 'button_reply', id: 'late_checkout_yes', title: 'Evet, 14:00 olsun' },
      },
    },
    {
      shows: 'turns a list choice into an interactive list_reply with its description',
      fixture: 'interactive-list-reply',
      content: {
        type: 'interactive',
        interactive: {
          kind: 'list_reply',
          id: 'spa_massage_60',
          title: 'Massage 60 Min.',
          description: 'Klassische Massage, 09:00–20:00',
        },
      },
    },
    {
      shows: 'turns a Flow answer into an interactive nfm_reply that carries the answers',
      fixture: 'interactive-nfm-reply',
      content: {
        type: 'interactive',
        interactive: {
          kind: 'nfm_reply',
          id: 'flow',
          title: 'Sent',
          responseJson: '{"flow_token":"precheckin-412","arrival_time":"15:30","pillow":"firm"}',
        },
      },
    },
    {
      shows: 'keeps the payload of a template quick-reply button',
      fixture: 'button-template-quick-reply',
      content: { type: 'button', button: { text: 'Подтверждаю', payload: 'CONFIRM_BOOKING_HX4821' } },
    },
    {
      shows: 'turns a reaction into reaction content about the message reacted to',
      fixture: 'reaction',
      content: {
        type: 'reaction',
        reaction: {
          messageId: 'wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSUk9PTVJFQURZTUVTU0FHRTEA',
          emoji: '👍',
          removed: false,
        },
      },
    },
    {
      shows: 'reads an empty reaction emoji as the reaction being removed',
      fixture: 'reaction-removed',
      content: {
        type: 'reaction',
        reaction: { messageId: 'wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSUk9PTVJFQURZTUVTU0FHRTEA', removed: true },
      },
    },
    {
      shows: 'keeps every item of an order',
      fixture: 'order',
      content: {
        type: 'order',
        order: {
          catalogId: '784512369854123',
          text: 'Odaya kahvaltı: 412 numara, 08:30',
          items: [
            { productRetailerId: 'breakfast-turkish', quantity: 2, itemPrice: 450, currency: 'TRY' },
            { productRetailerId: 'fresh-orange-juice', quantity: 2, itemPrice: 120, currency: 'TRY' },
          ],
        },
      },
    },
    {
      shows: 'turns a changed phone number into system content naming the new wa_id',
      fixture: 'system-user-changed-number',
      content: {
        type: 'system',
        system: {
          kind: 'user_changed_number',
          body: 'User Ayşe Yılmaz changed from 905321234567 to 905339876543',
          newPlatformId: '905339876543',
        },
      },
    },
    {
      shows: 'turns a revoked message into deleted content naming the original message',
      fixture: 'revoke',
      content: {
        type: 'deleted',
        deletedMessageId: 'wamid.HBgLNzkxNjEyMzQ1NjcVAgASGBQzQUIyRDFFMEE0RjM5QzYxOUM4NQA=',
      },
    },
    {
      shows: 'turns request_welcome into the guest opening the conversation',
      fixture: 'request-welcome',
      content: { type: 'conversation_opened' },
    },
  ];

  it.each(KINDS)('$shows', ({ fixture: name, content }) => {
    // Prepare
    const body = fixture(name);

    // Act
    const result = normalize(body);

    // Assess
    expect(onlyDetail(result, DetailType.guestMessageReceived).message.content).toEqual(content);
  });

  it('carries the message a guest replied to as context', () => {
    // Prepare
    const body = fixture('text-reply-with-context');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.context).toEqual({
      replyToMessageId: 'wamid.HBgLNzkxNjEyMzQ1NjcVAgARGBI4QTdCOTkxRTIzQzQ1RDY3ODkA',
    });
  });

  it('marks a forwarded message as forwarded in its context', () => {
    // Prepare
    const body = fixture('location-forwarded');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.context).toEqual({ forwarded: true });
  });

  it('keeps the click-to-WhatsApp ad that brought the guest, with its click id', () => {
    // Prepare
    const body = fixture('referral-click-to-whatsapp-ad');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toEqual({
      type: 'text',
      text: 'Hallo! Ist das Sommerangebot mit Frühstück noch verfügbar?',
    });
    expect(detail.message.referral).toEqual({
      sourceUrl: 'https://fb.me/3bXyZ12ab',
      sourceId: '120210987654321098',
      sourceType: 'ad',
      headline: 'Sommer am Bosporus: 3 Nächte, 1 geschenkt',
      body: 'Frühstück inklusive, kostenlose Stornierung.',
      mediaType: 'image',
      mediaUrl: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/summer-offer.jpg',
      ctwaClid:
        'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a',
    });
  });

  it('names the guest of a system message by the old number even without contacts', () => {
    // Prepare
    const body = fixture('system-user-changed-number');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.guest).toEqual({ platformId: '905321234567', phoneNumber: '+905321234567' });
  });

  it('publishes an unsupported message with its errors and the raw message kept', () => {
    // Prepare
    const body = fixture('unsupported-type');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.errors).toEqual([
      {
        code: 131051,
        title: 'Message type unknown',
        message: 'Message type unknown',
        details: 'Message type is currently not supported.',
      },
    ]);
    expect(detail.message.content).toMatchObject({
      type: 'unsupported',
      unsupported: { reason: 'Message type unknown', platformType: 'poll' },
    });
    expect(detail.message.content.type === 'unsupported' && detail.message.content.unsupported.raw).toEqual(
      body.entry[0]?.changes[0]?.value.messages?.[0],
    );
  });

  it('publishes a message of a type it does not know as unsupported with the raw message kept', () => {
    // Prepare
    const body = fixture('unknown-message-type');
    const raw = body.entry[0]?.changes[0]?.value.messages?.[0];

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toEqual({
      type: 'unsupported',
      unsupported: {
        reason: 'WhatsApp message type "event_rsvp" is not handled',
        platformType: 'event_rsvp',
        raw,
      },
    });
  });

  it('treats a type named like an object property as unknown, not as a converter', () => {
    // Prepare
    const body = patched('text', 'messages', (message) => {
      message.type = 'constructor';
    });

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toMatchObject({
      type: 'unsupported',
      unsupported: { platformType: 'constructor' },
    });
  });

  it.each([
    { part: 'an image without its media id', fixture: 'image', patch: (m: Json) => ({ ...m, image: {} }) },
    {
      part: 'a text whose body is not a string',
      fixture: 'text',
      patch: (m: Json) => ({ ...m, text: { body: 42 } }),
    },
    {
      part: 'a location with text coordinates',
      fixture: 'location-forwarded',
      patch: (m: Json) => ({ ...m, location: { latitude: 'north' } }),
    },
    {
      part: 'an interactive reply of a subtype it does not know',
      fixture: 'interactive-button-reply',
      patch: (m: Json) => ({ ...m, interactive: { type: 'carousel_reply' } }),
    },
    {
      part: 'a reaction without the message it reacts to',
      fixture: 'reaction',
      patch: (m: Json) => ({ ...m, reaction: { emoji: '👍' } }),
    },
  ])('publishes $part as unsupported content instead of failing', ({ fixture: name, patch }) => {
    // Prepare
    let malformed: Json = {};
    const body = patched(name, 'messages', (message) => {
      malformed = patch({ ...message });
      Object.assign(message, malformed);
    });

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toMatchObject({
      type: 'unsupported',
      unsupported: {
        reason: expect.stringMatching(/^Malformed /),
        platformType: malformed.type,
        raw: malformed,
      },
    });
  });

  it('names a guest who withheld their phone number by business-scoped user id, without a phone number', () => {
    // Prepare
    const body = fixture('text-from-username-user');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.guest).toEqual({
      platformId: 'DE.1502576394655843',
      profileName: 'Lena Hoffmann',
      platformUserId: 'DE.1502576394655843',
    });
    expect(detail.conversationKey).toBe(conversationKeyOf(HOTEL, 'whatsapp', 'DE.1502576394655843'));
  });

  it('carries the business-scoped user id of a guest who shares their phone number, keyed by the number', () => {
    // Prepare
    const body = patched('text', 'messages', (message) => {
      message.from_user_id = 'TR.1502576394655843';
    });

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.guest).toEqual({
      platformId: '905321234567',
      profileName: 'Ayşe Yılmaz',
      phoneNumber: '+905321234567',
      platformUserId: 'TR.1502576394655843',
    });
    expect(detail.conversationKey).toBe(conversationKeyOf(HOTEL, 'whatsapp', '905321234567'));
  });

  it('takes the business-scoped user id from the contacts when the message does not repeat it', () => {
    // Prepare
    const body = fixture('text') as unknown as { entry: { changes: { value: { contacts: Json[] } }[] }[] };
    const contact = body.entry[0]?.changes[0]?.value.contacts[0];
    if (contact) contact.user_id = 'TR.1502576394655843';

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.guest.platformUserId).toBe('TR.1502576394655843');
    expect(detail.conversationKey).toBe(conversationKeyOf(HOTEL, 'whatsapp', '905321234567'));
  });

  it('publishes a message that names no sender at all as an unsupported delivery', () => {
    // Prepare
    const body = patched('text', 'messages', (message) => {
      delete message.from;
    });

    // Act
    const detail = onlyDetail(normalize(body), DetailType.unsupportedDeliveryReceived);

    // Assess
    expect(detail).toMatchObject({
      tenantId: HOTEL,
      accountId: PHONE_NUMBER_ID,
      reason: 'The message names no sender',
    });
  });

  it('accepts a numeric timestamp, as some producers send', () => {
    // Prepare
    const body = patched('text', 'messages', (message) => {
      message.timestamp = 1751360400;
    });

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.platformTimestamp).toBe('2025-07-01T09:00:00.000Z');
  });

  it('falls back to the receipt time when a timestamp is out of any date range', () => {
    // Prepare
    const body = patched('text', 'messages', (message) => {
      message.timestamp = '99999999999999999999';
    });

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.platformTimestamp).toBe(RECEIVED_AT);
  });
});

describe('WhatsApp statuses', () => {
  const OUTBOUND = 'wamid.HBgMOTA1MzIxMjM0NTY3FQIAERgSNUQ3RjEyQTM0QjU2Qzc4OUQwAA==';

  it('turns each status into a Message Status Changed about the recipient, in the order received', () => {
    // Prepare
    const body = fixture('statuses-out-of-order');

    // Act
    const { events } = normalize(body);

    // Assess
    const details = events.map((event) => validDetail(event, DetailType.messageStatusChanged));
    expect(details.map((detail) => detail.status)).toEqual(['read', 'sent', 'delivered']);
    for (const detail of details) {
      expect(detail.messageId).toBe(OUTBOUND);
      expect(detail.guest).toEqual({ platformId: '905321234567', phoneNumber: '+905321234567' });
      expect(detail.conversationKey).toBe(conversationKeyOf(HOTEL, 'whatsapp', '905321234567'));
    }
  });

  it('keys a delivered that arrives after read apart from it, and the same status twice alike', () => {
    // Prepare
    const body = fixture('statuses-out-of-order');

    // Act
    const first = normalize(body).events.map((event) => event.dedupeKey);
    const redelivered = normalize(body).events.map((event) => event.dedupeKey);

    // Assess
    expect(first).toEqual([
      `whatsapp:status:${OUTBOUND}:read`,
      `whatsapp:status:${OUTBOUND}:sent`,
      `whatsapp:status:${OUTBOUND}:delivered`,
    ]);
    expect(redelivered).toEqual(first);
  });

  it('carries the pricing and the conversation window of a sent status', () => {
    // Prepare
    const body = fixture('statuses-out-of-order');

    // Act
    const sent = validDetail(normalize(body).events[1], DetailType.messageStatusChanged);

    // Assess
    expect(sent.pricing).toEqual({ billable: true, category: 'service', model: 'PMP' });
    expect(sent.platformConversation).toEqual({
      id: 'c7a1f0b2e3d4c5b6a7988796a5b4c3d2',
      originType: 'service',
      expiresAt: '2025-07-02T09:00:30.000Z',
    });
  });

  it('carries the error of a failed status', () => {
    // Prepare
    const body = fixture('status-failed');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.messageStatusChanged);

    // Assess
    expect(detail.status).toBe('failed');
    expect(detail.errors).toEqual([
      {
        code: 131047,
        title: 'Re-engagement message',
        message: 'Re-engagement message',
        details:
          'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      },
    ]);
  });

  it('publishes a status it does not know as an unsupported delivery with the raw status kept', () => {
    // Prepare
    const body = patched('status-failed', 'statuses', (status) => {
      status.status = 'played';
    });

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.unsupportedDeliveryReceived);
    expect(detail.reason).toBe('WhatsApp status "played" is not handled');
    expect(detail.raw).toMatchObject({ status: 'played', recipient_id: '4915112345678' });
  });
});

describe('WhatsApp account-level changes', () => {
  it('turns a template status update into a Template Status Changed for the hotel owning the WABA', () => {
    // Prepare
    const body = fixture('template-status-update');
    const onlyWabaRegistered = contextFor({ [WABA_ID]: HOTEL });

    // Act
    const result = normalize(body, onlyWabaRegistered);

    // Assess
    const detail = onlyDetail(result, DetailType.templateStatusChanged);
    expect(result.events[0]?.dedupeKey).toBe('whatsapp:template:1689556908129832:APPROVED:1751364000');
    expect(detail).toMatchObject({
      tenantId: HOTEL,
      businessAccountId: WABA_ID,
      template: { id: '1689556908129832', name: 'checkin_reminder_tr', language: 'tr', status: 'APPROVED' },
      platformTimestamp: '2025-07-01T10:00:00.000Z',
    });
    expect(detail.template.reason).toBeUndefined();
  });

  it('publishes a change field it does not know as an unsupported delivery with the raw change kept', () => {
    // Prepare
    const body = fixture('unknown-change-field') as unknown as { entry: { changes: unknown[] }[] };
    const change = body.entry[0]?.changes[0];

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.unsupportedDeliveryReceived);
    expect(result.events[0]?.dedupeKey).toMatch(/^whatsapp:change:[0-9a-f]{64}$/);
    expect(detail).toMatchObject({ tenantId: HOTEL, accountId: WABA_ID, channel: 'whatsapp', raw: change });
    expect(detail.reason).toBe('WhatsApp change field "phone_number_quality_update" is not handled');
  });

  it('keeps change-level errors of a messages change as an unsupported delivery', () => {
    // Prepare
    const body = fixture('statuses-out-of-order') as unknown as { entry: { changes: { value: Json }[] }[] };
    const value = body.entry[0]?.changes[0]?.value ?? {};
    value.errors = [{ code: 131000, title: 'Something went wrong' }];

    // Act
    const { events } = normalize(body);

    // Assess
    expect(events.map((event) => event.event.detailType)).toEqual([
      DetailType.messageStatusChanged,
      DetailType.messageStatusChanged,
      DetailType.messageStatusChanged,
      DetailType.unsupportedDeliveryReceived,
    ]);
    expect(validDetail(events[3], DetailType.unsupportedDeliveryReceived).reason).toContain('errors');
  });
});

describe('WhatsApp batches and routing', () => {
  it('yields an event for every entry, change, message and status of a batch', () => {
    // Prepare
    const body = fixture('batch-multi-entry-multi-change');

    // Act
    const { events, unroutableAccountIds } = normalize(body);

    // Assess
    expect(unroutableAccountIds).toEqual([]);
    expect(events.map((event) => event.event.detailType)).toEqual([
      DetailType.guestMessageReceived,
      DetailType.guestMessageReceived,
      DetailType.guestMessageReceived,
      DetailType.messageStatusChanged,
      DetailType.templateStatusChanged,
      DetailType.guestMessageReceived,
    ]);
    for (const event of events) validDetail(event, event.event.detailType);
    expect(new Set(events.map((event) => event.dedupeKey)).size).toBe(events.length);
  });

  it('names every phone number and WABA of a batch once as its account ids', () => {
    // Prepare
    const envelope = whatsAppNormalizer.envelopeSchema.parse(fixture('batch-multi-entry-multi-change'));

    // Act
    const accountIds = whatsAppNormalizer.accountIds(envelope);

    // Assess
    expect(accountIds).toEqual([PHONE_NUMBER_ID, WABA_ID]);
  });

  it('lists an unregistered phone number once as unroutable and still publishes what is routable', () => {
    // Prepare
    const body = fixture('batch-multi-entry-multi-change');
    const onlyWabaRegistered = contextFor({ [WABA_ID]: HOTEL });

    // Act
    const { events, unroutableAccountIds } = normalize(body, onlyWabaRegistered);

    // Assess
    expect(unroutableAccountIds).toEqual([PHONE_NUMBER_ID]);
    expect(events.map((event) => event.event.detailType)).toEqual([DetailType.templateStatusChanged]);
  });

  it('gives a redelivered batch the same dedupe keys and event ids', () => {
    // Prepare
    const body = fixture('batch-multi-entry-multi-change');

    // Act
    const first = normalize(body).events;
    const again = normalize(body).events;

    // Assess
    expect(again.map((event) => event.dedupeKey)).toEqual(first.map((event) => event.dedupeKey));
    expect(again.map((event) => event.event.detail.eventId)).toEqual(
      first.map((event) => event.event.detail.eventId),
    );
  });

  it('keys the same template event at two times apart', () => {
    // Prepare
    const approvedAgain = fixture('template-status-update') as unknown as { entry: { time: number }[] };
    const first = normalize(fixture('template-status-update')).events[0]?.dedupeKey;
    const entry = approvedAgain.entry[0];
    if (entry) entry.time += 86_400;

    // Act
    const later = normalize(approvedAgain).events[0]?.dedupeKey;

    // Assess
    expect(later).not.toBe(first);
  });
});

describe('WhatsApp envelope', () => {
  it('rejects a body that is not a WhatsApp webhook with the path of the wrong field', () => {
    // Prepare
    const body = { object: 'page', entry: [] };

    // Act
    const result = whatsAppNormalizer.envelopeSchema.safeParse(body);

    // Assess
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['object']]);
  });

  it('rejects a message without an id with the path to it', () => {
    // Prepare
    const body = patched('text', 'messages', (message) => {
      delete message.id;
    });

    // Act
    const result = whatsAppNormalizer.envelopeSchema.safeParse(body);

    // Assess
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'id'],
    ]);
  });

  it('rejects a messages change that names no business phone number', () => {
    // Prepare
    const body = fixture('text') as unknown as { entry: { changes: { value: Json }[] }[] };
    delete body.entry[0]?.changes[0]?.value.metadata;

    // Act
    const result = whatsAppNormalizer.envelopeSchema.safeParse(body);

    // Assess
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['entry', 0, 'changes', 0, 'value', 'metadata'],
    ]);
  });

  it('accepts a message of a kind it does not know and keeps all its keys', () => {
    // Prepare
    const body = fixture('unknown-message-type');

    // Act
    const envelope = whatsAppNormalizer.envelopeSchema.parse(body);

    // Assess
    expect(envelope.entry[0]?.changes[0]?.value.messages?.[0]).toEqual(
      body.entry[0]?.changes[0]?.value.messages?.[0],
    );
  });
});
