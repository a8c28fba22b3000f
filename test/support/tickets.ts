import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDbDedupeStore } from '../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { DynamoDbWebchatStore } from '../../functions/adapters/dynamodb-webchat-store';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher';
import { WebchatTranscriptOutbox } from '../../functions/adapters/webchat-outbox';
import { EVENT_BUS_NAME } from '../../functions/contracts/bus';
import { conversationKeyOf, eventIdOf } from '../../functions/domain/ingest/keys';
import { buildSlaPolicy } from '../../functions/domain/sla';
import type { IntakeDeps } from '../../functions/domain/tickets/intake';
import type { WorkflowDeps } from '../../functions/domain/tickets/workflow-steps';
import { RuleBasedTriageClassifier } from '../../functions/domain/triage/rule-based-classifier';
import { createTicketWorkflowHandler } from '../../functions/ticket-workflow/handler';
import { ManualClock } from '../../local/runtime/clock';
import { LocalWorkflowRunner } from '../../local/runtime/workflow-runner';
import type { GuestMessageReceived } from '../../schemas/events';
import type { TestTable } from './dynamodb';
import { HOTELS } from './ingest';
import { startTestBus, type TestBus } from './local-bus';

export const WORKFLOW_FILE = join(import.meta.dirname, '..', '..', 'workflows', 'conversation.asl.json');

export interface TicketHarness {
  clock: ManualClock;
  bus: TestBus;
  intake: IntakeDeps;
  workflow: WorkflowDeps;
  /** The running workflow runner; replace it to simulate a restart. */
  runner: LocalWorkflowRunner;
  failures: unknown[];
  /** Lets every woken workflow do its work until it sleeps again or ends. */
  settle(): Promise<void>;
  /** A fresh runner on the same clock and table, as after a restart of the local runtime. */
  newRunner(): LocalWorkflowRunner;
  close(): Promise<void>;
}

/**
 * Tickets end to end in one process: real adapters on DynamoDB Local, the local bus, and the
 * real ASL file run by the interpreter on a virtual clock. Ticket Opened/Reopened start the
 * workflow, as the bus rule does in AWS.
 */
export async function ticketHarness(table: TestTable, start: Date): Promise<TicketHarness> {
  const clock = new ManualClock(start);
  const failures: unknown[] = [];
  let harness: TicketHarness | undefined;
  const bus = await startTestBus({
    deliver: (target, event) => {
      if (target.kind === 'workflow') void harness?.runner.start(event);
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
  const workflow: WorkflowDeps = {
    ...common,
    classifier: new RuleBasedTriageClassifier(),
    webchat: new WebchatTranscriptOutbox(new DynamoDbWebchatStore(client, table.tableName)),
    hotelOf: (tenantId) => hotels.get(tenantId),
    policyOf: (tenantId) => buildSlaPolicy(hotels.get(tenantId)?.sla ?? {}, hotels.get(tenantId)?.timeZone),
  };
  const newRunner = () =>
    new LocalWorkflowRunner({
      definitionFile: WORKFLOW_FILE,
      tasks: { TicketWorkflowFunctionArn: createTicketWorkflowHandler(() => workflow) },
      clock,
      virtualTime: true,
      retryPauseMillis: 0,
      onFailure: (_, error) => failures.push(error),
    });
  harness = {
    clock,
    bus,
    intake,
    workflow,
    runner: newRunner(),
    failures,
    settle: () => (harness as TicketHarness).runner.idle(),
    newRunner,
    close: async () => {
      await harness?.runner.stop();
      await bus.close();
    },
  };
  return harness;
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
