import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Env } from '../../functions/contracts/environment';
import { FunctionName } from '../../functions/contracts/routes';
import { functionAlarms } from './alarms';
import type { InboxTable } from './inbox-table';
import { ALL_RAW_ARCHIVE_PREFIXES } from './ingest-api';
import type { KpiLake } from './kpi-lake';
import { entryOf, ProjectFunction } from './project-function';
import type { RawArchiveBucket } from './raw-archive-bucket';

/**
 * API Gateway waits at most 30 s for an integration (the HTTP API's maximum, and its default).
 * Most agent routes answer from the table in well under a second, but `POST /privacy/requests`
 * runs a whole data-subject request in the request: an erase deletes the guest's items and raw
 * archive objects and then exports every lake day the guest appears on again (table queries and
 * one Parquet file per lake table and day), so the function may use all but a second of it.
 */
export const AGENT_API_TIMEOUT = Duration.seconds(29);

/**
 * Raw archive prefixes an erasure deletes under: every prefix the ingest functions write bodies
 * to (`<channel>/`), and nothing else of the bucket.
 */
export const RAW_ARCHIVE_ERASE_PREFIXES: readonly string[] = ALL_RAW_ARCHIVE_PREFIXES;

export interface AgentApiProps {
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`). */
  hotelsJson: string;
  /** Encrypts the function's log group. */
  encryptionKey: kms.IKey;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/** What `POST /privacy/requests` (data-subject export and erasure) reaches beyond the table. */
export interface DataSubjectRequestResources {
  /** The raw archive, whose webhook bodies of the guest an erasure deletes. */
  rawArchive: RawArchiveBucket;
  /** The KPI lake, whose days with the guest's pseudonym an erasure exports again. */
  lake: KpiLake;
  /** The salt of the lake's guest pseudonyms (`KpiExport.salt`). */
  lakeSalt: secretsmanager.ISecret;
}

/**
 * The function behind the agent routes (`AGENT_ROUTES`): the staff's queue, tickets, replies
 * and actions. It reads the hotels' open tickets (gsi1) and leads (gsi2), records actions on
 * tickets and publishes what they cause (Outbound Message Requested, Ticket Resolved…), and
 * serves a `dpo` or `admin`'s data-subject requests (export, erasure; see
 * `serveDataSubjectRequests`). The HTTP API admits only requests with a staff ID token
 * (`StaffUserPool`); the function then authorizes each request by the token's hotels and role.
 */
export class AgentApi extends Construct {
  readonly function: ProjectFunction;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AgentApiProps) {
    super(scope, id);
    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.agentApi),
      serviceName: FunctionName.agentApi,
      description:
        'Agent API: the staff inbox (queue, tickets, replies, assignment, resolution) and data-subject requests',
      timeout: AGENT_API_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson);

    const fn = this.function;
    this.alarms = [
      ...functionAlarms(
        this,
        fn,
        {
          errors: `${FunctionName.agentApi} failed invocations (staff saw a server error)`,
          publishFailed: `${FunctionName.agentApi} reported PublishFailed (a staff action's event did not reach the bus)`,
        },
        props.alarmAction,
      ),
    ];
  }

  /**
   * What the data-subject requests of `POST /privacy/requests` need besides the table (and the
   * sensitive-data key, whose Decrypt `SensitiveDataKey` gives this function): deleting the
   * guest's raw archive objects (`s3:DeleteObject` under the channel prefixes only), rewriting
   * the lake days the guest appears on as the KPI export does (`s3:PutObject`/`s3:DeleteObject`
   * under `kpi/`, `kms:GenerateDataKey` on the lake key) and reading the pseudonym salt. Sets
   * `RAW_ARCHIVE_BUCKET`, `LAKE_BUCKET` and `LAKE_SALT_ARN`. Called once the lake exists.
   */
  serveDataSubjectRequests(resources: DataSubjectRequestResources): this {
    this.function
      .grantRawArchiveDeletes(resources.rawArchive, RAW_ARCHIVE_ERASE_PREFIXES)
      .grantLakeExport(resources.lake)
      .grantSecretRead(Env.lakeSaltArn, resources.lakeSalt);
    return this;
  }
}
