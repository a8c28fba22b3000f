/**
 * IANA time-zone arithmetic on top of `Intl.DateTimeFormat` (no tz library is installed).
 * Instants are epoch milliseconds; wall-clock values are plain fields with no zone attached.
 */

/** A calendar date in some zone's wall clock (month 1–12). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A wall-clock date and time (hour 0–23, seconds whole). */
export interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows `timeZone` as an IANA zone (e.g. 'Europe/Istanbul'). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Epoch milliseconds of a wall-clock value read as if it were UTC (valid for every year, 0–99 included). */
export function wallClockAsUtc(local: LocalDate & Partial<LocalDateTime>): number {
  const date = new Date(0);
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  date.setUTCHours(local.hour ?? 0, local.minute ?? 0, local.second ?? 0, 0);
  return date.getTime();
}

/** The wall clock in `timeZone` at `instant` (milliseconds are dropped). */
export function toZoned(instant: number, timeZone: string): LocalDateTime {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) fields[part.type] = part.value;
  const yearOfEra = Number(fields.year);
  return {
    year: fields.era === 'BC' ? 1 - yearOfEra : yearOfEra,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour) % 24,
    minute: Number(fields.minute),
    second: Number(fields.second),
  };
}

/** The zone's offset from UTC at `instant`, in milliseconds (+3 h for Europe/Istanbul). */
export function offsetAt(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return wallClockAsUtc(toZoned(wholeSecond, timeZone)) - wholeSecond;
}

/**
 * The instant a wall-clock time names in `timeZone`, resolved like Temporal's 'compatible':
 * a time repeated when clocks go back takes its first (earlier) occurrence, and a time skipped
 * when clocks go forward is pushed forward by the gap (02:30 on Berlin's spring-forward night -> 03:30).
 */
export function fromZoned(local: LocalDate & Partial<LocalDateTime>, timeZone: string): number {
  const asUtc = wallClockAsUtc(local);
  const offsetBefore = offsetAt(asUtc - DAY_MS, timeZone);
  const candidates = new Set([offsetBefore, offsetAt(asUtc, timeZone), offsetAt(asUtc + DAY_MS, timeZone)]);
  let earliest: number | undefined;
  for (const offset of candidates) {
    const instant = asUtc - offset;
    if (offsetAt(instant, timeZone) === offset && (earliest === undefined || instant < earliest)) {
      earliest = instant;
    }
  }
  // No offset reproduces this wall time: it falls in a gap; the offset in force before the gap moves it on.
  return earliest ?? asUtc - offsetBefore;
}

/** The local date `days` after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(wallClockAsUtc(date) + days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** Day of the week of a local date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(wallClockAsUtc(date)).getUTCDay();
}

/** 'YYYY-MM-DD' for a local date (years 0–9999). */
export function isoDateOf(date: LocalDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Minutes since local midnight for 'HH:MM' ('24:00' gives 1440). */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

export { DAY_MS, MINUTE_MS };
