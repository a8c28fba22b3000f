/**
 * `npm run bench:workflow`: what the conversation workflow costs per ticket. Step Functions
 * Standard bills each state transition ($25 per million), once per ticket, so each scenario runs
 * the real ASL file (workflows/conversation.asl.json) in aws-local-stepfunctions on a virtual
 * clock, with the real workflow steps, intake and ingest code over in-memory stores, and counts
 * the states its execution enters. The cost is set against a baseline modelled in the same run:
 * the request charges the same ticket's guest messages cost anyway on their way in (ingest and
 * intake), with DynamoDB write units and EventBridge events counted as the code spends them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { MemoryAuditLog } from '../functions/adapters/memory-audit-log';
import { MemoryChannelRegistry } from '../functions/adapters/memory-channel-registry';
import { logger } from '../functions/adapters/observability';
import { DetailType, EventSource } from '../functions/contracts/bus';
import { agentContext } from '../functions/domain/agent/context';
import { replyToTicket } from '../functions/domain/agent/reply';
import type { Hotel } from '../functions/domain/hotels';
import { type IngestDeps, ingestMetaDelivery } from '../functions/domain/ingest/ingest-meta-delivery';
import { META_NORMALIZERS } from '../functions/domain/ingest/normalizers';
import { signMetaBody } from '../functions/domain/ingest/signature';
import type { EventPublisher } from '../functions/domain/ports';
import { buildSlaPolicy, slaBasketOf } from '../functions/domain/sla';
import { loadTemplates } from '../functions/domain/templates/render-template';
import { resolveTicket } from '../functions/domain/tickets/agent-actions';
import { type IntakeDeps, landGuestMessage } from '../functions/domain/tickets/intake';
import type { WorkflowDeps } from '../functions/domain/tickets/workflow-steps';
import { RuleBasedTriageClassifier } from '../functions/domain/triage/rule-based-classifier';
import type { Basket } from '../functions/domain/triage/types';
import { createTicketWorkflowHandler } from '../functions/ticket-workflow/handler';
import type { WorkflowClock } from '../local/runtime/clock';
import { loadHotels } from '../local/runtime/runtime';
import type { CanonicalEvent, GuestMessageReceived } from '../schemas/events';
import { MemoryGuestDirectory, MemoryTicketStore, MeteredDedupeStore, WriteMeter } from './memory-tickets';
import '../local/runtime/promise-with-resolvers';

type JSONValue = Parameters<StateMachine['run']>[0];
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

const ROOT = join(import.meta.dirname, '..');
const HOTELS = new Map(loadHotels(join(ROOT, 'config', 'hotels.json')).map((h) => [h.tenantId, h]));
const TENANT = 'aurora-belek';
const APP_SECRET = 'bench-app-secret';
const TYPICAL_TRANSITIONS_TARGET = 12;
/** The contrast: a workflow that wakes every minute to look at the clocks instead of waiting for them. */
const POLL_SECONDS = 60;

/** us-east-1 list prices in dollars (shared/PLATFORM-FACTS.md). */
const PRICE = {
  transition: 25 / 1e6,
  httpApiRequest: 1 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  event: 1 / 1e6,
  writeUnit: 0.625 / 1e6,
  sqsRequest: 0.4 / 1e6,
};
/** Every function: 256 MB on arm64 (lib/constructs/project-function.ts), assumed 100 ms billed per warm call. */
const LAMBDA_GB = 0.25;
const LAMBDA_SECONDS = 0.1;
const lambdaCost = (invocations: number) =>
  invocations * (PRICE.lambdaRequest + LAMBDA_GB * LAMBDA_SECONDS * PRICE.lambdaGbSecond);
/** Per guest message: EventBridge → SQS SendMessage, then the event source mapping's Receive and Delete. */
const SQS_REQUESTS_PER_MESSAGE = 3;
/** Per guest message: the webhook function behind the HTTP API, and the intake function (batches of one). */
const LAMBDAS_PER_MESSAGE = 2;

// The real workflow handler logs each step; a benchmark's output is its table.
logger.setLogLevel('SILENT');

