import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { QueueName, WorkflowName } from '../functions/contracts/bus';
import { FunctionName } from '../functions/contracts/routes';
import { AgentApi } from './constructs/agent-api';
import { AlarmTopic } from './constructs/alarm-topic';
import { AuditLogGuard } from './constructs/audit-log-guard';
import { ConversationWorkflow } from './constructs/conversation-workflow';
import { CsatWorkflow } from './constructs/csat-workflow';
import { DataKey } from './constructs/data-key';
import { InboxEventBus } from './constructs/event-bus';
import { InboxTable } from './constructs/inbox-table';
import { IngestApi, type ThrottleLimits } from './constructs/ingest-api';
import { SecretNames } from './constructs/ingest-secrets';
import { readKpiQueries } from './constructs/kpi-athena';
import { KpiExport, LAKE_SALT_SECRET_NAME } from './constructs/kpi-export';
import { KpiLake } from './constructs/kpi-lake';
import { LeadSweep } from './constructs/lead-sweep';
import { NpsWorkflow } from './constructs/nps-workflow';
import { OutboundSecretNames } from './constructs/outbound-secrets';
import { OutboundSender, type SurveyEmail, surveyEmailOf } from './constructs/outbound-sender';
import { PMS_WEBHOOK_SECRET_NAME, PmsCheckouts } from './constructs/pms-checkouts';
import { ProjectFunction } from './constructs/project-function';
import { Queues } from './constructs/queues';
import { RawArchiveBucket } from './constructs/raw-archive-bucket';
import { RetentionPurge } from './constructs/retention-purge';
import { SensitiveDataKey } from './constructs/sensitive-data-key';
import { StaffUserPool } from './constructs/staff-user-pool';
import { StaffWebAcl } from './constructs/staff-web-acl';
import { SurveySchedules } from './constructs/survey-schedules';
import { SurveySweep } from './constructs/survey-sweep';
import { TicketIntake } from './constructs/ticket-intake';
import { type HotelsConfig, loadHotelsConfig } from './hotels-config';

export interface HotelInboxStackProps extends StackProps {
  /** Days the raw archive keeps webhook bodies. @default context `rawArchiveRetentionDays`, else 30 */
  rawArchiveRetentionDays?: number;
  /** @default context `apiRateLimit` and `apiBurstLimit`, else 100/s with bursts of 200 */
  apiThrottle?: ThrottleLimits;
  /** Operator e-mail subscribed to the alarms. @default context `alarmEmail`, else none */
  alarmEmail?: string;
  /**
   * The hotels' configuration file, validated at synth time and passed to the ticket
   * functions as `HOTELS_JSON`. @default context `hotelsFile`, else `config/hotels.json`
   */
  hotelsFile?: string;
  /** Graph API version the sender calls, e.g. `v23.0`. @default context `graphApiVersion`, else v23.0 */
  graphApiVersion?: string;
  /**
   * E-mail surveys through SES. @default context `surveyEmailIdentity` and `surveyEmailFrom`
   * (see `surveyEmailOf`), else none: no SES permission, e-mail surveys are not sent
   */
  surveyEmail?: SurveyEmail;
  /** The sender id of SMS surveys. @default context `smsSenderId`, else none */
  smsSenderId?: string;
  /** Folder of the KPI queries, one Athena named query per `.sql` file. @default `queries/` */
  kpiQueriesDir?: string;
}

/**
 * hotel-inbox on AWS: the ingest path, the bus and its rules, ticket intake, the
 * conversation (SLA) and CSAT workflows, the agent API behind the staff user pool, outbound
 * sending, the lead sweep, post-stay NPS surveys (PMS check-outs, their schedules, the NPS
 * workflow and the daily survey sweep), the KPI lake (Parquet files, Glue catalog, Athena
 * workgroup) with its scheduled export, and the data stores.
 *
 * Secure by default: every store, queue, topic, secret, log group and the event bus encrypted
 * with a customer-managed, rotated key (the data key; the lake key for the KPI lake; the
 * sensitive-data key for special-category message text, usable by two functions only), buckets
 * private and TLS-only, one role per function with named resources, API stage and per-route
 * throttling, a WAF web ACL on the staff sign-in (see `StaffWebAcl` for why not on the API), and
 * an audit log no function can change or remove (`AuditLogGuard`).
 */
