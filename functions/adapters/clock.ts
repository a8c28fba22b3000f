/**
 * The time every handler reads. In Lambda it is the system's time: nothing there moves it.
 * Only the local runtime moves it forward, so that `hotel-inbox simulate` lives two weeks of
 * hotel traffic in minutes with every recorded time (tickets, SLA decisions, surveys) in that
 * simulated time.
 */
let aheadByMillis = 0;

export const currentTime = (): Date => new Date(Date.now() + aheadByMillis);

/** How far `currentTime` runs ahead of the system's time. */
export const localClockAheadByMillis = (): number => aheadByMillis;

/**
 * For the local runtime only (never called in Lambda): moves `currentTime` forward to `at`.
 * It never moves back, so no recorded time is ever undone.
 */
export function advanceLocalClockTo(at: Date): void {
  aheadByMillis = Math.max(aheadByMillis, at.getTime() - Date.now());
}

/** For the local runtime only: runs `currentTime` at least `millis` ahead (as a previous run left it). */
export function advanceLocalClockBy(millis: number): void {
  aheadByMillis = Math.max(aheadByMillis, millis);
}
