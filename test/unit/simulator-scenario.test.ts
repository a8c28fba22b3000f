import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npsSettingsOf } from '../../functions/domain/hotels';
import { toZoned } from '../../functions/domain/sla/time-zone';
import { isQuietMinute } from '../../functions/domain/surveys/schedule-time';
import { loadHotels } from '../../local/runtime/runtime';
import { generateScenario, type Scenario, SIM_CHANNELS, type SimEvent } from '../../local/simulator/scenario';
import { LANGUAGES } from '../../local/simulator/texts';

const HOTELS = loadHotels(join(import.meta.dirname, '..', '..', 'config', 'hotels.json'));
/** Midnight in Istanbul (UTC+3): Monday 16 November 2026 and Monday 13 July 2026. */
const NOVEMBER = new Date('2026-11-15T21:00:00Z');
const JULY = new Date('2026-07-12T21:00:00Z');
const TZ = 'Europe/Istanbul';

const scenario = (overrides: Partial<Parameters<typeof generateScenario>[0]> = {}): Scenario =>
  generateScenario({ seed: 1, start: NOVEMBER, days: 14, hotels: HOTELS, perDay: 4, ...overrides });

const localHour = (at: string) => toZoned(Date.parse(at), TZ).hour;

describe('generateScenario', () => {
  it('gives the same traffic for the same seed and start, and other traffic for another seed', () => {
    expect(scenario()).toEqual(scenario());
    expect(scenario({ seed: 2 }).events).not.toEqual(scenario().events);
  });

  it('plays its events in time order within the simulated days, naming each day', () => {
    const { events, start, end, days } = scenario();
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(start));
    expect(Math.max(...times)).toBeLessThan(Date.parse(end));
    expect(days).toHaveLength(14);
    expect([days[0], days[13]]).toEqual(['2026-11-16', '2026-11-29']);
  });

  it('writes in every language on every channel about sales, support and complaints', () => {
    const { conversations } = scenario();
    expect(new Set(conversations.map((c) => c.language))).toEqual(new Set(LANGUAGES));
    expect(new Set(conversations.map((c) => c.channel))).toEqual(new Set(SIM_CHANNELS));
    expect(new Set(conversations.map((c) => c.category))).toEqual(new Set(['sales', 'support', 'complaint']));
    expect(new Set(conversations.map((c) => c.tenantId))).toEqual(new Set(HOTELS.map((h) => h.tenantId)));
  });

  it('is busier in season, on weekends, and in the morning and evening than at night', () => {
    const long = { days: 28, perDay: 8 };
    const winter = scenario(long).conversations;
    const summer = scenario({ ...long, start: JULY }).conversations;
    expect(summer.length).toBeGreaterThan(winter.length * 1.8);

    const weekday = (at: string) => new Date(Date.parse(at) + 3 * 3_600_000).getUTCDay();
    const weekend = summer.filter((c) => [0, 6].includes(weekday(c.openedAt))).length / 2;
    const midweek = summer.filter((c) => [2, 3].includes(weekday(c.openedAt))).length / 2;
    expect(weekend).toBeGreaterThan(midweek * 1.15);

    const inHours = (from: number, to: number) =>
      summer.filter((c) => localHour(c.openedAt) >= from && localHour(c.openedAt) < to).length;
    expect(inHours(9, 12)).toBeGreaterThan(inHours(2, 5) * 5);
    expect(inHours(19, 22)).toBeGreaterThan(inHours(2, 5) * 5);
  });

  it('has agents answer late now and then: after the SLA deadline, as planned', () => {
    const { conversations, events } = scenario();
    const firstReplies = new Map(
      events.flatMap((e) =>
        e.kind === 'agent-reply' && e.first ? [[e.conversation, Date.parse(e.at)]] : [],
      ),
    );
    const late = conversations.filter((c) => c.lateReply);
    expect(late.length).toBeGreaterThan(conversations.length * 0.1);
    expect(late.length).toBeLessThan(conversations.length * 0.4);
    for (const c of conversations) {
      const repliedAt = firstReplies.get(c.index);
      if (repliedAt === undefined) continue;
      expect(repliedAt > Date.parse(c.firstResponseDueAt)).toBe(c.lateReply);
      expect(repliedAt).toBeGreaterThan(Date.parse(c.openedAt));
    }
  });

  it('opens each conversation with the guest and closes complaints with their fields and a root cause', () => {
    const { conversations, events } = scenario();
    const byConversation = new Map<number, SimEvent[]>();
    for (const e of events)
      if ('conversation' in e)
        byConversation.set(e.conversation, [...(byConversation.get(e.conversation) ?? []), e]);
    for (const [index, list] of byConversation) {
      expect(list[0]?.kind).toBe('guest-message');
      const resolve = list.find((e) => e.kind === 'resolve');
      const reply = list.find((e) => e.kind === 'agent-reply');
      if (resolve && reply) expect(Date.parse(resolve.at)).toBeGreaterThan(Date.parse(reply.at));
      if (resolve?.kind === 'resolve' && conversations[index]?.category === 'complaint') {
        expect(resolve.complaint).toEqual({
          event: expect.any(String),
          impact: expect.any(String),
          expectation: expect.any(String),
        });
        expect(resolve.rootCause).toEqual(expect.any(String));
      }
    }
    const stages = events.flatMap((e) => (e.kind === 'lead-stage' ? [e.stage] : []));
    expect(stages).toContain('booked');
    expect(stages).toContain('lost');
  });

  it('checks guests out with consent, sends surveys outside quiet hours and gets some detractors', () => {
    const { departures, events } = scenario({ days: 28 });
    const quietHours = npsSettingsOf(HOTELS[0] ?? {}).quietHours;
    expect(new Set(departures.map((d) => d.reservationId)).size).toBe(departures.length);
    for (const d of departures) {
      const { hour, minute } = toZoned(Date.parse(d.surveyAt), TZ);
      expect(isQuietMinute(hour * 60 + minute, quietHours)).toBe(false);
    }
    const answers = events.flatMap((e) => (e.kind === 'survey-answer' ? [e] : []));
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      const departure = departures[answer.departure];
      expect(departure?.consent.surveys).toBe(true);
      expect(Date.parse(answer.at)).toBeGreaterThan(Date.parse(departure?.surveyAt ?? ''));
    }
    expect(answers.some((a) => a.score <= 6)).toBe(true);
    expect(answers.some((a) => a.score >= 9)).toBe(true);
  });

  it('gives a later run its own guests, messages and reservations', () => {
    const first = scenario({ days: 2 });
    const later = scenario({
      days: 2,
      start: new Date(Date.parse(NOVEMBER.toISOString()) + 14 * 86_400_000),
    });
    const ids = (s: Scenario) => [
      ...s.conversations.map((c) => c.platformId),
      ...s.departures.map((d) => d.reservationId),
      ...s.events.flatMap((e) => ('messageId' in e ? [e.messageId] : [])),
    ];
    const earlier = new Set(ids(first));
    expect(ids(later).filter((id) => earlier.has(id))).toEqual([]);
  });
});
