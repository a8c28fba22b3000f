import type {
  ClockMode,
  InterimUpdate,
  ResolutionTarget,
  SlaBasket,
  WeeklyHours,
} from '../../../schemas/sla-policy';

/** The two targets of one SLA-table row. */
export interface SlaTargets {
  readonly firstResponseMinutes: number;
  readonly resolution: ResolutionTarget;
}

/**
 * The seed's "Örnek SLA tablosu" (seed 000), at the slow end of each range: hotels tighten it.
 * | basket | first response | resolution |
 * | sales (reservation intent) | 15 min | 90 min |
 * | complaint / crisis | 10 min | 4 h |
 * | support (general info) | 60 min | same business day |
 * | ota-post-booking | 60 min | 6 h |
 */
export const DEFAULT_SLA_TARGETS: Readonly<Record<SlaBasket, SlaTargets>> = {
  sales: { firstResponseMinutes: 15, resolution: 90 },
  complaint: { firstResponseMinutes: 10, resolution: 240 },
  support: { firstResponseMinutes: 60, resolution: 'same-business-day' },
  'ota-post-booking': { firstResponseMinutes: 60, resolution: 360 },
};

/** Hotels in the seeds are in Türkiye (no DST since 2016). */
export const DEFAULT_TIME_ZONE = 'Europe/Istanbul';

const NINE_TO_SIX = [{ start: '09:00', end: '18:00' }];

/** Every day 09:00–18:00: hotels work weekends; each hotel sets its own desk hours. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  mon: NINE_TO_SIX,
  tue: NINE_TO_SIX,
  wed: NINE_TO_SIX,
  thu: NINE_TO_SIX,
  fri: NINE_TO_SIX,
  sat: NINE_TO_SIX,
  sun: NINE_TO_SIX,
};

/** SLA clocks count business time unless a hotel or rule says '24/7'. */
export const DEFAULT_CLOCK: ClockMode = 'business';

/**
 * Seed 001 "ara bilgilendirme": a resolution window longer than 2 h owes one interim update at
 * its half (a complaint's 4 h -> update due after 2 h; OTA's 6 h -> after 3 h; sales' 90 min -> none).
 */
export const DEFAULT_INTERIM_UPDATE: InterimUpdate = { whenResolutionOverMinutes: 120, atFraction: 0.5 };
