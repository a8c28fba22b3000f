import { addDays, fromZoned, isoDateOf, type LocalDate, toZoned } from '../sla/time-zone';

/** The hotel's local date (YYYY-MM-DD) at `instant`: the lake's `dt`. */
export const localDateOf = (instant: Date | string, timeZone: string): string =>
  isoDateOf(toZoned(new Date(instant).getTime(), timeZone));

const parseDate = (dt: string): LocalDate => {
  const [year, month, day] = dt.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 1, day: day ?? 1 };
};

/** `dt` moved by `days` (negative goes back). */
export const shiftDate = (dt: string, days: number): string => isoDateOf(addDays(parseDate(dt), days));

/** The instants [from, to) of a local day in `timeZone`, as ISO strings (23 to 25 hours long). */
export function localDayBounds(dt: string, timeZone: string): { from: string; to: string } {
  return {
    from: new Date(fromZoned(parseDate(dt), timeZone)).toISOString(),
    to: new Date(fromZoned(parseDate(shiftDate(dt, 1)), timeZone)).toISOString(),
  };
}

/**
 * The days an export writes, newest first. Hourly: the hotel's today, and yesterday (its
 * tickets still change in the first hours). Daily (the seal): yesterday and the `refreshDays`
 * before it, so tickets resolved, rated or booked days after they opened are current in the lake.
 */
export function daysToExport(
  mode: 'hourly' | 'daily',
  now: Date,
  timeZone: string,
  refreshDays: number,
): string[] {
  const today = localDateOf(now, timeZone);
  const count = mode === 'hourly' ? 2 : refreshDays;
  const first = mode === 'hourly' ? 0 : 1;
  return Array.from({ length: count }, (_, i) => shiftDate(today, -(first + i)));
}

/** The seven days (Monday first) of an ISO week such as `2026-W30`. */
export function daysOfIsoWeek(week: string): string[] {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new Error(`${week} is not an ISO week such as 2026-W30`);
  const [year, number] = [Number(match[1]), Number(match[2])];
  // ISO week 1 holds 4 January; its Monday starts the year's weeks.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
  const start = new Date(monday.getTime() + (number - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
  if (number < 1 || number > 53 || isoWeekOf(start) !== week) throw new Error(`${week} does not exist`);
  return Array.from({ length: 7 }, (_, i) => shiftDate(start, i));
}

/** The ISO week (`2026-W30`) a date belongs to. */
export function isoWeekOf(dt: string): string {
  const date = new Date(`${dt}T00:00:00Z`);
  // The week's Thursday decides its year.
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const number = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(number).padStart(2, '0')}`;
}
