import { randomUUID } from 'node:crypto';
import { Env } from '../contracts/environment';
import type { Hotel } from '../domain/hotels';
import { buildSlaPolicy, type SlaPolicy } from '../domain/sla';
import { scalePolicy } from '../domain/sla/scale-policy';
import { loadTemplates } from '../domain/templates/render-template';
import type { IntakeDeps } from '../domain/tickets/intake';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { currentTime } from './clock';
import { DynamoDbConsentStore } from './dynamodb-consent-store';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from './dynamodb-guest-directory';
import { DynamoDbSurveyStore } from './dynamodb-survey-store';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { hotelsFromEnv } from './hotels-from-env';
import { metrics } from './observability';
import { sensitiveIntakePortsFromEnv } from './sensitive-intake-deps';

/**
 * Each hotel's SLA policy as the conversation workflow builds it (scaled by SLA_CLOCK_SPEED for
 * demos), built once per hotel.
 */
export function slaPoliciesOf(hotels: ReadonlyMap<string, Hotel>, speed: number) {
  const policies = new Map<string, SlaPolicy>();
  return (tenantId: string): SlaPolicy => {
    let policy = policies.get(tenantId);
    if (!policy) {
      const hotel = hotels.get(tenantId);
      policy = scalePolicy(buildSlaPolicy(hotel?.sla ?? {}, hotel?.timeZone), speed);
      policies.set(tenantId, policy);
    }
    return policy;
  };
}

/** The ticket intake wired from the environment, NPS answers included. */
export function intakeDepsFromEnv(env = process.env): IntakeDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  const hotels = new Map(hotelsFromEnv(env).map((h) => [h.tenantId, h]));
  const hotelOf = (tenantId: string) => hotels.get(tenantId);
  return {
    guests: new DynamoDbGuestDirectory(client, tableName),
    tickets: new DynamoDbTicketStore(client, tableName),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    metrics,
    now: currentTime,
    hotelOf,
    newGuestId: () => `g_${randomUUID()}`,
    nps: {
      surveys: new DynamoDbSurveyStore(client, tableName),
      catalogue: loadTemplates(),
      hotelOf,
      // An unset or empty SLA_CLOCK_SPEED is real time.
      policyOf: slaPoliciesOf(hotels, Number(env[Env.slaClockSpeed]) || 1),
    },
    privacy: { consent: new DynamoDbConsentStore(client, tableName), catalogue: loadTemplates(), hotelOf },
    sensitive: sensitiveIntakePortsFromEnv(hotelOf, env),
  };
}
