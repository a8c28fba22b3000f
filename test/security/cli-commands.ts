import { vi } from 'vitest';
import { importCheckoutsCommand } from '../../local/cli/commands/import-checkouts';
import { kpiCommand } from '../../local/cli/commands/kpi';
import { npsCommand } from '../../local/cli/commands/nps';
import { privacyCommand } from '../../local/cli/commands/privacy';
import { surveysCommand } from '../../local/cli/commands/surveys';
import { ticketCommand, ticketsCommand } from '../../local/cli/commands/tickets';
import { tokenCommand } from '../../local/cli/commands/token';

/** The commands that take a hotel by argument, as local/cli/main.ts runs them. */
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  tickets: ticketsCommand,
  ticket: ticketCommand,
  surveys: surveysCommand,
  nps: npsCommand,
  kpi: kpiCommand,
  'import-checkouts': importCheckoutsCommand,
  privacy: privacyCommand,
  token: tokenCommand,
};

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a CLI command in this process, with the environment a shell would give it, exactly as
 * local/cli/main.ts does (an error is its message on stderr and exit status 1). A spawned
 * `hotel-inbox` costs seconds of start-up on a small machine; the few runs that matter as a
 * whole process are spawned by the suite itself. One at a time: stdout is captured.
 */
export async function runCommand(
  env: Record<string, string>,
  name: string,
  args: string[],
): Promise<CommandRun> {
  const command = COMMANDS[name];
  if (!command) throw new Error(`No command ${name} in test/security/cli-commands.ts`);
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) => (chunk: unknown) => {
    into.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr));
  let code: number;
  try {
    code = await command(args);
  } catch (error) {
    stderr.push(`hotel-inbox ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
