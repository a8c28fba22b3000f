import { randomUUID } from 'node:crypto';
import { Env } from '../contracts/environment';
import type { AgentDeps } from '../domain/agent/context';
import { loadTemplates } from '../domain/templates/render-template';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { currentTime } from './clock';
import { auditRetentionDaysOf, DynamoDbAuditLog } from './dynamodb-audit-log';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { DynamoDbGuestProfiles } from './dynamodb-guest-profiles';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { hotelsFromEnv } from './hotels-from-env';
import { lazy } from './ingest-deps';
import { metrics } from './observability';
import { sensitiveCipherFromEnv } from './sensitive-cipher-from-env';

/** The agent API wired from the environment: the table, the bus, `HOTELS_JSON` and the templates. */
export function agentDepsFromEnv(env = process.env): AgentDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  const hotels = hotelsFromEnv(env);
  return {
    tickets: new DynamoDbTicketStore(client, tableName),
    hotels,
    catalogue: loadTemplates(),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    metrics,
    now: currentTime,
    newId: () => randomUUID(),
    audit: new DynamoDbAuditLog(client, tableName, auditRetentionDaysOf(hotels)),
    guestProfiles: new DynamoDbGuestProfiles(client, tableName),
    sensitiveText: sensitiveCipherFromEnv(env),
    // Loaded on the first data-subject request: the lake export and S3 stay out of every other cold start.
    privacy: lazy(async () => (await import('./privacy-deps')).dataSubjectDepsFromEnv(env)),
  };
}
