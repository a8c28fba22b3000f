import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_PREFIX, LAKE_TABLE_NAMES } from '../../functions/contracts/lake';
import { type KpiQuery, KpiWorkGroup, readKpiQueries } from './kpi-athena';
import { KpiCatalog } from './kpi-catalog';
import { acknowledge, NagRule } from './nag';

/** Where Athena writes query results in the lake bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
/** Query results are a cache of what the analyst already saw: gone after a month. */
export const ATHENA_RESULTS_RETENTION_DAYS = 30;
/**
 * Days after which a KPI file moves to Intelligent-Tiering: the daily export rewrites the last
 * two weeks, so older files no longer change and are mostly read by year-on-year queries.
 */
export const LAKE_TIERING_DAYS = 90;
/** Where the lake bucket's server access logs go in the access log bucket. */
const ACCESS_LOG_PREFIX = 'kpi-lake/';

export interface KpiLakeProps {
  /** The stack's server access log bucket (S3-managed encryption, as log delivery requires). */
  accessLogsBucket: s3.IBucket;
  /** Prefix of the physical names, e.g. `hotel-inbox`. */
  namePrefix: string;
  /** The KPI queries, one named query each. @default the `.sql` files of `queries/` */
  queries?: readonly KpiQuery[];
}

/**
 * The KPI lake: the bucket the export writes Parquet files to (`kpi/<table>/dt=<dt>/`), its
 * Glue catalog entries, the Athena workgroup analysts query it in with the saved KPI queries,
 * and a managed policy that lets an analyst run them.
 *
 * The lake has its own KMS key rather than the guest-data key: an analyst needs to decrypt
 * the lake and the query results, never the table, the raw archive or the secrets. The
 * bucket is private, TLS-only and not versioned (the export replaces each day's file whole,
 * hourly; old versions would pile up and an erasure must really erase).
 */
