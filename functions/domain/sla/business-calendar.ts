import type { BusinessCalendar, Weekday } from '../../../schemas/sla-policy';
import { addDays, fromZoned, isoDateOf, type LocalDate, minutesOfDay, toZoned, weekdayOf } from './time-zone';

/** A stretch of business time, epoch milliseconds, half-open: [start, end). */
export interface BusinessInterval {
  readonly start: number;
  readonly end: number;
}

/** The calendar has no opening at all within this many days in a row (every day a holiday, say). */
export class NoBusinessHoursError extends Error {
  override name = 'NoBusinessHoursError';
}

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MAX_CLOSED_DAYS = 800;
const MINUTES_PER_DAY = 1440;

const holidaySets = new WeakMap<BusinessCalendar, ReadonlySet<string>>();

function isHoliday(date: LocalDate, calendar: BusinessCalendar): boolean {
  let holidays = holidaySets.get(calendar);
  if (!holidays) {
    holidays = new Set(calendar.holidays);
    holidaySets.set(calendar, holidays);
  }
  return holidays.has(isoDateOf(date));
}

/** The instant `minutes` after local midnight of `date` (may be 1440 or more: the next day). */
function instantAt(date: LocalDate, minutes: number, timeZone: string): number {
  const day = addDays(date, Math.floor(minutes / MINUTES_PER_DAY));
  const ofDay = minutes % MINUTES_PER_DAY;
  return fromZoned({ ...day, hour: Math.floor(ofDay / 60), minute: ofDay % 60, second: 0 }, timeZone);
}

/**
 * The opening periods that start on a local date, as instants, in configured order. A period whose
 * end is at or before its start closes the next day. On a holiday there are none; a period that
 * started the evening before still runs (it belongs to the day before).
 */
export function periodsStartingOn(date: LocalDate, calendar: BusinessCalendar): BusinessInterval[] {
  if (isHoliday(date, calendar)) return [];
  const periods = calendar.weekly[WEEKDAYS[weekdayOf(date)] ?? 'sun'];
  const intervals: BusinessInterval[] = [];
  for (const period of periods) {
    const startMinutes = minutesOfDay(period.start);
    let endMinutes = minutesOfDay(period.end);
    if (endMinutes <= startMinutes) endMinutes += MINUTES_PER_DAY;
    const start = instantAt(date, startMinutes, calendar.timeZone);
    const end = instantAt(date, endMinutes, calendar.timeZone);
    // A period inside a spring-forward gap (02:00–02:30 in Berlin that night) is empty.
    if (end > start) intervals.push({ start, end });
  }
  return intervals;
}

function merge(intervals: readonly BusinessInterval[]): BusinessInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: BusinessInterval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    } else {
      merged.push(interval);
    }
  }
  return merged;
}

/**
 * Business time from `from` on: overlapping and touching periods merged, in order, each ending after
 * `from` (the first may start before it). Endless; throws NoBusinessHoursError after 800 closed days.
 */
export function* businessIntervalsFrom(
  from: number,
  calendar: BusinessCalendar,
): Generator<BusinessInterval> {
  const { timeZone } = calendar;
  // Start a day early: yesterday's period may run past midnight.
  let date: LocalDate = addDays(toZoned(from, timeZone), -1);
  let pending: BusinessInterval[] = [];
  let closedDays = 0;
  for (;;) {
    // Periods of this day and later start at or after its midnight: what ends before it is final.
    const midnight = fromZoned(date, timeZone);
    while (pending[0] && pending[0].end < midnight) {
      const done = pending.shift();
      if (done && done.end > from) yield done;
    }
    const periods = periodsStartingOn(date, calendar);
    closedDays = periods.length === 0 ? closedDays + 1 : 0;
    if (closedDays > MAX_CLOSED_DAYS) {
      throw new NoBusinessHoursError(`no business hours in ${MAX_CLOSED_DAYS} days after ${isoDateOf(date)}`);
    }
    pending = merge([...pending, ...periods]);
    date = addDays(date, 1);
  }
}

function firstIntervalFrom(from: number, calendar: BusinessCalendar): BusinessInterval {
  const first = businessIntervalsFrom(from, calendar).next();
  if (first.done) throw new NoBusinessHoursError('no business hours');
  return first.value;
}

/** Whether `at` is inside an opening period (a period's end itself is closed). */
export function isWithinBusinessHours(at: Date, calendar: BusinessCalendar): boolean {
  return firstIntervalFrom(at.getTime(), calendar).start <= at.getTime();
}

/**
 * The first instant at or after `at` inside business hours: `at` itself when open, else the next
 * opening (for the out-of-hours greeting "we'll answer from 09:00 tomorrow").
 */
export function nextBusinessOpening(at: Date, calendar: BusinessCalendar): Date {
  return new Date(Math.max(firstIntervalFrom(at.getTime(), calendar).start, at.getTime()));
}

/**
 * The close of the business day `at` falls in: the end of the last period that starts on the same
 * local date as the period containing `at` (Fri 10:00 with Fri 09–12 and 18–02 -> Sat 02:00). Out of
 * hours, the business day of the next opening (Sun 22:00 -> Monday's close).
 */
export function endOfBusinessDay(at: Date, calendar: BusinessCalendar): Date {
  const opening = nextBusinessOpening(at, calendar).getTime();
  const today = toZoned(opening, calendar.timeZone);
  for (const date of [addDays(today, -1), today]) {
    const periods = periodsStartingOn(date, calendar);
    if (periods.some((period) => period.start <= opening && opening < period.end)) {
      return new Date(Math.max(...periods.map((period) => period.end)));
    }
  }
  throw new NoBusinessHoursError(`no period contains ${new Date(opening).toISOString()}`);
}
