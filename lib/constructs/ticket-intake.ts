import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Env } from '../../functions/contracts/environment';
import { FunctionName } from '../../functions/contracts/routes';
import { functionAlarms } from './alarms';
import type { InboxTable } from './inbox-table';
import { ALL_RAW_ARCHIVE_PREFIXES } from './ingest-api';
import { entryOf, ProjectFunction } from './project-function';
import { assertVisibilityCovers, type InboxQueue } from './queues';
import type { RawArchiveBucket } from './raw-archive-bucket';

/** Records per invocation; a failed record is retried alone (partial batch responses). */
export const TICKET_INTAKE_BATCH_SIZE = 10;
export const TICKET_INTAKE_TIMEOUT = Duration.seconds(30);

export interface TicketIntakeProps {
  /** The ticket-intake queue the bus rule delivers guest messages, echoes and delivery statuses to. */
  queue: InboxQueue;
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`). */
  hotelsJson: string;
  /** Encrypts the function's log group. */
  encryptionKey: kms.IKey;
  /**
   * The raw archive: its default retention (the function's archive index entries, which an erasure
   * finds a guest's bodies by, expire a little after a hotel's bodies), and the bodies whose
   * retention the function shortens when they carried special-category words.
   */
  rawArchive: RawArchiveBucket;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The consumer of the ticket-intake queue: lands guest messages and hotel-app echoes on
 * tickets, records the delivery statuses of sent messages, and publishes Ticket
 * Opened/Reopened. Batches of 10 with partial batch failures: only the records that failed
 * return to the queue, and after the queue's receive limit they go to its dead-letter queue,
 * which alarms.
 */
export class TicketIntake extends Construct {
  readonly function: ProjectFunction;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: TicketIntakeProps) {
    super(scope, id);
    assertVisibilityCovers(props.queue, TICKET_INTAKE_TIMEOUT, FunctionName.ticketIntake);

    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.ticketIntake),
      serviceName: FunctionName.ticketIntake,
      description: 'Ticket intake: guest messages, hotel-app echoes and delivery statuses onto tickets',
      timeout: TICKET_INTAKE_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .grantRawArchiveRetagging(props.rawArchive, ALL_RAW_ARCHIVE_PREFIXES)
      .withHotels(props.hotelsJson);
    this.function.addEnvironment(Env.rawArchiveRetentionDays, String(props.rawArchive.retentionDays));
    this.function.addEventSource(
      new SqsEventSource(props.queue.queue, {
        batchSize: TICKET_INTAKE_BATCH_SIZE,
        reportBatchItemFailures: true,
      }),
    );

    const fn = this.function;
    this.alarms = [
      ...functionAlarms(
        this,
        fn,
        {
          errors: `${FunctionName.ticketIntake} failed invocations (whole batches returned to the queue)`,
          publishFailed: `${FunctionName.ticketIntake} reported PublishFailed (a ticket event did not reach the bus)`,
        },
        props.alarmAction,
      ),
    ];
  }
}
