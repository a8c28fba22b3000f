import { describe, expect, it } from 'vitest';
import {
  isQuietMinute,
  type SendTimeInput,
  sendTimeNoEarlierThan,
  surveySendTime,
} from '../../functions/domain/surveys/schedule-time';
import { scheduleNameOf, surveyIdOf } from '../../functions/domain/surveys/survey-ids';

const DEFAULTS = { delayHours: 4, quietHours: { from: '21:00', to: '09:00' } };
/** Long before every check-out below, so nothing is late unless a test says so. */
const EARLY = new Date('2026-01-01T00:00:00Z');

const sendTime = (input: Partial<SendTimeInput> & Pick<SendTimeInput, 'checkOutDate'>) =>
  surveySendTime({ timeZone: 'Europe/Istanbul', settings: DEFAULTS, now: EARLY, ...input }).toISOString();

describe('the survey send time', () => {
  it('is check-out plus the delay, in the hotel time zone', () => {
    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '11:30' })).toBe('2026-07-19T12:30:00.000Z');
  });

  it('takes 12:00 when the PMS gives no check-out time', () => {
    expect(sendTime({ checkOutDate: '2026-07-19' })).toBe('2026-07-19T13:00:00.000Z');
  });

  it("uses the hotel's delay (2 to 24 hours)", () => {
    const settings = { ...DEFAULTS, delayHours: 2 };

    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '10:00', settings })).toBe(
      '2026-07-19T09:00:00.000Z',
    );
  });

  it('moves a time in the evening part of the quiet hours to their end the next morning', () => {
    // 18:00 + 4 h = 22:00 Istanbul: after 21:00, so 09:00 the next day.
    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '18:00' })).toBe('2026-07-20T06:00:00.000Z');
  });

  it('moves a time after midnight in the quiet hours to their end the same morning', () => {
    // 23:30 + 2 h = 01:30 on the 20th: 09:00 on the 20th, not the 21st.
    const settings = { ...DEFAULTS, delayHours: 2 };

    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '23:30', settings })).toBe(
      '2026-07-20T06:00:00.000Z',
    );
  });

  it('counts the start of the quiet hours as quiet and their end as not', () => {
    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '17:00' })).toBe('2026-07-20T06:00:00.000Z');
    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '05:00' })).toBe('2026-07-19T06:00:00.000Z');
  });

  it('honours quiet hours that do not cross midnight', () => {
    const settings = { delayHours: 2, quietHours: { from: '13:00', to: '15:00' } };

    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '11:30', settings })).toBe(
      '2026-07-19T12:00:00.000Z',
    );
    expect(isQuietMinute(12 * 60 + 59, settings.quietHours)).toBe(false);
    expect(isQuietMinute(15 * 60, settings.quietHours)).toBe(false);
  });

  it('has no quiet hours when they start and end at the same time', () => {
    const settings = { delayHours: 4, quietHours: { from: '00:00', to: '00:00' } };

    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '22:00', settings })).toBe(
      '2026-07-19T23:00:00.000Z',
    );
  });
});

