import { type Hotel, HotelSchema } from '../../functions/domain/hotels';
import { localDayBounds, shiftDate } from '../../functions/domain/kpi/lake-days';
import { seededRandom as seededTraffic } from '../../local/simulator/random';
import { type Survey, type SurveyChannel, SurveySchema } from '../../schemas/surveys';
import { type Ticket, type TicketMessage, TicketMessageSchema, TicketSchema } from '../../schemas/ticket';

/**
 * A seeded, realistic set of domain records for the KPI tests: two hotels in different time
 * zones over three ISO weeks (2026-W29 to W31), with tickets, their threads, CSATs and post-stay
 * NPS surveys, covering every case the queries tell apart (see `coverageOf`).
 */
export interface KpiDataset {
  hotels: Hotel[];
  tickets: Ticket[];
  /** Each ticket's thread, by ticket id. */
  messages: Map<string, TicketMessage[]>;
  surveys: Survey[];
}

export const FIRST_DAY = '2026-07-13'; // Monday of 2026-W29
export const LAST_DAY = '2026-08-02'; // Sunday of 2026-W31
export const WEEKS = ['2026-W29', '2026-W30', '2026-W31'] as const;

export const KPI_HOTELS: Hotel[] = [
  HotelSchema.parse({
    tenantId: 'aurora-belek',
    hotelCode: 'AUB',
    name: 'Aurora Belek Resort & Spa',
    timeZone: 'Europe/Istanbul',
    channels: {},
  }),
  HotelSchema.parse({
    tenantId: 'riviera-cancun',
    hotelCode: 'RVC',
    name: 'Riviera Cancún',
    timeZone: 'America/Cancun',
    channels: {},
  }),
];

/** The guests whose personal data must never reach the lake. */
export const GUESTS = [
  { name: 'Ayşe Yılmaz', phone: '+905321234567', email: 'ayse.yilmaz@example.com' },
  { name: 'Hans Müller', phone: '+4915112345678', email: 'hans.mueller@example.de' },
  { name: 'Olga Petrova', phone: '+79161234567', email: 'olga.petrova@example.ru' },
  { name: 'James Carter', phone: '+447700900123', email: 'james.carter@example.co.uk' },
] as const;

export const ROOT_CAUSES = [
  'klima arızası',
  'oda temizliği',
  'gürültü',
  'geç transfer',
  'yanlış fatura',
  'personel tavrı',
  'havuz kapalı',
  'wifi',
] as const;

const TOPICS = {
  sales: ['price', 'availability', 'package', 'transfer'],
  support: ['check-in', 'transfer', 'concept', 'children'],
  complaint: ['cleanliness', 'delay', 'refund', 'noise'],
} as const;

const CHANNELS = ['whatsapp', 'instagram', 'webchat'] as const;
const SURVEY_CHANNELS: SurveyChannel[] = ['whatsapp', 'instagram', 'webchat', 'email', 'sms'];
const MARKETS = ['TR', 'DE', 'RU', 'GB'];
const ROOM_TYPES = ['Standard', 'Deluxe Sea View', 'Family Suite'];
const STAY_PURPOSES = ['leisure', 'family', 'couple', 'business'];

/** The seeded source of the simulator, with response times spread over orders of magnitude. */
export function seededRandom(seed: number) {
  const random = seededTraffic(seed);
  const logUniform = (min: number, max: number) => Math.round(min * (max / min) ** random.next());
  return { ...random, logUniform };
}
type Random = ReturnType<typeof seededRandom>;

const iso = (ms: number) => new Date(ms).toISOString();
const plus = (at: string, seconds: number) => iso(Date.parse(at) + seconds * 1000);

/** An instant `secondsIntoDay` after the hotel's local midnight of `dt` (no DST in July in either zone). */
export const localInstant = (hotel: Hotel, dt: string, secondsIntoDay: number, millis = 0) =>
  iso(Date.parse(localDayBounds(dt, hotel.timeZone).from) + secondsIntoDay * 1000 + millis);

const isSunday = (dt: string) => new Date(`${dt}T00:00:00Z`).getUTCDay() === 0;
const isMonday = (dt: string) => new Date(`${dt}T00:00:00Z`).getUTCDay() === 1;

interface Builder {
  hotel: Hotel;
  random: Random;
  dataset: KpiDataset;
  sequence: { ticket: number; message: number; survey: number };
}

