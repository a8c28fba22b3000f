import type { SlaBasket } from '../../../schemas/sla-policy';
import type { SlaTargets } from './defaults';
import type { SlaPolicy } from './policy';

/** What "same business day" lasts when demo time is compressed: a working day of eight hours. */
const SAME_DAY_MINUTES = 8 * 60;

/**
 * The policy as a demo sees it with `SLA_CLOCK_SPEED` = n: every target lasts n times less and
 * runs round the clock, so a 10-minute complaint SLA breaches 10 s after the message at n = 60.
 */
export function scalePolicy(policy: SlaPolicy, speed: number): SlaPolicy {
  if (speed === 1) return policy;
  const scale = (target: SlaTargets['resolution'] | number | undefined) =>
    target === undefined ? undefined : (target === 'same-business-day' ? SAME_DAY_MINUTES : target) / speed;
  const defaults = Object.fromEntries(
    Object.entries(policy.defaults).map(([basket, t]) => [
      basket,
      { firstResponseMinutes: t.firstResponseMinutes / speed, resolution: scale(t.resolution) as number },
    ]),
  ) as Record<SlaBasket, SlaTargets>;
  const rules = policy.rules.map((rule) => ({
    ...rule,
    clock: '24/7' as const,
    ...(rule.firstResponseMinutes !== undefined && {
      firstResponseMinutes: rule.firstResponseMinutes / speed,
    }),
    ...(rule.resolution !== undefined && { resolution: scale(rule.resolution) as number }),
  }));
  return {
    ...policy,
    clock: '24/7',
    interimUpdate: policy.interimUpdate && {
      ...policy.interimUpdate,
      whenResolutionOverMinutes: policy.interimUpdate.whenResolutionOverMinutes / speed,
    },
    defaults,
    rules,
  };
}
