import {
  type Basket,
  type BusinessCalendar,
  type ClockMode,
  type InterimUpdate,
  type ResolutionTarget,
  type SlaBasket,
  type SlaChannel,
  type SlaPolicyConfigInput,
  SlaPolicyConfigSchema,
  type SlaRule,
  TimeZoneSchema,
} from '../../../schemas/sla-policy';
import { parseOrThrow } from '../validation';
import { DEFAULT_SLA_TARGETS, DEFAULT_TIME_ZONE, type SlaTargets } from './defaults';

/** A hotel's SLA policy, ready for the deadline functions. Build it with `buildSlaPolicy`. */
export interface SlaPolicy {
  readonly calendar: BusinessCalendar;
  /** The clock of rules that name none. */
  readonly clock: ClockMode;
  /** The interim-update rule of rules that name none. */
  readonly interimUpdate: InterimUpdate;
  /** The bottom layer: one complete row per basket (the seed's table unless a test says otherwise). */
  readonly defaults: Readonly<Record<SlaBasket, SlaTargets>>;
  /** The hotel's rules, merged over the defaults. */
  readonly rules: readonly SlaRule[];
}

/** The rule that applies to one message, every field settled. */
export interface EffectiveSlaRule {
  readonly basket: SlaBasket;
  readonly channel: SlaChannel;
  readonly firstResponseMinutes: number;
  readonly resolution: ResolutionTarget;
  readonly clock: ClockMode;
  readonly interimUpdate: InterimUpdate;
}

/** What the SLA of a message depends on. */
export interface SlaSubject {
  readonly basket: Basket;
  readonly channel: SlaChannel;
  /** The guest writes about a booking made through an OTA (seed row "OTA sonrası istek"). */
  readonly otaBooking?: boolean;
}

/**
 * Validates a hotel's SLA configuration (throws ValidationError) and fills it in: defaults for
 * what it leaves out, and the hotel's time zone when the configuration names none.
 */
export function buildSlaPolicy(config: SlaPolicyConfigInput = {}, hotelTimeZone?: string): SlaPolicy {
  const parsed = parseOrThrow(SlaPolicyConfigSchema, config);
  const timeZone = parsed.timeZone ?? parseOrThrow(TimeZoneSchema.default(DEFAULT_TIME_ZONE), hotelTimeZone);
  return {
    calendar: { timeZone, weekly: parsed.businessHours, holidays: parsed.holidays },
    clock: parsed.clock,
    interimUpdate: parsed.interimUpdate,
    defaults: DEFAULT_SLA_TARGETS,
    rules: parsed.rules,
  };
}

/**
 * The SLA-table row for a message: a complaint stays a complaint (the strictest row, even about an
 * OTA booking); any other message about an OTA booking is an OTA post-booking request.
 */
export function slaBasketOf(subject: SlaSubject): SlaBasket {
  if (subject.basket === 'complaint') return 'complaint';
  return subject.otaBooking ? 'ota-post-booking' : subject.basket;
}

/**
 * The rule for a message, field by field from the most specific layer that sets it:
 * hotel rule for basket + channel > hotel rule for the basket > default row; the clock and the
 * interim-update rule fall back to the policy's.
 */
export function resolveSlaRule(policy: SlaPolicy, subject: SlaSubject): EffectiveSlaRule {
  const basket = slaBasketOf(subject);
  const { channel } = subject;
  const forChannel = policy.rules.find((rule) => rule.basket === basket && rule.channel === channel);
  const forBasket = policy.rules.find((rule) => rule.basket === basket && rule.channel === undefined);
  const defaults = policy.defaults[basket];
  return {
    basket,
    channel,
    firstResponseMinutes:
      forChannel?.firstResponseMinutes ?? forBasket?.firstResponseMinutes ?? defaults.firstResponseMinutes,
    resolution: forChannel?.resolution ?? forBasket?.resolution ?? defaults.resolution,
    clock: forChannel?.clock ?? forBasket?.clock ?? policy.clock,
    interimUpdate: forChannel?.interimUpdate ?? forBasket?.interimUpdate ?? policy.interimUpdate,
  };
}
