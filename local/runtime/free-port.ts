import { createServer } from 'node:net';

/** Below Linux's ephemeral ports (32768–60999), which port 0 hands out. */
const PORTS = { from: 20_000, to: 32_000 };
const ATTEMPTS = 50;

/**
 * A TCP port free on every interface right now, picked at random below the ephemeral range. Not
 * port 0: DynamoDB Local binds a second or two after this probe closes, and in that gap the kernel
 * may hand the same ephemeral port to another process asking for port 0 (another runtime, a test
 * worker), whose server would then answer our readiness probe while ours fails to bind.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = PORTS.from + Math.floor(Math.random() * (PORTS.to - PORTS.from));
    if (await isFree(port)) return port;
  }
  throw new Error(`No free port among ${ATTEMPTS} tried between ${PORTS.from} and ${PORTS.to}`);
}

const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // DynamoDB Local listens on 0.0.0.0: the port must be free there, not only on loopback.
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
