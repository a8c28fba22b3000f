import type { NpsSettings } from '../hotels';
import { addDays, fromZoned, minutesOfDay, toZoned } from '../sla/time-zone';

/** When the PMS gives a check-out date but no time. */
export const DEFAULT_CHECK_OUT_TIME = '12:00';
/** How soon a survey whose send time has already passed goes out (a late import, a missing schedule). */
export const LATE_SEND_MILLIS = 60_000;

const HOUR_MS = 3_600_000;

export type QuietHours = NpsSettings['quietHours'];

export interface SendTimeInput {
  checkOutDate: string;
  checkOutTime?: string | undefined;
  timeZone: string;
  settings: Pick<NpsSettings, 'delayHours' | 'quietHours'>;
  now: Date;
  /** Demo speed (SLA_CLOCK_SPEED): n > 1 sends delayHours / n after arrival, round the clock. */
  speed?: number;
}

/**
 * When a departure's survey goes out: check-out (hotel local time) plus the delay, counted in
 * elapsed hours so a DST change that night neither adds nor takes an hour, then moved out of the
 * quiet hours to their end. A time already past when the departure arrives becomes a minute
 * from now, still outside the quiet hours.
 */
export function surveySendTime(input: SendTimeInput): Date {
  const { settings, timeZone, now } = input;
  const speed = input.speed ?? 1;
  if (speed !== 1) return wholeSecond(now.getTime() + (settings.delayHours * HOUR_MS) / speed);
  const [year, month, day] = input.checkOutDate.split('-').map(Number);
  const [hour, minute] = (input.checkOutTime ?? DEFAULT_CHECK_OUT_TIME).split(':').map(Number);
  const checkOut = fromZoned(
    { year: year ?? 0, month: month ?? 1, day: day ?? 1, hour: hour ?? 0, minute: minute ?? 0 },
    timeZone,
  );
  return sendTimeNoEarlierThan(checkOut + settings.delayHours * HOUR_MS, now, timeZone, settings.quietHours);
}

/**
 * `planned`, unless it is no longer ahead of `now`: then a minute from now. Either way outside
 * the quiet hours, which a demo (speed > 1) runs without, as its SLA clocks run round the clock.
 * Used for new departures and for schedules made again for overdue surveys.
 */
export function sendTimeNoEarlierThan(
  planned: number,
  now: Date,
  timeZone: string,
  quietHours: QuietHours,
  speed = 1,
): Date {
  const candidate = planned > now.getTime() ? planned : now.getTime() + LATE_SEND_MILLIS / speed;
  return wholeSecond(speed === 1 ? outOfQuietHours(candidate, timeZone, quietHours) : candidate);
}

/** Whether a hotel-local wall-clock minute falls in the quiet hours (`from` included, `to` not). */
export function isQuietMinute(minuteOfDay: number, quietHours: QuietHours): boolean {
  const from = minutesOfDay(quietHours.from);
  const to = minutesOfDay(quietHours.to);
  if (from === to) return false;
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

/** The instant itself, or the end of the quiet hours it falls in (their `to` time, hotel local). */
export function outOfQuietHours(instant: number, timeZone: string, quietHours: QuietHours): number {
  const local = toZoned(instant, timeZone);
  const minute = local.hour * 60 + local.minute;
  if (!isQuietMinute(minute, quietHours)) return instant;
  const from = minutesOfDay(quietHours.from);
  const to = minutesOfDay(quietHours.to);
  // Before midnight in hours that run past it: they end the next morning.
  const endsTomorrow = from > to && minute >= from;
  const date = endsTomorrow ? addDays(local, 1) : local;
  return fromZoned(
    { year: date.year, month: date.month, day: date.day, hour: Math.floor(to / 60), minute: to % 60 },
    timeZone,
  );
}

/** Scheduler fires with one-second precision at best; whole seconds keep stored and scheduled times equal. */
const wholeSecond = (millis: number) => new Date(Math.ceil(millis / 1000) * 1000);