function guestOf(b: Builder) {
  const index = b.random.int(0, GUESTS.length - 1);
  const guest = GUESTS[index] as (typeof GUESTS)[number];
  const digits = guest.phone.slice(1);
  return {
    guest,
    guestId: `guest-${digits}`,
    conversationKey: `${b.hotel.tenantId}#whatsapp#${digits}`,
    digits,
  };
}

function message(
  b: Builder,
  fields: Pick<TicketMessage, 'direction' | 'author' | 'channel' | 'at'> & Partial<TicketMessage>,
): TicketMessage {
  b.sequence.message++;
  const outbound = fields.direction === 'outbound';
  return TicketMessageSchema.parse({
    messageId: `${b.hotel.hotelCode}-m${b.sequence.message}`,
    type: 'text',
    ...(outbound && {
      sentAs: 'free-text',
      delivery: { status: b.random.pick(['sent', 'delivered', 'read'] as const), updatedAt: fields.at },
    }),
    ...fields,
  });
}

interface TicketPlan {
  openedAt: string;
  channel: Ticket['channel'];
  origin?: Ticket['origin'];
  status?: Ticket['status'];
}

/** One ticket with its thread, shaped like the pipeline leaves it. */
function addTicket(b: Builder, plan: TicketPlan): Ticket {
  const { random: r, hotel } = b;
  b.sequence.ticket++;
  const number = `${hotel.hotelCode}-2026-${String(b.sequence.ticket).padStart(6, '0')}`;
  const ticketId = `${hotel.hotelCode.toLowerCase()}-t${b.sequence.ticket}`;
  const { guest, guestId, conversationKey, digits } = guestOf(b);
  const { openedAt, channel } = plan;

  const basket = plan.origin
    ? 'complaint'
    : r.chance(0.05)
      ? undefined
      : r.pick(['sales', 'sales', 'support', 'complaint'] as const);
  const topicChoices = basket ? TOPICS[basket] : [];
  const topicCount = basket ? r.pick([0, 1, 1, 2]) : 0;
  const topics = [...new Set(Array.from({ length: topicCount }, () => r.pick(topicChoices)))];
  const status =
    plan.status ?? r.pick(['open', 'pending-guest', 'resolved', 'resolved', 'resolved', 'closed'] as const);
  const reopenCount = r.chance(0.15) ? r.int(1, 2) : 0;
  const done = status === 'resolved' || status === 'closed';
  const answered = done ? r.chance(0.95) : r.chance(0.5) && reopenCount === 0;

  // Earlier cycles (a reopen clears the first response and the resolution time, not its seconds).
  const cycleStart = reopenCount > 0 ? plus(openedAt, r.int(3_600, 3 * 86_400)) : openedAt;
  const firstResponseSeconds = r.logUniform(20, 30_000);
  const resolutionSeconds = firstResponseSeconds + r.logUniform(60, 200_000);
  const staleResolutionSeconds = r.logUniform(600, 50_000);
  const firstResponseAt = plus(cycleStart, firstResponseSeconds);
  const resolvedAt = plus(cycleStart, resolutionSeconds);

  const firstTarget = basket === 'complaint' ? 600 : basket === 'sales' ? 900 : 3_600;
  const resolutionTarget = basket === 'complaint' ? 14_400 : 21_600;
  const overdue = (target: number) => !answered && r.chance(0.5) && target > 0;
  const firstOutcome = answered
    ? firstResponseSeconds <= firstTarget
      ? 'met'
      : 'breached'
    : overdue(firstTarget)
      ? 'breached'
      : undefined;
  const resolutionOutcome =
    done && answered ? (resolutionSeconds <= resolutionTarget ? 'met' : 'breached') : undefined;
  const clock = (dueSeconds: number, outcome: 'met' | 'breached' | undefined, decidedSeconds: number) => ({
    dueAt: plus(cycleStart, dueSeconds),
    ...(outcome && { outcome, decidedAt: plus(cycleStart, decidedSeconds) }),
  });
  const sla = basket
    ? {
        clock: r.pick(['business', '24/7'] as const),
        cycle: reopenCount,
        firstResponse: clock(firstTarget, firstOutcome, answered ? firstResponseSeconds : firstTarget),
        resolution: clock(resolutionTarget, resolutionOutcome, done ? resolutionSeconds : resolutionTarget),
        ...(basket === 'complaint' && {
          interimUpdate: clock(7_200, r.pick(['met', 'breached', undefined] as const), 7_200),
        }),
      }
    : undefined;

  const leadStage =
    basket === 'sales' ? r.pick(['lead', 'offer-sent', 'booked', 'lost', 'lost'] as const) : undefined;
  const lostFrom = leadStage === 'lost' ? r.pick(['lead', 'offer-sent'] as const) : undefined;
  const leadStageChange =
    leadStage && leadStage !== 'lead'
      ? {
          occasion: `lead-stage:${leadStage}:${openedAt}`,
          at: plus(openedAt, 7_200),
          by: 'agent-ayse',
          from: lostFrom ?? (leadStage === 'booked' ? r.pick(['lead', 'offer-sent'] as const) : 'lead'),
        }
      : undefined;
  const lostOpportunity = leadStage !== undefined && answered && r.chance(0.35);

  const rootCause =
    basket === 'complaint' && (done || reopenCount > 0) && r.chance(0.85)
      ? r.pick([...ROOT_CAUSES, ...ROOT_CAUSES.slice(0, 3)])
      : undefined;
  const csatStatus =
    done && r.chance(0.75)
      ? r.pick(['answered', 'answered', 'sent', 'no-response', 'not-sent', 'scheduled'] as const)
      : undefined;
  const csatSent = csatStatus === 'answered' || csatStatus === 'sent' || csatStatus === 'no-response';

  const thread: TicketMessage[] = [
    message(b, {
      direction: 'inbound',
      author: 'guest',
      channel,
      at: openedAt,
      text: `Merhaba, ben ${guest.name}. Telefonum ${guest.phone}, e-postam ${guest.email}.`,
    }),
  ];
  if (r.chance(0.3))
    thread.push(
      message(b, {
        direction: 'outbound',
        author: 'system',
        channel,
        at: plus(openedAt, 1),
        text: 'Mesajınız alındı.',
      }),
    );
  if (reopenCount > 0)
    thread.push(
      message(b, {
        direction: 'outbound',
        author: 'agent',
        channel,
        at: plus(openedAt, 300),
        agentId: 'agent-ayse',
        text: 'Çözüldü.',
      }),
      message(b, {
        direction: 'inbound',
        author: 'guest',
        channel,
        at: cycleStart,
        text: `Yine sorun var, ${guest.name}`,
      }),
    );
  if (answered)
    thread.push(
      message(b, {
        direction: 'outbound',
        author: r.chance(0.9) ? 'agent' : 'hotel-app',
        channel,
        at: firstResponseAt,
        agentId: 'agent-mehmet',
        text: `Sayın ${guest.name}, hemen bakıyoruz.`,
      }),
    );
  if (r.chance(0.3))
    thread.push(
      message(b, {
        direction: 'internal',
        author: 'agent',
        channel,
        at: plus(openedAt, 60),
        text: `Not: ${guest.phone} aranacak`,
      }),
    );

  const ticket = TicketSchema.parse({
    tenantId: hotel.tenantId,
    ticketId,
    number,
    conversationKey,
    guestId,
    channel,
    status,
    ...(plan.origin && { origin: plan.origin }),
    openedAt,
    updatedAt: openedAt,
    lastInboundAt: cycleStart,
    messageCount: thread.filter((m) => m.direction === 'inbound').length,
    firstMessageId: thread[0]?.messageId,
    ...(reopenCount > 0 && { reopenedAt: cycleStart, reopenedByMessageId: 'reopen' }),
    ...(basket && {
      basket,
      intent: basket === 'sales' ? 'SalesLead' : basket === 'complaint' ? 'Complaint' : 'Info',
      language: r.pick(['tr', 'en', 'de', 'ru'] as const),
      stage: r.pick(['pre-stay', 'post-stay'] as const),
      priority: basket === 'complaint' ? 'urgent' : 'normal',
      ownerTeam: r.pick(['frontline', 'coordinator', 'owner', 'supervisor'] as const),
    }),
    topics,
    reputationRisk: basket === 'complaint' && r.chance(0.2),
    recipientId: digits,
    tags: [guest.name],
    ...(sla && { sla }),
    ...(answered && { firstResponseAt, firstResponseSeconds, lastOutboundAt: firstResponseAt }),
    ...(done && answered && { resolvedAt, resolutionSeconds }),
    ...(!done && reopenCount > 0 && { resolutionSeconds: staleResolutionSeconds }),
    ...(status === 'closed' && answered && { closedAt: plus(resolvedAt, 86_400) }),
    escalationLevel: r.pick([0, 0, 0, 0, 0, 0, 1, 2]),
    reopenCount,
    ...(leadStage && { leadStage }),
    ...(leadStage === 'lost' && { lostReason: `${guest.name} found it too expensive` }),
    ...(leadStageChange && { leadStageChange }),
    ...(lostOpportunity && { lostOpportunityAt: plus(firstResponseAt, 172_800) }),
    ...(basket === 'complaint' &&
      done && {
        complaint: {
          event: `${guest.name} found the air conditioning broken`,
          impact: `a sleepless night, call ${guest.phone}`,
          expectation: `write to ${guest.email}`,
        },
      }),
    ...(rootCause && {
      rootCause: r.chance(0.2) ? ` ${rootCause[0]?.toUpperCase()}${rootCause.slice(1)} ` : rootCause,
    }),
    ...(basket === 'complaint' &&
      done &&
      r.chance(0.3) && {
        compensation: {
          kind: r.pick(['discount', 'upgrade', 'amenity'] as const),
          description: `for ${guest.name}`,
          approvedBy: 'supervisor-can',
          approvedAt: resolvedAt,
        },
      }),
    ...(csatStatus && {
      csat: {
        status: csatStatus,
        cycle: reopenCount,
        sendAt: plus(resolvedAt, 3_600),
        ...(csatSent && { sentAt: plus(resolvedAt, 3_600) }),
        ...(csatStatus === 'answered' && {
          score: r.int(1, 5),
          answeredAt: plus(resolvedAt, r.int(4_000, 90_000)),
        }),
      },
    }),
  });
  b.dataset.tickets.push(ticket);
  b.dataset.messages.set(ticketId, thread);
  return ticket;
}