export class HotelInboxStack extends Stack {
  readonly dataKey: DataKey;
  readonly alarms: AlarmTopic;
  readonly table: InboxTable;
  readonly rawArchive: RawArchiveBucket;
  readonly queues: Queues;
  readonly eventBus: InboxEventBus;
  readonly ingest: IngestApi;
  readonly hotels: HotelsConfig;
  readonly ticketIntake: TicketIntake;
  readonly conversationWorkflow: ConversationWorkflow;
  readonly csatWorkflow: CsatWorkflow;
  readonly staff: StaffUserPool;
  readonly staffWebAcl: StaffWebAcl;
  readonly sensitiveDataKey: SensitiveDataKey;
  readonly agentApi: AgentApi;
  readonly sender: OutboundSender;
  readonly leadSweep: LeadSweep;
  readonly npsWorkflow: NpsWorkflow;
  readonly surveySchedules: SurveySchedules;
  readonly pmsCheckouts: PmsCheckouts;
  readonly surveySweep: SurveySweep;
  readonly kpiLake: KpiLake;
  readonly kpiExport: KpiExport;
  readonly retentionPurge: RetentionPurge;
  readonly auditLogGuard: AuditLogGuard;

  constructor(scope: Construct, id: string, props: HotelInboxStackProps = {}) {
    super(scope, id, props);
    const context = (key: string): unknown => this.node.tryGetContext(key);

    this.dataKey = new DataKey(this, 'DataKey', {
      aliasName: 'hotel-inbox/data',
      description: 'hotel-inbox: guest data at rest (table, raw archive, queues, event bus, secrets, logs)',
    })
      .allowCloudWatchLogs()
      .allowServiceDelivery('events.amazonaws.com')
      .allowServiceDelivery('cloudwatch.amazonaws.com');
    const encryptionKey = this.dataKey.key;

    this.alarms = new AlarmTopic(this, 'Alarms', {
      encryptionKey,
      email: props.alarmEmail ?? stringContext(context('alarmEmail')),
    });
    this.table = new InboxTable(this, 'InboxTable', { encryptionKey });
    this.hotels = loadHotelsConfig(props.hotelsFile ?? stringContext(context('hotelsFile')));
    this.rawArchive = new RawArchiveBucket(this, 'RawArchive', {
      encryptionKey,
      retentionDays: props.rawArchiveRetentionDays ?? numberContext(context('rawArchiveRetentionDays')),
      hotels: this.hotels.hotels,
    });
    this.queues = new Queues(this, 'Queues', {
      encryptionKey,
      namePrefix: 'hotel-inbox',
      alarmAction: this.alarms.action,
    });
    this.eventBus = new InboxEventBus(this, 'EventBus', {
      encryptionKey,
      namePrefix: 'hotel-inbox',
      alarmAction: this.alarms.action,
    });
    const ticketFunctionProps = {
      table: this.table,
      bus: this.eventBus.bus,
      hotelsJson: this.hotels.json,
      encryptionKey,
      alarmAction: this.alarms.action,
    };

    this.staff = new StaffUserPool(this, 'Staff');
    this.staffWebAcl = new StaffWebAcl(this, 'StaffWaf', { userPool: this.staff.userPool, encryptionKey });
    this.agentApi = new AgentApi(this, 'AgentApi', ticketFunctionProps);

    this.ticketIntake = new TicketIntake(this, 'TicketIntake', {
      ...ticketFunctionProps,
      queue: this.queues.queue(QueueName.ticketIntake),
      rawArchive: this.rawArchive,
    });
    // Special-category message text: ticket intake encrypts it, the agent API decrypts it for
    // staff whose token carries the `sensitive` grant; the key policy lets no one else use it.
    this.sensitiveDataKey = new SensitiveDataKey(this, 'SensitiveDataKey', {
      encrypters: [this.ticketIntake.function],
      decrypters: [this.agentApi.function],
    });
    this.conversationWorkflow = new ConversationWorkflow(this, 'ConversationWorkflow', {
      ...ticketFunctionProps,
      namePrefix: 'hotel-inbox',
    });
    this.csatWorkflow = new CsatWorkflow(this, 'CsatWorkflow', {
      taskFunction: this.conversationWorkflow.function,
      failures: this.conversationWorkflow.failures,
      encryptionKey,
      namePrefix: 'hotel-inbox',
      alarmAction: this.alarms.action,
    });
    this.sender = new OutboundSender(this, 'Sender', {
      ...ticketFunctionProps,
      queue: this.queues.queue(QueueName.outbound),
      graphApiVersion: props.graphApiVersion ?? stringContext(context('graphApiVersion')),
      surveyEmail:
        props.surveyEmail ??
        surveyEmailOf(
          stringContext(context('surveyEmailIdentity')),
          stringContext(context('surveyEmailFrom')),
        ),
      smsSenderId: props.smsSenderId ?? stringContext(context('smsSenderId')),
    });
    this.leadSweep = new LeadSweep(this, 'LeadSweep', { ...ticketFunctionProps, namePrefix: 'hotel-inbox' });

    // Post-stay NPS: a departure from the PMS gets a one-time schedule that starts the NPS
    // workflow for its survey; a daily sweep goes over the surveys and schedules any left behind.
    this.npsWorkflow = new NpsWorkflow(this, 'NpsWorkflow', {
      ...ticketFunctionProps,
      failures: this.conversationWorkflow.failures,
      namePrefix: 'hotel-inbox',
    });
    this.surveySchedules = new SurveySchedules(this, 'SurveySchedules', {
      stateMachine: this.npsWorkflow.stateMachine,
      encryptionKey,
      namePrefix: 'hotel-inbox',
      alarmAction: this.alarms.action,
    });
    this.pmsCheckouts = new PmsCheckouts(this, 'PmsCheckouts', {
      ...ticketFunctionProps,
      schedules: this.surveySchedules,
    });
    this.surveySweep = new SurveySweep(this, 'SurveySweep', {
      ...ticketFunctionProps,
      schedules: this.surveySchedules,
      namePrefix: 'hotel-inbox',
    });

    // The KPI lake: an hourly and a daily export write Parquet files that analysts query in Athena.
    this.kpiLake = new KpiLake(this, 'KpiLake', {
      accessLogsBucket: this.rawArchive.accessLogsBucket,
      namePrefix: 'hotel-inbox',
      queries: readKpiQueries(props.kpiQueriesDir),
    });
    this.kpiExport = new KpiExport(this, 'KpiExport', {
      table: this.table,
      lake: this.kpiLake,
      hotelsJson: this.hotels.json,
      encryptionKey,
      namePrefix: 'hotel-inbox',
      alarmAction: this.alarms.action,
    });
    // Retention: the words of finished tickets and surveys past each hotel's period, daily.
    this.retentionPurge = new RetentionPurge(this, 'RetentionPurge', {
      table: this.table,
      hotelsJson: this.hotels.json,
      encryptionKey,
      namePrefix: 'hotel-inbox',
      alarmAction: this.alarms.action,
    });
    // Data-subject requests (`POST /privacy/requests`): an erasure deletes the guest's raw
    // archive bodies and exports the lake days they appear on again, with the export's salt.
    this.agentApi.serveDataSubjectRequests({
      rawArchive: this.rawArchive,
      lake: this.kpiLake,
      lakeSalt: this.kpiExport.salt,
    });

    // The HTTP API last: it serves the functions built above.
    this.ingest = new IngestApi(this, 'Ingest', {
      table: this.table,
      bus: this.eventBus.bus,
      rawArchive: this.rawArchive,
      encryptionKey,
      alarmAction: this.alarms.action,
      throttle: props.apiThrottle ?? throttleFromContext(context('apiRateLimit'), context('apiBurstLimit')),
      routeFunctions: {
        [FunctionName.agentApi]: this.agentApi.function,
        [FunctionName.checkouts]: this.pmsCheckouts.function,
      },
      authorizers: { agent: this.staff.authorizer },
    });
    this.eventBus.addContractRules({
      queues: this.queues,
      // No rule starts the NPS workflow: its executions are started by the survey schedules.
      workflows: {
        [WorkflowName.conversation]: this.conversationWorkflow.ruleTarget,
        [WorkflowName.csat]: this.csatWorkflow.ruleTarget,
      },
    });
    // Last of all, when every function exists: no function may change or remove an audit entry.
    this.auditLogGuard = new AuditLogGuard(this, 'AuditLogGuard', {
      table: this.table,
      functions: this.node.findAll().filter((c): c is ProjectFunction => c instanceof ProjectFunction),
      auditWriters: [this.agentApi.function, this.retentionPurge.function],
    });

    const outputs: Record<string, string> = {
      ApiUrl: this.ingest.stage.url,
      WhatsAppWebhookUrl: this.ingest.urlOf('/webhooks/whatsapp'),
      InstagramWebhookUrl: this.ingest.urlOf('/webhooks/instagram'),
      WebchatUrl: this.ingest.urlOf('/webchat'),
      TableName: this.table.tableName,
      EventBusName: this.eventBus.bus.eventBusName,
      ...(this.eventBus.failures && { EventBusFailuresQueueUrl: this.eventBus.failures.queue.queueUrl }),
      SensitiveDataKeyArn: this.sensitiveDataKey.keyArn,
      StaffWebAclArn: this.staffWebAcl.webAclArn,
      RawArchiveBucketName: this.rawArchive.bucketName,
      MetaAppSecretName: SecretNames.metaAppSecret,
      MetaVerifyTokenSecretName: SecretNames.metaVerifyToken,
      WebchatTokenSecretName: SecretNames.webchatTokenSecret,
      AlarmTopicArn: this.alarms.topic.topicArn,
      ConversationStateMachineArn: this.conversationWorkflow.stateMachine.stateMachineArn,
      CsatStateMachineArn: this.csatWorkflow.stateMachine.stateMachineArn,
      WorkflowFailuresQueueUrl: this.conversationWorkflow.failures.queue.queueUrl,
      UserPoolId: this.staff.userPool.userPoolId,
      UserPoolClientId: this.staff.client.userPoolClientId,
      AgentApiUrl: this.ingest.urlOf('/agent'),
      OutboundQueueUrl: this.queues.queue(QueueName.outbound).queue.queueUrl,
      OutboundDeadLetterQueueUrl: this.queues.queue(QueueName.outbound).deadLetterQueue.queueUrl,
      WhatsAppAccessTokenSecretName: OutboundSecretNames.whatsappAccessToken,
      InstagramAccessTokenSecretName: OutboundSecretNames.instagramAccessToken,
      LeadSweepFailuresQueueUrl: this.leadSweep.failures.queue.queueUrl,
      PmsCheckoutsUrl: this.ingest.urlOf('/pms/checkouts'),
      PmsWebhookSecretName: PMS_WEBHOOK_SECRET_NAME,
      NpsStateMachineArn: this.npsWorkflow.stateMachine.stateMachineArn,
      SurveyScheduleGroupName: this.surveySchedules.groupName,
      SurveyScheduleDeadLetterQueueUrl: this.surveySchedules.failures.queue.queueUrl,
      SurveySweepFailuresQueueUrl: this.surveySweep.failures.queue.queueUrl,
      KpiLakeBucketName: this.kpiLake.bucketName,
      KpiDatabaseName: this.kpiLake.databaseName,
      KpiWorkGroupName: this.kpiLake.workGroupName,
      KpiAnalystPolicyArn: this.kpiLake.analystPolicy.managedPolicyArn,
      KpiExportFailuresQueueUrl: this.kpiExport.failures.queue.queueUrl,
      RetentionPurgeFailuresQueueUrl: this.retentionPurge.failures.queue.queueUrl,
      LakeSaltSecretName: LAKE_SALT_SECRET_NAME,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}

function throttleFromContext(rateLimit: unknown, burstLimit: unknown): ThrottleLimits | undefined {
  if (rateLimit === undefined && burstLimit === undefined) return undefined;
  const rate = numberContext(rateLimit) ?? 100;
  return { rateLimit: rate, burstLimit: numberContext(burstLimit) ?? rate * 2 };
}

/** Context from `cdk synth -c key=value` arrives as a string, from cdk.json as JSON. */
function numberContext(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new Error(`Expected a number in context, got ${JSON.stringify(value)}`);
  return number;
}

function stringContext(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
