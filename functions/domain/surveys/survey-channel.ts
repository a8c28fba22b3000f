import type { Channel, OutboundRecipient } from '../../../schemas/events';
import type { SurveyChannel } from '../../../schemas/surveys';
import type { Hotel } from '../hotels';
import { CUSTOMER_SERVICE_WINDOW_HOURS } from '../outbound/messaging-window';

/**
 * How a survey message goes out: free text in a conversation the guest wrote in within the last
 * 24 hours, an approved WhatsApp template (outside that window), an e-mail or an SMS.
 */
export const SURVEY_SEND_MODES = ['free-text', 'whatsapp-template', 'email', 'sms'] as const;
export type SurveySendMode = (typeof SURVEY_SEND_MODES)[number];

/** The guest's current conversation with the hotel on one platform, as its ticket knows it. */
export interface LastConversation {
  channel: Channel;
  ticketId: string;
  /** The guest's last message on it: the platform's 24-hour window runs from here. */
  lastInboundAt: string;
  /** The WhatsApp wa_id or Instagram-scoped id replies go to. */
  recipientId?: string;
  webchatSessionId?: string;
  /** The triage basket of that ticket (`sales`, `support`, `complaint`): the segment's request type. */
  basket?: string;
}

/** Every way the hotel knows to reach the guest, and the channel they asked for. */
export interface GuestReach {
  conversations: readonly LastConversation[];
  /** The guest's WhatsApp id: the wa_id they wrote from, or their phone number's digits. */
  waId?: string;
  /** E.164, for SMS. */
  phoneNumber?: string;
  email?: string;
  preferredChannel?: SurveyChannel;
}

/** A decided way out: the channel, how it is used, and the recipient the sender needs. */
export interface SurveyRoute {
  channel: SurveyChannel;
  mode: SurveySendMode;
  recipient: OutboundRecipient;
}

type HotelChannels = Pick<Hotel, 'channels'>;

const HOUR = 3_600_000;

/**
 * Every route that reaches the guest at `now`, best first (seed 002: ask on the channel the
 * guest used): free text in each conversation inside its 24-hour window, newest first; then the
 * approved WhatsApp template; then e-mail; then SMS.
 */
export function surveyRoutes(reach: GuestReach, hotel: HotelChannels, now: Date): SurveyRoute[] {
  const routes: SurveyRoute[] = [];
  const recent = reach.conversations
    .filter((c) => isInsideWindow(c.lastInboundAt, now))
    .sort((a, b) => Date.parse(b.lastInboundAt) - Date.parse(a.lastInboundAt));
  for (const conversation of recent) {
    const recipient = conversationRecipient(conversation, hotel);
    if (recipient) routes.push({ channel: conversation.channel, mode: 'free-text', recipient });
  }
  for (const mode of ['whatsapp-template', 'email', 'sms'] as const) {
    const route = directRoute(reach, hotel, mode);
    if (route) routes.push(route);
  }
  return routes;
}

/**
 * The route a survey message takes at `now`: the guest's preferred channel when it reaches
 * them, otherwise the best route of `surveyRoutes`; undefined when nothing reaches the guest.
 */
export function chooseSurveyRoute(
  reach: GuestReach,
  hotel: HotelChannels,
  now: Date,
): SurveyRoute | undefined {
  const routes = surveyRoutes(reach, hotel, now);
  const preferred = routes.find((route) => route.channel === reach.preferredChannel);
  return preferred ?? routes[0];
}

/**
 * The route of a decision taken earlier (the same message sent again after a retry): the
 * recipient for `channel` and `mode`, the 24-hour window not checked again, since the message
 * was allowed out when it was decided. Undefined when the guest can no longer be found there.
 */
export function decidedRoute(
  reach: GuestReach,
  hotel: HotelChannels,
  channel: SurveyChannel,
  mode: SurveySendMode,
): SurveyRoute | undefined {
  if (mode !== 'free-text') {
    const route = directRoute(reach, hotel, mode);
    return route?.channel === channel ? route : undefined;
  }
  const conversation = [...reach.conversations]
    .filter((c) => c.channel === channel)
    .sort((a, b) => Date.parse(b.lastInboundAt) - Date.parse(a.lastInboundAt))[0];
  const recipient = conversation && conversationRecipient(conversation, hotel);
  return recipient && conversation ? { channel: conversation.channel, mode, recipient } : undefined;
}

/** Web chat has no platform window, but a visitor gone for a day will not see the message either. */
const isInsideWindow = (lastInboundAt: string, now: Date) =>
  now.getTime() - Date.parse(lastInboundAt) < CUSTOMER_SERVICE_WINDOW_HOURS * HOUR;

function conversationRecipient(
  conversation: LastConversation,
  { channels }: HotelChannels,
): OutboundRecipient | undefined {
  switch (conversation.channel) {
    case 'whatsapp':
      return conversation.recipientId && channels.whatsapp
        ? { kind: 'whatsapp', waId: conversation.recipientId, phoneNumberId: channels.whatsapp.phoneNumberId }
        : undefined;
    case 'instagram':
      return conversation.recipientId && channels.instagram
        ? { kind: 'instagram', igsid: conversation.recipientId, accountId: channels.instagram.accountId }
        : undefined;
    case 'webchat':
      return conversation.webchatSessionId
        ? { kind: 'webchat', sessionId: conversation.webchatSessionId }
        : undefined;
  }
}

function directRoute(
  reach: GuestReach,
  { channels }: HotelChannels,
  mode: Exclude<SurveySendMode, 'free-text'>,
): SurveyRoute | undefined {
  switch (mode) {
    case 'whatsapp-template':
      return reach.waId && channels.whatsapp
        ? {
            channel: 'whatsapp',
            mode,
            recipient: { kind: 'whatsapp', waId: reach.waId, phoneNumberId: channels.whatsapp.phoneNumberId },
          }
        : undefined;
    case 'email':
      return reach.email
        ? { channel: 'email', mode, recipient: { kind: 'email', address: reach.email } }
        : undefined;
    case 'sms':
      return reach.phoneNumber
        ? { channel: 'sms', mode, recipient: { kind: 'sms', phoneNumber: reach.phoneNumber } }
        : undefined;
  }
}
