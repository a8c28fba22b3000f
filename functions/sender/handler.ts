import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { OutboundMessageRequestedSchema } from '../../schemas/events';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { senderDepsFromEnv } from '../adapters/sender-deps';
import { DetailType, EventSource, OUTBOUND_MAX_RECEIVES } from '../contracts/bus';
import { RetriesExhaustedError, type SendDeps, sendOutbound } from '../domain/outbound/send-outbound';

/** What EventBridge puts on the outbound queue: the whole event, detail validated by its schema. */
const OutboundQueueEventSchema = z.object({
  source: z.literal(EventSource.tickets),
  'detail-type': z.literal(DetailType.outboundMessageRequested),
  detail: OutboundMessageRequestedSchema,
});

/** Whether SQS moves the record to the dead-letter queue if it fails this time. */
const isLastReceive = (record: SQSRecord) =>
  Number(record.attributes.ApproximateReceiveCount) >= OUTBOUND_MAX_RECEIVES;

/** Sends requested messages, reporting failed records only (they are retried, then dead-lettered). */
export const createSenderHandler = (deps: () => SendDeps) => {
  const sendRecord = async (record: SQSRecord) => {
    const { detail } = OutboundQueueEventSchema.parse(JSON.parse(record.body));
    const ids = { tenantId: detail.tenantId, ticketId: detail.ticketId, messageId: detail.messageId };
    try {
      const outcome = await sendOutbound(deps(), detail, { lastReceive: isLastReceive(record) });
      logger.info('Outbound message handled', { ...ids, channel: detail.channel, outcome });
    } catch (error) {
      if (error instanceof RetriesExhaustedError) {
        logger.error(
          'Outbound message failed on its last receive; the record goes to the dead-letter queue',
          {
            ...ids,
            reason: error.cause instanceof Error ? error.cause.name : 'unknown',
          },
        );
      } else {
        logger.warn('Outbound message not sent yet', {
          ...ids,
          reason: error instanceof Error ? error.name : 'unknown',
        });
      }
      throw error;
    }
  };
  return (event: SQSEvent) =>
    // A processor per invocation: the local runtime may run several batches at once.
    processPartialResponse(event, sendRecord, new BatchProcessor(EventType.SQS), {
      throwOnFullBatchFailure: false,
    });
};

export const handler = middy(createSenderHandler(lazy(() => senderDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
