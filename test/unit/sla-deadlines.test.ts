import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors';
import {
  buildSlaPolicy,
  businessMinutesBetween,
  deadlineAfter,
  endOfBusinessDay,
  extendForPauses,
  fromZoned,
  isWithinBusinessHours,
  NoBusinessHoursError,
  nextBusinessOpening,
  offsetAt,
  resolveSlaRule,
  slaDeadlines,
  toWaitTimestamp,
  toZoned,
} from '../../functions/domain/sla';
import {
  type BusinessCalendar,
  BusinessCalendarSchema,
  SlaPolicyConfigSchema,
} from '../../schemas/sla-policy';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | undefined) => date?.toISOString();
const HOUR_MS = 3_600_000;

const NINE_TO_SIX = [{ start: '09:00', end: '18:00' }];
/** Antalya office hours: weekdays 09–18, Republic Day (Wed 2025-10-29) closed. 2025-06-02 is a Monday. */
const weekdays: BusinessCalendar = BusinessCalendarSchema.parse({
  weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
  holidays: ['2025-10-29'],
});
/** A beach-club desk: Friday morning, then Friday night until 02:00 Saturday. */
const fridayNights: BusinessCalendar = BusinessCalendarSchema.parse({
  weekly: {
    fri: [
      { start: '09:00', end: '12:00' },
      { start: '18:00', end: '02:00' },
    ],
  },
});
/** A German market desk in Berlin, Saturday night 22:00–06:00 (across the DST switch on Sunday morning). */
const berlinNights: BusinessCalendar = BusinessCalendarSchema.parse({
  timeZone: 'Europe/Berlin',
  weekly: { sat: [{ start: '22:00', end: '06:00' }], sun: NINE_TO_SIX },
});

