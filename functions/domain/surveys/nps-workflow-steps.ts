import { type Channel, surveyThreadId } from '../../../schemas/events';
import type { Departure, Survey, SurveyChannel } from '../../../schemas/surveys';
import type { TemplatesFile } from '../../../schemas/templates';
import { type Hotel, npsSettingsOf } from '../hotels';
import { conversationKeyOf } from '../ingest/keys';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { type ConsentReader, consents } from '../privacy/consent';
import { toWaitTimestamp } from '../sla/wait-timestamp';
import { normalizePhoneNumber } from '../tickets/guest-phone';
import type { TicketStore } from '../tickets/ports';
import type { SurveyStore } from './ports';
import { outOfQuietHours } from './schedule-time';
import {
  chooseSurveyRoute,
  decidedRoute,
  type GuestReach,
  type LastConversation,
  type SurveyRoute,
  type SurveySendMode,
  surveyRoutes,
} from './survey-channel';
import { surveyExpired, surveySent, surveySkipped } from './survey-events';
import {
  composeSurveyMessage,
  modeOf,
  type SurveyPurpose,
  type SurveyThread,
  surveyMessageId,
} from './survey-message';
import { npsCampaign, npsReviewTags, withUtm } from './utm';

/** A platform identity of a guest: the channel and the id the platform knows them by. */
export interface ChannelIdentity {
  channel: Channel;
  platformId: string;
}

/** Where the guest's conversations with the hotel are found. */
export interface GuestIdentities {
  /** The identities the hotel knows the guest by (the WhatsApp one of their profile's phone…). */
  identitiesOf(tenantId: string, guestId: string): Promise<ChannelIdentity[]>;
}

export interface NpsDeps extends PublishOnceDeps {
  surveys: SurveyStore;
  tickets: Pick<TicketStore, 'getConversation' | 'getTicket'>;
  guests: GuestIdentities;
  /** The guest's current consent decisions: `surveys` gates the question and the review invitation. */
  consent: ConsentReader;
  thread: SurveyThread;
  hotelOf(tenantId: string): Hotel | undefined;
  /** The reply templates (`loadTemplates()`): `nps-question`, `nps-promoter-review`. */
  catalogue: TemplatesFile;
  /** SLA_CLOCK_SPEED: a demo closes the answer window and invites `speed` times sooner. 1 in production. */
  clockSpeed: number;
  /** Whether the sender can send e-mail (an SES identity is configured, or the local outbox) and SMS. */
  directChannels: { email: boolean; sms: boolean };
}

export interface NpsRef {
  tenantId: string;
  surveyId: string;
}

/**
 * What workflows/nps.asl.json carries between states: ids, and what to do or wait for next.
 * Never an address, a phone number or a name (the execution history keeps it).
 */