describe('the survey send time on DST days', () => {
  it('is unaffected in Europe/Istanbul, which keeps UTC+3 when Europe springs forward', () => {
    expect(sendTime({ checkOutDate: '2026-03-29', checkOutTime: '10:00' })).toBe('2026-03-29T11:00:00.000Z');
  });

  it('reads the check-out in summer time on the day Berlin springs forward', () => {
    // 10:00 CEST (UTC+2) + 4 h = 12:00 UTC, 14:00 local.
    expect(sendTime({ checkOutDate: '2026-03-29', checkOutTime: '10:00', timeZone: 'Europe/Berlin' })).toBe(
      '2026-03-29T12:00:00.000Z',
    );
  });

  it('counts the delay in elapsed hours across the night clocks spring forward', () => {
    // 12:00 CET on the 28th + 24 elapsed hours = 13:00 CEST on the 29th.
    const settings = { ...DEFAULTS, delayHours: 24 };

    expect(
      sendTime({ checkOutDate: '2026-03-28', checkOutTime: '12:00', timeZone: 'Europe/Berlin', settings }),
    ).toBe('2026-03-29T11:00:00.000Z');
  });

  it('ends the quiet hours at 09:00 summer time after the spring-forward night', () => {
    // 19:00 CET + 4 h = 23:00 CET: quiet until 09:00 CEST (07:00 UTC) on the 29th.
    expect(sendTime({ checkOutDate: '2026-03-28', checkOutTime: '19:00', timeZone: 'Europe/Berlin' })).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('ends the quiet hours at 09:00 winter time after the fall-back night', () => {
    // 20:00 CEST on Oct 24 + 4 h = 00:00 CEST Oct 25: quiet until 09:00 CET (08:00 UTC).
    expect(sendTime({ checkOutDate: '2026-10-24', checkOutTime: '20:00', timeZone: 'Europe/Berlin' })).toBe(
      '2026-10-25T08:00:00.000Z',
    );
  });

  it('pushes a check-out time that the spring-forward gap skips to after the gap', () => {
    // 02:30 does not exist in Berlin on Mar 29: it is 03:30 CEST (01:30 UTC); + 4 h is 05:30 UTC, quiet
    // (07:30 local) until 09:00 CEST.
    expect(sendTime({ checkOutDate: '2026-03-29', checkOutTime: '02:30', timeZone: 'Europe/Berlin' })).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });
});

describe('a late import', () => {
  it('is sent a minute after it arrives when its time has passed', () => {
    const now = new Date('2026-07-20T08:00:00.000Z'); // 11:00 Istanbul

    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '11:30', now })).toBe(
      '2026-07-20T08:01:00.000Z',
    );
  });

  it('still waits for the end of the quiet hours', () => {
    const now = new Date('2026-07-20T20:00:00.000Z'); // 23:00 Istanbul

    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '11:30', now })).toBe(
      '2026-07-21T06:00:00.000Z',
    );
  });

  it('keeps a time that is still ahead', () => {
    const now = new Date('2026-07-19T12:29:00.000Z');

    expect(sendTime({ checkOutDate: '2026-07-19', checkOutTime: '11:30', now })).toBe(
      '2026-07-19T12:30:00.000Z',
    );
  });

  it('rounds a late time up to whole seconds, the precision of a schedule', () => {
    const now = new Date('2026-07-20T08:00:00.250Z');

    expect(sendTimeNoEarlierThan(0, now, 'Europe/Istanbul', DEFAULTS.quietHours).toISOString()).toBe(
      '2026-07-20T08:01:01.000Z',
    );
  });
});

describe('a demo run (SLA_CLOCK_SPEED)', () => {
  it('sends the delay divided by the speed after arrival, round the clock', () => {
    const now = new Date('2026-07-19T20:00:00.000Z'); // 23:00 Istanbul, in the quiet hours

    expect(sendTime({ checkOutDate: '2026-07-25', now, speed: 60 })).toBe('2026-07-19T20:04:00.000Z');
  });
});

describe('a demo run, late', () => {
  it('goes the late minute divided by the speed after now, quiet hours or not', () => {
    const now = new Date('2026-07-19T20:00:00.000Z'); // 23:00 Istanbul

    expect(sendTimeNoEarlierThan(0, now, 'Europe/Istanbul', DEFAULTS.quietHours, 60).toISOString()).toBe(
      '2026-07-19T20:00:01.000Z',
    );
  });
});

describe('survey ids and schedule names', () => {
  it('gives a reservation the same survey id every time, and another hotel another one', () => {
    expect(surveyIdOf('aurora-belek', 'R-1')).toBe(surveyIdOf('aurora-belek', 'R-1'));
    expect(surveyIdOf('aurora-belek', 'R-1')).not.toBe(surveyIdOf('side-palace', 'R-1'));
    expect(surveyIdOf('aurora-belek', 'R-1')).toMatch(/^nps_[0-9a-f]{32}$/);
  });

  it('names the schedule after hotel and reservation', () => {
    expect(scheduleNameOf('aurora-belek', 'R-10293')).toBe('nps-aurora-belek-R-10293');
  });

  it("keeps names within Scheduler's rules and apart when a reservation id must be cleaned or cut", () => {
    const slash = scheduleNameOf('aurora-belek', 'R/1');
    const underscore = scheduleNameOf('aurora-belek', 'R_1');
    const long = scheduleNameOf('a-hotel-with-a-rather-long-tenant-id-xyz', `RES-${'9'.repeat(60)}`);

    for (const name of [slash, underscore, long]) expect(name).toMatch(/^[0-9a-zA-Z_.-]{1,64}$/);
    expect(slash).not.toBe(underscore);
    expect(long).toHaveLength(64);
  });
});