describe('the time-zone helper', () => {
  it('knows Istanbul stays at UTC+3 all year since 2016', () => {
    expect([
      offsetAt(Date.parse('2025-01-15T12:00:00Z'), 'Europe/Istanbul') / HOUR_MS,
      offsetAt(Date.parse('2025-07-15T12:00:00Z'), 'Europe/Istanbul') / HOUR_MS,
    ]).toEqual([3, 3]);
  });

  it('follows Berlin from CET (+1) to CEST (+2) at 01:00 UTC on the last Sunday of March', () => {
    expect(offsetAt(Date.parse('2025-03-30T00:59:59Z'), 'Europe/Berlin') / HOUR_MS).toBe(1);
    expect(offsetAt(Date.parse('2025-03-30T01:00:00Z'), 'Europe/Berlin') / HOUR_MS).toBe(2);
  });

  it('pushes a wall time skipped by spring-forward on by the gap (02:30 -> 03:30 CEST)', () => {
    const instant = fromZoned({ year: 2025, month: 3, day: 30, hour: 2, minute: 30 }, 'Europe/Berlin');

    expect(new Date(instant).toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });

  it('takes the first of the two 02:30s on the fall-back night (still CEST)', () => {
    const instant = fromZoned({ year: 2025, month: 10, day: 26, hour: 2, minute: 30 }, 'Europe/Berlin');

    expect(new Date(instant).toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });

  it('reads the wall clock of an instant in a zone', () => {
    expect(toZoned(Date.parse('2025-10-26T01:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2025,
      month: 10,
      day: 26,
      hour: 2,
      minute: 30,
      second: 0,
    });
  });
});

describe('business-time arithmetic on one period a day', () => {
  it('counts within the day when the duration fits', () => {
    expect(iso(deadlineAfter(at('2025-06-02T10:00:00+03:00'), 60, weekdays, 'business'))).toBe(
      '2025-06-02T08:00:00.000Z',
    );
  });

  it('ends a deadline at the close rather than at the next opening', () => {
    expect(iso(deadlineAfter(at('2025-06-02T17:00:00+03:00'), 60, weekdays, 'business'))).toBe(
      '2025-06-02T15:00:00.000Z',
    );
  });

  it('carries what is left over to the next morning', () => {
    expect(iso(deadlineAfter(at('2025-06-02T17:30:00+03:00'), 60, weekdays, 'business'))).toBe(
      '2025-06-03T06:30:00.000Z',
    );
  });

  it('starts counting at the opening when the message arrives at night', () => {
    expect(iso(deadlineAfter(at('2025-06-02T23:10:00+03:00'), 15, weekdays, 'business'))).toBe(
      '2025-06-03T06:15:00.000Z',
    );
  });

  it('skips the weekend', () => {
    expect(iso(deadlineAfter(at('2025-06-06T17:30:00+03:00'), 60, weekdays, 'business'))).toBe(
      '2025-06-09T06:30:00.000Z',
    );
  });

  it('skips a holiday', () => {
    expect(iso(deadlineAfter(at('2025-10-28T17:30:00+03:00'), 60, weekdays, 'business'))).toBe(
      '2025-10-30T06:30:00.000Z',
    );
  });

  it('counts wall-clock minutes in 24/7 mode, nights and weekends included', () => {
    expect(iso(deadlineAfter(at('2025-06-06T17:30:00+03:00'), 60, weekdays, '24/7'))).toBe(
      '2025-06-06T15:30:00.000Z',
    );
  });

  it('returns the start itself for zero minutes', () => {
    expect(iso(deadlineAfter(at('2025-06-07T03:00:00+03:00'), 0, weekdays, 'business'))).toBe(
      '2025-06-07T00:00:00.000Z',
    );
  });

  it('measures business minutes between two instants, negative when reversed', () => {
    const friday = at('2025-06-06T17:00:00+03:00');
    const monday = at('2025-06-09T10:00:00+03:00');

    expect([
      businessMinutesBetween(friday, monday, weekdays),
      businessMinutesBetween(monday, friday, weekdays),
    ]).toEqual([120, -120]);
  });

  it('refuses a negative duration and an invalid date', () => {
    expect(() => deadlineAfter(at('2025-06-02T10:00:00Z'), -1, weekdays, 'business')).toThrow(RangeError);
    expect(() => deadlineAfter(at('not a date'), 1, weekdays, 'business')).toThrow(RangeError);
  });

  it('gives up with NoBusinessHoursError when every day is a holiday', () => {
    const holidays = Array.from({ length: 1000 }, (_, day) =>
      new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10),
    );
    const closed = BusinessCalendarSchema.parse({ weekly: { mon: NINE_TO_SIX }, holidays });

    expect(() => deadlineAfter(at('2025-01-01T00:00:00Z'), 1, closed, 'business')).toThrow(
      NoBusinessHoursError,
    );
  });
});

describe('several periods a day, midnight and periods across midnight', () => {
  const splitDay = BusinessCalendarSchema.parse({
    weekly: {
      mon: [
        { start: '09:00', end: '12:30' },
        { start: '13:30', end: '18:00' },
      ],
    },
  });
  const weekendRoundTheClock = BusinessCalendarSchema.parse({
    weekly: { sat: [{ start: '00:00', end: '24:00' }], sun: [{ start: '00:00', end: '24:00' }] },
  });

  it('skips the lunch break between two periods', () => {
    expect(iso(deadlineAfter(at('2025-06-02T12:00:00+03:00'), 60, splitDay, 'business'))).toBe(
      '2025-06-02T11:00:00.000Z',
    );
  });

  it('runs on through midnight when one day closes at 24:00 and the next opens at 00:00', () => {
    expect(iso(deadlineAfter(at('2025-06-07T23:30:00+03:00'), 60, weekendRoundTheClock, 'business'))).toBe(
      '2025-06-07T21:30:00.000Z',
    );
  });

  it('puts a deadline that runs out at midnight on the closing 24:00', () => {
    expect(iso(deadlineAfter(at('2025-06-08T23:00:00+03:00'), 60, weekendRoundTheClock, 'business'))).toBe(
      '2025-06-08T21:00:00.000Z',
    );
  });

  it('keeps counting past midnight inside a Friday 18:00–02:00 period', () => {
    expect(iso(deadlineAfter(at('2025-06-06T23:30:00+03:00'), 60, fridayNights, 'business'))).toBe(
      '2025-06-06T21:30:00.000Z',
    );
  });

  it('carries over from 02:00 Saturday to the next Friday morning', () => {
    expect(iso(deadlineAfter(at('2025-06-07T01:30:00+03:00'), 60, fridayNights, 'business'))).toBe(
      '2025-06-13T06:30:00.000Z',
    );
  });

  it('is open at 01:00 Saturday and closed at 02:00 sharp', () => {
    expect([
      isWithinBusinessHours(at('2025-06-07T01:00:00+03:00'), fridayNights),
      isWithinBusinessHours(at('2025-06-07T02:00:00+03:00'), fridayNights),
    ]).toEqual([true, false]);
  });

  it('counts a Friday of 3 h in the morning and 8 h at night', () => {
    expect(
      businessMinutesBetween(at('2025-06-06T00:00:00+03:00'), at('2025-06-08T00:00:00+03:00'), fridayNights),
    ).toBe(11 * 60);
  });

  it('closes the whole night period, after midnight too, when the Friday is a holiday', () => {
    const holidayFriday = { ...fridayNights, holidays: ['2025-06-06'] };

    expect(isWithinBusinessHours(at('2025-06-07T01:00:00+03:00'), holidayFriday)).toBe(false);
  });

  it('keeps the night period running into a Saturday holiday: it belongs to Friday', () => {
    const holidaySaturday = { ...fridayNights, holidays: ['2025-06-07'] };

    expect(isWithinBusinessHours(at('2025-06-07T01:00:00+03:00'), holidaySaturday)).toBe(true);
  });
});

describe('business time across DST changes in Europe/Berlin', () => {
  it('counts 7 real hours in the 22:00–06:00 night when clocks spring forward', () => {
    const minutes = businessMinutesBetween(
      at('2025-03-29T12:00:00+01:00'),
      at('2025-03-30T08:00:00+02:00'),
      berlinNights,
    );

    expect(minutes).toBe(7 * 60);
  });

  it('counts 9 real hours in the 22:00–06:00 night when clocks fall back', () => {
    const minutes = businessMinutesBetween(
      at('2025-10-25T12:00:00+02:00'),
      at('2025-10-26T08:00:00+01:00'),
      berlinNights,
    );

    expect(minutes).toBe(9 * 60);
  });

  it('opens at 09:00 CEST on the spring-forward Sunday', () => {
    expect(iso(nextBusinessOpening(at('2025-03-30T06:00:00+02:00'), berlinNights))).toBe(
      '2025-03-30T07:00:00.000Z',
    );
  });

  it('reaches 06:00 CEST after 420 business minutes from 22:00 CET', () => {
    expect(iso(deadlineAfter(at('2025-03-29T22:00:00+01:00'), 420, berlinNights, 'business'))).toBe(
      '2025-03-30T04:00:00.000Z',
    );
  });

  it('reaches 04:00 CET (not 05:00) after 420 business minutes on the fall-back night', () => {
    expect(iso(deadlineAfter(at('2025-10-25T22:00:00+02:00'), 420, berlinNights, 'business'))).toBe(
      '2025-10-26T03:00:00.000Z',
    );
  });

  it('adds elapsed time in 24/7 mode: 24 h after Saturday 12:00 CET is Sunday 13:00 CEST', () => {
    const deadline = deadlineAfter(at('2025-03-29T12:00:00+01:00'), 24 * 60, berlinNights, '24/7');

    expect(toZoned(deadline.getTime(), 'Europe/Berlin')).toMatchObject({ day: 30, hour: 13, minute: 0 });
  });
});

describe('the end of the business day and the next opening', () => {
  it('is the close of today for a message in hours', () => {
    expect(iso(endOfBusinessDay(at('2025-06-02T10:00:00+03:00'), weekdays))).toBe('2025-06-02T15:00:00.000Z');
  });

  it("is the next business day's close for a message at night or on the weekend", () => {
    expect([
      iso(endOfBusinessDay(at('2025-06-02T22:00:00+03:00'), weekdays)),
      iso(endOfBusinessDay(at('2025-06-07T11:00:00+03:00'), weekdays)),
    ]).toEqual(['2025-06-03T15:00:00.000Z', '2025-06-09T15:00:00.000Z']);
  });

  it('is 02:00 Saturday for anything handled on Friday, night period included', () => {
    expect([
      iso(endOfBusinessDay(at('2025-06-06T10:00:00+03:00'), fridayNights)),
      iso(endOfBusinessDay(at('2025-06-06T14:00:00+03:00'), fridayNights)),
      iso(endOfBusinessDay(at('2025-06-07T01:00:00+03:00'), fridayNights)),
    ]).toEqual(['2025-06-06T23:00:00.000Z', '2025-06-06T23:00:00.000Z', '2025-06-06T23:00:00.000Z']);
  });

  it('promises "from 09:00 tomorrow" out of hours and "now" in hours', () => {
    expect([
      iso(nextBusinessOpening(at('2025-06-02T21:00:00+03:00'), weekdays)),
      iso(nextBusinessOpening(at('2025-06-02T11:00:00+03:00'), weekdays)),
      iso(nextBusinessOpening(at('2025-10-28T19:00:00+03:00'), weekdays)),
    ]).toEqual(['2025-06-03T06:00:00.000Z', '2025-06-02T08:00:00.000Z', '2025-10-30T06:00:00.000Z']);
  });
});

describe('pauses while the ticket is pending-guest', () => {
  const deadline = at('2025-06-02T11:00:00+03:00');

  it('move a business deadline on by the business time paused', () => {
    const pauses = [{ from: at('2025-06-02T10:15:00+03:00'), to: at('2025-06-02T10:45:00+03:00') }];

    expect(iso(extendForPauses(deadline, pauses, weekdays, 'business'))).toBe('2025-06-02T08:30:00.000Z');
  });

  it('count overlapping pauses once', () => {
    const pauses = [
      { from: at('2025-06-02T10:15:00+03:00'), to: at('2025-06-02T10:45:00+03:00') },
      { from: at('2025-06-02T10:30:00+03:00'), to: at('2025-06-02T10:50:00+03:00') },
    ];

    expect(iso(extendForPauses(deadline, pauses, weekdays, 'business'))).toBe('2025-06-02T08:35:00.000Z');
  });

  it('restart the remaining time when the guest answers, here the next morning', () => {
    const lateDeadline = at('2025-06-02T17:30:00+03:00');
    const pauses = [{ from: at('2025-06-02T17:00:00+03:00'), to: at('2025-06-03T10:00:00+03:00') }];

    expect(iso(extendForPauses(lateDeadline, pauses, weekdays, 'business'))).toBe('2025-06-03T07:30:00.000Z');
  });

  it('change nothing in business mode when the pause was at night', () => {
    const pauses = [{ from: at('2025-06-01T22:00:00+03:00'), to: at('2025-06-02T08:00:00+03:00') }];

    expect(iso(extendForPauses(deadline, pauses, weekdays, 'business'))).toBe(iso(deadline));
  });

  it('add the wall-clock pause in 24/7 mode', () => {
    const pauses = [{ from: at('2025-06-01T22:00:00+03:00'), to: at('2025-06-02T08:00:00+03:00') }];

    expect(iso(extendForPauses(deadline, pauses, weekdays, '24/7'))).toBe('2025-06-02T18:00:00.000Z');
  });

  it('do not undo a breach when the pause began after the deadline', () => {
    const pauses = [{ from: at('2025-06-02T11:30:00+03:00'), to: at('2025-06-02T15:00:00+03:00') }];

    expect(iso(extendForPauses(deadline, pauses, weekdays, 'business'))).toBe(iso(deadline));
  });
});

describe('the SLA policy and its rules', () => {
  const istanbul = buildSlaPolicy({ businessHours: weekdays.weekly, holidays: weekdays.holidays });

  it('fills every default from an empty configuration', () => {
    const policy = buildSlaPolicy();

    expect(policy).toMatchObject({
      calendar: { timeZone: 'Europe/Istanbul', holidays: [] },
      clock: 'business',
      interimUpdate: { whenResolutionOverMinutes: 120, atFraction: 0.5 },
      rules: [],
    });
    expect(policy.calendar.weekly.sun).toEqual([{ start: '09:00', end: '18:00' }]);
  });

  it("takes the hotel's time zone when the configuration names none, and its own first", () => {
    expect([
      buildSlaPolicy({}, 'Europe/Berlin').calendar.timeZone,
      buildSlaPolicy({ timeZone: 'Europe/Istanbul' }, 'Europe/Berlin').calendar.timeZone,
    ]).toEqual(['Europe/Berlin', 'Europe/Istanbul']);
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Europe/Antalya' }, 'timeZone'],
    [
      'a period starting at 24:00',
      { businessHours: { mon: [{ start: '24:00', end: '02:00' }] } },
      'businessHours.mon.0.start',
    ],
    [
      'a period ending where it starts',
      { businessHours: { mon: [{ start: '09:00', end: '09:00' }] } },
      'businessHours.mon.0',
    ],
    ['a week without opening hours', { businessHours: {} }, 'businessHours'],
    ['a holiday that is not an ISO date', { holidays: ['29.10.2025'] }, 'holidays.0'],
    [
      'two rules for the same basket and channel',
      {
        rules: [
          { basket: 'sales', channel: 'webchat', firstResponseMinutes: 5 },
          { basket: 'sales', channel: 'webchat', firstResponseMinutes: 7 },
        ],
      },
      'rules',
    ],
    ['a rule that sets nothing', { rules: [{ basket: 'sales' }] }, 'rules.0'],
  ] as const)('refuses %s, naming the field', (_, config, path) => {
    expect(() => buildSlaPolicy(config as never)).toThrow(ValidationError);
    expect(() => buildSlaPolicy(config as never)).toThrow(`${path}:`);
  });

  it('reads a hotel configuration file with a period across midnight', () => {
    const parsed = SlaPolicyConfigSchema.parse({
      businessHours: { fri: [{ start: '18:00', end: '02:00' }] },
      rules: [{ basket: 'complaint', clock: '24/7' }],
    });

    expect(parsed.businessHours.mon).toEqual([]);
    expect(parsed.rules).toEqual([{ basket: 'complaint', clock: '24/7' }]);
  });

  it('applies the most specific rule field by field: hotel+channel > hotel+basket > default', () => {
    const policy = buildSlaPolicy({
      rules: [
        { basket: 'sales', resolution: 60, firstResponseMinutes: 10 },
        { basket: 'sales', channel: 'webchat', firstResponseMinutes: 3 },
      ],
    });

    expect([
      resolveSlaRule(policy, { basket: 'sales', channel: 'webchat' }),
      resolveSlaRule(policy, { basket: 'sales', channel: 'whatsapp' }),
      resolveSlaRule(policy, { basket: 'complaint', channel: 'webchat' }),
    ]).toMatchObject([
      { firstResponseMinutes: 3, resolution: 60 },
      { firstResponseMinutes: 10, resolution: 60 },
      { firstResponseMinutes: 10, resolution: 240 },
    ]);
  });

  it('uses the OTA post-booking row for OTA bookings, except for complaints', () => {
    expect([
      resolveSlaRule(istanbul, { basket: 'support', channel: 'ota', otaBooking: true }).basket,
      resolveSlaRule(istanbul, { basket: 'sales', channel: 'whatsapp', otaBooking: true }).basket,
      resolveSlaRule(istanbul, { basket: 'complaint', channel: 'ota', otaBooking: true }).basket,
    ]).toEqual(['ota-post-booking', 'ota-post-booking', 'complaint']);
  });

  it('gives a reservation request 15 min to answer and 90 min to resolve, with no interim update', () => {
    const deadlines = slaDeadlines(istanbul, {
      basket: 'sales',
      channel: 'instagram',
      receivedAt: at('2025-06-02T10:00:00+03:00'),
    });

    expect([
      iso(deadlines.firstResponseDueAt),
      iso(deadlines.resolutionDueAt),
      deadlines.interimUpdateDueAt,
    ]).toEqual(['2025-06-02T07:15:00.000Z', '2025-06-02T08:30:00.000Z', undefined]);
  });

  it('gives a complaint 10 min, 4 h, and an interim update after 2 business hours', () => {
    const deadlines = slaDeadlines(istanbul, {
      basket: 'complaint',
      channel: 'whatsapp',
      receivedAt: at('2025-06-02T16:00:00+03:00'),
    });

    expect([
      iso(deadlines.firstResponseDueAt),
      iso(deadlines.interimUpdateDueAt),
      iso(deadlines.resolutionDueAt),
    ]).toEqual(['2025-06-02T13:10:00.000Z', '2025-06-02T15:00:00.000Z', '2025-06-03T08:00:00.000Z']);
  });

  it('gives an OTA post-booking request 60 min and 6 h, with an interim update at 3 h', () => {
    const deadlines = slaDeadlines(istanbul, {
      basket: 'support',
      channel: 'ota',
      otaBooking: true,
      receivedAt: at('2025-06-02T09:00:00+03:00'),
    });

    expect([
      iso(deadlines.firstResponseDueAt),
      iso(deadlines.interimUpdateDueAt),
      iso(deadlines.resolutionDueAt),
    ]).toEqual(['2025-06-02T07:00:00.000Z', '2025-06-02T09:00:00.000Z', '2025-06-02T12:00:00.000Z']);
  });

  it('resolves general information by the close of the day it arrived in', () => {
    const deadlines = slaDeadlines(istanbul, {
      basket: 'support',
      channel: 'webchat',
      receivedAt: at('2025-06-02T10:00:00+03:00'),
    });

    expect([iso(deadlines.firstResponseDueAt), iso(deadlines.resolutionDueAt)]).toEqual([
      '2025-06-02T08:00:00.000Z',
      '2025-06-02T15:00:00.000Z',
    ]);
  });

  it("resolves general information that arrives out of hours by the next business day's close", () => {
    const deadlines = slaDeadlines(istanbul, {
      basket: 'support',
      channel: 'webchat',
      receivedAt: at('2025-06-06T20:00:00+03:00'),
    });

    expect([iso(deadlines.firstResponseDueAt), iso(deadlines.resolutionDueAt)]).toEqual([
      '2025-06-09T07:00:00.000Z',
      '2025-06-09T15:00:00.000Z',
    ]);
  });

  it('moves the same-day resolution to the next day when the first answer is only due then', () => {
    const deadlines = slaDeadlines(istanbul, {
      basket: 'support',
      channel: 'webchat',
      receivedAt: at('2025-06-02T17:30:00+03:00'),
    });

    expect([iso(deadlines.firstResponseDueAt), iso(deadlines.resolutionDueAt)]).toEqual([
      '2025-06-03T06:30:00.000Z',
      '2025-06-03T15:00:00.000Z',
    ]);
  });

  it('runs a rule on the wall clock when the hotel says 24/7 for complaints', () => {
    const policy = buildSlaPolicy({
      businessHours: weekdays.weekly,
      rules: [{ basket: 'complaint', clock: '24/7' }],
    });

    const deadlines = slaDeadlines(policy, {
      basket: 'complaint',
      channel: 'whatsapp',
      receivedAt: at('2025-06-07T23:00:00+03:00'),
    });

    expect([iso(deadlines.firstResponseDueAt), iso(deadlines.resolutionDueAt), deadlines.rule.clock]).toEqual(
      ['2025-06-07T20:10:00.000Z', '2025-06-08T00:00:00.000Z', '24/7'],
    );
  });

  it('leaves the interim update out when the policy turns it off', () => {
    const policy = buildSlaPolicy({ interimUpdate: false });

    const deadlines = slaDeadlines(policy, {
      basket: 'complaint',
      channel: 'whatsapp',
      receivedAt: at('2025-06-02T10:00:00+03:00'),
    });

    expect(deadlines.interimUpdateDueAt).toBeUndefined();
  });
});

describe('Step Functions Wait timestamps', () => {
  it('are whole seconds in UTC, rounded up so that a timer never fires early', () => {
    expect([
      toWaitTimestamp(at('2025-03-14T01:59:00.000Z')),
      toWaitTimestamp(at('2025-03-14T01:59:00.250Z')),
      toWaitTimestamp(at('2025-03-14T04:59:00+03:00')),
    ]).toEqual(['2025-03-14T01:59:00Z', '2025-03-14T01:59:01Z', '2025-03-14T01:59:00Z']);
  });
});
