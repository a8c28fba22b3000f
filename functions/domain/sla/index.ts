export {
  type BusinessInterval,
  businessIntervalsFrom,
  endOfBusinessDay,
  isWithinBusinessHours,
  NoBusinessHoursError,
  nextBusinessOpening,
  periodsStartingOn,
} from './business-calendar';
export {
  businessMinutesBetween,
  clockMinutesBetween,
  deadlineAfter,
  extendForPauses,
  type Pause,
} from './deadlines';
export {
  DEFAULT_CLOCK,
  DEFAULT_INTERIM_UPDATE,
  DEFAULT_SLA_TARGETS,
  DEFAULT_TIME_ZONE,
  DEFAULT_WEEKLY_HOURS,
  type SlaTargets,
} from './defaults';
export {
  buildSlaPolicy,
  type EffectiveSlaRule,
  resolveSlaRule,
  type SlaPolicy,
  type SlaSubject,
  slaBasketOf,
} from './policy';
export { type SlaDeadlineInput, type SlaDeadlines, slaDeadlines } from './sla-deadlines';
export {
  fromZoned,
  isValidTimeZone,
  type LocalDate,
  type LocalDateTime,
  offsetAt,
  toZoned,
} from './time-zone';
export { toWaitTimestamp } from './wait-timestamp';