/** An agent's call-back on a follow-up ticket, and what must not count as one. */
function addCallback(b: Builder, ticket: Ticket, answeredAt: string, delaySeconds: number | undefined) {
  const thread = b.dataset.messages.get(ticket.ticketId) ?? [];
  const channel = ticket.channel;
  thread.push(
    message(b, {
      direction: 'outbound',
      author: 'hotel-app',
      channel,
      at: plus(answeredAt, 3),
      text: 'Sizi arayacağız.',
    }),
    message(b, {
      direction: 'internal',
      author: 'agent',
      channel,
      at: plus(answeredAt, 30),
      text: 'Arayacağım',
    }),
  );
  if (delaySeconds !== undefined) {
    const at =
      delaySeconds === 0
        ? answeredAt
        : iso(Date.parse(answeredAt) + delaySeconds * 1000 + b.random.int(0, 999));
    thread.push(
      message(b, {
        direction: 'outbound',
        author: 'agent',
        channel,
        at,
        agentId: 'agent-can',
        text: 'Özür dileriz.',
      }),
    );
  }
  b.dataset.messages.set(ticket.ticketId, thread);
}

/** Call-back delays, kept clear of the 24-hour line so second rounding cannot move one across it. */
const callbackDelay = (r: Random) => {
  const seconds = r.logUniform(120, 200_000);
  return Math.abs(seconds - 86_400) < 30 ? seconds + 60 : seconds;
};