/** Istanbul is UTC+3 all year (no DST since 2016). */
const istanbul = (local: string) => new Date(`${local.replace(' ', 'T')}:00+03:00`);
const LOCAL_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Istanbul',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const localTime = (at: Date | string) => LOCAL_TIME.format(new Date(at)).replace(',', '');

type Step =
  | { at: Date; kind: 'guest'; text: string }
  | { at: Date; kind: 'reply'; text: string }
  | { at: Date; kind: 'resolve' };

interface Scenario {
  name: string;
  /** The basket the triage should put the first message in, and the SLA row that follows. */
  basket: Basket;
  slaRow: string;
  steps: Step[];
}

// Wednesday 1 July 2026, desk hours 09:00–18:00 in Istanbul every day (the default policy).
const SCENARIOS: Scenario[] = [
  {
    name: 'sales, answered in time',
    basket: 'sales',
    slaRow: 'sales',
    steps: [
      {
        at: istanbul('2026-07-01 10:00'),
        kind: 'guest',
        text: 'Hello, how much is a sea view double room for 2 adults from 12 to 15 July?',
      },
      {
        at: istanbul('2026-07-01 10:05'),
        kind: 'reply',
        text: '12–15 July, sea view double: 480 EUR, breakfast included.',
      },
      { at: istanbul('2026-07-01 10:20'), kind: 'guest', text: 'Great, please book it for us.' },
      { at: istanbul('2026-07-01 10:40'), kind: 'reply', text: 'Booked, your confirmation number is 58213.' },
      { at: istanbul('2026-07-01 11:00'), kind: 'resolve' },
    ],
  },
  {
    name: 'complaint, breached, escalated',
    basket: 'complaint',
    slaRow: 'complaint',
    steps: [
      {
        at: istanbul('2026-07-01 10:00'),
        kind: 'guest',
        text: 'Our room was not cleaned today and the towels were not changed. I am disappointed.',
      },
      { at: istanbul('2026-07-01 10:12'), kind: 'guest', text: 'Hello? Is anybody there?' },
      { at: istanbul('2026-07-01 10:15'), kind: 'reply', text: 'We are sorry, housekeeping is on the way.' },
      { at: istanbul('2026-07-01 15:00'), kind: 'resolve' },
    ],
  },
  {
    name: 'info at 17:30, answered next day',
    basket: 'support',
    slaRow: 'support',
    steps: [
      { at: istanbul('2026-07-01 17:30'), kind: 'guest', text: 'Hi, what time does the spa open tomorrow?' },
      { at: istanbul('2026-07-02 09:20'), kind: 'reply', text: 'Good morning! The spa opens at 10:00.' },
      { at: istanbul('2026-07-02 10:00'), kind: 'resolve' },
    ],
  },
  {
    name: 'OTA post-booking request',
    basket: 'support',
    slaRow: 'ota-post-booking',
    steps: [
      {
        at: istanbul('2026-07-01 10:00'),
        kind: 'guest',
        text: 'I booked via Booking.com, can you add an extra bed to our room?',
      },
      {
        at: istanbul('2026-07-01 10:30'),
        kind: 'reply',
        text: 'Of course, we will add it for 25 EUR a night.',
      },
      { at: istanbul('2026-07-01 10:35'), kind: 'guest', text: 'Thank you!' },
      { at: istanbul('2026-07-01 13:00'), kind: 'resolve' },
    ],
  },
];

/**
 * Virtual time for one execution: a Task with a deadline sleeps until the driver wakes it.
 * Unlike ManualClock, the driver decides the order at equal instants: an agent acting at a
 * deadline's very minute acts before the deadline is checked.
 */
class StepClock implements WorkflowClock {
  private sleeper: { at: Date; wake: () => void } | undefined;
  private parked: (() => void) | undefined;

  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = at;
  }

  sleepUntil(at: Date): Promise<void> {
    if (at <= this.current) return Promise.resolve();
    return new Promise((resolve) => {
      this.sleeper = { at, wake: resolve };
      this.parked?.();
    });
  }

  /** The execution's wake time once it sleeps; undefined when it ended instead. */
  async nextWake(ended: Promise<unknown>): Promise<Date | undefined> {
    if (!this.sleeper) {
      const parked = new Promise<void>((resolve) => {
        this.parked = resolve;
      });
      await Promise.race([parked, ended]);
      this.parked = undefined;
    }
    return this.sleeper?.at;
  }

  wake(): void {
    const sleeper = this.sleeper;
    if (!sleeper) return;
    this.sleeper = undefined;
    this.current = sleeper.at;
    sleeper.wake();
  }
}

