import { type Hotel, npsSettingsOf } from '../../functions/domain/hotels';
import { buildSlaPolicy, deadlineAfter, resolveSlaRule, type SlaPolicy } from '../../functions/domain/sla';
import { addDays, fromZoned, type LocalDate, toZoned } from '../../functions/domain/sla/time-zone';
import { surveySendTime } from '../../functions/domain/surveys/schedule-time';
import type { ComplaintFields } from '../../schemas/ticket';
import { hashOf, type Random, seededRandom } from './random';
import {
  AGENT_FOLLOW_UPS,
  type Category,
  GUEST_FOLLOW_UPS,
  GUEST_NAMES,
  type Language,
  LOST_REASONS,
  MARKETS,
  NPS_WORDS,
  ROOM_TYPES,
  TOPICS,
  type Topic,
} from './texts';

export type SimChannel = 'whatsapp' | 'instagram' | 'webchat';
export const SIM_CHANNELS: readonly SimChannel[] = ['whatsapp', 'instagram', 'webchat'];

/** What the generator needs of a hotel: its accounts, time zone, SLA and survey settings. */
export type SimHotel = Pick<
  Hotel,
  'tenantId' | 'hotelCode' | 'timeZone' | 'channels' | 'sla' | 'csatDelayMinutes' | 'nps'
>;

export interface ScenarioOptions {
  seed: number;
  /** When the first simulated day begins (the driver passes a midnight, hotel time). */
  start: Date;
  days: number;
  hotels: readonly SimHotel[];
  /** Conversations per hotel on an average day; the season, the weekday and the hour shape it. */
  perDay: number;
}

/** A guest writing to a hotel on one channel about one topic. */
export interface Conversation {
  index: number;
  tenantId: string;
  channel: SimChannel;
  language: Language;
  category: Category;
  topicId: string;
  guestName: string;
  /** WhatsApp: the guest's wa_id (their number's digits); Instagram: their scoped id. */
  platformId: string;
  openedAt: string;
  /** The first-response deadline of the planned basket, and whether the planned reply misses it. */
  firstResponseDueAt: string;
  lateReply: boolean;
}

/** A guest leaving a hotel, as the PMS reports it (`POST /pms/checkouts`). */
export interface Departure {
  index: number;
  tenantId: string;
  reservationId: string;
  guestName: string;
  phone?: string;
  email?: string;
  language: Language;
  market: string;
  roomType: string;
  stayPurpose: 'leisure' | 'family' | 'couple' | 'business';
  checkInDate: string;
  checkOutDate: string;
  checkOutTime: string;
  consent: { service: boolean; surveys: boolean; marketing: boolean };
  /** When the survey should go out (check-out + delay, out of quiet hours). */
  surveyAt: string;
}

/** An agent's message: free text or a catalogue template (the agent API's reply body). */
export type AgentMessage =
  | { clientMessageId: string; text: string }
  | { clientMessageId: string; templateId: string; fields: Record<string, string> };

/** The closing message of a resolution: resolving sends it once, so it needs no id of its own. */
export type Closing = { templateId: 'closing-message'; fields: { guestName: string } };

/** One thing that happens at `at`, in the order the driver replays them. */
export type SimEvent = { at: string } & (
  | { kind: 'guest-message'; conversation: number; text: string; messageId: string }
  | { kind: 'agent-reply'; conversation: number; agent: string; message: AgentMessage; first: boolean }
  | { kind: 'lead-stage'; conversation: number; agent: string; stage: 'booked' | 'lost'; lostReason?: string }
  | {
      kind: 'resolve';
      conversation: number;
      agent: string;
      closing: Closing;
      complaint?: ComplaintFields;
      rootCause?: string;
    }
  | { kind: 'csat-answer'; conversation: number; score: number; messageId: string }
  | { kind: 'check-out'; departure: number }
  | { kind: 'survey-answer'; departure: number; score: number; text: string; messageId: string }
  | { kind: 'follow-up-reply'; departure: number; agent: string; message: AgentMessage }
  | {
      kind: 'follow-up-resolve';
      departure: number;
      agent: string;
      closing: Closing;
      complaint: ComplaintFields;
      rootCause: string;
    }
);

