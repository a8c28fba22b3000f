import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { auditRetentionDaysOf, DynamoDbAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbGuestProfiles } from '../../functions/adapters/dynamodb-guest-profiles';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { WebchatTranscriptOutbox } from '../../functions/adapters/webchat-outbox';
import { guestNameReader, type TicketWorkflowDeps } from '../../functions/adapters/workflow-deps';
import { EVENT_BUS_NAME, WorkflowName } from '../../functions/contracts/bus';
import { type AgentDeps, agentContext } from '../../functions/domain/agent/context';
import { replyToTicket } from '../../functions/domain/agent/reply';
import type { Principal } from '../../functions/domain/auth/principal';
import { conversationKeyOf, eventIdOf } from '../../functions/domain/ingest/keys';
import { buildSlaPolicy } from '../../functions/domain/sla';
import { loadTemplates } from '../../functions/domain/templates/render-template';
import type { IntakeDeps } from '../../functions/domain/tickets/intake';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import { createTicketWorkflowHandler } from '../../functions/ticket-workflow/handler';
import { ManualClock } from '../../local/runtime/clock';
import { LocalWorkflowRunner, type WorkflowRunnerOptions } from '../../local/runtime/workflow-runner';
import type { GuestMessageReceived } from '../../schemas/events';
import type { TicketMessage } from '../../schemas/ticket';
import type { TestTable } from './dynamodb';
import { HOTELS } from './ingest';
import { startTestBus, type TestBus } from './local-bus';

const workflowFile = (name: WorkflowName) =>
  join(import.meta.dirname, '..', '..', 'workflows', `${name}.asl.json`);
export const WORKFLOW_FILE = workflowFile(WorkflowName.conversation);
export const CSAT_WORKFLOW_FILE = workflowFile(WorkflowName.csat);

export interface TicketHarness {
  clock: ManualClock;
  bus: TestBus;
  intake: IntakeDeps;
  workflow: TicketWorkflowDeps;
  /** The agent API's dependencies over the same table, bus and clock. */
  agent: AgentDeps;
  /**
   * The running conversation workflow runner. Stopping it stops the CSAT runner too, as stopping
   * the local runtime does; replace it with `newRunner()` to simulate a restart.
   */
  runner: LocalWorkflowRunner;
  /** The running CSAT workflow runner, on the same clock. */
  csatRunner: LocalWorkflowRunner;
  failures: unknown[];
  /** Lets every woken workflow of both runners do its work until it sleeps again or ends. */
  settle(): Promise<void>;
  /**
   * A fresh conversation runner on the same clock and table, as after a restart of the local
   * runtime; the CSAT runner is replaced by a fresh one at the same time.
   */
  newRunner(): LocalWorkflowRunner;
  close(): Promise<void>;
}

/**
 * Tickets end to end in one process: real adapters on DynamoDB Local, the local bus, and the
 * real ASL files run by the interpreter on one virtual clock. Ticket Opened/Reopened start the
 * conversation workflow and Ticket Resolved the CSAT workflow, as the bus rules do in AWS.
 */
