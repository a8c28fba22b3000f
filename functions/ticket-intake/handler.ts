import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { BusinessMessageEchoedSchema, GuestMessageReceivedSchema } from '../../schemas/events';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { intakeDepsFromEnv } from '../adapters/ticket-deps';
import { DetailType } from '../contracts/bus';
import { type IntakeDeps, landBusinessEcho, landGuestMessage } from '../domain/tickets/intake';

/** What EventBridge puts on the intake queue: the whole event, detail validated by its schema. */
const IntakeEventSchema = z.discriminatedUnion('detail-type', [
  z.object({ 'detail-type': z.literal(DetailType.guestMessageReceived), detail: GuestMessageReceivedSchema }),
  z.object({
    'detail-type': z.literal(DetailType.businessMessageEchoed),
    detail: BusinessMessageEchoedSchema,
  }),
]);

/** Lands guest messages and hotel-app echoes on tickets, reporting failed records only. */
export const createTicketIntakeHandler = (deps: () => IntakeDeps) => {
  const processor = new BatchProcessor(EventType.SQS);
  const landRecord = async (record: SQSRecord) => {
    const event = IntakeEventSchema.parse(JSON.parse(record.body));
    const landing =
      event['detail-type'] === DetailType.guestMessageReceived
        ? await landGuestMessage(deps(), event.detail)
        : await landBusinessEcho(deps(), event.detail);
    logger.info('Message landed', { tenantId: event.detail.tenantId, ...landing });
  };
  return (event: SQSEvent) => processPartialResponse(event, landRecord, processor);
};

export const handler = middy(createTicketIntakeHandler(lazy(() => intakeDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