type Design = 'timestamps' | 'polling';
type Phase = 'ingest' | 'intake' | 'workflow' | 'agent';

const ASL = readFileSync(join(ROOT, 'workflows', 'conversation.asl.json'), 'utf8');

/** The deployed definition (as the CDK stack substitutes `${Name}` with a function ARN), or its polling twin. */
function definitionOf(design: Design) {
  const definition = JSON.parse(
    ASL.replace(/\$\{(\w+)\}/g, 'arn:aws:lambda:local:000000000000:function:$1'),
  ) as {
    States: Record<string, { Type: string; Parameters?: Record<string, unknown> }>;
  };
  if (design === 'polling') {
    const check = definition.States.CheckDeadline;
    if (!check?.Parameters) throw new Error('The workflow has no CheckDeadline task to poll with');
    definition.States.WaitForDeadline = {
      Type: 'Wait',
      Seconds: POLL_SECONDS,
      Next: 'CheckDeadline',
    } as never;
    const { 'clock.$': _clock, 'dueAt.$': _dueAt, ...parameters } = check.Parameters;
    check.Parameters = parameters;
  }
  return definition;
}

type WhatsAppTextDelivery = {
  entry: {
    changes: {
      value: {
        contacts: { wa_id: string }[];
        messages: { from: string; id: string; timestamp: string; text: { body: string } }[];
      };
    }[];
  }[];
};
const WHATSAPP_TEXT = readFileSync(join(ROOT, 'test', 'events', 'whatsapp', 'text.json'), 'utf8');

/** The webhook POST Meta would send for one guest text, signed. */
function whatsappDelivery(text: string, at: Date, phone: string, messageId: string) {
  const body = JSON.parse(WHATSAPP_TEXT) as WhatsAppTextDelivery;
  const value = body.entry[0]?.changes[0]?.value;
  const message = value?.messages[0];
  const contact = value?.contacts[0];
  if (!message || !contact) throw new Error('Unexpected WhatsApp text fixture');
  contact.wa_id = phone;
  Object.assign(message, {
    from: phone,
    id: messageId,
    timestamp: String(at.getTime() / 1000),
    text: { body: text },
  });
  const rawBody = Buffer.from(JSON.stringify(body));
  return { rawBody, signatureHeader: signMetaBody(rawBody, APP_SECRET), appSecret: APP_SECRET };
}

interface Check {
  at: Date;
  clock: string;
}

interface ScenarioRun {
  scenario: Scenario;
  design: Design;
  basket: string;
  slaRow: string;
  guestMessages: number;
  transitions: number;
  retries: number;
  tasks: number;
  checks: Check[];
  endedAt: Date;
  resolvedAt: Date | undefined;
  outcomes: string[];
  events: { phase: Phase; event: CanonicalEvent }[];
  writeUnits: WriteMeter<Phase>;
}

