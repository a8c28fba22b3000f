import { Env } from '../contracts/environment';
import type { LeadSweepDeps } from '../domain/tickets/lead-sweep';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { currentTime } from './clock';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { hotelsFromEnv } from './hotels-from-env';
import { metrics } from './observability';

/** The lead sweep wired from the environment: every hotel of `HOTELS_JSON`. */
export function leadSweepDepsFromEnv(env = process.env): LeadSweepDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  return {
    tenantIds: hotelsFromEnv(env).map((h) => h.tenantId),
    tickets: new DynamoDbTicketStore(client, tableName),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    metrics,
    now: currentTime,
  };
}
