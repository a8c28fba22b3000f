import { randomUUID } from 'node:crypto';
import { Env } from '../contracts/environment';
import type { AgentDeps } from '../domain/agent/context';
import { loadTemplates } from '../domain/templates/render-template';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { metrics } from './observability';
import { hotelsFromEnv } from './ticket-deps';

/** The agent API wired from the environment: the table, the bus, `HOTELS_JSON` and the templates. */
export function agentDepsFromEnv(env = process.env): AgentDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  return {
    tickets: new DynamoDbTicketStore(client, tableName),
    hotels: hotelsFromEnv(env),
    catalogue: loadTemplates(),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    metrics,
    now: () => new Date(),
    newId: () => randomUUID(),
  };
}
