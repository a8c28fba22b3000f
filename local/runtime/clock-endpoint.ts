import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClockBackwardsError } from './clock';

/** The local runtime's clock control (not an AWS route: `hotel-inbox simulate` uses it). */
export const CLOCK_PATH = '/_local/clock';

export interface ClockControl {
  now(): Date;
  /** How far the clock runs ahead of the system's time. */
  aheadByMillis(): number;
  /** Moves the clock forward (or only waits, without `at`); resolves when the runtime is quiet. */
  advanceTo(at: Date | undefined): Promise<void>;
}

/**
 * `GET /_local/clock`: the runtime's time. `POST /_local/clock {"advanceTo": ISO}`: moves it
 * forward, waking what came due in time order, and answers once the runtime is quiet (queues
 * drained, woken workflow steps done); `{}` only waits for quiet. Backwards is 400.
 */
export async function handleClockRequest(
  clock: ClockControl,
  body: Buffer,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const reply = (status: number, payload: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
  const state = () => ({
    now: clock.now().toISOString(),
    aheadBySeconds: Math.floor(clock.aheadByMillis() / 1000),
  });
  if (req.method === 'GET') return reply(200, state());
  if (req.method !== 'POST') return reply(405, { error: 'method_not_allowed' });
  let at: Date | undefined;
  try {
    const { advanceTo } = JSON.parse(body.toString('utf8') || '{}') as { advanceTo?: unknown };
    if (advanceTo !== undefined) {
      at = typeof advanceTo === 'string' ? new Date(advanceTo) : new Date(Number.NaN);
      if (Number.isNaN(at.getTime())) throw new Error('advanceTo must be an ISO 8601 time');
    }
  } catch (error) {
    return reply(400, {
      error: 'validation',
      message: error instanceof Error ? error.message : 'invalid',
      path: 'advanceTo',
    });
  }
  try {
    await clock.advanceTo(at);
    reply(200, state());
  } catch (error) {
    if (error instanceof ClockBackwardsError)
      return reply(400, { error: 'clock_backwards', message: error.message, ...state() });
    throw error;
  }
}