export class KpiLake extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly catalog: KpiCatalog;
  readonly athena: KpiWorkGroup;
  /** Attach to an analyst's role or group: run the KPI queries in the workgroup and read their results. */
  readonly analystPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: KpiLakeProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      alias: `alias/${props.namePrefix}/kpi-lake`,
      description: 'hotel-inbox: the KPI lake and its Athena query results (pseudonymised, no guest data)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: false,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: ACCESS_LOG_PREFIX,
      lifecycleRules: [
        {
          id: 'TierKpiFiles',
          prefix: `${LAKE_PREFIX}/`,
          transitions: [
            {
              storageClass: s3.StorageClass.INTELLIGENT_TIERING,
              transitionAfter: Duration.days(LAKE_TIERING_DAYS),
            },
          ],
        },
        {
          id: 'ExpireAthenaResults',
          prefix: ATHENA_RESULTS_PREFIX,
          expiration: Duration.days(ATHENA_RESULTS_RETENTION_DAYS),
        },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    acknowledge(
      this.bucket,
      NagRule.bucketVersioning,
      "The export replaces each hotel's day of every lake table whole, hourly: noncurrent versions would pile " +
        'up 24 a day, and an erasure (a new salt, a deleted hotel) must really remove the old files.',
    );
    acknowledge(
      this.bucket,
      NagRule.bucketReplication,
      'The lake is derived, pseudonymised data: the kpi-export function writes it from the table (which has ' +
        'point-in-time recovery) and can write it again; a replica in a second region would add a copy to keep ' +
        'in step with erasures and retention without protecting anything that cannot be rebuilt.',
    );

    this.catalog = new KpiCatalog(this, 'Catalog', { bucket: this.bucket });
    this.athena = new KpiWorkGroup(this, 'Athena', {
      workGroupName: `${props.namePrefix}-kpi`,
      resultsBucket: this.bucket,
      resultsPrefix: ATHENA_RESULTS_PREFIX,
      resultsKey: this.key,
      queries: props.queries ?? readKpiQueries(),
    });
    this.analystPolicy = this.createAnalystPolicy(`${props.namePrefix}-kpi-analyst`);
  }

  get bucketName(): string {
    return this.bucket.bucketName;
  }

  get databaseName(): string {
    return this.catalog.databaseName;
  }

  get workGroupName(): string {
    return this.athena.workGroupName;
  }

  /**
   * Writing and removing the export's files (`s3:PutObject`, `s3:DeleteObject` under `kpi/`
   * only) and the key to encrypt them with. No read, no list, nothing under the query results.
   */
  grantExportWrites(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resourceArns: [this.bucket.arnForObjects(`${LAKE_PREFIX}/*`)],
    });
    this.key.grant(grantee, 'kms:GenerateDataKey');
    const principal = grantee.grantPrincipal;
    if (!(principal instanceof Construct)) return;
    Validations.of(principal).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.bucketLogicalId()}.Arn>/${LAKE_PREFIX}/*]`,
      reason:
        `Lake keys are ${LAKE_PREFIX}/<table>/dt=<date>/<hotel>.parquet, a new key per table, day and hotel, so ` +
        `they cannot be listed in a policy; the grant is s3:PutObject and s3:DeleteObject only, under the ` +
        `"${LAKE_PREFIX}/" prefix of the one lake bucket (not the Athena results).`,
    });
  }

  private createAnalystPolicy(managedPolicyName: string): iam.ManagedPolicy {
    const { catalog } = this;
    const policy = new iam.ManagedPolicy(this, 'AnalystPolicy', {
      managedPolicyName,
      description: 'Run the hotel-inbox KPI queries in Athena and read their results',
      statements: [
        new iam.PolicyStatement({
          sid: 'RunQueriesInTheKpiWorkGroup',
          actions: [
            'athena:GetWorkGroup',
            'athena:ListNamedQueries',
            'athena:GetNamedQuery',
            'athena:BatchGetNamedQuery',
            'athena:StartQueryExecution',
            'athena:StopQueryExecution',
            'athena:GetQueryExecution',
            'athena:BatchGetQueryExecution',
            'athena:ListQueryExecutions',
            'athena:GetQueryResults',
          ],
          resources: [this.athena.workGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTheKpiCatalog',
          actions: [
            'glue:GetDatabase',
            'glue:GetTable',
            'glue:GetTables',
            'glue:GetPartition',
            'glue:GetPartitions',
          ],
          resources: [
            catalog.database.catalog.catalogArn,
            catalog.database.databaseArn,
            ...LAKE_TABLE_NAMES.map((name) => catalog.tables[name].tableArn),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'ListTheLakeBucket',
          actions: ['s3:GetBucketLocation', 's3:ListBucket'],
          resources: [this.bucket.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadKpiFilesAndQueryResults',
          actions: ['s3:GetObject'],
          resources: [
            this.bucket.arnForObjects(`${LAKE_PREFIX}/*`),
            this.bucket.arnForObjects(`${ATHENA_RESULTS_PREFIX}*`),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'WriteQueryResults',
          actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [this.bucket.arnForObjects(`${ATHENA_RESULTS_PREFIX}*`)],
        }),
        new iam.PolicyStatement({
          sid: 'UseTheLakeKey',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [this.key.keyArn],
        }),
      ],
    });
    const bucketArn = `<${this.bucketLogicalId()}.Arn>`;
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/${LAKE_PREFIX}/*]`,
      reason:
        'Athena reads every KPI file of the partitions a query selects, one object per table, day and hotel, ' +
        `so the analyst gets s3:GetObject on the "${LAKE_PREFIX}/" prefix of the lake bucket, read only.`,
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/${ATHENA_RESULTS_PREFIX}*]`,
      reason:
        'Athena writes each query result to a new key named after the query execution id under the results ' +
        `prefix "${ATHENA_RESULTS_PREFIX}", and the analyst reads it back; nothing else of the bucket is writable.`,
    });
    return policy;
  }

  private bucketLogicalId(): string {
    return Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
  }
}