async function runScenario(scenario: Scenario, design: Design): Promise<ScenarioRun> {
  const [first] = scenario.steps;
  if (first?.kind !== 'guest') throw new Error(`${scenario.name}: a ticket starts with a guest message`);
  const clock = new StepClock(first.at);
  const meter = new WriteMeter<Phase>('ingest');
  const events: ScenarioRun['events'] = [];
  const publisher: EventPublisher = {
    publish: async (batch) => {
      for (const event of batch) events.push({ phase: meter.phase, event });
      return { failedIndexes: [] };
    },
  };
  const hotelOf = (tenantId: string): Hotel | undefined => HOTELS.get(tenantId);
  const tickets = new MemoryTicketStore(meter);
  const common = {
    dedupe: new MeteredDedupeStore(meter),
    publisher,
    metrics: { count: () => undefined },
    now: () => clock.now(),
  };
  const ingest: IngestDeps = {
    ...common,
    registry: new MemoryChannelRegistry([...HOTELS.values()]),
    archive: { put: async () => undefined },
  };
  let guestIds = 0;
  const intake: IntakeDeps = {
    ...common,
    tickets,
    guests: new MemoryGuestDirectory(meter),
    hotelOf,
    newGuestId: () => `g_bench_${++guestIds}`,
  };
  const workflow: WorkflowDeps = {
    ...common,
    tickets,
    classifier: new RuleBasedTriageClassifier(),
    webchat: { post: async () => 'posted' as const },
    hotelOf,
    policyOf: (tenantId) => buildSlaPolicy(hotelOf(tenantId)?.sla ?? {}, hotelOf(tenantId)?.timeZone),
  };

  const agent = agentContext(
    {
      ...common,
      tickets,
      hotels: [...HOTELS.values()],
      catalogue: loadTemplates(),
      newId: () => `note-${++replies}`,
      audit: new MemoryAuditLog(),
      guestProfiles: { read: async () => undefined, correct: async () => false },
    },
    { userId: 'bench-agent', role: 'frontline', hotels: [TENANT] },
  );

  const definition = definitionOf(design);
  const handler = createTicketWorkflowHandler(() => workflow);
  const checks: Check[] = [];
  let tasks = 0;
  const taskResourceLocalHandlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  const waitTimeOverrides: Record<string, number> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (state.Type !== 'Task') continue;
    taskResourceLocalHandlers[name] = async (input) => {
      const { action, clock: deadline, dueAt } = input as { action: string; clock?: string; dueAt?: string };
      // As LocalWorkflowRunner with virtual time: the Wait passes at once, the check sleeps until its time.
      if (dueAt) await clock.sleepUntil(new Date(dueAt));
      else if (action === 'check')
        await clock.sleepUntil(new Date(clock.now().getTime() + POLL_SECONDS * 1000));
      meter.phase = 'workflow';
      tasks++;
      if (action === 'check') checks.push({ at: clock.now(), clock: deadline ?? 'poll' });
      return (await handler(input)) as unknown as JSONValue;
    };
  }

  const phone = `90532${String(7_000_000 + SCENARIOS.indexOf(scenario)).padStart(7, '0')}`;
  let ticketId: string | undefined;
  let guestMessages = 0;
  let replies = 0;
  let execution: { ended: Promise<unknown>; log: Promise<EventLog[]> } | undefined;
  let endedAt: Date | undefined;
  let resolvedAt: Date | undefined;

  /** Lets the execution run every deadline check due strictly before `until` (all of them without it). */
  const runUntil = async (until?: Date) => {
    if (!execution) return;
    for (;;) {
      const wake = await clock.nextWake(execution.ended);
      if (!wake || (until && wake >= until)) return;
      clock.wake();
    }
  };

  for (const step of scenario.steps) {
    await runUntil(step.at);
    clock.set(step.at);
    if (step.kind === 'guest') {
      meter.phase = 'ingest';
      const messageId = `wamid.bench${++guestMessages}`;
      await ingestMetaDelivery(
        ingest,
        META_NORMALIZERS.whatsapp,
        whatsappDelivery(step.text, step.at, phone, messageId),
      );
      const received = events.findLast((e) => e.event.detailType === DetailType.guestMessageReceived)?.event;
      meter.phase = 'intake';
      const landing = await landGuestMessage(intake, received?.detail as GuestMessageReceived);
      ticketId ??= landing.ticketId;
      const opened = events.find(
        (e) => e.event.detailType === DetailType.ticketOpened && e.event.detail.ticketId === landing.ticketId,
      );
      if (!execution && opened) {
        // The bus rule TicketsStartConversationWorkflow starts an execution with the whole event.
        const input = {
          'detail-type': DetailType.ticketOpened,
          source: EventSource.tickets,
          detail: opened.event.detail,
        };
        const run = new StateMachine(definition as never).run(input as unknown as JSONValue, {
          overrides: { taskResourceLocalHandlers, waitTimeOverrides },
        });
        const log = (async () => {
          const entries: EventLog[] = [];
          for await (const entry of run.eventLogs) entries.push(entry);
          return entries;
        })();
        const ended = run.result.finally(() => {
          endedAt = clock.now();
        });
        execution = { ended: ended.catch(() => undefined), log };
      }
    } else if (ticketId) {
      meter.phase = 'agent';
      if (step.kind === 'reply') {
        await replyToTicket(agent, ticketId, {
          clientMessageId: `bench-reply-${++replies}`,
          text: step.text,
        });
      } else {
        await resolveTicket(workflow, TENANT, ticketId);
        resolvedAt = step.at;
      }
    }
  }
  await runUntil();
  if (!execution || !ticketId || !endedAt) throw new Error(`${scenario.name}: no workflow execution ran`);
  await execution.ended;
  const log = await execution.log;
  const ticket = await tickets.getTicket(TENANT, ticketId);
  if (!ticket?.basket || !ticket.sla) throw new Error(`${scenario.name}: the ticket was not triaged`);
  const { firstResponse, interimUpdate, resolution } = ticket.sla;
  const outcome = (name: string, clockState: { outcome?: string } | undefined) =>
    clockState ? [`${name} ${clockState.outcome ?? 'undecided'}`] : [];
  return {
    scenario,
    design,
    basket: ticket.basket,
    slaRow: slaBasketOf({
      basket: ticket.basket,
      channel: ticket.channel,
      otaBooking: ticket.topics.includes('ota'),
    }),
    guestMessages,
    // Standard bills each state entered, the first one too, and each retry of a Task.
    transitions: log.filter((e) => e.type === 'StateEntered' || e.type === 'StateRetried').length,
    retries: log.filter((e) => e.type === 'StateRetried').length,
    tasks,
    checks,
    endedAt,
    resolvedAt,
    outcomes: [
      ...outcome('first response', firstResponse),
      ...outcome('interim update', interimUpdate),
      ...outcome('resolution', resolution),
    ],
    events,
    writeUnits: meter,
  };
}

