import * as z from 'zod';
import {
  DEFAULT_CLOCK,
  DEFAULT_INTERIM_UPDATE,
  DEFAULT_TIME_ZONE,
  DEFAULT_WEEKLY_HOURS,
} from '../functions/domain/sla/defaults';
import { isValidTimeZone } from '../functions/domain/sla/time-zone';

/** A wall-clock time 'HH:MM' (00:00–23:59). */
const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 00:00–23:59');

/**
 * One opening period of a weekday, hotel local time. An `end` at or before `start` runs past
 * midnight into the next day (Fri 18:00–02:00 closes Saturday 02:00); '24:00' closes at midnight.
 * The period belongs to the day it starts on (that day's holiday closes it).
 * @example { "start": "18:00", "end": "02:00" }
 */
export const BusinessPeriodSchema = z
  .strictObject({
    start: TimeOfDaySchema,
    end: z.union([TimeOfDaySchema, z.literal('24:00')]),
  })
  .refine((period) => period.start !== period.end, {
    message: 'start and end are equal: write 00:00–24:00 for a whole day',
  });
export type BusinessPeriod = z.infer<typeof BusinessPeriodSchema>;

const DayPeriodsSchema = z.array(BusinessPeriodSchema).max(8).default([]);

/**
 * Opening periods per weekday; several per day are fine, and a day left out is closed.
 * @example { "mon": [{ "start": "09:00", "end": "12:30" }, { "start": "13:30", "end": "18:00" }],
 *   "fri": [{ "start": "09:00", "end": "12:00" }, { "start": "18:00", "end": "02:00" }] }
 */
export const WeeklyHoursSchema = z
  .strictObject({
    mon: DayPeriodsSchema,
    tue: DayPeriodsSchema,
    wed: DayPeriodsSchema,
    thu: DayPeriodsSchema,
    fri: DayPeriodsSchema,
    sat: DayPeriodsSchema,
    sun: DayPeriodsSchema,
  })
  .refine((week) => Object.values(week).some((periods) => periods.length > 0), {
    message: 'at least one opening period a week',
  });
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;
export type Weekday = keyof WeeklyHours;

/** An IANA time-zone name the runtime knows. */
export const TimeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'unknown IANA time zone, e.g. Europe/Istanbul' });

/**
 * A hotel's business calendar: zone, weekly opening periods and holidays (hotel-local ISO dates).
 * @example { "timeZone": "Europe/Berlin", "weekly": { "mon": [{ "start": "09:00", "end": "18:00" }] },
 *   "holidays": ["2025-12-25"] }
 */
export const BusinessCalendarSchema = z.strictObject({
  timeZone: TimeZoneSchema.default(DEFAULT_TIME_ZONE),
  weekly: WeeklyHoursSchema.default(DEFAULT_WEEKLY_HOURS),
  holidays: z.array(z.iso.date()).default([]),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

/** `business` counts only business time; `24/7` counts wall-clock time. */
export const ClockModeSchema = z.enum(['business', '24/7']);
export type ClockMode = z.infer<typeof ClockModeSchema>;

/** The triage baskets (seed 000). */
export const BasketSchema = z.enum(['sales', 'support', 'complaint']);
export type Basket = z.infer<typeof BasketSchema>;

/**
 * What an SLA rule is for: a triage basket, or 'ota-post-booking', the seed table's
 * "OTA post-booking request" row (chosen when the guest writes about an OTA booking).
 */
export const SlaBasketSchema = z.enum([...BasketSchema.options, 'ota-post-booking']);
export type SlaBasket = z.infer<typeof SlaBasketSchema>;

/** Channels an SLA rule can name: today's channels and the planned OTA and e-mail ones. */
export const SlaChannelSchema = z.enum(['whatsapp', 'instagram', 'webchat', 'ota', 'email']);
export type SlaChannel = z.infer<typeof SlaChannelSchema>;

/** Resolution target: minutes on the rule's clock, or the end of the business day (seed: "aynı gün"). */
export const ResolutionTargetSchema = z.union([
  z.number().int().positive().describe('minutes'),
  z.literal('same-business-day'),
]);
export type ResolutionTarget = z.infer<typeof ResolutionTargetSchema>;

/**
 * When a long resolution owes the guest an interim update (seed 001 "ara bilgilendirme"):
 * if the resolution window is longer than `whenResolutionOverMinutes` (on the rule's clock), one
 * interim update is due at `atFraction` of it. `false` turns interim updates off.
 * @example { "whenResolutionOverMinutes": 120, "atFraction": 0.5 }
 */
export const InterimUpdateSchema = z.union([
  z.literal(false),
  z.strictObject({
    whenResolutionOverMinutes: z.number().int().nonnegative().default(120),
    atFraction: z.number().gt(0).lt(1).default(0.5),
  }),
]);
export type InterimUpdate = z.infer<typeof InterimUpdateSchema>;

/**
 * One SLA rule. Without `channel` it applies to the basket on every channel. Fields left out come
 * from the next less specific rule (hotel+channel -> hotel -> default), then the policy.
 * @example { "basket": "complaint", "channel": "whatsapp", "firstResponseMinutes": 5 }
 */
export const SlaRuleSchema = z
  .strictObject({
    basket: SlaBasketSchema,
    channel: SlaChannelSchema.optional(),
    firstResponseMinutes: z.number().int().positive().optional(),
    resolution: ResolutionTargetSchema.optional(),
    clock: ClockModeSchema.optional(),
    interimUpdate: InterimUpdateSchema.optional(),
  })
  .refine(
    (rule) =>
      rule.firstResponseMinutes !== undefined ||
      rule.resolution !== undefined ||
      rule.clock !== undefined ||
      rule.interimUpdate !== undefined,
    { message: 'a rule must set at least one of firstResponseMinutes, resolution, clock, interimUpdate' },
  );
export type SlaRule = z.infer<typeof SlaRuleSchema>;

/**
 * A hotel's SLA configuration; every field is optional and merges over the defaults
 * (the seed's SLA table, Europe/Istanbul, every day 09:00–18:00, business clock).
 * `timeZone` left out takes the hotel's `timeZone`.
 * @example { "businessHours": { "mon": [{ "start": "09:00", "end": "18:00" }],
 *   "fri": [{ "start": "09:00", "end": "12:00" }, { "start": "18:00", "end": "02:00" }] },
 *   "holidays": ["2025-10-29"], "rules": [{ "basket": "sales", "channel": "webchat", "firstResponseMinutes": 5 }] }
 */
export const SlaPolicyConfigSchema = z.strictObject({
  timeZone: TimeZoneSchema.optional(),
  businessHours: WeeklyHoursSchema.default(DEFAULT_WEEKLY_HOURS),
  holidays: z.array(z.iso.date()).default([]),
  clock: ClockModeSchema.default(DEFAULT_CLOCK),
  interimUpdate: InterimUpdateSchema.default(DEFAULT_INTERIM_UPDATE),
  rules: z
    .array(SlaRuleSchema)
    .default([])
    .refine(
      (rules) => new Set(rules.map((rule) => `${rule.basket}/${rule.channel ?? '*'}`)).size === rules.length,
      { message: 'two rules for the same basket and channel' },
    ),
});
export type SlaPolicyConfig = z.infer<typeof SlaPolicyConfigSchema>;
export type SlaPolicyConfigInput = z.input<typeof SlaPolicyConfigSchema>;
