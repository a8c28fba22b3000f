import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSlaPolicy,
  businessMinutesBetween,
  clockMinutesBetween,
  deadlineAfter,
  extendForPauses,
  fromZoned,
  isWithinBusinessHours,
  offsetAt,
  type Pause,
  slaDeadlines,
  toZoned,
} from '../../functions/domain/sla';
import {
  type BusinessCalendar,
  BusinessCalendarSchema,
  type ClockMode,
  type WeeklyHours,
} from '../../schemas/sla-policy';

// Zones with DST (Berlin, New York), a 30-minute DST (Lord Howe), a +05:45 offset (Kathmandu), DST
// switches at local midnight (Santiago), and none since 2016 (Istanbul).
const ZONES = [
  'Europe/Istanbul',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Santiago',
];
const MINUTE_MS = 60_000;

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Quarter-hour periods; an end at or before the start runs past midnight; 96 quarters is 24:00. */
const periodArb = fc
  .record({ start: fc.integer({ min: 0, max: 95 }), end: fc.integer({ min: 0, max: 96 }) })
  .filter(({ start, end }) => start !== end)
  .map(({ start, end }) => ({ start: hhmm(start * 15), end: end === 96 ? '24:00' : hhmm(end * 15) }));

const dayArb = fc.array(periodArb, { maxLength: 3 });

const weeklyArb: fc.Arbitrary<WeeklyHours> = fc
  .record({ mon: dayArb, tue: dayArb, wed: dayArb, thu: dayArb, fri: dayArb, sat: dayArb, sun: dayArb })
  .filter((week) => Object.values(week).some((periods) => periods.length > 0));

const isoDateArb = fc
  .date({ min: new Date('2019-12-01T00:00:00Z'), max: new Date('2031-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** Random hotel calendars: several periods a day, periods across midnight, holidays, awkward zones. */
const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weekly: weeklyArb,
    holidays: fc.array(isoDateArb, { maxLength: 20 }),
  })
  .map((config) => BusinessCalendarSchema.parse(config));

/** 2025 DST switches in Berlin, New York, Lord Howe (30 min) and Santiago (at local midnight). */
const DST_SWITCHES: readonly (readonly [string, number])[] = (
  [
    ['Europe/Berlin', '2025-03-30T01:00:00Z'],
    ['Europe/Berlin', '2025-10-26T01:00:00Z'],
    ['America/New_York', '2025-03-09T07:00:00Z'],
    ['America/New_York', '2025-11-02T06:00:00Z'],
    ['Australia/Lord_Howe', '2025-04-05T15:00:00Z'],
    ['Australia/Lord_Howe', '2025-10-04T15:30:00Z'],
    ['America/Santiago', '2025-04-06T03:00:00Z'],
    ['America/Santiago', '2025-09-07T04:00:00Z'],
  ] as const
).map(([zone, instant]) => [zone, Date.parse(instant)] as const);
const HOURS_36_MS = 36 * 3_600_000;

/** Any instant of a decade, or one within 36 h of a DST switch (which a decade-wide pick rarely hits). */
const instantArb = fc.oneof(
  fc.date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc
    .tuple(fc.constantFrom(...DST_SWITCHES), fc.integer({ min: -HOURS_36_MS, max: HOURS_36_MS }))
    .map(([[, instant], shift]) => new Date(instant + shift)),
);
const minutesArb = fc.integer({ min: 0, max: 2_000 });
const modeArb = fc.constantFrom<ClockMode>('business', '24/7');

/** Pauses at whole minutes after the start. */
const pausesArb = fc.array(
  fc.record({ after: fc.integer({ min: 0, max: 3_000 }), length: fc.integer({ min: 1, max: 900 }) }),
  { maxLength: 4 },
);
const toPauses = (start: Date, pauses: readonly { after: number; length: number }[]): Pause[] =>
  pauses.map(({ after, length }) => ({
    from: new Date(start.getTime() + after * MINUTE_MS),
    to: new Date(start.getTime() + (after + length) * MINUTE_MS),
  }));

/** Clock minutes inside the union of the pauses, between `from` and `to`. */
function pausedMinutes(pauses: Pause[], from: Date, to: Date, calendar: BusinessCalendar, mode: ClockMode) {
  const sorted = pauses
    .map((pause) => [pause.from.getTime(), pause.to.getTime()] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let coveredUntil = from.getTime();
  for (const [start, end] of sorted) {
    const a = Math.max(start, coveredUntil);
    const b = Math.min(end, to.getTime());
    if (b > a) total += clockMinutesBetween(new Date(a), new Date(b), calendar, mode);
    coveredUntil = Math.max(coveredUntil, end);
  }
  return total;
}

describe('deadline arithmetic, for any calendar', () => {
  it('never puts a deadline before its start', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, modeArb, (calendar, start, minutes, mode) => {
        expect(deadlineAfter(start, minutes, calendar, mode).getTime()).toBeGreaterThanOrEqual(
          start.getTime(),
        );
      }),
    );
  });

  it('puts exactly n business minutes between the start and a business deadline', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, (calendar, start, minutes) => {
        const deadline = deadlineAfter(start, minutes, calendar, 'business');

        expect(businessMinutesBetween(start, deadline, calendar)).toBe(minutes);
      }),
    );
  });

  it('moves the deadline no earlier when the duration grows', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, minutesArb, modeArb, (calendar, start, a, b, mode) => {
        const [shorter, longer] = a <= b ? [a, b] : [b, a];

        expect(deadlineAfter(start, shorter, calendar, mode).getTime()).toBeLessThanOrEqual(
          deadlineAfter(start, longer, calendar, mode).getTime(),
        );
      }),
    );
  });

  it('adds plain minutes in 24/7 mode', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, (calendar, start, minutes) => {
        expect(deadlineAfter(start, minutes, calendar, '24/7').getTime()).toBe(
          start.getTime() + minutes * MINUTE_MS,
        );
      }),
    );
  });

  it('lands a business deadline inside business hours or at the very end of a period', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 2_000 }), (calendar, start, minutes) => {
        const deadline = deadlineAfter(start, minutes, calendar, 'business');

        // Open the millisecond before: inside a period, or the period ends exactly at the deadline.
        expect(isWithinBusinessHours(new Date(deadline.getTime() - 1), calendar)).toBe(true);
      }),
    );
  });

  it('adds business minutes up over consecutive stretches', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, minutesArb, (calendar, a, x, y) => {
        const b = new Date(a.getTime() + x * MINUTE_MS);
        const c = new Date(b.getTime() + y * MINUTE_MS);

        expect(businessMinutesBetween(a, b, calendar) + businessMinutesBetween(b, c, calendar)).toBeCloseTo(
          businessMinutesBetween(a, c, calendar),
          9,
        );
      }),
    );
  });
});

