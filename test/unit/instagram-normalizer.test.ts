import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { DetailType } from '../../functions/contracts/bus';
import { instagramNormalizer } from '../../functions/domain/ingest/instagram-normalizer';
import { conversationKeyOf, eventIdOf } from '../../functions/domain/ingest/keys';
import type {
  NormalizeContext,
  NormalizeResult,
  PublishableEvent,
} from '../../functions/domain/ingest/normalizer';
import { type DetailOf, EVENT_CATALOGUE, type MessageContent } from '../../schemas/events';

const HOTEL = 'hotel-bosphorus';
const IG_ACCOUNT = '17841405309211844';
const RECEIVED_AT = '2025-07-01T09:30:00.000Z';

type Json = Record<string, unknown>;
type Body = { object: string; entry: { id: string; messaging?: Json[]; changes?: Json[] }[] };

const fixture = (name: string): Body =>
  JSON.parse(readFileSync(new URL(`../events/instagram/${name}.json`, import.meta.url), 'utf8'));

const contextFor = (tenants: Record<string, string> = { [IG_ACCOUNT]: HOTEL }) =>
  ({
    receivedAt: RECEIVED_AT,
    rawArchiveKey: 'instagram/2025-07-01/9b1c.json',
    tenantFor: (accountId) => tenants[accountId],
  }) satisfies NormalizeContext;

const normalize = (body: unknown, context = contextFor()) =>
  instagramNormalizer.normalize(instagramNormalizer.envelopeSchema.parse(body), context);

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

const firstEvent = (body: Body): Json => {
  const event = body.entry[0]?.messaging?.[0];
  if (!event) throw new Error('fixture has no messaging event');
  return event;
};

const cdn = (asset: string) =>
  `https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=${asset}&signature=AbzX0q7yJ3kL9mN2pQ5rS8tU1vW4xY7zA0bC3dE6fG9h`;