export async function ticketHarness(table: TestTable, start: Date): Promise<TicketHarness> {
  const clock = new ManualClock(start);
  const failures: unknown[] = [];
  let harness: TicketHarness | undefined;
  const bus = await startTestBus({
    deliver: (target, event) => {
      if (target.kind !== 'workflow' || !harness) return;
      void (target.workflow === WorkflowName.csat ? harness.csatRunner : harness.runner).start(event);
    },
  });
  const client = table.doc;
  const common = {
    tickets: new DynamoDbTicketStore(client, table.tableName),
    dedupe: new DynamoDbDedupeStore(client, table.tableName),
    publisher: new EventBridgePublisher(bus.client, EVENT_BUS_NAME),
    metrics: { count: () => undefined },
    now: () => clock.now(),
  };
  const hotels = new Map(HOTELS.map((h) => [h.tenantId, h]));
  const intake: IntakeDeps = {
    ...common,
    guests: new DynamoDbGuestDirectory(client, table.tableName),
    hotelOf: (tenantId) => hotels.get(tenantId),
    newGuestId: () => `g_${randomUUID()}`,
  };
  const workflow: TicketWorkflowDeps = {
    ...common,
    classifier: new RuleBasedTriageClassifier(),
    webchat: new WebchatTranscriptOutbox(new DynamoDbWebchatStore(client, table.tableName)),
    hotelOf: (tenantId) => hotels.get(tenantId),
    policyOf: (tenantId) => buildSlaPolicy(hotels.get(tenantId)?.sla ?? {}, hotels.get(tenantId)?.timeZone),
    catalogue: loadTemplates(),
    clockSpeed: 1,
    guestNameOf: guestNameReader(client, table.tableName),
  };
  const agent: AgentDeps = {
    ...common,
    hotels: HOTELS,
    catalogue: loadTemplates(),
    newId: () => randomUUID(),
    audit: new DynamoDbAuditLog(client, table.tableName, auditRetentionDaysOf(HOTELS)),
    guestProfiles: new DynamoDbGuestProfiles(client, table.tableName),
  };
  const options = (definitionFile: string): WorkflowRunnerOptions => ({
    definitionFile,
    tasks: { TicketWorkflowFunctionArn: createTicketWorkflowHandler(() => workflow) },
    clock,
    virtualTime: true,
    retryPauseMillis: 0,
    onFailure: (_, error) => failures.push(error),
  });
  let csatRunner = new LocalWorkflowRunner(options(CSAT_WORKFLOW_FILE));
  const newRunner = () => {
    csatRunner = new LocalWorkflowRunner(options(CSAT_WORKFLOW_FILE));
    return new ProcessRunner(options(WORKFLOW_FILE), () => csatRunner);
  };
  const runner = newRunner();
  harness = {
    clock,
    bus,
    intake,
    workflow,
    agent,
    runner,
    get csatRunner() {
      return csatRunner;
    },
    failures,
    settle: async () => {
      // Each runner's idle() sees only its own executions, and a task of one may start the other's.
      await (harness as TicketHarness).runner.idle();
      await csatRunner.idle();
      await (harness as TicketHarness).runner.idle();
    },
    newRunner,
    close: async () => {
      await harness?.runner.stop();
      await csatRunner.stop();
      await bus.close();
    },
  };
  return harness;
}

/** The conversation workflow's runner, whose stop ends the process's CSAT executions too. */
class ProcessRunner extends LocalWorkflowRunner {
  constructor(
    options: WorkflowRunnerOptions,
    private readonly csatRunner: () => LocalWorkflowRunner,
  ) {
    super(options);
  }

  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.csatRunner().stop()]);
  }
}

/** A supervisor of every configured hotel, who answers in the tests. */
export const TEST_AGENT: Principal = {
  userId: 'agent-test',
  role: 'supervisor',
  hotels: HOTELS.map((hotel) => hotel.tenantId),
};

/**
 * An agent answers with free text the way the agent API does (its reply use case: the window
 * checked, the message appended and its send requested once, the first response recorded).
 */
export async function replyAsAgent(
  h: Pick<TicketHarness, 'agent'>,
  ticketId: string,
  text: string,
  clientMessageId = `reply-${randomUUID()}`,
): Promise<TicketMessage> {
  const { message } = await replyToTicket(agentContext(h.agent, TEST_AGENT), ticketId, {
    clientMessageId,
    text,
  });
  return message;
}

/** A guest's WhatsApp message as the ingest path publishes it. */
export function guestMessage(
  text: string,
  options: { tenantId?: string; phone?: string; at: Date; messageId?: string },
): GuestMessageReceived {
  const tenantId = options.tenantId ?? 'aurora-belek';
  const phone = options.phone ?? '905321234567';
  const messageId = options.messageId ?? `wamid.${randomUUID()}`;
  const at = options.at.toISOString();
  return {
    version: 1,
    eventId: eventIdOf(tenantId, messageId),
    tenantId,
    channel: 'whatsapp',
    conversationKey: conversationKeyOf(tenantId, 'whatsapp', phone),
    guest: { platformId: phone, profileName: 'Ayşe', phoneNumber: `+${phone}` },
    message: { id: messageId, content: { type: 'text', text } },
    platformTimestamp: at,
    receivedAt: at,
    rawArchiveKey: `whatsapp/${at.slice(0, 10)}/test.json`,
    platform: { kind: 'whatsapp', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' },
  };
}
