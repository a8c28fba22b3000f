import { Env } from '../contracts/environment';
import type { DeliveryStatusDeps } from '../domain/outbound/delivery-status';
import type { IntakeDeps } from '../domain/tickets/intake';
import { documentClient, required } from './aws-clients';
import { DynamoDbOutboundStore } from './dynamodb-outbound-store';
import { metrics } from './observability';
import { intakeDepsFromEnv } from './ticket-deps';

/** What the ticket intake needs: landing messages, and applying delivery statuses. */
export type TicketIntakeDeps = IntakeDeps & DeliveryStatusDeps;

/** The ticket intake wired from the environment, delivery statuses included. */
export function ticketIntakeDepsFromEnv(env = process.env): TicketIntakeDeps {
  return {
    ...intakeDepsFromEnv(env),
    outbound: new DynamoDbOutboundStore(documentClient(env), required(Env.tableName, env)),
    metrics,
  };
}
