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