export interface NpsPlan extends NpsRef {
  /** Present when the question is to be sent (Prepare → Send): the channel and how it is used. */
  channel?: SurveyChannel;
  mode?: SurveySendMode;
  /** Present when the question went out: the Wait before Close. */
  answerBy?: string;
  /** Present when a promoter is to be invited to review: the Wait before Invite. */
  inviteAt?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A step re-reads the survey after each write of its own or a lost conditional write. */
const ROUNDS = 3;

/**
 * Prepare, when the schedule fires: a scheduled survey goes out only with the guest's current
 * survey consent (KVKK: their consent records, so a "STOP" after check-out wins), on a channel that reaches them, and if no other survey went to them within the
 * hotel's frequency cap; otherwise it is skipped with its reason and Survey Skipped is published
 * once. The cap's slot is taken last, so a survey skipped for another reason never takes it. A
 * survey already past `scheduled` (a second execution, a restart) resumes where it stands.
 */
export async function prepareNps(deps: NpsDeps, ref: NpsRef): Promise<NpsPlan> {
  for (let round = 0; round < ROUNDS; round++) {
    const survey = await deps.surveys.getSurvey(ref.tenantId, ref.surveyId);
    // Erased on the guest's request, or never created: nothing to do.
    if (!survey) return ref;
    switch (survey.status) {
      case 'scheduled': {
        const decision = await decide(deps, survey);
        if ('route' in decision)
          return { ...ref, channel: decision.route.channel, mode: decision.route.mode };
        await deps.surveys.updateSurvey(
          ref.tenantId,
          ref.surveyId,
          { status: 'skipped', skippedReason: decision.skip, updatedAt: deps.now().toISOString() },
          ['scheduled'],
        );
        continue;
      }
      case 'skipped':
        await publishOnce(deps, [surveySkipped(survey)]);
        return ref;
      case 'sent': {
        const resend = await resendPlan(deps, survey);
        return resend ? { ...ref, ...resend } : withAnswerBy(ref, survey);
      }
      default:
        return withAnswerBy(ref, survey);
    }
  }
  throw new Error(`Survey ${ref.surveyId} kept changing; the task will be retried`);
}

/**
 * Send: the survey becomes `sent` (sentAt, sentVia, answerBy) before anything goes out, then the
 * question is recorded on the survey's thread and requested from the sender, the guest's pending
 * answer is set and Survey Sent published, all from the stored survey: a retry at any point
 * records, requests and announces it once.
 */
export async function sendNps(
  deps: NpsDeps,
  input: NpsRef & { channel: SurveyChannel; mode: SurveySendMode },
): Promise<NpsPlan> {
  const ref = { tenantId: input.tenantId, surveyId: input.surveyId };
  for (let round = 0; round < ROUNDS; round++) {
    const survey = await deps.surveys.getSurvey(ref.tenantId, ref.surveyId);
    if (!survey) return ref;
    switch (survey.status) {
      case 'scheduled':
        await markSent(deps, survey, input.channel);
        continue;
      case 'sent':
      case 'answered':
      case 'expired':
        await deliverQuestion(deps, survey, input.mode);
        return withAnswerBy(ref, survey);
      default:
        return ref;
    }
  }
  throw new Error(`Survey ${ref.surveyId} kept changing; the task will be retried`);
}

/**
 * Close, when the answer window has passed: a survey still `sent` expires (a non-response), the
 * guest's pending answer is cleared and Survey Expired published once. An answered promoter is
 * invited to review `reviewInvitationDelayHours` after the answer, when the hotel has review links.
 */
export async function closeNps(deps: NpsDeps, ref: NpsRef): Promise<NpsPlan> {
  for (let round = 0; round < ROUNDS; round++) {
    const survey = await deps.surveys.getSurvey(ref.tenantId, ref.surveyId);
    if (!survey) return ref;
    switch (survey.status) {
      case 'sent': {
        const now = deps.now().toISOString();
        await deps.surveys.updateSurvey(
          ref.tenantId,
          ref.surveyId,
          { status: 'expired', expiredAt: now, updatedAt: now },
          ['sent'],
        );
        continue;
      }
      case 'expired':
        await clearPendingAnswer(deps, survey);
        await publishOnce(deps, [surveyExpired(survey)]);
        return ref;
      case 'answered': {
        const inviteAt = invitationDueAt(deps, survey);
        return inviteAt ? { ...ref, inviteAt } : ref;
      }
      default:
        return ref;
    }
  }
  throw new Error(`Survey ${ref.surveyId} kept changing; the task will be retried`);
}

/**
 * Invite: a promoter who still consents gets `nps-promoter-review` with each of the hotel's
 * review links tagged for the channel it goes on (seed 002: optional, within 72 hours). The
 * invitation's time is recorded first and the message made from it, so it goes out once.
 */
export async function inviteNpsPromoter(deps: NpsDeps, ref: NpsRef): Promise<NpsPlan> {
  for (let round = 0; round < ROUNDS; round++) {
    const survey = await deps.surveys.getSurvey(ref.tenantId, ref.surveyId);
    if (survey?.status !== 'answered' || survey.category !== 'promoter') return ref;
    const hotel = hotelOf(deps, ref.tenantId);
    if (npsSettingsOf(hotel).reviewLinks.length === 0) return ref;
    const departure = await loadDeparture(deps, survey);
    // Consent withdrawn since the answer ("STOP"): no further message.
    if (!(await consentsToSurveys(deps, survey, departure))) return ref;
    const reach = await reachOf(deps, survey, departure);
    if (survey.reviewInvitationSentAt) {
      await deliverInvitation(deps, survey, hotel, departure, reach, survey.reviewInvitationSentAt);
      return ref;
    }
    const now = deps.now();
    // Nothing is recorded when nothing reaches the guest now.
    if (!invitationRoute(reach, hotel, survey, now)) return ref;
    const at = now.toISOString();
    await deps.surveys.updateSurvey(
      ref.tenantId,
      ref.surveyId,
      { reviewInvitationSentAt: at, updatedAt: at },
      ['answered'],
    );
  }
  throw new Error(`Survey ${ref.surveyId} kept changing; the task will be retried`);
}

type Decision = { route: SurveyRoute } | { skip: NonNullable<Survey['skippedReason']> };

async function decide(deps: NpsDeps, survey: Survey): Promise<Decision> {
  const departure = await loadDeparture(deps, survey);
  if (!(await consentsToSurveys(deps, survey, departure))) return { skip: 'no-consent' };
  const hotel = hotelOf(deps, survey.tenantId);
  const now = deps.now();
  const reach = await reachOf(deps, survey, departure);
  const route = chooseSurveyRoute(reach, hotel, now);
  if (!route) return { skip: 'no-channel' };
  await recordRequestType(deps, survey, reach.conversations);
  const capSince = new Date(now.getTime() - npsSettingsOf(hotel).frequencyCapDays * DAY).toISOString();
  const claimed = await deps.surveys.claimGuestSurvey(
    survey.tenantId,
    survey.guestId,
    survey.surveyId,
    now.toISOString(),
    capSince,
  );
  return claimed ? { route } : { skip: 'frequency-cap' };
}

/** Seed 002's segment "request type": the basket of the guest's latest ticket with the hotel. */
async function recordRequestType(deps: NpsDeps, survey: Survey, conversations: readonly LastConversation[]) {
  const latest = [...conversations].sort((a, b) => b.lastInboundAt.localeCompare(a.lastInboundAt))[0];
  if (!latest?.basket || survey.segment.requestType === latest.basket) return;
  await deps.surveys.updateSurvey(
    survey.tenantId,
    survey.surveyId,
    { segment: { ...survey.segment, requestType: latest.basket }, updatedAt: deps.now().toISOString() },
    ['scheduled'],
  );
}

async function markSent(deps: NpsDeps, survey: Survey, channel: SurveyChannel): Promise<void> {
  const now = deps.now();
  const { answerWindowHours } = npsSettingsOf(hotelOf(deps, survey.tenantId));
  const sentAt = now.toISOString();
  await deps.surveys.updateSurvey(
    survey.tenantId,
    survey.surveyId,
    {
      status: 'sent',
      sentAt,
      sentVia: channel,
      messageId: surveyMessageId('nps', survey.surveyId),
      answerBy: toWaitTimestamp(new Date(now.getTime() + (answerWindowHours * HOUR) / deps.clockSpeed)),
      segment: { ...survey.segment, channel },
      updatedAt: sentAt,
    },
    ['scheduled'],
  );
}

/**
 * Records and requests the question of a survey marked sent. A message already on the thread
 * says how it went out; otherwise `mode` (Prepare's decision) does. The pending answer is set
 * before the request, so the guest's reply always finds it.
 */
async function deliverQuestion(deps: NpsDeps, survey: Survey, mode: SurveySendMode): Promise<void> {
  const { sentAt, sentVia } = survey;
  if (!sentAt || !sentVia) throw new Error(`Survey ${survey.surveyId} is sent but has no sentAt or sentVia`);
  const threadId = surveyThreadId(survey.surveyId);
  const recorded = await deps.thread.get(
    survey.tenantId,
    threadId,
    sentAt,
    surveyMessageId('nps', survey.surveyId),
  );
  const hotel = hotelOf(deps, survey.tenantId);
  const departure = await loadDeparture(deps, survey);
  const reach = await reachOf(deps, survey, departure);
  const route = decidedRoute(reach, hotel, sentVia, recorded ? modeOf(recorded) : mode);
  if (!route) throw new Error(`Survey ${survey.surveyId} no longer reaches the guest by ${sentVia}`);
  const composed = composeSurveyMessage({
    survey,
    hotelName: hotel.name,
    catalogue: deps.catalogue,
    purpose: 'nps',
    fields: { guestName: departure.guestName, hotelName: hotel.name },
    route,
    at: sentAt,
  });
  if (survey.status === 'sent' && survey.answerBy) {
    await deps.surveys.setPendingAnswer(survey.tenantId, survey.guestId, {
      surveyId: survey.surveyId,
      answerBy: survey.answerBy,
    });
  }
  await deps.thread.append(survey.tenantId, threadId, composed.message);
  await publishOnce(deps, [composed.request, surveySent(survey)]);
}

async function deliverInvitation(
  deps: NpsDeps,
  survey: Survey,
  hotel: Hotel,
  departure: Departure,
  reach: GuestReach,
  at: string,
): Promise<void> {
  const threadId = surveyThreadId(survey.surveyId);
  const purpose: SurveyPurpose = 'nps-review';
  const recorded = await deps.thread.get(
    survey.tenantId,
    threadId,
    at,
    surveyMessageId(purpose, survey.surveyId),
  );
  const route = recorded
    ? decidedRoute(reach, hotel, recorded.channel, modeOf(recorded))
    : invitationRoute(reach, hotel, survey, new Date(at));
  if (!route)
    throw new Error(`The review invitation of survey ${survey.surveyId} no longer reaches the guest`);
  const campaign = npsCampaign(survey.tenantId, new Date(survey.sentAt ?? at), hotel.timeZone);
  const links = npsSettingsOf(hotel).reviewLinks.map((link) =>
    withUtm(link, npsReviewTags(route.channel, campaign)),
  );
  const composed = composeSurveyMessage({
    survey,
    hotelName: hotel.name,
    catalogue: deps.catalogue,
    purpose,
    // One parameter holds every link: WhatsApp template parameters take no line breaks.
    fields: { guestName: departure.guestName, hotelName: hotel.name, reviewLink: links.join(' ') },
    route,
    at,
  });
  await deps.thread.append(survey.tenantId, threadId, composed.message);
  await publishOnce(deps, [composed.request]);
}

/** The invitation goes where the question went when that still reaches the guest. */
const invitationRoute = (reach: GuestReach, hotel: Hotel, survey: Survey, now: Date) =>
  chooseSurveyRoute({ ...reach, preferredChannel: survey.sentVia ?? reach.preferredChannel }, hotel, now);

/**
 * When a promoter's review invitation is due (the delay after the answer, moved out of the quiet
 * hours as the survey itself is, which a demo speed runs without); undefined when there is none.
 */
function invitationDueAt(deps: NpsDeps, survey: Survey): string | undefined {
  if (survey.category !== 'promoter' || !survey.answeredAt) return undefined;
  const hotel = hotelOf(deps, survey.tenantId);
  const settings = npsSettingsOf(hotel);
  if (settings.reviewLinks.length === 0) return undefined;
  const due = Date.parse(survey.answeredAt) + (settings.reviewInvitationDelayHours * HOUR) / deps.clockSpeed;
  const moved = deps.clockSpeed === 1 ? outOfQuietHours(due, hotel.timeZone, settings.quietHours) : due;
  return toWaitTimestamp(new Date(moved));
}

/**
 * A `sent` survey met again by Prepare (a restart, a second execution): send it again the way
 * it went, which records and publishes nothing new if it went out. Undefined when the guest can
 * no longer be reached that way: the survey then only waits for its answer window.
 */
async function resendPlan(
  deps: NpsDeps,
  survey: Survey,
): Promise<{ channel: SurveyChannel; mode: SurveySendMode } | undefined> {
  const { sentAt, sentVia } = survey;
  if (!sentAt || !sentVia) return undefined;
  const recorded = await deps.thread.get(
    survey.tenantId,
    surveyThreadId(survey.surveyId),
    sentAt,
    surveyMessageId('nps', survey.surveyId),
  );
  if (recorded) return { channel: sentVia, mode: modeOf(recorded) };
  const departure = await loadDeparture(deps, survey);
  const reach = await reachOf(deps, survey, departure);
  const route = surveyRoutes(reach, hotelOf(deps, survey.tenantId), new Date(sentAt)).find(
    (r) => r.channel === sentVia,
  );
  return route && { channel: sentVia, mode: route.mode };
}

/**
 * How the guest can be reached: their current conversation on each platform identity (the
 * departure's phone number is a WhatsApp identity too), the departure's e-mail and phone.
 */
async function reachOf(deps: NpsDeps, survey: Survey, departure: Departure): Promise<GuestReach> {
  const phoneNumber = normalizePhoneNumber(departure.phone);
  const identities = await deps.guests.identitiesOf(survey.tenantId, survey.guestId);
  if (phoneNumber) identities.push({ channel: 'whatsapp', platformId: phoneNumber.slice(1) });
  const seen = new Set<string>();
  const conversations: LastConversation[] = [];
  for (const { channel, platformId } of identities) {
    const conversationKey = conversationKeyOf(survey.tenantId, channel, platformId);
    if (seen.has(conversationKey)) continue;
    seen.add(conversationKey);
    const conversation = await deps.tickets.getConversation(survey.tenantId, conversationKey);
    if (!conversation?.currentTicketId) continue;
    const ticket = await deps.tickets.getTicket(survey.tenantId, conversation.currentTicketId);
    if (!ticket) continue;
    conversations.push({
      channel: ticket.channel,
      ticketId: ticket.ticketId,
      lastInboundAt: ticket.lastInboundAt,
      ...(ticket.recipientId && { recipientId: ticket.recipientId }),
      ...(ticket.webchatSessionId && { webchatSessionId: ticket.webchatSessionId }),
      ...(ticket.basket && { basket: ticket.basket }),
    });
  }
  const waId =
    conversations.find((c) => c.channel === 'whatsapp' && c.recipientId)?.recipientId ??
    identities.find((identity) => identity.channel === 'whatsapp')?.platformId;
  return {
    conversations,
    ...(waId && { waId }),
    ...(phoneNumber && deps.directChannels.sms && { phoneNumber }),
    ...(departure.email && deps.directChannels.email && { email: departure.email }),
    ...(departure.preferredChannel && { preferredChannel: departure.preferredChannel }),
  };
}

/**
 * Whether the guest consents to surveys now: their latest decision (the departure's flags as
 * recorded at import, or a later "STOP"), else, for a departure recorded before consent records
 * existed, its own flag. The review invitation is a follow-up of the survey answer, not an offer:
 * `surveys` gates it too, not `marketing`.
 */
async function consentsToSurveys(deps: NpsDeps, survey: Survey, departure: Departure): Promise<boolean> {
  const current = await deps.consent.current(survey.tenantId, survey.guestId);
  return consents(current, 'surveys', departure.consent.surveys);
}

/** Clears the guest's pending answer if it is still this survey's (a later survey may have its own). */
async function clearPendingAnswer(deps: NpsDeps, survey: Survey): Promise<void> {
  const pending = await deps.surveys.getPendingAnswer(survey.tenantId, survey.guestId);
  if (pending?.surveyId === survey.surveyId)
    await deps.surveys.setPendingAnswer(survey.tenantId, survey.guestId, undefined);
}

const withAnswerBy = (ref: NpsRef, survey: Survey): NpsPlan =>
  survey.answerBy ? { ...ref, answerBy: survey.answerBy } : ref;

async function loadDeparture(deps: NpsDeps, survey: Survey): Promise<Departure> {
  const stored = await deps.surveys.getDeparture(survey.tenantId, survey.reservationId);
  if (!stored) throw new Error(`The departure of survey ${survey.surveyId} is missing`);
  return stored.departure;
}

function hotelOf(deps: NpsDeps, tenantId: string): Hotel {
  const hotel = deps.hotelOf(tenantId);
  if (!hotel) throw new Error(`No hotel is configured for tenant ${tenantId}`);
  return hotel;
}
