import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock, type WorkflowClock } from './clock';

/** One one-time schedule as CreateSchedule described it, kept in DATA_DIR/schedules.json. */
export interface LocalSchedule {
  name: string;
  groupName: string;
  /** The `at(…)` expression and its time zone, as given. */
  expression: string;
  timezone: string;
  /** The instant the expression names (ISO). */
  at: string;
  target: { arn: string; roleArn: string; input?: string; deadLetterArn?: string };
  actionAfterCompletion: 'DELETE' | 'NONE';
  createdAt: string;
  /** Set when it fired and was kept (`ActionAfterCompletion: NONE`). */
  firedAt?: string;
}

/** What the local runtime's CreateSchedule targets and the CLI's Scheduler client name. */
export const LOCAL_SURVEY_SCHEDULES = {
  groupName: 'hotel-inbox-surveys',
  stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:nps',
  roleArn: 'arn:aws:iam::000000000000:role/hotel-inbox-survey-schedules',
  deadLetterArn: 'arn:aws:sqs:local:000000000000:hotel-inbox-survey-schedule-failures',
} as const;

export interface LocalSchedulerOptions {
  /** Where the schedules are kept across restarts. */
  file: string;
  clock?: WorkflowClock;
  /** Invokes the schedule's target with its input (the runtime: starts the NPS workflow). */
  fire: (schedule: LocalSchedule, input: unknown) => void;
  /** A target that could not be invoked (AWS: retries, then the dead-letter queue). */
  onError?: (schedule: LocalSchedule, error: unknown) => void;
}

/** setTimeout holds at most 2^31 - 1 ms (24.8 days): longer waits are slept in steps. */
const MAX_SLEEP_MILLIS = 20 * 86_400_000;

const keyOf = (groupName: string, name: string) => `${groupName}/${name}`;

/**
 * The local stand-in for EventBridge Scheduler's one-time schedules: each is written to disk
 * when created, fired once when the clock reaches it (at once, on `start`, if it came due
 * while the runtime was stopped) and then deleted, as `ActionAfterCompletion: DELETE` does.
 * The target is invoked before the deletion is written: a crash in between fires it again on
 * the next start, as AWS's at-least-once delivery may, and the NPS workflow sends once anyway.
 */
export class LocalScheduler {
  private readonly schedules = new Map<string, LocalSchedule>();
  private readonly clock: WorkflowClock;
  /** One per armed schedule: a shared signal would gather a listener per schedule ever armed. */
  private readonly waits = new Map<AbortController, Promise<void>>();
  private started = false;

  constructor(private readonly options: LocalSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Loads the kept schedules and arms them; returns how many wait to fire. */
  start(): number {
    this.started = true;
    this.schedules.clear();
    if (existsSync(this.options.file)) {
      const kept = JSON.parse(readFileSync(this.options.file, 'utf8')) as { schedules: LocalSchedule[] };
      for (const schedule of kept.schedules)
        this.schedules.set(keyOf(schedule.groupName, schedule.name), schedule);
    }
    const pending = [...this.schedules.values()].filter((s) => !s.firedAt);
    for (const schedule of pending) this.arm(schedule);
    return pending.length;
  }

  /** CreateSchedule: false when the group already has a schedule of that name (ConflictException). */
  create(schedule: Omit<LocalSchedule, 'createdAt'>): boolean {
    const key = keyOf(schedule.groupName, schedule.name);
    if (this.schedules.has(key)) return false;
    const created: LocalSchedule = { ...schedule, createdAt: this.clock.now().toISOString() };
    this.schedules.set(key, created);
    this.persist();
    if (this.started) this.arm(created);
    return true;
  }

  get(groupName: string, name: string): LocalSchedule | undefined {
    return this.schedules.get(keyOf(groupName, name));
  }

  list(): LocalSchedule[] {
    return [...this.schedules.values()];
  }

  /** Stops waiting; the schedules stay on disk for the next start. */
  async stop(): Promise<void> {
    this.started = false;
    const waits = [...this.waits];
    for (const [controller] of waits) controller.abort(new Error('scheduler stopped'));
    await Promise.allSettled(waits.map(([, wait]) => wait));
  }

  private arm(schedule: LocalSchedule) {
    const controller = new AbortController();
    const wait = this.waitFor(new Date(schedule.at), controller.signal).then(
      () => this.fire(schedule),
      () => undefined,
    );
    this.waits.set(controller, wait);
    void wait.finally(() => this.waits.delete(controller));
  }

  private async waitFor(at: Date, signal: AbortSignal) {
    for (;;) {
      const now = this.clock.now().getTime();
      if (now >= at.getTime()) return;
      await this.clock.sleepUntil(new Date(Math.min(at.getTime(), now + MAX_SLEEP_MILLIS)), signal);
      if (signal.aborted) throw signal.reason;
    }
  }

  private fire(schedule: LocalSchedule) {
    const key = keyOf(schedule.groupName, schedule.name);
    if (this.schedules.get(key) !== schedule) return;
    try {
      this.options.fire(schedule, JSON.parse(schedule.target.input ?? '{}'));
    } catch (error) {
      this.options.onError?.(schedule, error);
    }
    if (schedule.actionAfterCompletion === 'DELETE') this.schedules.delete(key);
    else this.schedules.set(key, { ...schedule, firedAt: this.clock.now().toISOString() });
    this.persist();
  }

  private persist() {
    mkdirSync(dirname(this.options.file), { recursive: true });
    const temporary = `${this.options.file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ schedules: this.list() }, null, 2)}\n`);
    renameSync(temporary, this.options.file);
  }
}
