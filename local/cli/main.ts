import { eventsCommand } from './commands/events';
import { hotelsCommand } from './commands/hotels';
import { importCheckoutsCommand } from './commands/import-checkouts';
import { kpiCommand } from './commands/kpi';
import { normalizeCommand } from './commands/normalize';
import { npsCommand } from './commands/nps';
import { privacyCommand } from './commands/privacy';
import { simulateCommand } from './commands/simulate';
import { startCommand } from './commands/start';
import { surveysCommand } from './commands/surveys';
import { ticketCommand, ticketsCommand } from './commands/tickets';
import { tokenCommand } from './commands/token';
import { triageCommand } from './commands/triage';

const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  start: { summary: 'run the whole pipeline locally (same as npm start)', run: startCommand },
  normalize: {
    summary: 'print the EventBridge entries a webhook body produces: normalize FILE|-',
    run: normalizeCommand,
  },
  events: { summary: 'list (or --follow) the events the local bus has routed', run: eventsCommand },
  tickets: {
    summary: 'list tickets by nearest SLA deadline: tickets [--hotel H] [--status open|all|…]',
    run: ticketsCommand,
  },
  ticket: {
    summary: 'one ticket with its messages and SLA history: ticket AUB-2026-000001',
    run: ticketCommand,
  },
  triage: {
    summary: 'classify messages read from stdin (JSON lines {"text"} or plain lines)',
    run: triageCommand,
  },
  hotels: {
    summary: 'list the configured hotels, or sync their channel registry to a deployed table',
    run: hotelsCommand,
  },
  'import-checkouts': {
    summary:
      'record the departures of a PMS check-out CSV and schedule their surveys: import-checkouts FILE.csv [--hotel H]',
    run: importCheckoutsCommand,
  },
  surveys: {
    summary: 'list post-stay surveys with status, score and segment: surveys [--hotel H] [--status S]',
    run: surveysCommand,
  },
  nps: {
    summary:
      'NPS, counts per category and response rate per channel: nps --hotel H --from YYYY-MM-DD --to YYYY-MM-DD',
    run: npsCommand,
  },
  kpi: {
    summary:
      'the weekly KPI report from the lake: kpi --hotel H [--week 2026-W30] [--format table|json|csv] [--html FILE]',
    run: kpiCommand,
  },
  simulate: {
    summary:
      'drive realistic signed traffic through the running pipeline, days in minutes: simulate [--hotels 3] [--days 14] [--seed 1]',
    run: simulateCommand,
  },
  token: {
    summary:
      'a development staff token: token --hotel H [--hotel H2] --role R --user U [--department D] [--ttl 8h]',
    run: tokenCommand,
  },
  privacy: {
    summary:
      "a guest's data-subject request: privacy export|erase --hotel H (--phone P | --email E | --guest G) [--out F.json] [--html F.html] [--yes]",
    run: privacyCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: npx hotel-inbox <command> [options]', '', 'Commands:', ...lines, ''].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  process.stderr.write(usage());
  process.exitCode = name === undefined || name === '--help' || name === '-h' ? 0 : 2;
} else {
  try {
    process.exitCode = await command.run(args);
  } catch (error) {
    process.stderr.write(`hotel-inbox ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
