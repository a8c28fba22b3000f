import type { BusinessCalendar, ClockMode } from '../../../schemas/sla-policy';
import { businessIntervalsFrom } from './business-calendar';
import { MINUTE_MS } from './time-zone';

/** A stretch when the SLA clock stood still (the ticket was `pending-guest`), [from, to). */
export interface Pause {
  readonly from: Date;
  readonly to: Date;
}

function instantOf(date: Date, name: string): number {
  const instant = date.getTime();
  if (Number.isNaN(instant)) throw new RangeError(`${name} is an invalid Date`);
  return instant;
}

/** Milliseconds on `mode`'s clock between two instants, `from` <= `to`. */
function clockTime(from: number, to: number, calendar: BusinessCalendar, mode: ClockMode): number {
  if (mode === '24/7') return to - from;
  let total = 0;
  for (const interval of businessIntervalsFrom(from, calendar)) {
    if (interval.start >= to) break;
    total += Math.min(interval.end, to) - Math.max(interval.start, from);
  }
  return total;
}

/** The earliest instant at which `budget` milliseconds have run on `mode`'s clock since `from`. */
function addClockTime(from: number, budget: number, calendar: BusinessCalendar, mode: ClockMode): number {
  if (mode === '24/7' || budget === 0) return from + budget;
  let remaining = budget;
  for (const interval of businessIntervalsFrom(from, calendar)) {
    const start = Math.max(interval.start, from);
    const available = interval.end - start;
    if (remaining <= available) return start + remaining;
    remaining -= available;
  }
  throw new Error('unreachable: business intervals never run out');
}

/**
 * When `durationMinutes` have run since `start`: wall-clock minutes in '24/7' mode, business minutes
 * in 'business' mode. A business deadline lies inside an opening period or at its very end (a period
 * end is preferred to the next opening: 60 min from 17:00 with 09–18 is 18:00 today). Zero minutes is
 * `start` itself. Millisecond precision; fractional minutes are fine.
 */
export function deadlineAfter(
  start: Date,
  durationMinutes: number,
  calendar: BusinessCalendar,
  mode: ClockMode,
): Date {
  if (!Number.isFinite(durationMinutes) || durationMinutes < 0) {
    throw new RangeError(`durationMinutes must be a finite number >= 0, got ${durationMinutes}`);
  }
  return new Date(
    addClockTime(instantOf(start, 'start'), Math.round(durationMinutes * MINUTE_MS), calendar, mode),
  );
}

/** Business minutes from `a` to `b` (negative when `b` is before `a`); periods are half-open. */
export function businessMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  return clockMinutesBetween(a, b, calendar, 'business');
}

/** Minutes from `a` to `b` on `mode`'s clock (negative when `b` is before `a`). */
export function clockMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar, mode: ClockMode): number {
  const from = instantOf(a, 'a');
  const to = instantOf(b, 'b');
  if (to < from) return -clockTime(to, from, calendar, mode) / MINUTE_MS;
  return clockTime(from, to, calendar, mode) / MINUTE_MS;
}

/**
 * Moves a deadline on by the clock time spent in pauses (`pending-guest`), so that the time on
 * `mode`'s clock from the ticket's start to the new deadline, pauses left out, is what it was.
 * Use the same clock the deadline was computed with. Overlapping pauses count once; a pause that
 * begins at or after the (moving) deadline is ignored: a breach is not undone by pausing later.
 * Pass only closed pauses that begin after the ticket's start; while a ticket is paused there is no
 * deadline: compute it again when the pause ends. Never returns an earlier deadline.
 */
export function extendForPauses(
  deadline: Date,
  pauses: readonly Pause[],
  calendar: BusinessCalendar,
  mode: ClockMode,
): Date {
  const intervals = pauses
    .map((pause) => ({ from: instantOf(pause.from, 'pause.from'), to: instantOf(pause.to, 'pause.to') }))
    .filter((pause) => pause.to > pause.from)
    .sort((a, b) => a.from - b.from);
  let due = instantOf(deadline, 'deadline');
  let coveredUntil = Number.NEGATIVE_INFINITY;
  for (const pause of intervals) {
    const from = Math.max(pause.from, coveredUntil);
    if (from >= due) break;
    coveredUntil = Math.max(coveredUntil, pause.to);
    if (pause.to <= from) continue;
    // The clock time the pause took out of the window before the deadline is added after the later
    // of the pause's end and the deadline.
    const lost = clockTime(from, Math.min(pause.to, due), calendar, mode);
    if (lost > 0) due = addClockTime(Math.max(pause.to, due), lost, calendar, mode);
  }
  return new Date(due);
}
