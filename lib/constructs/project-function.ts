import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Env } from '../../functions/contracts/environment';
import { METRICS_NAMESPACE } from '../../functions/contracts/metrics';
import { rawArchiveRetentionByHotelJson } from '../../functions/contracts/raw-archive';
import type { FunctionName } from '../../functions/contracts/routes';
import { LAMBDA_BUNDLING } from '../bundling';
import type { InboxTable } from './inbox-table';
import type { KpiLake } from './kpi-lake';
import { acknowledge, acknowledgeOwnPolicy, NagRule } from './nag';
import type { RawArchiveBucket } from './raw-archive-bucket';
import type { SurveySchedules } from './survey-schedules';

/** The shared esbuild settings of `lib/bundling.ts` (also used by the ingest benchmark) in CDK's terms. */
const BUNDLING = {
  format: { esm: OutputFormat.ESM, cjs: OutputFormat.CJS }[LAMBDA_BUNDLING.format],
  target: LAMBDA_BUNDLING.target,
  minify: LAMBDA_BUNDLING.minify,
  mainFields: [...LAMBDA_BUNDLING.mainFields],
  externalModules: [...LAMBDA_BUNDLING.external],
  banner: LAMBDA_BUNDLING.banner.js,
};

/** The handler module of a function of the contract: `functions/<name>/handler.ts`, which exports `handler`. */
export const entryOf = (name: FunctionName): string =>
  fileURLToPath(new URL(`../../functions/${name}/handler.ts`, import.meta.url));

/** Environment variables that carry a secret's ARN (never its value). */
export type SecretArnEnv =
  | typeof Env.metaAppSecretArn
  | typeof Env.metaVerifyTokenArn
  | typeof Env.webchatTokenSecretArn
  | typeof Env.whatsappAccessTokenArn
  | typeof Env.instagramAccessTokenArn
  | typeof Env.pmsWebhookSecretArn
  | typeof Env.lakeSaltArn;

