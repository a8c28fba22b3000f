import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { Env } from '../contracts/environment';
import { type Hotel, HotelSchema } from '../domain/hotels';
import type { IntakeDeps } from '../domain/tickets/intake';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from './dynamodb-guest-directory';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { metrics } from './observability';

/** The hotels' settings the ticket functions need, passed as JSON in `HOTELS_JSON`. */
export function hotelsFromEnv(env = process.env): Hotel[] {
  return z.array(HotelSchema).parse(JSON.parse(required(Env.hotelsJson, env)));
}

/** The ticket intake wired from the environment. */
export function intakeDepsFromEnv(env = process.env): IntakeDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  const hotels = new Map(hotelsFromEnv(env).map((h) => [h.tenantId, h]));
  return {
    guests: new DynamoDbGuestDirectory(client, tableName),
    tickets: new DynamoDbTicketStore(client, tableName),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    metrics,
    now: () => new Date(),
    hotelOf: (tenantId) => hotels.get(tenantId),
    newGuestId: () => `g_${randomUUID()}`,
  };
}
