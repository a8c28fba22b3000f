import type { Hotel } from '../../functions/domain/hotels';
import type { KpiRow } from '../../local/kpi/kpi-queries';
import type { Survey } from '../../schemas/surveys';
import type { Ticket } from '../../schemas/ticket';
import type { KpiDataset } from './kpi-dataset';

/**
 * Every KPI of `queries/*.sql` computed in TypeScript straight from the domain records (not from
 * lake rows), with the definitions the queries' first lines state. Rows come in the queries'
 * column order and ORDER BY, so a test can compare them one to one.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The hotel-local date of an instant, by the platform's time-zone database. */
const localDate = (instant: string, timeZone: string) => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
};

/** The Monday of a date's ISO week. */
const mondayOf = (dt: string) => {
  const date = new Date(`${dt}T00:00:00Z`);
  return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};

/** DuckDB's quantile_cont: linear interpolation between the two nearest ranks. */
export function quantileCont(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const low = sorted[lo] as number;
  const high = sorted[Math.ceil(h)] as number;
  return low + (h - lo) * (high - low);
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;
const isResolved = (t: Ticket) => t.status === 'resolved' || t.status === 'closed';
const answeredScore = (s: Survey) => (s.status === 'answered' ? s.score : undefined);
const npsOf = (scores: readonly number[]) =>
  scores.length === 0
    ? null
    : (100 * (count(scores, (s) => s >= 9) - count(scores, (s) => s <= 6))) / scores.length;
const categories = (scores: readonly number[]) => ({
  promoters: count(scores, (s) => s >= 9),
  passives: count(scores, (s) => s === 7 || s === 8),
  detractors: count(scores, (s) => s <= 6),
});

/** Groups by the key columns, in first-seen order; the caller sorts the rows. */
function groupBy<T>(items: readonly T[], key: (item: T) => KpiRow): { key: KpiRow; items: T[] }[] {
  const groups = new Map<string, { key: KpiRow; items: T[] }>();
  for (const item of items) {
    const k = key(item);
    const id = JSON.stringify(k);
    const group = groups.get(id) ?? { key: k, items: [] };
    group.items.push(item);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** ORDER BY the columns, ascending; strings by code point as DuckDB and Trino compare them. */
function sortBy(rows: KpiRow[], columns: readonly string[]): KpiRow[] {
  const compare = (a: KpiRow, b: KpiRow) => {
    for (const column of columns) {
      const [x, y] = [a[column], b[column]];
      if (x === y) continue;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return x < y ? -1 : 1;
    }
    return 0;
  };
  return rows.sort(compare);
}

function aggregate<T>(
  items: readonly T[],
  key: (item: T) => KpiRow,
  figures: (group: T[]) => KpiRow,
  order: readonly string[],
): KpiRow[] {
  return sortBy(
    groupBy(items, key).map((g) => ({ ...g.key, ...figures(g.items) })),
    order,
  );
}

const offerSent = (t: Ticket) =>
  t.leadStage === 'offer-sent' ||
  t.leadStage === 'booked' ||
  (t.leadStage === 'lost' && t.leadStageChange?.from === 'offer-sent');

const bucketOf = (seconds: number): [number, string] =>
  seconds < 300
    ? [1, 'under 5 min']
    : seconds < 900
      ? [2, '5-15 min']
      : seconds < 3600
        ? [3, '15-60 min']
        : seconds < 14_400
          ? [4, '1-4 h']
          : [5, 'over 4 h'];

export function referenceKpis(
  data: KpiDataset,
  hotel: Hotel,
  from: string,
  to: string,
): Record<string, KpiRow[]> {
  const dtOf = (instant: string) => localDate(instant, hotel.timeZone);
  const inScope = (instant: string) => dtOf(instant) >= from && dtOf(instant) <= to;
  const tickets = data.tickets.filter((t) => t.tenantId === hotel.tenantId && inScope(t.openedAt));
  const surveys = data.surveys.filter((s) => s.tenantId === hotel.tenantId && inScope(s.scheduledFor));
  const week = (t: Ticket) => mondayOf(dtOf(t.openedAt));
  const surveyWeek = (s: Survey) => mondayOf(dtOf(s.scheduledFor));
  const guestOpened = tickets.filter((t) => t.origin === undefined);
  const answered = guestOpened.filter((t) => t.firstResponseSeconds !== undefined);
  const leads = tickets.filter((t) => t.leadStage !== undefined);
  const seconds = (values: (number | undefined)[], p: number) =>
    quantileCont(
      values.filter((v): v is number => v !== undefined),
      p,
    );

  const slaClocks = tickets.flatMap((t) =>
    (
      [
        ['first-response', t.sla?.firstResponse],
        ['interim-update', t.sla?.interimUpdate],
        ['resolution', t.sla?.resolution],
      ] as const
    ).flatMap(([clock, state]) => (state?.outcome ? [{ ticket: t, clock, outcome: state.outcome }] : [])),
  );

  const resolvedByTopic = tickets
    .filter((t) => isResolved(t) && t.resolutionSeconds !== undefined)
    .flatMap((t) => (t.topics.length > 0 ? t.topics : ['(none)']).map((topic) => ({ ticket: t, topic })));

  const causeCounts = aggregate(
    tickets.filter((t) => t.rootCause !== undefined),
    (t) => ({ week: week(t), root_cause: (t.rootCause as string).trim().toLowerCase() }),
    (group) => ({ tickets: group.length }),
    ['week'],
  );
  const topCauses = groupBy(causeCounts, (row) => ({ week: row.week ?? null })).flatMap((g) =>
    g.items
      .sort(
        (a, b) =>
          (b.tickets as number) - (a.tickets as number) ||
          ((a.root_cause as string) < (b.root_cause as string) ? -1 : 1),
      )
      .slice(0, 5)
      .map((row, i) => ({
        week: row.week ?? null,
        place: i + 1,
        root_cause: row.root_cause ?? null,
        tickets: row.tickets ?? null,
      })),
  );

  const npsAnswered = surveys.filter((s) => answeredScore(s) !== undefined);
  const surveyChannel = (s: Survey) => s.sentVia ?? s.segment.channel ?? 'unknown';
  const segmentValues = npsAnswered.flatMap((s) =>
    (
      [
        ['channel', surveyChannel(s)],
        ['market', s.segment.market ?? 'unknown'],
        ['room_type', s.segment.roomType ?? 'unknown'],
        ['stay_purpose', s.segment.stayPurpose ?? 'unknown'],
      ] as const
    ).map(([segment, value]) => ({ survey: s, segment, value })),
  );

  const wentOut = [
    ...surveys
      .filter((s) => s.status === 'sent' || s.status === 'answered' || s.status === 'expired')
      .map((s) => ({
        week: surveyWeek(s),
        type: 'NPS',
        channel: surveyChannel(s),
        answered: s.status === 'answered',
      })),
    ...tickets
      .filter((t) => t.csat && ['sent', 'answered', 'no-response'].includes(t.csat.status))
      .map((t) => ({
        week: week(t),
        type: 'CSAT',
        channel: t.channel,
        answered: t.csat?.status === 'answered',
      })),
  ];

  const detractors = surveys
    .filter((s) => {
      const score = answeredScore(s);
      return score !== undefined && score <= 6;
    })
    .map((s) => {
      const answeredAt = Date.parse(s.answeredAt as string);
      const callbacks = (s.followUpTicketId ? (data.messages.get(s.followUpTicketId) ?? []) : [])
        .filter((m) => m.author === 'agent' && m.direction === 'outbound' && Date.parse(m.at) >= answeredAt)
        .map((m) => Date.parse(m.at));
      const first = callbacks.length > 0 ? Math.min(...callbacks) : undefined;
      return { survey: s, seconds: first === undefined ? undefined : (first - answeredAt) / 1000 };
    });

  return {
    first_response_time: aggregate(
      guestOpened,
      (t) => ({ week: week(t), channel: t.channel }),
      (group) => ({
        tickets: group.length,
        answered: count(group, (t) => t.firstResponseSeconds !== undefined),
        median_seconds: seconds(
          group.map((t) => t.firstResponseSeconds),
          0.5,
        ),
        p90_seconds: seconds(
          group.map((t) => t.firstResponseSeconds),
          0.9,
        ),
      }),
      ['week', 'channel'],
    ),
    first_response_distribution: aggregate(
      answered,
      (t) => {
        const [order, bucket] = bucketOf(t.firstResponseSeconds as number);
        return { week: week(t), channel: t.channel, bucket_order: order, bucket };
      },
      (group) => ({ tickets: group.length }),
      ['week', 'channel', 'bucket_order'],
    ),
    resolution_time: aggregate(
      resolvedByTopic,
      ({ ticket, topic }) => ({ week: week(ticket), basket: ticket.basket ?? '(none)', topic }),
      (group) => ({
        resolved: group.length,
        median_seconds: seconds(
          group.map((g) => g.ticket.resolutionSeconds),
          0.5,
        ),
        p90_seconds: seconds(
          group.map((g) => g.ticket.resolutionSeconds),
          0.9,
        ),
      }),
      ['week', 'basket', 'topic'],
    ),
    sla_breach_rate: aggregate(
      slaClocks,
      (c) => ({ week: week(c.ticket), basket: c.ticket.basket ?? '(none)', clock: c.clock }),
      (group) => ({
        decided: group.length,
        breached: count(group, (c) => c.outcome === 'breached'),
        breach_rate: rate(
          count(group, (c) => c.outcome === 'breached'),
          group.length,
        ),
      }),
      ['week', 'basket', 'clock'],
    ),
    sla_breaches_daily: aggregate(
      slaClocks,
      (c) => ({ week: week(c.ticket), dt: dtOf(c.ticket.openedAt) }),
      (group) => ({ decided: group.length, breached: count(group, (c) => c.outcome === 'breached') }),
      ['week', 'dt'],
    ),
    resolution_and_reopen_rate: aggregate(
      tickets,
      (t) => ({ week: week(t) }),
      (group) => {
        const resolved = count(group, isResolved);
        const everResolved = count(group, (t) => isResolved(t) || t.reopenCount > 0);
        const reopened = count(group, (t) => t.reopenCount > 0);
        return {
          tickets: group.length,
          resolved,
          resolution_rate: rate(resolved, group.length),
          ever_resolved: everResolved,
          reopened,
          reopen_rate: rate(reopened, everResolved),
        };
      },
      ['week'],
    ),
    escalation_rate: aggregate(
      tickets,
      (t) => ({ week: week(t) }),
      (group) => ({
        tickets: group.length,
        escalated: count(group, (t) => t.escalationLevel >= 1),
        to_supervisor: count(group, (t) => t.escalationLevel === 2),
        escalation_rate: rate(
          count(group, (t) => t.escalationLevel >= 1),
          group.length,
        ),
      }),
      ['week'],
    ),
    leads_per_channel: aggregate(
      leads,
      (t) => ({ week: week(t), channel: t.channel }),
      (group) => ({
        leads: group.length,
        offers: count(group, offerSent),
        booked: count(group, (t) => t.leadStage === 'booked'),
        lost: count(group, (t) => t.leadStage === 'lost'),
      }),
      ['week', 'channel'],
    ),
    lead_funnel: aggregate(
      leads,
      (t) => ({ week: week(t) }),
      (group) => {
        const offers = count(group, offerSent);
        const booked = count(group, (t) => t.leadStage === 'booked');
        return {
          leads: group.length,
          offers,
          booked,
          lost: count(group, (t) => t.leadStage === 'lost'),
          lost_after_offer: count(group, (t) => t.leadStage === 'lost' && offerSent(t)),
          lead_to_offer_rate: rate(offers, group.length),
          offer_to_booked_rate: rate(booked, offers),
        };
      },
      ['week'],
    ),
    lost_opportunities: aggregate(
      leads,
      (t) => ({ week: week(t), channel: t.channel }),
      (group) => ({
        leads: group.length,
        lost_opportunities: count(group, (t) => t.lostOpportunityAt !== undefined),
        lost_opportunity_rate: rate(
          count(group, (t) => t.lostOpportunityAt !== undefined),
          group.length,
        ),
      }),
      ['week', 'channel'],
    ),
    complaints: aggregate(
      tickets.filter((t) => t.basket === 'complaint'),
      (t) => ({ week: week(t) }),
      (group) => {
        const closing = group.filter(isResolved).map((t) => t.resolutionSeconds);
        return {
          complaints: group.length,
          resolved: count(group, isResolved),
          median_closing_seconds: seconds(closing, 0.5),
          p90_closing_seconds: seconds(closing, 0.9),
        };
      },
      ['week'],
    ),
    top_root_causes: sortBy(topCauses, ['week', 'place']),
    nps: aggregate(
      surveys,
      (s) => ({ week: surveyWeek(s) }),
      (group) => {
        const scores = group.map(answeredScore).filter((s): s is number => s !== undefined);
        return { surveys: group.length, answered: scores.length, ...categories(scores), nps: npsOf(scores) };
      },
      ['week'],
    ),
    nps_by_segment: aggregate(
      segmentValues,
      (v) => ({ week: surveyWeek(v.survey), segment: v.segment, value: v.value }),
      (group) => {
        const scores = group.map((v) => v.survey.score as number);
        return { answered: scores.length, ...categories(scores), nps: npsOf(scores) };
      },
      ['week', 'segment', 'value'],
    ),
    survey_response_rate: aggregate(
      wentOut,
      (s) => ({ week: s.week, survey_type: s.type, channel: s.channel }),
      (group) => ({
        sent: group.length,
        answered: count(group, (s) => s.answered),
        response_rate: rate(
          count(group, (s) => s.answered),
          group.length,
        ),
      }),
      ['week', 'survey_type', 'channel'],
    ),
    detractor_callback_time: aggregate(
      detractors,
      (d) => ({ week: surveyWeek(d.survey) }),
      (group) => {
        const times = group.map((d) => d.seconds);
        return {
          detractors: group.length,
          follow_ups: count(group, (d) => d.survey.followUpTicketId !== undefined),
          called_back: count(group, (d) => d.seconds !== undefined),
          called_back_within_24h: count(group, (d) => d.seconds !== undefined && d.seconds <= 86_400),
          median_callback_seconds: seconds(times, 0.5),
          p90_callback_seconds: seconds(times, 0.9),
        };
      },
      ['week'],
    ),
  };
}