export interface ProjectFunctionProps
  extends Omit<NodejsFunctionProps, 'runtime' | 'architecture' | 'role' | 'logGroup' | 'tracing' | 'entry'> {
  /** Path of the handler module (`functions/<name>/handler.ts`), which exports `handler`. */
  entry: string;
  /** Powertools service name: the `service` dimension of the function's metrics and logs. */
  serviceName: string;
  /** Encrypts the function's log group. */
  logEncryptionKey: kms.IKey;
  /** @default one month */
  logRetention?: logs.RetentionDays;
  /** @default INFO */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/**
 * Our Lambda function: Node.js 22 on arm64, an ESM bundle minified with source maps (the
 * AWS SDK v3 comes from the runtime, see `lib/bundling.ts`), X-Ray tracing, Powertools
 * settings, its own encrypted log group with a retention, and a role holding only what the
 * `grant*` helpers add, each of which also sets the environment variable the handler reads.
 */
export class ProjectFunction extends NodejsFunction {
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    const { serviceName, logEncryptionKey, logRetention, logLevel, bundling, environment, ...rest } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: logEncryptionKey,
    });
    // Our own role rather than the default one, which attaches the AWS managed
    // AWSLambdaBasicExecutionRole (log writes to every log group of the account).
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${serviceName}`,
    });
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
        'permissions, so AWS requires Resource "*" for them. It is the only "*" statement of the role\'s own ' +
        "policy; any other (the sender's SMS publishing) is a separate policy acknowledged with its own reason.",
    });

    super(scope, id, {
      memorySize: 256,
      timeout: Duration.seconds(10),
      ...rest,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      bundling: {
        ...BUNDLING,
        sourceMap: true,
        sourcesContent: false,
        ...bundling,
      },
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: logLevel ?? 'INFO',
        ...environment,
      },
    });
    this.serviceName = serviceName;
    acknowledgeOwnPolicy(role, `The execution role of ${serviceName}`);
    acknowledge(
      this,
      NagRule.lambdaVpc,
      'The function calls only AWS service endpoints (DynamoDB, EventBridge, S3, Secrets Manager, KMS, SQS, ' +
        'Scheduler, SES, SNS) and the public Graph API, all over TLS with IAM or token authentication; it has no ' +
        'VPC resource to reach. A VPC would need NAT gateways or an interface endpoint per service, at a cost, ' +
        'and security groups add no control over calls that IAM, the key policies and TLS already govern.',
    );
    acknowledge(
      this,
      NagRule.lambdaDlq,
      rest.onFailure
        ? 'Invoked asynchronously by its schedule: after Lambda retries a failed run, the on-failure destination ' +
            'puts it on an alarmed failures queue encrypted with our key. A destination records the error and ' +
            'the request, which a dead-letter queue does not, and AWS advises destinations over DLQs.'
        : 'Invoked synchronously (API Gateway, Step Functions Task states) or by an SQS event source mapping, so ' +
            'a Lambda dead-letter queue, which only receives failed asynchronous invocations, would stay empty: a ' +
            "failure goes back to the caller (Meta's or the PMS's retry, the workflow's Retry and Catch) or to " +
            "the source queue's alarmed redrive dead-letter queue.",
    );
    acknowledge(
      this,
      NagRule.lambdaConcurrency,
      "Reserved concurrency would be taken out of the account's shared pool (Lambda keeps 100 unreserved, and new " +
        'accounts start with a low quota, so the deploy itself could fail) and would cap the webhook path in ' +
        'the busy season. Concurrency is bounded where load enters instead: the HTTP API stage and per-route ' +
        'throttles, SQS batch sizes and event-source maxConcurrency, fixed schedules, and Step Functions.',
    );
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime this project deploys on (an LTS that Lambda supports until 2027; see ' +
        'PLATFORM-FACTS.md). nodejs24.x is newer but not yet validated with our dependencies; moving is ' +
        'a one-line change here.',
    });
  }

  /** Item reads and writes on the inbox table; sets `TABLE_NAME`. */
  grantTableReadWrite(table: InboxTable): this {
    table.grantReadWriteItems(this);
    this.addEnvironment(Env.tableName, table.tableName);
    return this;
  }

  /** Reads and overwrites of the inbox table's items, Query on the named indexes, no delete; sets `TABLE_NAME`. */
  grantTableRewrites(table: InboxTable, indexNames: readonly string[]): this {
    table.grantReadAndRewrite(this, indexNames);
    this.addEnvironment(Env.tableName, table.tableName);
    return this;
  }

  /** `dynamodb:Query` on the inbox table and the named indexes, nothing else; sets `TABLE_NAME`. */
  grantTableQuery(table: InboxTable, indexNames: readonly string[]): this {
    table.grantQuery(this, indexNames);
    this.addEnvironment(Env.tableName, table.tableName);
    return this;
  }

  /** Writing and removing the KPI files under `kpi/` of the lake bucket; sets `LAKE_BUCKET`. */
  grantLakeExport(lake: KpiLake): this {
    lake.grantExportWrites(this);
    this.addEnvironment(Env.lakeBucket, lake.bucketName);
    return this;
  }

  /** `events:PutEvents` on the bus; sets `EVENT_BUS_NAME`. */
  grantPutEvents(bus: events.IEventBus): this {
    bus.grantPutEventsTo(this);
    this.addEnvironment(Env.eventBusName, bus.eventBusName);
    return this;
  }

  /**
   * Object writes under the given key prefixes of the raw archive; sets `RAW_ARCHIVE_BUCKET`, and
   * `RAW_ARCHIVE_RETENTION_DAYS` and `RAW_ARCHIVE_RETENTION_BY_HOTEL`, the retention each body is
   * tagged with.
   */
  grantRawArchiveWrites(archive: RawArchiveBucket, prefixes: readonly string[]): this {
    archive.grantPutUnder(this, prefixes);
    this.addEnvironment(Env.rawArchiveBucket, archive.bucketName);
    this.addEnvironment(Env.rawArchiveRetentionDays, String(archive.retention.defaultDays));
    this.addEnvironment(
      Env.rawArchiveRetentionByHotel,
      rawArchiveRetentionByHotelJson(archive.retention.byHotel),
    );
    return this;
  }

  /** Setting raw archive bodies' retention tag anew, under the given key prefixes; sets `RAW_ARCHIVE_BUCKET`. */
  grantRawArchiveRetagging(archive: RawArchiveBucket, prefixes: readonly string[]): this {
    archive.grantRetagUnder(this, prefixes);
    this.addEnvironment(Env.rawArchiveBucket, archive.bucketName);
    return this;
  }

  /**
   * Object deletes under the given key prefixes of the raw archive (a guest erasure); sets
   * `RAW_ARCHIVE_BUCKET`.
   */
  grantRawArchiveDeletes(archive: RawArchiveBucket, prefixes: readonly string[]): this {
    archive.grantDeleteUnder(this, prefixes);
    this.addEnvironment(Env.rawArchiveBucket, archive.bucketName);
    return this;
  }

  /** The hotels' configuration (validated at synth time, see `lib/hotels-config.ts`); sets `HOTELS_JSON`. */
  withHotels(hotelsJson: string): this {
    this.addEnvironment(Env.hotelsJson, hotelsJson);
    return this;
  }

  /**
   * Creating the one-time schedules that start the NPS workflow, in the survey schedule group
   * only, and passing the schedules' role to Scheduler; sets `SURVEY_SCHEDULE_GROUP`,
   * `SURVEY_SCHEDULE_ROLE_ARN`, `SURVEY_SCHEDULE_DLQ_ARN` and `NPS_STATE_MACHINE_ARN`.
   */
  grantSurveyScheduling(schedules: SurveySchedules): this {
    schedules.grantCreateSchedules(this);
    this.addEnvironment(Env.surveyScheduleGroup, schedules.groupName);
    this.addEnvironment(Env.surveyScheduleRoleArn, schedules.role.roleArn);
    this.addEnvironment(Env.surveyScheduleDeadLetterArn, schedules.failures.queue.queueArn);
    this.addEnvironment(Env.npsStateMachineArn, schedules.stateMachine.stateMachineArn);
    return this;
  }

  /** Reading one secret; sets the `..._ARN` variable to its ARN (the value is fetched at run time). */
  grantSecretRead(arnVariable: SecretArnEnv, secret: secretsmanager.ISecret): this {
    secret.grantRead(this);
    this.addEnvironment(arnVariable, secret.secretArn);
    return this;
  }
}
