/**
 * A deadline as a Step Functions Wait `Timestamp`: RFC 3339 in UTC with a 'Z' and whole seconds.
 * Step Functions truncates milliseconds, which would wake a timer up to 999 ms early, so this rounds
 * up to the next whole second: a timer never fires before its deadline.
 * @example toWaitTimestamp(new Date('2025-03-14T01:59:00.250Z')) === '2025-03-14T01:59:01Z'
 */
export function toWaitTimestamp(deadline: Date): string {
  const instant = deadline.getTime();
  if (Number.isNaN(instant)) throw new RangeError('deadline is an invalid Date');
  return new Date(Math.ceil(instant / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
