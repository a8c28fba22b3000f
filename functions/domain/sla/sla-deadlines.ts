import { endOfBusinessDay } from './business-calendar';
import { clockMinutesBetween, deadlineAfter } from './deadlines';
import { type EffectiveSlaRule, resolveSlaRule, type SlaPolicy, type SlaSubject } from './policy';

export interface SlaDeadlineInput extends SlaSubject {
  /** When hotel-inbox received the guest's message. */
  readonly receivedAt: Date;
}

export interface SlaDeadlines {
  readonly firstResponseDueAt: Date;
  readonly resolutionDueAt: Date;
  /** Only for resolution windows longer than the interim-update threshold. */
  readonly interimUpdateDueAt?: Date;
  /** The rule applied; its `clock` is the one to pass to `extendForPauses`. */
  readonly rule: EffectiveSlaRule;
}

/**
 * The SLA deadlines of a message.
 * - First response and a resolution in minutes run on the rule's clock from `receivedAt`.
 * - 'same-business-day' resolution: the close of the business day the message arrived in, or of the
 *   next business day when it arrived out of hours; if that comes before the first-response deadline
 *   (a message at 17:30 with 60 min to answer), the close of the day the first response is due in.
 * - Interim update: when the resolution window on the rule's clock exceeds the threshold, due at
 *   that fraction of the window (4 h complaint -> 2 h); left out unless it falls strictly between the
 *   first-response and resolution deadlines.
 */
export function slaDeadlines(policy: SlaPolicy, input: SlaDeadlineInput): SlaDeadlines {
  const rule = resolveSlaRule(policy, input);
  const { calendar } = policy;
  const { receivedAt } = input;
  const firstResponseDueAt = deadlineAfter(receivedAt, rule.firstResponseMinutes, calendar, rule.clock);
  let resolutionDueAt: Date;
  if (rule.resolution === 'same-business-day') {
    resolutionDueAt = endOfBusinessDay(receivedAt, calendar);
    if (resolutionDueAt < firstResponseDueAt) {
      // A business deadline may sit on a period's end, which is already closed: look 1 ms before it.
      resolutionDueAt = endOfBusinessDay(new Date(firstResponseDueAt.getTime() - 1), calendar);
    }
  } else {
    resolutionDueAt = deadlineAfter(receivedAt, rule.resolution, calendar, rule.clock);
  }
  const deadlines: SlaDeadlines = { firstResponseDueAt, resolutionDueAt, rule };
  if (rule.interimUpdate === false) return deadlines;
  const window = clockMinutesBetween(receivedAt, resolutionDueAt, calendar, rule.clock);
  if (window <= rule.interimUpdate.whenResolutionOverMinutes) return deadlines;
  const interimUpdateDueAt = deadlineAfter(
    receivedAt,
    window * rule.interimUpdate.atFraction,
    calendar,
    rule.clock,
  );
  if (interimUpdateDueAt <= firstResponseDueAt || interimUpdateDueAt >= resolutionDueAt) return deadlines;
  return { ...deadlines, interimUpdateDueAt };
}
