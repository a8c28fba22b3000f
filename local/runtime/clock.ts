import { advanceLocalClockTo, currentTime } from '../../functions/adapters/clock';

/** Time as the local workflow runner sees it. */
export interface WorkflowClock {
  now(): Date;
  /** Resolves once the clock reaches `at` (at once if it has). `label` names the sleeper (a ticket id). */
  sleepUntil(at: Date, signal?: AbortSignal, label?: string): Promise<void>;
}

export const systemClock: WorkflowClock = {
  now: () => new Date(),
  sleepUntil: (at, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, Math.max(0, at.getTime() - Date.now()));
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    }),
};

/**
 * Virtual time for tests: it stands still until `advanceTo`, which wakes the sleepers that are
 * due, one at a time in time order, letting each finish its work before the next wakes.
 */
export class ManualClock implements WorkflowClock {
  private current: Date;
  private sleepers: { at: Date; wake: () => void; label: string | undefined }[] = [];
  private arrivals: (() => void)[] = [];

  constructor(start: Date) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  sleepUntil(at: Date, signal?: AbortSignal, label?: string): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (at <= this.current) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const sleeper = { at, wake: resolve, label };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal.reason);
      });
      for (const arrived of this.arrivals.splice(0)) arrived();
    });
  }

  /** Resolves when at least `count` sleepers wait; their earliest wake time. */
  async sleeping(count = 1): Promise<Date> {
    while (this.sleepers.length < count) await new Promise<void>((resolve) => this.arrivals.push(resolve));
    return new Date(Math.min(...this.sleepers.map((s) => s.at.getTime())));
  }

  /** Resolves when the sleeper named `label` waits; its wake time. */
  async sleepingFor(label: string): Promise<Date> {
    for (;;) {
      const sleeper = this.sleepers.find((s) => s.label === label);
      if (sleeper) return sleeper.at;
      await new Promise<void>((resolve) => this.arrivals.push(resolve));
    }
  }

  /** Moves time forward to `at`, waking due sleepers in order; `settle` lets each one's work run. */
  async advanceTo(at: Date, settle: () => Promise<void> = () => new Promise((r) => setTimeout(r, 50))) {
    for (;;) {
      this.sleepers.sort((a, b) => a.at.getTime() - b.at.getTime());
      const next = this.sleepers[0];
      if (!next || next.at > at) break;
      this.sleepers.shift();
      this.current = next.at;
      next.wake();
      await settle();
    }
    this.current = at;
  }

  /** How many sleepers are waiting right now. */
  get waiting(): number {
    return this.sleepers.length;
  }
}

/** setTimeout holds at most 2^31 - 1 ms (24.8 days): a later sleeper is re-armed on the way. */
const MAX_TIMER_MILLIS = 2 ** 31 - 1;

interface Sleeper {
  at: number;
  wake: () => void;
  label: string | undefined;
}

/** An `advanceTo` earlier than the clock's time: the local clock never moves back. */
export class ClockBackwardsError extends Error {
  override name = 'ClockBackwardsError';
}

/**
 * The local runtime's time: the handlers' `currentTime()` (system time, or ahead of it once
 * advanced). Sleepers (Wait states, survey schedules, sweeps) wake when that time reaches them,
 * either as real time passes or when `advanceTo` moves the clock past them. An advance wakes
 * them one at a time in time order, the clock standing at each one's time, and lets each one's
 * work finish (`settle`) before the next wakes, as ManualClock does in tests.
 */
