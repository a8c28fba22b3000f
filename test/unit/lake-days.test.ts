import { describe, expect, it } from 'vitest';
import {
  daysOfIsoWeek,
  daysToExport,
  isoWeekOf,
  localDateOf,
  localDayBounds,
} from '../../functions/domain/kpi/lake-days';

describe("the lake's days", () => {
  it("are the hotel's local dates", () => {
    expect(localDateOf('2026-07-20T20:59:59Z', 'Europe/Istanbul')).toBe('2026-07-20');
    expect(localDateOf('2026-07-20T21:00:00Z', 'Europe/Istanbul')).toBe('2026-07-21');
    expect(localDateOf('2026-07-21T03:00:00Z', 'America/New_York')).toBe('2026-07-20');
  });

  it('span 23 or 25 hours on the nights clocks change', () => {
    const spring = localDayBounds('2026-03-29', 'Europe/Berlin');
    const autumn = localDayBounds('2026-10-25', 'Europe/Berlin');
    const hours = (b: { from: string; to: string }) => (Date.parse(b.to) - Date.parse(b.from)) / 3_600_000;
    expect(spring).toEqual({ from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
    expect(hours(spring)).toBe(23);
    expect(hours(autumn)).toBe(25);
  });

  it('to export are today and yesterday every hour, and the days before today at the daily seal', () => {
    const now = new Date('2026-07-01T21:30:00Z'); // 00:30 on 2 July in Istanbul
    expect(daysToExport('hourly', now, 'Europe/Istanbul', 14)).toEqual(['2026-07-02', '2026-07-01']);
    expect(daysToExport('daily', now, 'Europe/Istanbul', 3)).toEqual([
      '2026-07-01',
      '2026-06-30',
      '2026-06-29',
    ]);
  });

  it('of an ISO week run Monday to Sunday, across years too', () => {
    expect(daysOfIsoWeek('2026-W30')).toEqual([
      '2026-07-20',
      '2026-07-21',
      '2026-07-22',
      '2026-07-23',
      '2026-07-24',
      '2026-07-25',
      '2026-07-26',
    ]);
    expect(daysOfIsoWeek('2026-W01')[0]).toBe('2025-12-29');
    expect(daysOfIsoWeek('2026-W53')[0]).toBe('2026-12-28');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2026-07-26')).toBe('2026-W30');
    expect(() => daysOfIsoWeek('2025-W53')).toThrow(/does not exist/);
    expect(() => daysOfIsoWeek('2026-30')).toThrow(/ISO week/);
  });
});
