import { describe, expect, it } from 'vitest';
import type { Hotel } from '../../functions/domain/hotels';
import {
  chooseSurveyRoute,
  decidedRoute,
  type GuestReach,
  type LastConversation,
  surveyRoutes,
} from '../../functions/domain/surveys/survey-channel';

const NOW = new Date('2026-07-10T09:00:00Z');
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();

const HOTEL: Pick<Hotel, 'channels'> = {
  channels: {
    whatsapp: { phoneNumberId: '106540352242922', businessAccountId: '102290129340398' },
    instagram: { accountId: '17841405309211844' },
    webchat: { siteKey: 'wk_aurora_belek_demo' },
  },
};
const WHATSAPP_ONLY: Pick<Hotel, 'channels'> = {
  channels: { whatsapp: { phoneNumberId: '106540352242922', businessAccountId: '102290129340398' } },
};

const whatsapp = (hours: number): LastConversation => ({
  channel: 'whatsapp',
  ticketId: 'AUB-2026-000001',
  lastInboundAt: hoursAgo(hours),
  recipientId: '905321234567',
});
const instagram = (hours: number): LastConversation => ({
  channel: 'instagram',
  ticketId: 'AUB-2026-000002',
  lastInboundAt: hoursAgo(hours),
  recipientId: 'igsid-1',
});
const webchat = (hours: number): LastConversation => ({
  channel: 'webchat',
  ticketId: 'AUB-2026-000003',
  lastInboundAt: hoursAgo(hours),
  webchatSessionId: 'ws_1',
});

const reach = (overrides: Partial<GuestReach> = {}): GuestReach => ({
  conversations: [],
  waId: '905321234567',
  phoneNumber: '+905321234567',
  email: 'ayse@example.com',
  ...overrides,
});