describe('Instagram guest messages', () => {
  it('turns a text message into a Guest Message Received from the sender', () => {
    // Prepare
    const body = fixture('text');
    const mid = (firstEvent(body).message as Json).mid as string;

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.guestMessageReceived);
    expect(result.events[0]?.dedupeKey).toBe(`instagram:message:${mid}`);
    expect(detail).toMatchObject({
      eventId: eventIdOf(HOTEL, `instagram:message:${mid}`),
      tenantId: HOTEL,
      channel: 'instagram',
      conversationKey: conversationKeyOf(HOTEL, 'instagram', '6931824916859214'),
      guest: { platformId: '6931824916859214' },
      platformTimestamp: '2025-07-01T09:00:00.123Z',
      platform: { kind: 'instagram', accountId: IG_ACCOUNT },
      message: {
        id: mid,
        content: {
          type: 'text',
          text: 'Merhaba! Ağustosta 3 gece için aile odanız müsait mi? 2 yetişkin 1 çocuk.',
        },
      },
    });
  });

  const KINDS: { shows: string; fixture: string; content: MessageContent }[] = [
    {
      shows: 'keeps an image attachment as a media URL',
      fixture: 'image',
      content: { type: 'image', media: { url: cdn('18060412345678901') } },
    },
    {
      shows: 'turns a story mention into story_mention content with the story URL',
      fixture: 'story-mention',
      content: { type: 'story_mention', storyMention: { url: cdn('18060412345678907') } },
    },
    {
      shows: 'turns a shared post into share content',
      fixture: 'share',
      content: { type: 'share', share: { url: cdn('18060412345678908') } },
    },
    {
      shows: 'turns a shared ig_reel into reel content with its title',
      fixture: 'ig-reel',
      content: {
        type: 'reel',
        reel: { url: cdn('18060412345678909'), title: 'Закат на крыше отеля 🌅 #стамбул' },
      },
    },
    {
      shows: 'turns a quick reply into an interactive quick_reply carrying its payload',
      fixture: 'quick-reply',
      content: {
        type: 'interactive',
        interactive: { kind: 'quick_reply', id: 'SERVICE_AIRPORT_TRANSFER', title: 'Airport transfer' },
      },
    },
    {
      shows: 'turns a message the guest unsent into deleted content',
      fixture: 'deleted',
      content: {
        type: 'deleted',
        deletedMessageId:
          'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1MzA5MjExODQ0OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTY1NjcxNjE1NDQ0OTAwNDoSEVERAL0000000000000000000000000000000000000002ZDZD',
      },
    },
    {
      shows: 'turns an ice-breaker postback into postback content',
      fixture: 'postback-ice-breaker',
      content: {
        type: 'postback',
        postback: { payload: 'ICEBREAKER_ROOM_RATES', title: 'Zimmerpreise anfragen' },
      },
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

  it('yields one event per attachment, keyed by the attachment index', () => {
    // Prepare
    const body = fixture('several-attachments');
    const mid = (firstEvent(body).message as Json).mid as string;

    // Act
    const { events } = normalize(body);

    // Assess
    const details = events.map((event) => validDetail(event, DetailType.guestMessageReceived));
    expect(details.map((detail) => detail.message.content.type)).toEqual([
      'image',
      'video',
      'audio',
      'document',
    ]);
    expect(details.every((detail) => detail.message.id === mid)).toBe(true);
    expect(events.map((event) => event.dedupeKey)).toEqual(
      [0, 1, 2, 3].map((index) => `instagram:message:${mid}:${index}`),
    );
  });

  it('yields the text and each attachment of one message, dropping none', () => {
    // Prepare
    const body = fixture('image');
    const message = firstEvent(body).message as Json;
    message.text = 'This is the view from our balcony, can we keep this room?';

    // Act
    const { events } = normalize(body);

    // Assess
    const details = events.map((event) => validDetail(event, DetailType.guestMessageReceived));
    expect(details.map((detail) => detail.message.content.type)).toEqual(['text', 'image']);
    expect(events.map((event) => event.dedupeKey)).toEqual([
      `instagram:message:${message.mid}`,
      `instagram:message:${message.mid}:0`,
    ]);
  });

  it('keeps the story a guest replied to as context', () => {
    // Prepare
    const body = fixture('story-reply');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toEqual({
      type: 'text',
      text: 'Какая красивая терраса! Можно забронировать столик на ужин в субботу?',
    });
    expect(detail.message.context).toEqual({
      replyToStory: { id: '18045678901234567', url: cdn('18060412345678906') },
    });
  });

  it('keeps the message a guest replied to as context', () => {
    // Prepare
    const body = fixture('message-reply');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.context?.replyToMessageId).toMatch(/HOTELOFFER/);
  });

  it('keys a deleted message apart from the message it deletes', () => {
    // Prepare
    const original = fixture('several-attachments');
    const deletion = fixture('deleted');

    // Act
    const originalKeys = normalize(original).events.map((event) => event.dedupeKey);
    const [deletedKey] = normalize(deletion).events.map((event) => event.dedupeKey);

    // Assess
    expect(deletedKey).toMatch(/^instagram:deleted:/);
    expect(originalKeys).not.toContain(deletedKey);
  });

  it('publishes a message Instagram marks unsupported as unsupported content with the raw message', () => {
    // Prepare
    const body = fixture('unsupported');
    const raw = firstEvent(body).message;

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toEqual({
      type: 'unsupported',
      unsupported: {
        reason: 'Instagram could not show this message to the business',
        platformType: 'is_unsupported',
        raw,
      },
    });
  });

  it('keeps an attachment of a type it does not know as unsupported content', () => {
    // Prepare
    const body = fixture('image');
    const attachment = { type: 'avatar_sticker', payload: { url: cdn('1') } };
    (firstEvent(body).message as Json).attachments = [attachment];

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toEqual({
      type: 'unsupported',
      unsupported: {
        reason: 'Instagram attachment type "avatar_sticker" is not handled',
        platformType: 'avatar_sticker',
        raw: attachment,
      },
    });
  });

  it('keeps an attachment without a payload as unsupported content instead of failing', () => {
    // Prepare
    const body = fixture('image');
    (firstEvent(body).message as Json).attachments = [{ type: 'image' }];

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toMatchObject({
      type: 'unsupported',
      unsupported: { reason: expect.stringMatching(/^Malformed attachment/), raw: { type: 'image' } },
    });
  });

  it('publishes a message without a mid as an unsupported delivery instead of failing', () => {
    // Prepare
    const body = fixture('text');
    delete (firstEvent(body).message as Json).mid;

    // Act
    const detail = onlyDetail(normalize(body), DetailType.unsupportedDeliveryReceived);

    // Assess
    expect(detail).toMatchObject({ tenantId: HOTEL, accountId: IG_ACCOUNT, raw: firstEvent(body) });
    expect(detail.reason).toMatch(/^Malformed message event: mid:/);
  });

  it('handles the Messenger API for Instagram body whose object is "page"', () => {
    // Prepare
    const body = fixture('page-object');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toEqual({ type: 'text', text: 'Gibt es einen Parkplatz am Hotel?' });
  });
});

describe('Instagram echoes', () => {
  it('turns an echo into a Business Message Echoed whose guest is the recipient', () => {
    // Prepare
    const body = fixture('echo-from-instagram-app');
    const mid = (firstEvent(body).message as Json).mid as string;

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.businessMessageEchoed);
    expect(result.events[0]?.dedupeKey).toBe(`instagram:echo:${mid}`);
    expect(detail.guest).toEqual({ platformId: '6931824916859214' });
    expect(detail.conversationKey).toBe(conversationKeyOf(HOTEL, 'instagram', '6931824916859214'));
    expect(detail.message).toMatchObject({ id: mid, content: { type: 'text' } });
  });
});