function addSurvey(b: Builder, dt: string, secondsIntoDay: number): Survey {
  const { random: r, hotel } = b;
  b.sequence.survey++;
  const scheduledFor = localInstant(hotel, dt, secondsIntoDay, r.int(0, 999));
  const { guestId } = guestOf(b);
  const status = r.pick([
    'scheduled',
    'sent',
    'answered',
    'answered',
    'answered',
    'answered',
    'expired',
    'skipped',
  ] as const);
  const wentOut = status === 'sent' || status === 'answered' || status === 'expired';
  const preferred = r.chance(0.85) ? r.pick(SURVEY_CHANNELS) : undefined;
  const sentVia = wentOut ? (preferred ?? r.pick(SURVEY_CHANNELS)) : undefined;
  const sentAt = plus(scheduledFor, r.int(0, 600));
  const score = status === 'answered' ? r.int(0, 10) : undefined;
  const answeredAt = score === undefined ? undefined : plus(sentAt, r.int(300, 150_000));
  const category =
    score === undefined ? undefined : score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
  const maybe = <T>(values: readonly T[]) => (r.chance(0.85) ? r.pick(values) : undefined);
  const [market, roomType, stayPurpose] = [maybe(MARKETS), maybe(ROOM_TYPES), maybe(STAY_PURPOSES)];

  const survey = SurveySchema.parse({
    tenantId: hotel.tenantId,
    surveyId: `${hotel.hotelCode}-s${b.sequence.survey}`,
    kind: 'nps',
    reservationId: `R-${10_000 + b.sequence.survey}`,
    guestId,
    language: r.pick(['tr', 'en', 'de', 'ru'] as const),
    status,
    scheduledFor,
    segment: {
      ...(preferred && { channel: preferred }),
      ...(market && { market }),
      ...(roomType && { roomType }),
      ...(stayPurpose && { stayPurpose }),
      requestType: r.pick(['sales', 'support', 'complaint']),
    },
    ...(wentOut && { sentAt, sentVia, answerBy: plus(sentAt, 172_800) }),
    ...(score !== undefined && { score, category, answeredAt }),
    ...(status === 'expired' && { expiredAt: plus(sentAt, 172_800) }),
    ...(status === 'skipped' && {
      skippedReason: r.pick(['no-consent', 'frequency-cap', 'no-channel'] as const),
    }),
    ...(category === 'promoter' &&
      r.chance(0.5) && { reviewInvitationSentAt: plus(answeredAt ?? sentAt, 86_400) }),
    createdAt: scheduledFor,
    updatedAt: scheduledFor,
  });
  b.dataset.surveys.push(survey);
  if (answeredAt && (category === 'detractor' || (category === 'passive' && r.chance(0.5))))
    addFollowUp(b, survey, answeredAt);
  return survey;
}