const eventsIn = (run: ScenarioRun, ...phases: Phase[]) =>
  run.events.filter((e) => phases.includes(e.phase)).length;

/** What the ticket's guest messages cost on their way in, per ticket. */
function floorOf(run: ScenarioRun) {
  const messages = run.guestMessages;
  return (
    messages * PRICE.httpApiRequest +
    lambdaCost(messages * LAMBDAS_PER_MESSAGE) +
    messages * SQS_REQUESTS_PER_MESSAGE * PRICE.sqsRequest +
    eventsIn(run, 'ingest', 'intake') * PRICE.event +
    (run.writeUnits.of('ingest') + run.writeUnits.of('intake')) * PRICE.writeUnit
  );
}

const workflowCostOf = (run: ScenarioRun) => run.transitions * PRICE.transition;
/** The workflow's Task functions and what they write and publish: not in the transitions figure. */
const taskCostOf = (run: ScenarioRun) =>
  lambdaCost(run.tasks) +
  eventsIn(run, 'workflow') * PRICE.event +
  run.writeUnits.of('workflow') * PRICE.writeUnit;

const perThousand = (dollars: number) => `$${(dollars * 1000).toFixed(4)}`;

async function main() {
  const runs: ScenarioRun[] = [];
  for (const scenario of SCENARIOS) runs.push(await runScenario(scenario, 'timestamps'));
  const [typical] = runs;
  if (!typical) throw new Error('No scenarios');
  const polling = await runScenario(typical.scenario, 'polling');

  console.log('Conversation workflow (workflows/conversation.asl.json) per ticket, Step Functions Standard');
  console.log(
    'scenario                            triage → SLA row             msgs  transitions  workflow $/1k tickets  floor $/1k tickets  workflow/floor',
  );
  runs.forEach((run, i) => {
    const triage = `${run.basket} → ${run.slaRow}`;
    const expected = run.basket === run.scenario.basket && run.slaRow === run.scenario.slaRow;
    if (!expected) process.exitCode = 1;
    console.log(
      `${`${i + 1} ${run.scenario.name}`.padEnd(35)} ${`${triage}${expected ? '' : ' (UNEXPECTED)'}`.padEnd(28)} ${String(run.guestMessages).padStart(5)} ${String(run.transitions).padStart(12)} ${perThousand(workflowCostOf(run)).padStart(22)} ${perThousand(floorOf(run)).padStart(19)} ${`${(workflowCostOf(run) / floorOf(run)).toFixed(1)}×`.padStart(15)}`,
    );
  });

  console.log('');
  console.log('Deadline checks (Wait on the deadline timestamp, then one check), Istanbul time');
  runs.forEach((run, i) => {
    const checks = run.checks.map((c) => `${localTime(c.at)} ${c.clock}`).join(', ');
    const resolved = run.resolvedAt ? localTime(run.resolvedAt) : 'never';
    let after = '';
    if (run.resolvedAt && run.endedAt > run.resolvedAt) {
      const minutes = Math.round((run.endedAt.getTime() - run.resolvedAt.getTime()) / 60_000);
      after = `, ${minutes} min after the resolution, at its next deadline check`;
    } else if (run.resolvedAt && run.endedAt < run.resolvedAt) {
      after = ', before the resolution: every clock was already decided';
    } else if (run.resolvedAt) {
      after = ', at the deadline check due the minute it was resolved';
    }
    const notable = run.events.flatMap(({ event }) => {
      if (event.detailType === DetailType.slaBreached) return [`breached ${event.detail.clock}`];
      if (event.detailType === DetailType.ticketEscalated) {
        return [`escalated to ${event.detail.team} (${event.detail.reason})`];
      }
      return [];
    });
    console.log(`${i + 1} checks: ${checks}`);
    console.log(`  resolved ${resolved}; execution ended ${localTime(run.endedAt)}${after}`);
    console.log(`  ${run.outcomes.join(', ')}${notable.length ? `; ${notable.join(', ')}` : ''}`);
    if (run.retries > 0) console.log(`  (${run.retries} retries counted as transitions)`);
  });

  console.log('');
  console.log(
    "The workflow's own Task work (Lambda, DynamoDB writes, events), not in the transitions figure",
  );
  console.log('scenario   Task calls   DynamoDB WRU   events   $/1k tickets');
  runs.forEach((run, i) => {
    console.log(
      `${String(i + 1).padEnd(10)} ${String(run.tasks).padStart(10)} ${String(run.writeUnits.of('workflow')).padStart(14)} ${String(eventsIn(run, 'workflow')).padStart(8)} ${perThousand(taskCostOf(run)).padStart(14)}`,
    );
  });

  console.log('');
  console.log('Floor per guest message (request charges the message costs anyway on its way in):');
  console.log(
    `  1 HTTP API request; ${LAMBDAS_PER_MESSAGE} Lambda calls (webhook, intake with SQS batches of one), 256 MB arm64, ${LAMBDA_SECONDS * 1000} ms billed each;`,
  );
  console.log(
    `  ${SQS_REQUESTS_PER_MESSAGE} SQS requests (send, receive, delete); EventBridge events and DynamoDB write units as the ingest and intake code spent them:`,
  );
  runs.forEach((run, i) => {
    console.log(
      `  ${i + 1}: ${eventsIn(run, 'ingest', 'intake')} events, ${run.writeUnits.of('ingest') + run.writeUnits.of('intake')} WRU for ${run.guestMessages} message(s)`,
    );
  });
  console.log(
    '  Not counted (so the floor is low and the ratio high): DynamoDB reads, the S3 put of the raw body, KMS, empty SQS polls,',
  );
  console.log(
    "  the status webhooks of the agents' replies, CloudWatch. Prices: us-east-1 list (shared/PLATFORM-FACTS.md).",
  );

  console.log('');
  const within = typical.transitions <= TYPICAL_TRANSITIONS_TARGET;
  console.log(
    `Typical ticket (1 sales): ${typical.transitions} transitions, target ≤ ${TYPICAL_TRANSITIONS_TARGET}: ${within ? 'within target' : 'OVER TARGET'} (${perThousand(workflowCostOf(typical))} per 1,000 tickets)`,
  );
  console.log(
    `Polling instead (a check every ${POLL_SECONDS} s) for 1 sales: ${polling.transitions} transitions, ${perThousand(workflowCostOf(polling))} per 1,000 tickets, ${(polling.transitions / typical.transitions).toFixed(1)}× the Wait-on-timestamp design (${(workflowCostOf(polling) / floorOf(polling)).toFixed(0)}× the floor)`,
  );
}

await main();