describe('Instagram reactions, reads, postbacks and referrals', () => {
  it('turns a reaction into reaction content about the reacted message', () => {
    // Prepare
    const body = fixture('reaction');
    const reacted = (firstEvent(body).reaction as Json).mid as string;

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.guestMessageReceived);
    expect(detail.message.content).toEqual({
      type: 'reaction',
      reaction: { messageId: reacted, emoji: '❤️', removed: false },
    });
    expect(result.events[0]?.dedupeKey).toBe(`instagram:reaction:${reacted}:react:❤️:1751360460123`);
  });

  it('marks an unreact as the reaction being removed, keyed apart from the reaction', () => {
    // Prepare
    const reaction = fixture('reaction');
    const unreaction = fixture('unreaction');

    // Act
    const reacted = normalize(reaction).events[0];
    const result = normalize(unreaction);

    // Assess
    const detail = onlyDetail(result, DetailType.guestMessageReceived);
    expect(detail.message.content).toMatchObject({ type: 'reaction', reaction: { removed: true } });
    expect(result.events[0]?.dedupeKey).not.toBe(reacted?.dedupeKey);
  });

  it('turns a read into a Message Status Changed read about the message seen', () => {
    // Prepare
    const body = fixture('read');
    const seen = (firstEvent(body).read as Json).mid as string;

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.messageStatusChanged);
    expect(detail).toMatchObject({
      status: 'read',
      messageId: seen,
      guest: { platformId: '6931824916859214' },
    });
    expect(result.events[0]?.dedupeKey).toBe(`instagram:read:${seen}`);
  });

  it('keys a postback by its mid', () => {
    // Prepare
    const body = fixture('postback-ice-breaker');
    const mid = (firstEvent(body).postback as Json).mid as string;

    // Act
    const [event] = normalize(body).events;

    // Assess
    expect(event?.dedupeKey).toBe(`instagram:postback:${mid}`);
  });

  it('keys a postback without a mid by its sender and time', () => {
    // Prepare
    const body = fixture('postback-ice-breaker');
    delete (firstEvent(body).postback as Json).mid;

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.guestMessageReceived);
    expect(result.events[0]?.dedupeKey).toBe('instagram:postback:7245018366102958:1751360475123');
    expect(detail.message.id).toBe('instagram:postback:7245018366102958:1751360475123');
  });

  it('turns an ig.me referral into the guest opening the conversation, with the link ref kept', () => {
    // Prepare
    const body = fixture('referral-igme-link');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.content).toEqual({ type: 'conversation_opened' });
    expect(detail.message.referral).toEqual({ ref: 'summer-spa-2025', sourceType: 'IGME-SOURCE-LINK' });
  });

  it('keeps the ad that brought the guest, with its title and creative', () => {
    // Prepare
    const body = fixture('referral-igme-link');
    firstEvent(body).referral = {
      ref: 'summer-spa-2025',
      ad_id: '120210987654321099',
      source: 'ADS',
      type: 'OPEN_THREAD',
      ads_context_data: { ad_title: 'Spa weekend, 20% off', photo_url: cdn('18060412345678999') },
    };

    // Act
    const detail = onlyDetail(normalize(body), DetailType.guestMessageReceived);

    // Assess
    expect(detail.message.referral).toEqual({
      ref: 'summer-spa-2025',
      sourceType: 'ADS',
      sourceId: '120210987654321099',
      headline: 'Spa weekend, 20% off',
      mediaUrl: cdn('18060412345678999'),
    });
  });

  it('publishes a messaging event of a kind it does not know as an unsupported delivery with the raw event', () => {
    // Prepare
    const body = fixture('unknown-event');

    // Act
    const result = normalize(body);

    // Assess
    const detail = onlyDetail(result, DetailType.unsupportedDeliveryReceived);
    expect(result.events[0]?.dedupeKey).toMatch(/^instagram:event:[0-9a-f]{64}$/);
    expect(detail).toMatchObject({
      channel: 'instagram',
      accountId: IG_ACCOUNT,
      reason: 'Instagram messaging event of kind "message_edit" is not handled',
      raw: firstEvent(body),
    });
  });

  it('publishes a reaction without an action as an unsupported delivery instead of failing', () => {
    // Prepare
    const body = fixture('reaction');
    delete (firstEvent(body).reaction as Json).action;

    // Act
    const detail = onlyDetail(normalize(body), DetailType.unsupportedDeliveryReceived);

    // Assess
    expect(detail.reason).toMatch(/^Malformed reaction event: action:/);
  });
});

