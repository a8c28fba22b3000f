import { Env } from '../contracts/environment';
import { DEFAULT_RAW_ARCHIVE_RETENTION_DAYS } from '../domain/hotels';
import type { DeliveryStatusDeps } from '../domain/outbound/delivery-status';
import type { DeliveryArchiveIndex } from '../domain/privacy/delivery-archive-index';
import { rawArchiveRetentionOf } from '../domain/privacy/raw-archive-retention';
import type { IntakeDeps } from '../domain/tickets/intake';
import { documentClient, required } from './aws-clients';
import { DynamoDbDeliveryArchiveIndex } from './dynamodb-delivery-archive-index';
import { DynamoDbOutboundStore } from './dynamodb-outbound-store';
import { hotelsFromEnv } from './hotels-from-env';
import { metrics } from './observability';
import { intakeDepsFromEnv } from './ticket-deps';

/**
 * What the ticket intake needs: landing messages, and applying delivery statuses; and noting each
 * event's archived delivery under its conversation (left out by tests that do not erase guests).
 */
export type TicketIntakeDeps = IntakeDeps & DeliveryStatusDeps & { archiveIndex?: DeliveryArchiveIndex };

/** The ticket intake wired from the environment, delivery statuses included. */
export function ticketIntakeDepsFromEnv(env = process.env): TicketIntakeDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  return {
    ...intakeDepsFromEnv(env),
    outbound: new DynamoDbOutboundStore(client, tableName),
    metrics,
    archiveIndex: new DynamoDbDeliveryArchiveIndex(
      client,
      tableName,
      rawArchiveRetentionOf(
        hotelsFromEnv(env),
        Number(env[Env.rawArchiveRetentionDays]) || DEFAULT_RAW_ARCHIVE_RETENTION_DAYS,
      ),
    ),
  };
}
