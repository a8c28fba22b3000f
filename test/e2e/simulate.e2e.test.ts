import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { LOCAL_TABLE_NAME, loadHotels, runtimeFileOf } from '../../local/runtime/runtime';
import { generateScenario } from '../../local/simulator/scenario';
import type { Survey } from '../../schemas/surveys';
import type { Ticket } from '../../schemas/ticket';
import { type RuntimeProcess, runCli, startRuntimeProcess } from '../support/local-runtime-process';

// One hotel, two days of July 2031: the runtime's clock moves there and through both days.
const ARGS = ['--hotels', '1', '--days', '2', '--per-day', '3', '--seed', '39', '--start', '2031-07-14'];
const HOTEL = loadHotels(join(import.meta.dirname, '..', '..', 'config', 'hotels.json'))[0];
/** The run's traffic, generated here as the command generates it. */
const scenario = generateScenario({
  seed: 39,
  start: new Date('2031-07-13T21:00:00Z'),
  days: 2,
  hotels: HOTEL ? [HOTEL] : [],
  perDay: 3,
});
const planned = (kind: string) => scenario.events.filter((e) => e.kind === kind).length;

let runtime: RuntimeProcess;
let run: { code: number; stdout: string; stderr: string };
let tickets: Ticket[];
let surveys: Survey[];

beforeAll(async () => {
  runtime = await startRuntimeProcess();
  run = await runCli(['simulate', ...ARGS], { env: runtime.env });
  const { dynamoDbEndpoint } = JSON.parse(readFileSync(runtimeFileOf(runtime.dataDir), 'utf8')) as {
    dynamoDbEndpoint: string;
  };
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamoDbEndpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const tenantId = HOTEL?.tenantId ?? '';
  tickets = await new DynamoDbTicketStore(client, LOCAL_TABLE_NAME).listTicketsOpenedBetween(
    tenantId,
    scenario.start,
    scenario.end,
  );
  surveys = await new DynamoDbSurveyStore(client, LOCAL_TABLE_NAME).listSurveys(
    tenantId,
    scenario.start,
    '2031-07-20T00:00:00Z',
  );
  client.destroy();
}, 120_000);

afterAll(() => runtime?.stop());

describe('`hotel-inbox simulate` against `hotel-inbox start`', () => {
  it('plays the whole scenario without a failure and ends with its counts', () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Simulated 2031-07-14 to 2031-07-15');
    expect(run.stdout).toMatch(new RegExp(`conversations\\s+${scenario.conversations.length}\\s`));
    expect(run.stdout).toMatch(new RegExp(`check-outs\\s+${scenario.departures.length}\\b`));
    expect(run.stdout).not.toContain('Failed');
    // Not a terminal: a plain progress line per simulated day.
    expect(run.stderr).toContain('day 2/2 (2031-07-15)');
  });

  it('opens one ticket per conversation, at simulated times, and answers them in minutes', () => {
    const conversationTickets = tickets.filter((t) => !t.origin);
    expect(conversationTickets).toHaveLength(scenario.conversations.length);
    for (const ticket of tickets) {
      expect(ticket.openedAt >= scenario.start && ticket.openedAt < scenario.end).toBe(true);
      expect(ticket.number).toMatch(/^AUB-2031-/);
    }
    const answered = conversationTickets.filter((t) => t.firstResponseSeconds !== undefined);
    expect(answered.length).toBeGreaterThan(0);
    for (const ticket of answered) expect(ticket.firstResponseSeconds).toBeLessThan(24 * 3600);
    expect(conversationTickets.filter((t) => t.status === 'resolved')).toHaveLength(planned('resolve'));
  });

  it('breaches the SLA where agents answered late', () => {
    expect(scenario.conversations.some((c) => c.lateReply)).toBe(true);
    expect(tickets.some((t) => t.sla?.firstResponse.outcome === 'breached')).toBe(true);
    expect(tickets.some((t) => t.sla?.firstResponse.outcome === 'met')).toBe(true);
  });

  it('records the CSAT and NPS answers, and the call-backs of low scores', () => {
    expect(tickets.filter((t) => t.csat?.status === 'answered')).toHaveLength(planned('csat-answer'));
    const simulated = surveys.filter((s) => s.reservationId.startsWith('SIM-'));
    expect(simulated).toHaveLength(scenario.departures.length);
    expect(simulated.filter((s) => s.status === 'answered')).toHaveLength(planned('survey-answer'));
    expect(simulated.some((s) => s.category === 'detractor')).toBe(true);
    expect(tickets.filter((t) => t.origin && t.status === 'resolved')).toHaveLength(
      planned('follow-up-resolve'),
    );
  });

  it('prints no guest data', () => {
    const output = run.stdout + run.stderr;
    for (const c of scenario.conversations) {
      expect(output).not.toContain(c.guestName);
      expect(output).not.toContain(c.platformId);
    }
    for (const e of scenario.events) if (e.kind === 'guest-message') expect(output).not.toContain(e.text);
  });

  it('says how to start the pipeline when it is not running', async () => {
    const result = await runCli(['simulate'], {
      env: { ...runtime.env, DATA_DIR: join(runtime.dataDir, 'none') },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('hotel-inbox is not running');
    expect(result.stderr).toContain('npm start');
  });
});
