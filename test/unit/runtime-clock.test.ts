import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentTime, localClockAheadByMillis } from '../../functions/adapters/clock';
import { API_ROUTES } from '../../functions/contracts/routes';
import { ClockBackwardsError, RuntimeClock } from '../../local/runtime/clock';
import { CLOCK_PATH } from '../../local/runtime/clock-endpoint';
import { LocalEventBus } from '../../local/runtime/event-bus';
import { createLocalServer } from '../../local/runtime/http-server';
import { LocalWorkflowRunner } from '../../local/runtime/workflow-runner';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** An instant `millis` after the clock's time now (the clock only moves forward). */
const ahead = (millis: number) => new Date(currentTime().getTime() + millis);
const nothingToSettle = async () => undefined;

const clocks: RuntimeClock[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const clock of clocks.splice(0)) clock.stop();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

function runtimeClock(): RuntimeClock {
  const clock = new RuntimeClock();
  clocks.push(clock);
  return clock;
}

describe('RuntimeClock', () => {
  it('wakes the sleepers an advance passes in time order, each settled before the next', async () => {
    const clock = runtimeClock();
    const base = ahead(HOUR).getTime();
    const woken: { label: string; at: number }[] = [];
    for (const [label, minutes] of [
      ['third', 30],
      ['first', 10],
      ['second', 20],
    ] as const) {
      void clock.sleepUntil(new Date(base + minutes * MINUTE)).then(() => {
        woken.push({ label, at: currentTime().getTime() });
      });
    }
    const settledAfter: string[] = [];

    await clock.advanceTo(new Date(base + 25 * MINUTE), async () => {
      settledAfter.push(woken.map((w) => w.label).join(','));
    });

    expect(woken.map((w) => w.label)).toEqual(['first', 'second']);
    // Settled after each wake, then once at the target: nothing woke before the one before it was done.
    expect(settledAfter).toEqual(['first', 'first,second', 'first,second']);
    // Each wakes with the clock standing at its own time (real time adds a little).
    expect(woken[0]?.at).toBeGreaterThanOrEqual(base + 10 * MINUTE);
    expect(woken[0]?.at).toBeLessThan(base + 20 * MINUTE);
    expect(woken[1]?.at).toBeGreaterThanOrEqual(base + 20 * MINUTE);
    expect(currentTime().getTime()).toBeGreaterThanOrEqual(base + 25 * MINUTE);
    expect(clock.waiting).toBe(1);
  });

  it('waits for quiet without a time even when real time ticks while it reads the clock', async () => {
    const clock = runtimeClock();
    let now = Date.now();
    // Every read of real time is a millisecond later than the one before, as on a busy machine.
    const ticking = vi.spyOn(Date, 'now').mockImplementation(() => ++now);

    await expect(clock.advanceTo(undefined, nothingToSettle)).resolves.toBeUndefined();
    ticking.mockRestore();
  });

  it('never moves back', async () => {
    const clock = runtimeClock();
    await clock.advanceTo(ahead(2 * HOUR), nothingToSettle);
    const before = currentTime().getTime();

    await expect(clock.advanceTo(new Date(before - MINUTE), nothingToSettle)).rejects.toBeInstanceOf(
      ClockBackwardsError,
    );

    expect(currentTime().getTime()).toBeGreaterThanOrEqual(before);
    expect(currentTime().getTime()).toBeLessThan(before + MINUTE);
  });

  it('runs a periodic job at its first and last due times over an advance of many intervals, then every interval', async () => {
    const clock = runtimeClock();
    const runs: number[] = [];
    const start = currentTime().getTime();
    clock.every(MINUTE, async () => {
      runs.push(currentTime().getTime() - start);
    });

    // Each run sees the clock at its due time, a minute apart from the job's start (plus the
    // milliseconds real time adds while it runs).
    const near = (at: number) => expect.toSatisfy((t: number) => t >= at && t < at + 1000);
    const target = start + HOUR + 30_000;
    await clock.advanceTo(new Date(target), nothingToSettle);
    expect(runs).toEqual([near(MINUTE), near(HOUR)]);
    await clock.advanceTo(new Date(target + 20_000), nothingToSettle);
    expect(runs).toHaveLength(2);
    await clock.advanceTo(new Date(start + HOUR + MINUTE + 1000), nothingToSettle);
    expect(runs).toEqual([near(MINUTE), near(HOUR), near(HOUR + MINUTE)]);
  });

  it('wakes a sleeper when real time reaches it, without an advance', async () => {
    const clock = runtimeClock();
    await expect(clock.sleepUntil(ahead(20))).resolves.toBeUndefined();
    expect(clock.waiting).toBe(0);
  });

  it('lets an aborted sleeper go', async () => {
    const clock = runtimeClock();
    const controller = new AbortController();
    const sleeping = clock.sleepUntil(ahead(HOUR), controller.signal);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect(clock.waiting).toBe(0);
  });
});