describe('pauses, for any calendar', () => {
  it('never make a deadline earlier', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        minutesArb,
        modeArb,
        pausesArb,
        (calendar, start, minutes, mode, raw) => {
          const deadline = deadlineAfter(start, minutes, calendar, mode);

          expect(
            extendForPauses(deadline, toPauses(start, raw), calendar, mode).getTime(),
          ).toBeGreaterThanOrEqual(deadline.getTime());
        },
      ),
    );
  });

  it('never make a deadline earlier when one more pause is added', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        minutesArb,
        modeArb,
        pausesArb,
        pausesArb,
        (calendar, start, minutes, mode, some, more) => {
          const deadline = deadlineAfter(start, minutes, calendar, mode);
          const fewer = extendForPauses(deadline, toPauses(start, some), calendar, mode);
          const all = extendForPauses(deadline, toPauses(start, [...some, ...more]), calendar, mode);

          expect(all.getTime()).toBeGreaterThanOrEqual(fewer.getTime());
        },
      ),
    );
  });

  it('leave exactly the SLA time on the clock between the start and the new deadline, pauses left out', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        minutesArb,
        modeArb,
        pausesArb,
        (calendar, start, minutes, mode, raw) => {
          const pauses = toPauses(start, raw);
          const extended = extendForPauses(
            deadlineAfter(start, minutes, calendar, mode),
            pauses,
            calendar,
            mode,
          );

          const running =
            clockMinutesBetween(start, extended, calendar, mode) -
            pausedMinutes(pauses, start, extended, calendar, mode);

          expect(running).toBeCloseTo(minutes, 6);
        },
      ),
    );
  });
});

describe('SLA deadlines of the default policy, for any calendar', () => {
  it('are ordered: received <= first response < interim update < resolution, first response in hours', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.constantFrom('sales', 'support', 'complaint'),
        fc.boolean(),
        (calendar, receivedAt, basket, otaBooking) => {
          const policy = { ...buildSlaPolicy(), calendar };

          const due = slaDeadlines(policy, { basket, channel: 'whatsapp', receivedAt, otaBooking });

          expect(due.firstResponseDueAt.getTime()).toBeGreaterThanOrEqual(receivedAt.getTime());
          expect(due.resolutionDueAt.getTime()).toBeGreaterThanOrEqual(due.firstResponseDueAt.getTime());
          if (due.interimUpdateDueAt) {
            expect(due.interimUpdateDueAt.getTime()).toBeGreaterThan(due.firstResponseDueAt.getTime());
            expect(due.interimUpdateDueAt.getTime()).toBeLessThan(due.resolutionDueAt.getTime());
          }
          expect(isWithinBusinessHours(new Date(due.firstResponseDueAt.getTime() - 1), calendar)).toBe(true);
        },
      ),
    );
  });
});

describe('the time-zone helper, for any instant', () => {
  const wholeSecond = (instant: number) => Math.floor(instant / 1000) * 1000;
  /** A zone and a whole-second instant: any, or within 3 h of one of that zone's DST switches. */
  const zonedInstantArb = fc.oneof(
    fc.tuple(
      fc.constantFrom(...ZONES),
      instantArb.map((date) => wholeSecond(date.getTime())),
    ),
    fc
      .tuple(fc.constantFrom(...DST_SWITCHES), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
      .map(([[zone, instant], shift]) => [zone, wholeSecond(instant + shift)] as const),
  );

  it("agrees with ICU's own GMT offset name", () => {
    fc.assert(
      fc.property(zonedInstantArb, ([timeZone, instant]) => {
        const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
          .formatToParts(instant)
          .find((part) => part.type === 'timeZoneName')?.value;
        const [, sign, hours, minutes] = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '') ?? [];
        const expected = sign ? (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0;

        expect(offsetAt(instant, timeZone) / MINUTE_MS).toBe(expected);
      }),
    );
  });

  it('reads back the wall clock it was given, taking the earlier instant of a repeated hour', () => {
    fc.assert(
      fc.property(zonedInstantArb, ([timeZone, instant]) => {
        const wall = toZoned(instant, timeZone);

        const back = fromZoned(wall, timeZone);

        expect(toZoned(back, timeZone)).toEqual(wall);
        expect(back).toBeLessThanOrEqual(instant);
      }),
    );
  });
});