/**
 * A detractor's or passive's follow-up: mostly a new ticket at the answer, sometimes the guest's
 * open ticket from days before (then its agent messages before the answer are no call-back).
 */
function addFollowUp(b: Builder, survey: Survey, answeredAt: string) {
  const r = b.random;
  const detractor = survey.category === 'detractor';
  if (detractor && r.chance(0.1)) return; // no follow-up ticket (the guest has no reachable thread)
  const earlier = r.chance(0.35);
  const channel = r.pick(CHANNELS);
  const ticket = earlier
    ? addTicket(b, {
        openedAt: plus(answeredAt, -r.int(1, 6) * 86_400 - r.int(0, 80_000)),
        channel,
        status: 'open',
      })
    : addTicket(b, {
        openedAt: plus(answeredAt, 2),
        channel,
        origin: detractor ? 'nps-detractor' : 'nps-passive',
      });
  // Exactly at the answer counts; some detractors are never called back.
  const delay = r.chance(0.15) ? 0 : r.chance(0.8) ? callbackDelay(r) : undefined;
  addCallback(b, ticket, answeredAt, delay);
  survey.followUpTicketId = ticket.ticketId;
}

/** The dataset of `seed`: the same records every run. */
export function generateKpiDataset(seed = 20260720): KpiDataset {
  const dataset: KpiDataset = { hotels: KPI_HOTELS, tickets: [], messages: new Map(), surveys: [] };
  KPI_HOTELS.forEach((hotel, index) => {
    const b: Builder = {
      hotel,
      random: seededRandom(seed + index),
      dataset,
      sequence: { ticket: 0, message: 0, survey: 0 },
    };
    const r = b.random;
    for (let dt = FIRST_DAY; dt <= LAST_DAY; dt = shiftDate(dt, 1)) {
      const times = Array.from({ length: r.int(4, 9) }, () => r.int(7 * 3600, 23 * 3600));
      // The week's edges in the hotel's time: the last seconds of Sunday, the first of Monday.
      if (isSunday(dt)) times.push(86_400 - r.int(1, 40));
      if (isMonday(dt)) times.push(r.int(0, 40));
      for (const seconds of times)
        addTicket(b, {
          openedAt: localInstant(hotel, dt, seconds, r.int(0, 999)),
          channel: r.pick(CHANNELS),
        });
      const surveyTimes = Array.from({ length: r.int(3, 6) }, () => r.int(10 * 3600, 20 * 3600));
      if (isSunday(dt)) surveyTimes.push(86_400 - r.int(1, 40));
      if (isMonday(dt)) surveyTimes.push(r.int(0, 40));
      for (const seconds of surveyTimes) addSurvey(b, dt, seconds);
    }
  });
  return dataset;
}