describe('Instagram changes', () => {
  it('reads the App Dashboard test event, sent as a messages change, like a live message', () => {
    // Prepare
    const body = fixture('dashboard-test-event');
    const testAccountRegistered = contextFor({ '0': HOTEL });

    // Act
    const result = normalize(body, testAccountRegistered);

    // Assess
    const detail = onlyDetail(result, DetailType.guestMessageReceived);
    expect(result.events[0]?.dedupeKey).toBe('instagram:message:random_mid');
    expect(detail).toMatchObject({
      guest: { platformId: '12334' },
      platformTimestamp: '2018-05-27T22:23:44.000Z',
      message: { id: 'random_mid', content: { type: 'text', text: 'random_text' } },
    });
  });

  it('lists the App Dashboard test account "0" as unroutable when no hotel is registered for it', () => {
    // Prepare
    const body = fixture('dashboard-test-event');

    // Act
    const result = normalize(body);

    // Assess
    expect(result).toEqual({ events: [], unroutableAccountIds: ['0'] });
  });

  it('publishes a change field it does not know as an unsupported delivery with the raw change', () => {
    // Prepare
    const body = fixture('comments-change');

    // Act
    const detail = onlyDetail(normalize(body), DetailType.unsupportedDeliveryReceived);

    // Assess
    expect(detail.reason).toBe('Instagram change field "comments" is not handled');
    expect(detail.raw).toEqual(body.entry[0]?.changes?.[0]);
  });
});

describe('Instagram batches and routing', () => {
  it('yields every event of every entry, with distinct keys for a message and a reaction to it', () => {
    // Prepare
    const body = fixture('batch-message-reaction-read');

    // Act
    const { events, unroutableAccountIds } = normalize(body);

    // Assess
    expect(unroutableAccountIds).toEqual([]);
    expect(events.map((event) => event.event.detailType)).toEqual([
      DetailType.guestMessageReceived,
      DetailType.guestMessageReceived,
      DetailType.messageStatusChanged,
      DetailType.guestMessageReceived,
    ]);
    for (const event of events) validDetail(event, event.event.detailType);
    expect(new Set(events.map((event) => event.dedupeKey)).size).toBe(events.length);
    expect(events[0]?.dedupeKey.startsWith('instagram:message:')).toBe(true);
    expect(events[1]?.dedupeKey.startsWith('instagram:reaction:')).toBe(true);
  });

  it('gives a redelivered batch the same dedupe keys and event ids', () => {
    // Prepare
    const body = fixture('batch-message-reaction-read');

    // Act
    const first = normalize(body).events;
    const again = normalize(body).events;

    // Assess
    expect(again.map((event) => event.dedupeKey)).toEqual(first.map((event) => event.dedupeKey));
    expect(again.map((event) => event.event.detail.eventId)).toEqual(
      first.map((event) => event.event.detail.eventId),
    );
  });

  it('lists an unregistered account once as unroutable and yields no events for it', () => {
    // Prepare
    const body = fixture('batch-message-reaction-read');

    // Act
    const result = normalize(body, contextFor({}));

    // Assess
    expect(result).toEqual({ events: [], unroutableAccountIds: [IG_ACCOUNT] });
  });

  it('names each account of a batch once as its account ids', () => {
    // Prepare
    const envelope = instagramNormalizer.envelopeSchema.parse(fixture('batch-message-reaction-read'));

    // Act
    const accountIds = instagramNormalizer.accountIds(envelope);

    // Assess
    expect(accountIds).toEqual([IG_ACCOUNT]);
  });

  it('publishes a read the account sent itself as an unsupported delivery, not as a guest reading', () => {
    // Prepare
    const body = fixture('read');
    const event = firstEvent(body);
    event.sender = { id: IG_ACCOUNT };
    event.recipient = { id: '6931824916859214' };

    // Act
    const detail = onlyDetail(normalize(body), DetailType.unsupportedDeliveryReceived);

    // Assess
    expect(detail.reason).toBe('Instagram read event sent by the account itself');
  });
});

describe('Instagram envelope', () => {
  it('rejects a body that is not an Instagram webhook with the path of the wrong field', () => {
    // Prepare
    const body = { object: 'whatsapp_business_account', entry: [] };

    // Act
    const result = instagramNormalizer.envelopeSchema.safeParse(body);

    // Assess
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['object']]);
  });

  it('rejects a messaging event without a sender with the path to it', () => {
    // Prepare
    const body = fixture('text');
    delete firstEvent(body).sender;

    // Act
    const result = instagramNormalizer.envelopeSchema.safeParse(body);

    // Assess
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['entry', 0, 'messaging', 0, 'sender']]);
  });

  it('accepts a messaging event of a kind it does not know and keeps all its keys', () => {
    // Prepare
    const body = fixture('unknown-event');

    // Act
    const envelope = instagramNormalizer.envelopeSchema.parse(body);

    // Assess
    expect(envelope.entry[0]?.messaging?.[0]).toEqual(firstEvent(body));
  });
});