describe(`${CLOCK_PATH} on the local server`, () => {
  async function serve(settle: () => Promise<void> = nothingToSettle) {
    const clock = runtimeClock();
    const server = createLocalServer({
      bus: new LocalEventBus(),
      invoke: () => Promise.reject(new Error('no functions here')),
      status: () => ({}),
      authorize: () => undefined,
      clock: {
        now: () => clock.now(),
        aheadByMillis: localClockAheadByMillis,
        advanceTo: (at) => clock.advanceTo(at, settle),
      },
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${CLOCK_PATH}`;
    const post = async (body: unknown) => {
      const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    return { clock, url, post };
  }

  it('tells the time and moves it forward, never back', async () => {
    const { url, post } = await serve();
    const target = ahead(3 * HOUR);

    const read = (await (await fetch(url)).json()) as { now: string };
    const moved = await post({ advanceTo: target.toISOString() });
    const back = await post({ advanceTo: new Date(target.getTime() - HOUR).toISOString() });
    const invalid = await post({ advanceTo: 'tomorrow' });

    expect(Date.parse(read.now)).toBeLessThan(target.getTime());
    expect(moved.status).toBe(200);
    expect(Date.parse(String(moved.body.now))).toBeGreaterThanOrEqual(target.getTime());
    expect(moved.body.aheadBySeconds).toBeGreaterThanOrEqual(3 * 3600 - 1);
    expect(back).toMatchObject({ status: 400, body: { error: 'clock_backwards' } });
    expect(invalid).toMatchObject({ status: 400, body: { error: 'validation', path: 'advanceTo' } });
  });

  it('answers once the runtime is quiet', async () => {
    const happened: string[] = [];
    let open = () => {};
    const woken = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The work a wake causes finishes a moment later; the answer waits for it.
    const { clock, post } = await serve(async () => {
      await woken;
      if (!happened.includes('work done')) happened.push('work done');
    });
    void clock.sleepUntil(ahead(HOUR)).then(() => setImmediate(open));

    await post({ advanceTo: ahead(2 * HOUR).toISOString() }).then(() => happened.push('answered'));

    expect(happened).toEqual(['work done', 'answered']);
  });

  it('is no route of the AWS stack', () => {
    expect(API_ROUTES.some((route) => route.path.startsWith('/_local'))).toBe(false);
  });
});

describe('the workflow runner on the runtime clock', () => {
  it("lets a Task sleep on the clock longer than the interpreter's task timeout", async () => {
    const clock = runtimeClock();
    const calls: string[] = [];
    const failures: unknown[] = [];
    const stamp = (minutes: number) =>
      new Date(currentTime().getTime() + minutes * MINUTE).toISOString().replace(/\.\d+Z$/, 'Z');
    const runner = new LocalWorkflowRunner({
      definitionFile: join(import.meta.dirname, '..', '..', 'workflows', 'csat.asl.json'),
      clock,
      virtualTime: true,
      tasks: {
        TicketWorkflowFunctionArn: async (input) => {
          const { action } = input as { action: string };
          calls.push(action);
          const ticket = { tenantId: 'aurora-belek', ticketId: 'AUB-2026-000001', cycle: 0 };
          if (action === 'csat-schedule') return { ...ticket, sendAt: stamp(60) };
          return ticket;
        },
        SurveyWorkflowFunctionArn: async () => ({}),
      },
      onFailure: (_input, error) => failures.push(error),
    });
    const detail = { tenantId: 'aurora-belek', ticketId: 'AUB-2026-000001', resolvedAt: stamp(0) };
    const execution = runner.start({ detail });
    for (let turn = 0; turn < 1000 && calls.length === 0; turn++)
      await new Promise((resolve) => setImmediate(resolve));
    // Two minutes of real time pass (faked) while the CSAT question waits for its hour.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await vi.advanceTimersByTimeAsync(120_000);
    } finally {
      vi.useRealTimers();
    }
    expect(calls).toEqual(['csat-schedule']);
    expect(clock.waiting).toBe(1);

    await clock.advanceTo(ahead(2 * HOUR), () => runner.idle());
    await execution;

    expect(calls).toEqual(['csat-schedule', 'csat-send']);
    expect(failures).toEqual([]);
  });
});