describe('the channel a survey goes out on', () => {
  it('is the conversation the guest wrote in within 24 hours, as free text', () => {
    const route = chooseSurveyRoute(reach({ conversations: [whatsapp(3)] }), HOTEL, NOW);

    expect(route).toEqual({
      channel: 'whatsapp',
      mode: 'free-text',
      recipient: { kind: 'whatsapp', waId: '905321234567', phoneNumberId: '106540352242922' },
    });
  });

  it('is the newest of several recent conversations', () => {
    const route = chooseSurveyRoute(reach({ conversations: [whatsapp(5), instagram(2)] }), HOTEL, NOW);

    expect(route).toMatchObject({
      channel: 'instagram',
      mode: 'free-text',
      recipient: { kind: 'instagram', igsid: 'igsid-1', accountId: '17841405309211844' },
    });
  });

  it('is a web chat still inside its day, as free text to the session', () => {
    const route = chooseSurveyRoute(reach({ conversations: [webchat(1)] }), HOTEL, NOW);

    expect(route).toEqual({
      channel: 'webchat',
      mode: 'free-text',
      recipient: { kind: 'webchat', sessionId: 'ws_1' },
    });
  });

  it('falls back to the approved WhatsApp template at exactly 24 hours', () => {
    const route = chooseSurveyRoute(reach({ conversations: [whatsapp(24)] }), HOTEL, NOW);

    expect(route).toMatchObject({ channel: 'whatsapp', mode: 'whatsapp-template' });
  });

  it('does not use an Instagram conversation outside its window: the WhatsApp template goes instead', () => {
    const route = chooseSurveyRoute(reach({ conversations: [instagram(30)] }), HOTEL, NOW);

    expect(route).toMatchObject({
      channel: 'whatsapp',
      mode: 'whatsapp-template',
      recipient: { kind: 'whatsapp', waId: '905321234567' },
    });
  });

  it('goes by e-mail when there is no WhatsApp id or the hotel has no WhatsApp number', () => {
    expect(chooseSurveyRoute(reach({ waId: undefined }), HOTEL, NOW)).toEqual({
      channel: 'email',
      mode: 'email',
      recipient: { kind: 'email', address: 'ayse@example.com' },
    });
    expect(chooseSurveyRoute(reach(), { channels: {} }, NOW)).toMatchObject({ channel: 'email' });
  });

  it('goes by SMS when only a phone number is known and the hotel has no WhatsApp number', () => {
    const route = chooseSurveyRoute(reach({ email: undefined }), { channels: {} }, NOW);

    expect(route).toEqual({
      channel: 'sms',
      mode: 'sms',
      recipient: { kind: 'sms', phoneNumber: '+905321234567' },
    });
  });

  it('finds none when nothing reaches the guest', () => {
    const route = chooseSurveyRoute(
      { conversations: [instagram(48)] },
      { channels: { instagram: { accountId: '17841405309211844' } } },
      NOW,
    );

    expect(route).toBeUndefined();
  });

  it('respects the preferred channel when it reaches the guest', () => {
    const recent = [whatsapp(2)];

    expect(
      chooseSurveyRoute(reach({ conversations: recent, preferredChannel: 'email' }), HOTEL, NOW),
    ).toMatchObject({ channel: 'email' });
    expect(
      chooseSurveyRoute(reach({ conversations: recent, preferredChannel: 'sms' }), HOTEL, NOW),
    ).toMatchObject({
      channel: 'sms',
    });
  });

  it('uses the best way on the preferred channel: free text in its window, else its template', () => {
    const conversations = [instagram(1), whatsapp(5)];

    expect(
      chooseSurveyRoute(reach({ conversations, preferredChannel: 'whatsapp' }), HOTEL, NOW),
    ).toMatchObject({ channel: 'whatsapp', mode: 'free-text' });
    expect(
      chooseSurveyRoute(reach({ conversations: [instagram(1)], preferredChannel: 'whatsapp' }), HOTEL, NOW),
    ).toMatchObject({ channel: 'whatsapp', mode: 'whatsapp-template' });
  });

  it('ignores a preferred channel that does not reach the guest', () => {
    const route = chooseSurveyRoute(
      reach({ conversations: [whatsapp(2)], preferredChannel: 'instagram' }),
      HOTEL,
      NOW,
    );

    expect(route).toMatchObject({ channel: 'whatsapp', mode: 'free-text' });
  });

  it('needs the hotel account of a conversation to answer in it', () => {
    const routes = surveyRoutes(reach({ conversations: [instagram(1)] }), WHATSAPP_ONLY, NOW);

    expect(routes.map((r) => `${r.channel}/${r.mode}`)).toEqual([
      'whatsapp/whatsapp-template',
      'email/email',
      'sms/sms',
    ]);
  });

  it('lists every way in order: recent conversations newest first, template, e-mail, SMS', () => {
    const routes = surveyRoutes(
      reach({ conversations: [whatsapp(10), webchat(2), instagram(40)] }),
      HOTEL,
      NOW,
    );

    expect(routes.map((r) => `${r.channel}/${r.mode}`)).toEqual([
      'webchat/free-text',
      'whatsapp/free-text',
      'whatsapp/whatsapp-template',
      'email/email',
      'sms/sms',
    ]);
  });

  it('sends a decided message the same way later, without checking the window again', () => {
    const later = reach({ conversations: [whatsapp(30)] });

    expect(decidedRoute(later, HOTEL, 'whatsapp', 'free-text')).toMatchObject({
      channel: 'whatsapp',
      mode: 'free-text',
      recipient: { waId: '905321234567' },
    });
    expect(decidedRoute(later, HOTEL, 'email', 'email')).toMatchObject({ recipient: { kind: 'email' } });
    expect(decidedRoute(later, HOTEL, 'instagram', 'free-text')).toBeUndefined();
    expect(decidedRoute(reach({ email: undefined }), HOTEL, 'email', 'email')).toBeUndefined();
  });
});
