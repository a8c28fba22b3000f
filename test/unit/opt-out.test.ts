import { describe, expect, it } from 'vitest';
import type { Hotel } from '../../functions/domain/hotels';
import { recogniseOptOut } from '../../functions/domain/privacy/opt-out';
import { composeOptOutConfirmation } from '../../functions/domain/privacy/opt-out-confirmation';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import type { GuestMessageReceived, MessageContent } from '../../schemas/events';
import type { Survey } from '../../schemas/surveys';
import { HOTELS } from '../support/ingest';

const text = (body: string): MessageContent => ({ type: 'text', text: body });

describe('an opt-out', () => {
  it.each([['STOP'], ['stop'], ['Stop!'], ['STOP STOP'], ['🛑 STOP'], ['Stop all'], ['unsubscribe']])(
    'is recognised in any language, which it does not tell: %s',
    (body) => {
      expect(recogniseOptOut(text(body))).toEqual({});
    },
  );

  it.each([
    ['dur', 'tr'],
    ['DUR', 'tr'],
    ['Dur.', 'tr'],
    ['İPTAL', 'tr'],
    ['iptal', 'tr'],
    ['RET', 'tr'],
    ['abonelikten çık', 'tr'],
    ['ABONELİKTEN ÇIK', 'tr'],
    ['abonelikten cik', 'tr'],
    ['Bana mesaj atmayın!', 'tr'],
    ['lütfen bana mesaj göndermeyin', 'tr'],
    ['stop lütfen', 'tr'],
    ['unsubscribe me', 'en'],
    ['Please stop messaging me', 'en'],
    ["Don't message me", 'en'],
    ['opt out', 'en'],
    ['Stop promotions', 'en'],
    ['Abmelden', 'de'],
    ['abbestellen', 'de'],
    ['Bitte keine Werbung mehr', 'de'],
    ['STOPP', 'de'],
    ['стоп', 'ru'],
    ['СТОП', 'ru'],
    ['Отписаться', 'ru'],
    ['не пишите мне, пожалуйста', 'ru'],
  ])('is recognised with its language: %s (%s)', (body, language) => {
    expect(recogniseOptOut(text(body))).toEqual({ language });
  });

  it('is recognised from a template quick-reply button and an interactive reply', () => {
    expect(recogniseOptOut({ type: 'button', button: { text: 'Stop promotions', payload: 'STOP' } })).toEqual(
      {
        language: 'en',
      },
    );
    expect(
      recogniseOptOut({
        type: 'interactive',
        interactive: { kind: 'button_reply', id: 'optout', title: 'Abmelden' },
      } as MessageContent),
    ).toEqual({ language: 'de' });
  });

  it.each([
    "The shower doesn't stop dripping",
    'Could you stop by the lobby?',
    'stop by the lobby',
    'durum nedir',
    'Durum ne oldu?',
    'Dur, yanlış oda numarası verdim',
    'rezervasyonumu iptal etmek istiyorum',
    'iptal etmek istiyorum',
    'stop 3',
    '3',
    "don't stop",
    'Bitte',
    'please',
    'Stornieren Sie bitte meine Buchung',
    'Стоп, а во сколько завтрак?',
    'Teşekkürler!',
    '',
    '🛑',
  ])('is not a sentence, a request or a score that holds such a word: %s', (body) => {
    expect(recogniseOptOut(text(body))).toBeUndefined();
  });

  it('is not a media caption, a reaction or a long message', () => {
    expect(
      recogniseOptOut({ type: 'image', media: { id: 'i1', mimeType: 'image/jpeg', caption: 'STOP' } }),
    ).toBe(undefined);
    expect(
      recogniseOptOut({ type: 'reaction', reaction: { messageId: 'm1', emoji: '🛑', removed: false } }),
    ).toBeUndefined();
    expect(recogniseOptOut(text(`STOP ${'!'.repeat(200)}`))).toBeUndefined();
    expect(recogniseOptOut(text('stop stop stop stop stop stop stop stop stop'))).toBeUndefined();
  });

  it('takes no language from words of two languages', () => {
    expect(recogniseOptOut(text('dur bitte'))).toEqual({});
  });
});

describe('the confirmation of an opt-out on a survey thread', () => {
  const hotel = HOTELS.find((h) => h.tenantId === 'aurora-belek') as Hotel;
  const survey: Survey = {
    tenantId: 'aurora-belek',
    surveyId: 'nps_1',
    kind: 'nps',
    reservationId: 'R-1',
    guestId: 'g_1',
    language: 'de',
    status: 'sent',
    scheduledFor: '2026-07-20T06:00:00.000Z',
    segment: { stage: 'post-stay' },
    createdAt: '2026-07-19T16:45:00.000Z',
    updatedAt: '2026-07-20T06:00:00.000Z',
  };
  const base: GuestMessageReceived = {
    version: 1,
    eventId: 'e-1',
    tenantId: 'aurora-belek',
    channel: 'whatsapp',
    conversationKey: 'c-1',
    guest: { platformId: '905321234567' },
    message: { id: 'mid.1', content: { type: 'text', text: 'STOP' } },
    platformTimestamp: '2026-07-20T07:00:00.000Z',
    receivedAt: '2026-07-20T07:00:00.000Z',
    rawArchiveKey: 'whatsapp/2026-07-20/test.json',
    platform: { kind: 'whatsapp', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' },
  };

  it('answers an Instagram guest from the account they wrote to, in the survey language when the words tell none', () => {
    const event: GuestMessageReceived = {
      ...base,
      channel: 'instagram',
      guest: { platformId: 'igsid-1' },
      platform: { kind: 'instagram', accountId: '17841405309211844' },
    };

    const { message, request } = composeOptOutConfirmation({
      holder: { kind: 'survey', survey },
      event,
      hotel,
      catalogue: loadTemplates(),
    });

    expect(message).toMatchObject({
      messageId: 'opt-out-mid.1',
      direction: 'outbound',
      author: 'system',
      channel: 'instagram',
      at: '2026-07-20T07:00:00.001Z',
      templateId: 'privacy-opt-out-confirmation',
      text: expect.stringMatching(/^Guten Tag, hier ist Aurora Belek Resort & Spa: /),
    });
    expect(request.event.detail).toMatchObject({
      ticketId: 'survey:nps_1',
      surveyId: 'nps_1',
      channel: 'instagram',
      recipient: { kind: 'instagram', igsid: 'igsid-1', accountId: '17841405309211844' },
      content: { kind: 'text', text: message.text },
      purpose: 'privacy',
    });
  });

  it('posts to a web-chat visitor in the language of their words', () => {
    const event: GuestMessageReceived = {
      ...base,
      channel: 'webchat',
      guest: { platformId: 'visitor-1' },
      platform: { kind: 'webchat', sessionId: 'session-1', siteKey: 'wk_aurora_belek_demo' },
    };

    const { request } = composeOptOutConfirmation({
      holder: { kind: 'survey', survey },
      event,
      hotel,
      catalogue: loadTemplates(),
      language: 'ru',
    });

    expect(request.event.detail).toMatchObject({
      recipient: { kind: 'webchat', sessionId: 'session-1' },
      content: { text: expect.stringMatching(/^Здравствуйте! Это Aurora Belek Resort & Spa: /) },
    });
  });
});