export class RuntimeClock implements WorkflowClock {
  private sleepers: Sleeper[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Set while an advance runs: the time it moves to. */
  private target: number | undefined;
  private advancing: Promise<void> = Promise.resolve();
  private readonly jobs = new Set<Promise<void>>();
  private readonly periodic = new Set<AbortController>();

  now(): Date {
    return currentTime();
  }

  sleepUntil(at: Date, signal?: AbortSignal, label?: string): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (at.getTime() <= currentTime().getTime()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const abort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      // A periodic job sleeps again and again on one signal: each wake takes its listener off.
      const wake = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const sleeper: Sleeper = { at: at.getTime(), wake, label };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', abort, { once: true });
      this.arm();
    });
  }

  /**
   * Runs `job` every `intervalMillis` of clock time. An advance over many intervals runs it at
   * its first due time and at its last one before the advance's target, not at each one between:
   * a sweep catches up in one run, as after a pause, and the clock's new time has had its run
   * (a daily purge after a jump of months sees what the months left behind).
   */
  every(intervalMillis: number, job: () => Promise<void>, label?: string): void {
    const controller = new AbortController();
    this.periodic.add(controller);
    const loop = async () => {
      let next = currentTime().getTime() + intervalMillis;
      for (;;) {
        await this.sleepUntil(new Date(next), controller.signal, label);
        const run = job();
        this.jobs.add(run);
        await run.finally(() => this.jobs.delete(run));
        // Never a backlog of runs: the next one, or else the last one due by the target (or now).
        const until = this.target ?? currentTime().getTime();
        next += intervalMillis;
        if (next < until) next += Math.floor((until - next) / intervalMillis) * intervalMillis;
      }
    };
    loop().catch(() => undefined);
  }

  /**
   * Moves the clock forward to `at`, waking the sleepers due by then in time order; `settle`
   * resolves when the work a wake caused is done. Advances run one after another; one to a time
   * the clock has passed is refused (ClockBackwardsError).
   */
  advanceTo(at: Date | undefined, settle: () => Promise<void>): Promise<void> {
    // Without a time: wake what real time made due, and settle.
    const run = this.advancing.then(() => this.advanceNow(at?.getTime(), settle));
    this.advancing = run.catch(() => undefined);
    return run;
  }

  /** How many sleepers wait. */
  get waiting(): number {
    return this.sleepers.length;
  }

  /** Stops the timer and the periodic jobs; sleepers belong to their owners, who abort them. */
  stop(): void {
    for (const controller of this.periodic) controller.abort(new Error('clock stopped'));
    this.periodic.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async advanceNow(target: number | undefined, settle: () => Promise<void>) {
    // Read once: without a target the clock's own time is the target, even a millisecond later.
    const now = currentTime().getTime();
    const at = target ?? now;
    if (at < now)
      throw new ClockBackwardsError(
        `The clock is at ${new Date(now).toISOString()}, past ${new Date(at).toISOString()}`,
      );
    this.target = at;
    clearTimeout(this.timer);
    try {
      for (;;) {
        const next = this.earliest();
        if (!next || next.at > at) break;
        this.sleepers = this.sleepers.filter((s) => s !== next);
        advanceLocalClockTo(new Date(next.at));
        next.wake();
        await this.jobsDone();
        await settle();
      }
      advanceLocalClockTo(new Date(at));
      await settle();
    } finally {
      this.target = undefined;
      this.arm();
    }
  }

  /** The first sleeper in time order (the first to fall asleep among equals). */
  private earliest(): Sleeper | undefined {
    let first: Sleeper | undefined;
    for (const sleeper of this.sleepers) if (!first || sleeper.at < first.at) first = sleeper;
    return first;
  }

  private async jobsDone() {
    // A woken sleeper's continuation (a sweep starting) runs in the microtasks after the wake.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs]);
  }

  /** One timer, for the earliest sleeper, on real time (an advance wakes sleepers itself). */
  private arm() {
    if (this.target !== undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.earliest();
    if (!next) return;
    const delay = Math.min(Math.max(0, next.at - currentTime().getTime()), MAX_TIMER_MILLIS);
    this.timer = setTimeout(() => this.wakeDue(), delay);
    this.timer.unref();
  }

  private wakeDue() {
    const now = currentTime().getTime();
    const due = this.sleepers.filter((s) => s.at <= now).sort((a, b) => a.at - b.at);
    this.sleepers = this.sleepers.filter((s) => s.at > now);
    for (const sleeper of due) sleeper.wake();
    this.arm();
  }
}