export interface Scenario {
  start: string;
  end: string;
  /** The simulated days (YYYY-MM-DD, the first hotel's time). */
  days: string[];
  /** Makes this run's message ids, reservations and guests its own: a later run repeats none. */
  runTag: string;
  conversations: Conversation[];
  departures: Departure[];
  /** In time order. */
  events: SimEvent[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Resort-town seasonality (Antalya coast), January first: August brings 2.4 times the messages
 * of January (kept gentler than the real swing, so that a summer run also takes minutes).
 */
export const SEASON = [0.6, 0.6, 0.7, 0.85, 1.05, 1.25, 1.4, 1.45, 1.2, 0.95, 0.65, 0.6] as const;
/** Sunday first: weekends bring more messages. */
export const WEEKDAY = [1.2, 0.9, 0.9, 0.95, 1, 1.1, 1.25] as const;
/** Messages per hour of the hotel's day: a morning and a larger evening peak, quiet nights. */
export const HOURLY = [
  1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4, 3.5, 3, 2.5, 2.5, 2.5, 3, 3.5, 3.5, 4, 4.5, 4, 3, 2,
] as const;

const CHANNEL_WEIGHTS: Record<SimChannel, number> = { whatsapp: 0.55, instagram: 0.25, webchat: 0.2 };
const LANGUAGE_WEIGHTS: Record<Language, number> = { tr: 0.4, en: 0.2, de: 0.2, ru: 0.2 };
const CATEGORY_WEIGHTS: Record<Category, number> = { sales: 0.45, support: 0.35, complaint: 0.2 };
/** Seed 002's realistic spread: about half promoters, a fifth detractors. */
const NPS_WEIGHTS: Record<string, number> = {
  10: 28,
  9: 24,
  8: 14,
  7: 10,
  6: 7,
  5: 5,
  4: 4,
  3: 3,
  2: 2,
  1: 1.5,
  0: 1.5,
};
const CSAT_WEIGHTS: Record<string, number> = { 5: 50, 4: 25, 3: 12, 2: 7, 1: 6 };

export const AGENTS = ['ayse', 'mehmet', 'elena', 'jonas', 'olga', 'burak'] as const;
/** The share of first replies that come after the SLA deadline. */
const LATE_REPLY_SHARE = 0.2;
/** Agents work 08:00–23:00 hotel time; what arrives at night waits for the morning shift. */
const SHIFT = { from: 8, to: 23 } as const;

const DETRACTOR_FOLLOW_UP: ComplaintFields = {
  event: 'Low score in the post-stay survey',
  impact: 'The guest left disappointed',
  expectation: 'A call back from guest relations',
};
const FOLLOW_UP_ROOT_CAUSES = ['service recovery missed during the stay', 'expectation set wrong at booking'];
const FOLLOW_UP_TEXTS: Readonly<Record<Language, string>> = {
  tr: 'Geri bildiriminiz için teşekkürler, misafir ilişkileri müdürümüz sizi arayacak.',
  en: 'Thank you for your feedback; our guest relations manager will call you.',
  de: 'Danke für Ihr Feedback, unsere Gästebetreuung ruft Sie an.',
  ru: 'Спасибо за отзыв, менеджер по работе с гостями вам позвонит.',
};

/**
 * The traffic of `days` days at `hotels`, from `seed` alone: the same options give the same
 * scenario. Each conversation is planned whole (the guest's messages, the agent's reply after a
 * delay that sometimes misses the SLA, follow-ups, the resolution, a CSAT answer, a sales lead's
 * outcome), as is each departure (check-out, survey answer, the follow-up call of a low score).
 * Whatever would happen after the last day is left out.
 */
export function generateScenario(options: ScenarioOptions): Scenario {
  const { seed, start, days, hotels, perDay } = options;
  const first = hotels[0];
  if (!first) throw new Error('A scenario needs a hotel');
  const random = seededRandom(seed);
  const runTag = Math.floor(start.getTime() / 1000).toString(36);
  // Guests of a later run are other people, even with the same seed.
  const identities = seededRandom(hashOf(`${seed}:${runTag}`));
  const end = addLocalDays(start.getTime(), days, first.timeZone);
  const events: (SimEvent & { order: number })[] = [];
  const conversations: Conversation[] = [];
  const departures: Departure[] = [];
  let counter = 0;
  const ids: Ids = {
    message: (prefix) => `${prefix}${runTag}${String(++counter).padStart(6, '0')}`,
    client: () => `sim-${runTag}-${String(++counter).padStart(6, '0')}`,
  };
  const push = (event: SimEvent) => {
    if (Date.parse(event.at) < end) events.push({ ...event, order: events.length });
  };

  for (let day = 0; day < days; day++) {
    for (const hotel of hotels) {
      const date = localDateOf(start.getTime(), hotel.timeZone, day);
      const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
      const mean = perDay * (SEASON[date.month - 1] ?? 1) * (WEEKDAY[weekday] ?? 1);
      const count = random.poisson(mean);
      const starts = Array.from({ length: count }, () => timeOfDay(random, date, hotel.timeZone)).sort(
        (a, b) => a - b,
      );
      for (const openedAt of starts) {
        const planned = planConversation(random, identities, ids, hotel, conversations.length, openedAt);
        conversations.push(planned.conversation);
        for (const event of planned.events) push(event);
      }
      const departuresToday = random.poisson(mean * 0.5);
      for (let i = 0; i < departuresToday; i++) {
        const planned = planDeparture(random, identities, ids, hotel, date, departures.length, runTag);
        departures.push(planned.departure);
        for (const event of planned.events) push(event);
      }
    }
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);
  return {
    start: start.toISOString(),
    end: new Date(end).toISOString(),
    days: Array.from({ length: days }, (_, day) =>
      isoDate(localDateOf(start.getTime(), first.timeZone, day)),
    ),
    runTag,
    conversations,
    departures,
    events: events.map(({ order: _order, ...event }) => event as SimEvent),
  };
}

/** Message ids (platform and client) unique to the run. */
interface Ids {
  message(prefix: string): string;
  client(): string;
}

function planConversation(
  random: Random,
  identities: Random,
  ids: Ids,
  hotel: SimHotel,
  index: number,
  openedAt: number,
) {
  const channels = SIM_CHANNELS.filter((c) => hotel.channels[c] !== undefined);
  const channel = random.weighted(
    Object.fromEntries(channels.map((c) => [c, CHANNEL_WEIGHTS[c]])) as Record<SimChannel, number>,
  );
  const language = random.weighted(LANGUAGE_WEIGHTS);
  const category = random.weighted(CATEGORY_WEIGHTS);
  const topic = random.pick(TOPICS.filter((t) => t.category === category));
  const guestName = random.pick(GUEST_NAMES[language]);
  const platformId =
    channel === 'instagram' ? instagramIdOf(identities) : phoneDigitsOf(identities, language);
  const tz = hotel.timeZone;
  const agent = random.pick(AGENTS);

  // The first-response deadline as the conversation workflow sets it for the planned basket.
  const policy = policyOf(hotel);
  const rule = resolveSlaRule(policy, { basket: category, channel });
  const due = deadlineAfter(
    new Date(openedAt),
    rule.firstResponseMinutes,
    policy.calendar,
    rule.clock,
  ).getTime();
  const handleFrom = onShift(random, openedAt, tz);
  let replyAt: number;
  if (random.chance(LATE_REPLY_SHARE)) {
    replyAt = Math.max(handleFrom, due) + clamp(random.logNormal(20, 0.8), 2, 240) * MINUTE;
  } else {
    const median = category === 'support' ? 12 : 5;
    const leeway = Math.max(MINUTE / 2, (due - handleFrom) * 0.9);
    replyAt = handleFrom + Math.min(clamp(random.logNormal(median, 0.6), 0.5, 120) * MINUTE, leeway);
  }
  const conversation: Conversation = {
    index,
    tenantId: hotel.tenantId,
    channel,
    language,
    category,
    topicId: topic.id,
    guestName,
    platformId,
    openedAt: iso(openedAt),
    firstResponseDueAt: iso(due),
    lateReply: replyAt > due,
  };

  const addsBeforeReply = random.chance(0.2) ? openedAt + random.between(0.5, 4) * MINUTE : undefined;
  const followUpAt = random.chance(0.3)
    ? replyAt + clamp(random.logNormal(8, 0.8), 1, 120) * MINUTE
    : undefined;
  const followUpReplyAt = followUpAt && onShift(random, followUpAt + random.between(2, 25) * MINUTE, tz);
  const lastActivity = followUpReplyAt ?? replyAt;
  // A complaint takes hours to fix; either way the ticket is resolved after the last exchange.
  const resolveAt = onShift(
    random,
    Math.max(
      lastActivity + random.between(category === 'sales' ? 10 : 5, 80) * MINUTE,
      category === 'complaint' ? replyAt + clamp(random.logNormal(150, 0.6), 30, 600) * MINUTE : 0,
    ),
    tz,
  );
  const outcome = category === 'sales' ? random.weighted({ booked: 0.4, lost: 0.3, open: 0.3 }) : 'open';
  const outcomeAt = onShift(random, replyAt + clamp(random.logNormal(20, 0.6), 2, 44) * HOUR, tz);
  const lostReason = random.pick(LOST_REASONS);
  const csatAt = random.chance(0.4)
    ? awake(
        random,
        resolveAt + ((hotel.csatDelayMinutes ?? 60) + clamp(random.logNormal(25, 1), 1, 600)) * MINUTE,
        tz,
      )
    : undefined;
  const csatScore = Number(random.weighted(CSAT_WEIGHTS));
  const rootCause = random.pick(topic.rootCauses ?? ['unknown']);
  const firstName = firstNameOf(guestName);

  const platformMessageId = () => ids.message(channel === 'whatsapp' ? 'wamid.SIM' : 'sim_');
  const guestMessage = (at: number, text: string): SimEvent => ({
    at: iso(at),
    kind: 'guest-message',
    conversation: index,
    text,
    messageId: platformMessageId(),
  });
  const list: SimEvent[] = [guestMessage(openedAt, random.pick(topic.opening[language]))];
  if (addsBeforeReply) list.push(guestMessage(addsBeforeReply, random.pick(topic.addition[language])));
  list.push({
    at: iso(replyAt),
    kind: 'agent-reply',
    conversation: index,
    agent,
    message: firstReply(topic, language, firstName, replyAt, tz, hotel.tenantId, ids.client()),
    first: true,
  });
  if (followUpAt && followUpReplyAt) {
    list.push(guestMessage(followUpAt, random.pick(GUEST_FOLLOW_UPS[language])));
    list.push({
      at: iso(followUpReplyAt),
      kind: 'agent-reply',
      conversation: index,
      agent,
      message: { clientMessageId: ids.client(), text: random.pick(AGENT_FOLLOW_UPS[language]) },
      first: false,
    });
  }
  list.push({
    at: iso(resolveAt),
    kind: 'resolve',
    conversation: index,
    agent,
    closing: {
      templateId: 'closing-message',
      fields: { guestName: firstName },
    },
    ...(topic.complaint && { complaint: topic.complaint, rootCause }),
  });
  if (outcome !== 'open')
    list.push({
      at: iso(Math.max(outcomeAt, resolveAt + MINUTE)),
      kind: 'lead-stage',
      conversation: index,
      agent,
      stage: outcome,
      ...(outcome === 'lost' && { lostReason }),
    });
  if (csatAt)
    list.push({
      at: iso(csatAt),
      kind: 'csat-answer',
      conversation: index,
      score: csatScore,
      messageId: platformMessageId(),
    });
  return { conversation, events: list };
}

/** What the agent answers first: the topic's template (sales, complaints) or free text. */
function firstReply(
  topic: Topic,
  language: Language,
  guestName: string,
  at: number,
  timeZone: string,
  tenantId: string,
  clientMessageId: string,
): AgentMessage {
  const arrival = at + 45 * 24 * HOUR;
  const bookingLink = `https://${tenantId}.example/book`;
  switch (topic.id) {
    case 'room-price':
      return {
        clientMessageId,
        templateId: 'price-availability-offer',
        fields: {
          guestName,
          arrivalDate: dottedDate(arrival, timeZone),
          departureDate: dottedDate(arrival + 5 * 24 * HOUR, timeZone),
          roomType: 'Deluxe Sea View',
          price: '1.240',
          currency: 'EUR',
          bookingLink,
        },
      };
    case 'honeymoon-package':
      return {
        clientMessageId,
        templateId: 'package-campaign',
        fields: {
          guestName,
          campaignName: 'Honeymoon',
          campaignValidUntil: dottedDate(arrival, timeZone),
          bookingLink,
        },
      };
    case 'transfer-price':
      return {
        clientMessageId,
        templateId: 'transfer',
        fields: {
          guestName,
          airport: 'Antalya (AYT)',
          transferMinutes: '35',
          transferPrice: '60',
          currency: 'EUR',
        },
      };
  }
  if (topic.category === 'complaint') {
    const followUp = toZoned(at + 30 * MINUTE, timeZone);
    return {
      clientMessageId,
      templateId: 'complaint-acknowledgement',
      fields: {
        guestName,
        agentName: 'Guest Relations',
        followUpTime: `${pad(followUp.hour)}:${pad(followUp.minute)}`,
      },
    };
  }
  return { clientMessageId, text: (topic.answer ?? AGENT_FOLLOW_UPS)[language][0] ?? '' };
}

function planDeparture(
  random: Random,
  identities: Random,
  ids: Ids,
  hotel: SimHotel,
  date: LocalDate,
  index: number,
  runTag: string,
) {
  const tz = hotel.timeZone;
  const language = random.weighted(LANGUAGE_WEIGHTS);
  const guestName = random.pick(GUEST_NAMES[language]);
  const nights = random.int(3, 10);
  const checkOutTime = `${pad(random.int(10, 11))}:${pad(15 * random.int(0, 3))}`;
  const [hour, minute] = checkOutTime.split(':').map(Number);
  const checkOut = fromZoned({ ...date, hour: hour ?? 12, minute: minute ?? 0 }, tz);
  const postedAt = checkOut + random.between(1, 20) * MINUTE;
  const hasPhone = random.chance(0.9);
  const phone = `+${phoneDigitsOf(identities, language)}`;
  const hasEmail = !hasPhone || random.chance(0.5);
  const consent = { service: true, surveys: random.chance(0.85), marketing: random.chance(0.3) };
  const settings = npsSettingsOf(hotel);
  const surveyAt = surveySendTime({
    checkOutDate: isoDate(date),
    checkOutTime,
    timeZone: tz,
    settings,
    now: new Date(postedAt),
  }).getTime();
  const departure: Departure = {
    index,
    tenantId: hotel.tenantId,
    reservationId: `SIM-${runTag}-${String(index + 1).padStart(5, '0')}`.toUpperCase(),
    guestName,
    ...(hasPhone && { phone }),
    ...(hasEmail && { email: `guest${index + 1}.${runTag}@example.com` }),
    language,
    market: MARKETS[language].market,
    roomType: random.pick(ROOM_TYPES),
    stayPurpose: random.weighted({ leisure: 0.5, family: 0.3, couple: 0.15, business: 0.05 }),
    checkInDate: isoDate(addDays(date, -nights)),
    checkOutDate: isoDate(date),
    checkOutTime,
    consent,
    surveyAt: iso(surveyAt),
  };
  const answers = hasPhone && consent.surveys && random.chance(0.5);
  const latest = surveyAt + (settings.answerWindowHours - 1) * HOUR;
  const answerAt = Math.min(
    awake(random, surveyAt + clamp(random.logNormal(90, 1.2), 2, 1200) * MINUTE, tz),
    latest,
  );
  const score = Number(random.weighted(NPS_WEIGHTS));
  const text = random.chance(0.2) ? (NPS_WORDS[language][score] ?? String(score)) : String(score);
  const followUpReplyAt = onShift(random, answerAt + random.between(30, 300) * MINUTE, tz);
  const followUpResolveAt = followUpReplyAt + random.between(15, 90) * MINUTE;
  const agent = random.pick(AGENTS);
  const rootCause = random.pick(FOLLOW_UP_ROOT_CAUSES);

  const list: SimEvent[] = [{ at: iso(postedAt), kind: 'check-out', departure: index }];
  if (!answers) return { departure, events: list };
  list.push({
    at: iso(answerAt),
    kind: 'survey-answer',
    departure: index,
    score,
    text,
    messageId: ids.message('wamid.SIM'),
  });
  if (score <= 8) {
    list.push({
      at: iso(followUpReplyAt),
      kind: 'follow-up-reply',
      departure: index,
      agent,
      message: { clientMessageId: ids.client(), text: FOLLOW_UP_TEXTS[language] },
    });
    list.push({
      at: iso(followUpResolveAt),
      kind: 'follow-up-resolve',
      departure: index,
      agent,
      closing: { templateId: 'closing-message', fields: { guestName: firstNameOf(guestName) } },
      complaint: DETRACTOR_FOLLOW_UP,
      rootCause,
    });
  }
  return { departure, events: list };
}

const policies = new WeakMap<SimHotel, SlaPolicy>();
/** The hotel's SLA policy, built once: the same the conversation workflow applies. */
function policyOf(hotel: SimHotel): SlaPolicy {
  let policy = policies.get(hotel);
  if (!policy) {
    policy = buildSlaPolicy(hotel.sla ?? {}, hotel.timeZone);
    policies.set(hotel, policy);
  }
  return policy;
}

/** A moment of the day, as busy as the hour's weight says. */
function timeOfDay(random: Random, date: LocalDate, timeZone: string): number {
  const hour = Number(random.weighted(Object.fromEntries(HOURLY.map((w, h) => [h, w]))));
  return fromZoned({ ...date, hour, minute: random.int(0, 59), second: random.int(0, 59) }, timeZone);
}

/** `at` when an agent is on shift then; else the next shift's start, plus the backlog's wait. */
function onShift(random: Random, at: number, timeZone: string): number {
  const local = toZoned(at, timeZone);
  if (local.hour >= SHIFT.from && local.hour < SHIFT.to) return at;
  const morning = addDays(local, local.hour >= SHIFT.to ? 1 : 0);
  return fromZoned({ ...morning, hour: SHIFT.from }, timeZone) + random.between(0, 45) * MINUTE;
}

/** Guests answer surveys when awake: a night-time answer comes in the morning instead. */
function awake(random: Random, at: number, timeZone: string): number {
  const local = toZoned(at, timeZone);
  if (local.hour >= 7) return at;
  return fromZoned({ ...local, hour: 7, minute: 0, second: 0 }, timeZone) + random.between(0, 150) * MINUTE;
}

/** A mobile number of the guest's country, as WhatsApp's wa_id writes it (digits only). */
function phoneDigitsOf(random: Random, language: Language): string {
  const { countryCode, mobile } = MARKETS[language];
  const length = countryCode === '49' ? 9 : 8;
  let digits = '';
  for (let i = 0; i < length; i++) digits += String(random.int(0, 9));
  return `${countryCode}${mobile}${digits}`;
}

function instagramIdOf(random: Random): string {
  let id = String(random.int(1, 9));
  for (let i = 0; i < 15; i++) id += String(random.int(0, 9));
  return id;
}

function localDateOf(instant: number, timeZone: string, plusDays: number): LocalDate {
  const { year, month, day } = toZoned(instant, timeZone);
  return addDays({ year, month, day }, plusDays);
}

function addLocalDays(instant: number, days: number, timeZone: string): number {
  const local = toZoned(instant, timeZone);
  return fromZoned(
    { ...addDays(local, days), hour: local.hour, minute: local.minute, second: local.second },
    timeZone,
  );
}

const firstNameOf = (name: string) => name.split(' ')[0] ?? name;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const iso = (instant: number) => new Date(Math.round(instant)).toISOString();
const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (d: LocalDate) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;
const dottedDate = (instant: number, timeZone: string) => {
  const d = toZoned(instant, timeZone);
  return `${pad(d.day)}.${pad(d.month)}.${d.year}`;
};
