import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import {
  BusinessMessageEchoedSchema,
  GuestMessageReceivedSchema,
  MessageStatusChangedSchema,
} from '../../schemas/events';
import { type TicketIntakeDeps, ticketIntakeDepsFromEnv } from '../adapters/delivery-status-deps';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { DetailType } from '../contracts/bus';
import { applyDeliveryStatus } from '../domain/outbound/delivery-status';
import { landBusinessEcho, landGuestMessage } from '../domain/tickets/intake';

/** What EventBridge puts on the intake queue: the whole event, detail validated by its schema. */
const IntakeEventSchema = z.discriminatedUnion('detail-type', [
  z.object({ 'detail-type': z.literal(DetailType.guestMessageReceived), detail: GuestMessageReceivedSchema }),
  z.object({
    'detail-type': z.literal(DetailType.businessMessageEchoed),
    detail: BusinessMessageEchoedSchema,
  }),
  z.object({ 'detail-type': z.literal(DetailType.messageStatusChanged), detail: MessageStatusChangedSchema }),
]);
type IntakeEvent = z.infer<typeof IntakeEventSchema>;

/** Lands guest messages, hotel-app echoes and delivery statuses on tickets, reporting failed records only. */
export const createTicketIntakeHandler = (deps: () => TicketIntakeDeps) => {
  const landRecord = async (record: SQSRecord) => {
    const event = IntakeEventSchema.parse(JSON.parse(record.body));
    const wired = deps();
    // First, so a retried record notes it again rather than never: erasing the guest finds the body.
    await wired.archiveIndex?.record(event.detail);
    logger.info('Record landed', { tenantId: event.detail.tenantId, ...(await land(wired, event)) });
  };
  return (event: SQSEvent) =>
    // A processor per invocation: the local runtime may run several batches at once.
    processPartialResponse(event, landRecord, new BatchProcessor(EventType.SQS));
};

function land(deps: TicketIntakeDeps, event: IntakeEvent) {
  switch (event['detail-type']) {
    case DetailType.guestMessageReceived:
      return landGuestMessage(deps, event.detail);
    case DetailType.businessMessageEchoed:
      return landBusinessEcho(deps, event.detail);
    case DetailType.messageStatusChanged:
      return applyDeliveryStatus(deps, event.detail);
  }
}

export const handler = middy(createTicketIntakeHandler(lazy(() => ticketIntakeDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
