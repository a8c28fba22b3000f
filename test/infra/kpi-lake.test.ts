/**
 * The KPI lake on AWS: the lake bucket and its key, the Glue database and tables generated
 * from `functions/contracts/lake.ts` (partition projection on `dt`, no crawler), the Athena
 * workgroup with one named query per `queries/*.sql`, the analysts' managed policy, and the
 * scheduled kpi-export function with its rules, failures queue and least-privilege role.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import { Env } from '../../functions/contracts/environment';
import { LAKE_DATABASE, LAKE_PREFIX, LAKE_TABLE_NAMES, LAKE_TABLES } from '../../functions/contracts/lake';
import { FunctionName } from '../../functions/contracts/routes';
import { GLOBAL_INDEXES } from '../../functions/contracts/table';
import { InboxTable } from '../../lib/constructs/inbox-table';
import { BYTES_SCANNED_CUTOFF_PER_QUERY, readKpiQueries } from '../../lib/constructs/kpi-athena';
import {
  KPI_EXPORT_FAILURES_QUEUE,
  KPI_EXPORT_FUNCTION_RETRIES,
  KPI_EXPORT_INDEXES,
  KPI_EXPORT_MAX_EVENT_AGE,
  KPI_EXPORT_MEMORY_MB,
  KPI_EXPORT_RULE_RETRIES,
  KPI_EXPORT_TIMEOUT,
  LAKE_SALT_SECRET_NAME,
} from '../../lib/constructs/kpi-export';
import {
  ATHENA_RESULTS_PREFIX,
  ATHENA_RESULTS_RETENTION_DAYS,
  LAKE_TIERING_DAYS,
} from '../../lib/constructs/kpi-lake';

// biome-ignore lint/suspicious/noExplicitAny: template properties are free-form JSON, walked by the assertions
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Props = Resource['Properties'];
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const WORK_GROUP_NAME = 'hotel-inbox-kpi';

function synth(kpiQueriesDir?: string) {
  const { stack } = buildApp({
    nag: false,
    cloudFormationValidation: false,
    context: NO_BUNDLING,
    ...(kpiQueriesDir && { stackProps: { kpiQueriesDir } }),
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { stack, template, resources, ofType };
}

const idOf = (ref: unknown) => {
  const value = ref as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return value.Ref ?? value['Fn::GetAtt']?.[0];
};
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const withAction = (statements: Statement[], prefix: string) =>
  statements.filter((s) => [s.Action].flat().some((a) => a.startsWith(prefix)));
/** `s3://<bucket>/<path>` as CloudFormation renders it. */
const s3Url = (bucketId: string, path: string) => ({ 'Fn::Join': ['', ['s3://', { Ref: bucketId }, path]] });
const objectsUnder = (bucketId: string, prefix: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]],
});

let t: ReturnType<typeof synth>;
beforeAll(() => {
  t = synth();
});

const lakeBucket = () => {
  const outputs = t.template.toJSON().Outputs as Record<string, { Value: unknown }>;
  const id = idOf(outputs.KpiLakeBucketName?.Value) as string;
  const bucket = t.resources[id];
  if (bucket?.Type !== 'AWS::S3::Bucket') throw new Error('No lake bucket');
  return { id, bucket: bucket.Properties };
};
const lakeKeyId = () =>
  idOf(
    lakeBucket().bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
      .KMSMasterKeyID,
  ) as string;
const dataKeyId = () => t.ofType('AWS::KMS::Key')[0]?.[0] as string;
const functionId = () => {
  const found = t
    .ofType('AWS::Lambda::Function')
    .find(([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === FunctionName.kpiExport);
  if (!found) throw new Error('No kpi-export function');
  return found[0];
};
const exportFunction = () => t.resources[functionId()]?.Properties as Props;
const exportStatements = () => {
  const roleId = idOf(exportFunction().Role);
  return t
    .ofType('AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => idOf(role) === roleId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
};
const queueNamed = (name: string) => {
  const found = t.ofType('AWS::SQS::Queue').find(([, r]) => r.Properties.QueueName === name);
  if (!found) throw new Error(`No queue ${name}`);
  return { id: found[0], queue: found[1].Properties };
};
const alarmsAboveZero = (props: Record<string, unknown>) =>
  Object.keys(
    t.template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, ...props },
    }),
  );
const glueTable = (name: string) => {
  const found = t.ofType('AWS::Glue::Table').find(([, r]) => r.Properties.TableInput.Name === name);
  if (!found) throw new Error(`No Glue table ${name}`);
  return found[1].Properties;
};
const workGroup = () => {
  const found = t.ofType('AWS::Athena::WorkGroup');
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
};

describe('the lake bucket', () => {
  it('is encrypted with its own rotated, retained KMS key, not the guest-data key', () => {
    const { bucket } = lakeBucket();
    const key = t.resources[lakeKeyId()];
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: {
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: { 'Fn::GetAtt': [lakeKeyId(), 'Arn'] },
      },
    });
    expect(key?.Type).toBe('AWS::KMS::Key');
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    expect(key?.DeletionPolicy).toBe('Retain');
    expect(lakeKeyId()).not.toBe(dataKeyId());
  });

  it('blocks all public access, disables ACLs and is not versioned', () => {
    const { bucket } = lakeBucket();
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.VersioningConfiguration).toBeUndefined();
  });

  it('refuses requests without TLS', () => {
    t.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: lakeBucket().id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('moves KPI files to Intelligent-Tiering, expires query results and abandoned uploads', () => {
    const rules = lakeBucket().bucket.LifecycleConfiguration.Rules as Record<string, unknown>[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: `${LAKE_PREFIX}/`,
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: LAKE_TIERING_DAYS }],
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: ATHENA_RESULTS_PREFIX,
        Status: 'Enabled',
        ExpirationInDays: ATHENA_RESULTS_RETENTION_DAYS,
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      }),
    );
    expect(ATHENA_RESULTS_RETENTION_DAYS).toBe(30);
  });

  it('logs server access to the access log bucket the raw archive logs to', () => {
    const { bucket } = lakeBucket();
    const rawArchive = t
      .ofType('AWS::S3::Bucket')
      .find(([, r]) => r.Properties.LoggingConfiguration?.LogFilePrefix === 'raw-archive/')?.[1];
    expect(bucket.LoggingConfiguration).toEqual({
      DestinationBucketName: rawArchive?.Properties.LoggingConfiguration.DestinationBucketName,
      LogFilePrefix: 'kpi-lake/',
    });
  });
});

describe('the Glue catalog', () => {
  it(`is the ${LAKE_DATABASE} database`, () => {
    const databases = t.ofType('AWS::Glue::Database');
    expect(databases).toHaveLength(1);
    expect(databases[0]?.[1].Properties.DatabaseInput.Name).toBe(LAKE_DATABASE);
  });

  it('has exactly one table per lake table of the contract, all in that database', () => {
    const [[databaseId]] = t.ofType('AWS::Glue::Database') as [[string, Resource]];
    const tables = t.ofType('AWS::Glue::Table').map(([, r]) => r.Properties);
    expect(tables.map((table) => table.TableInput.Name).sort()).toEqual([...LAKE_TABLE_NAMES].sort());
    for (const table of tables) expect(table.DatabaseName).toEqual({ Ref: databaseId });
  });

  it.each(LAKE_TABLE_NAMES)(
    '%s has exactly the columns of the contract, with their types, in order',
    (name) => {
      const { StorageDescriptor } = glueTable(name).TableInput;
      expect(StorageDescriptor.Columns).toEqual(
        LAKE_TABLES[name].columns.map((column) => ({
          Name: column.name,
          Type: column.type,
          Comment: column.comment,
        })),
      );
    },
  );

  it.each(LAKE_TABLE_NAMES)(
    '%s is an external Parquet table under kpi/<table>/, partitioned by dt',
    (name) => {
      const { TableInput } = glueTable(name);
      expect(TableInput.TableType).toBe('EXTERNAL_TABLE');
      expect(TableInput.Description).toBe(LAKE_TABLES[name].comment);
      expect(TableInput.PartitionKeys).toEqual([expect.objectContaining({ Name: 'dt', Type: 'string' })]);
      expect(TableInput.StorageDescriptor).toMatchObject({
        Location: s3Url(lakeBucket().id, `/${LAKE_PREFIX}/${name}/`),
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      });
    },
  );

  it.each(LAKE_TABLE_NAMES)('%s projects its dt partitions by day, so no partition is ever added', (name) => {
    const { Parameters } = glueTable(name).TableInput;
    expect(Parameters).toMatchObject({
      classification: 'parquet',
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': expect.stringMatching(/^2024-01-01,NOW/),
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'storage.location.template': s3Url(lakeBucket().id, `/${LAKE_PREFIX}/${name}/dt=\${dt}/`),
      // Server-side encrypted files: `true` would mean client-side encryption to Athena.
      has_encrypted_data: false,
    });
  });

  it('has no crawler and no partition resources', () => {
    expect(t.ofType('AWS::Glue::Crawler')).toEqual([]);
    expect(t.ofType('AWS::Glue::Partition')).toEqual([]);
  });
});

describe('the Athena workgroup', () => {
  it('enforces encrypted results in the lake bucket, a scan limit, metrics and the current engine', () => {
    const [, group] = workGroup();
    expect(group.Properties).toMatchObject({
      Name: WORK_GROUP_NAME,
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF_PER_QUERY,
        EngineVersion: { SelectedEngineVersion: 'AUTO' },
        ResultConfiguration: {
          OutputLocation: s3Url(lakeBucket().id, `/${ATHENA_RESULTS_PREFIX}`),
          ExpectedBucketOwner: { Ref: 'AWS::AccountId' },
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: { 'Fn::GetAtt': [lakeKeyId(), 'Arn'] },
          },
        },
      },
    });
    expect(BYTES_SCANNED_CUTOFF_PER_QUERY).toBe(10 * 1024 ** 3);
  });

  it('has one named query per .sql file of queries/, with its SQL, in the lake database', () => {
    // Prepare
    const files = readdirSync('queries').filter((file) => file.endsWith('.sql'));
    const [groupId] = workGroup();

    // Act
    const queries = t.ofType('AWS::Athena::NamedQuery').map(([, r]) => r.Properties);

    // Assess
    expect(queries.map((query) => query.Name).sort()).toEqual(files.map((file) => file.slice(0, -4)).sort());
    for (const file of files) {
      const query = queries.find((q) => q.Name === file.slice(0, -4));
      expect(query).toMatchObject({
        QueryString: readFileSync(join('queries', file), 'utf8'),
        Database: LAKE_DATABASE,
        WorkGroup: { Ref: groupId },
      });
    }
  });
});

describe('the named queries, from a folder of .sql files', () => {
  let dir: string;
  let withQueries: ReturnType<typeof synth>;
  const files = {
    'response-time.sql':
      '-- First response time by hotel and day\nSELECT dt FROM tickets WHERE hotel = ? AND dt BETWEEN ? AND ?\n',
    'plain.sql': 'SELECT count(*) FROM surveys WHERE hotel = ?\n',
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-queries-'));
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
    writeFileSync(join(dir, 'README.txt'), 'not a query');
    mkdirSync(join(dir, 'drafts.sql'));
    withQueries = synth(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const namedQuery = (name: string) =>
    withQueries.ofType('AWS::Athena::NamedQuery').find(([, r]) => r.Properties.Name === name)?.[1].Properties;

  it('makes one named query per .sql file, named after the file, and nothing of other files', () => {
    const names = withQueries.ofType('AWS::Athena::NamedQuery').map(([, r]) => r.Properties.Name);
    expect(names.sort()).toEqual(['plain', 'response-time']);
  });

  it('describes a query with the first line of its file when that is a comment', () => {
    expect(namedQuery('response-time')).toEqual({
      Name: 'response-time',
      Description: 'First response time by hotel and day',
      Database: LAKE_DATABASE,
      WorkGroup: { Ref: expect.any(String) },
      QueryString: files['response-time.sql'],
    });
    expect(namedQuery('plain')?.Description).toBeUndefined();
    expect(namedQuery('plain')?.QueryString).toBe(files['plain.sql']);
  });

  it('refuses, at synth time, a file Athena would refuse', () => {
    const bad = mkdtempSync(join(tmpdir(), 'kpi-queries-bad-'));
    try {
      writeFileSync(join(bad, 'empty.sql'), '\n');
      expect(() => readKpiQueries(bad)).toThrow(/empty\.sql is empty/);
      writeFileSync(join(bad, 'empty.sql'), `-- ${'x'.repeat(1100)}\nSELECT 1`);
      expect(() => readKpiQueries(bad)).toThrow(/first comment line/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

describe('the analyst policy', () => {
  const analystStatements = () => {
    // The other managed policy of the stack is the audit log guard (security.test.ts), a Deny only.
    const policies = t
      .ofType('AWS::IAM::ManagedPolicy')
      .filter(([, r]) => r.Properties.ManagedPolicyName !== undefined);
    expect(policies).toHaveLength(1);
    expect(policies[0]?.[1].Properties.ManagedPolicyName).toBe('hotel-inbox-kpi-analyst');
    return policies[0]?.[1].Properties.PolicyDocument.Statement as Statement[];
  };

  it('may run queries in the KPI workgroup only', () => {
    const athena = withAction(analystStatements(), 'athena:');
    expect(athena).toHaveLength(1);
    expect(JSON.stringify(athena[0]?.Resource)).toContain(`:workgroup/${WORK_GROUP_NAME}`);
    expect(actionsOf(athena)).toContain('athena:StartQueryExecution');
  });

  it('may read the KPI files and the results, and write results only', () => {
    const { id } = lakeBucket();
    const s3 = withAction(analystStatements(), 's3:');
    const writes = s3.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(writes.map((s) => s.Resource)).toEqual([objectsUnder(id, ATHENA_RESULTS_PREFIX)]);
    const reads = s3.filter((s) => [s.Action].flat().includes('s3:GetObject'));
    const readable = reads.flatMap((s) => [s.Resource].flat());
    expect(readable).toHaveLength(2);
    expect(readable).toEqual(
      expect.arrayContaining([objectsUnder(id, `${LAKE_PREFIX}/`), objectsUnder(id, ATHENA_RESULTS_PREFIX)]),
    );
    expect(actionsOf(s3)).not.toContain('s3:DeleteObject');
  });

  it('may use the lake key, never the guest-data key', () => {
    const keys = withAction(analystStatements(), 'kms:').flatMap((s) => [s.Resource].flat());
    expect(keys).toEqual([{ 'Fn::GetAtt': [lakeKeyId(), 'Arn'] }]);
  });
});

describe('the KPI export', () => {
  const exportRules = () =>
    t
      .ofType('AWS::Events::Rule')
      .filter(([, r]) =>
        (r.Properties.Targets ?? []).some((target: { Arn: unknown }) => idOf(target.Arn) === functionId()),
      )
      .map(([, r]) => r.Properties);
  const ruleFor = (mode: 'hourly' | 'daily') => {
    const found = exportRules().filter((rule) => rule.Targets[0].Input === JSON.stringify({ mode }));
    expect(found).toHaveLength(1);
    return found[0] as Props;
  };

  it('has the table, the hotels, the lake bucket and the salt secret in its environment, and no bus', () => {
    // Prepare
    const [tableId] = t.ofType('AWS::DynamoDB::Table')[0] as [string, Resource];
    const salt = t
      .ofType('AWS::SecretsManager::Secret')
      .find(([, r]) => r.Properties.Name === LAKE_SALT_SECRET_NAME);

    // Act
    const variables = exportFunction().Environment.Variables;

    // Assess
    expect(variables).toMatchObject({
      [Env.tableName]: { Ref: tableId },
      [Env.lakeBucket]: { Ref: lakeBucket().id },
      [Env.lakeSaltArn]: { Ref: salt?.[0] },
      [Env.hotelsJson]: expect.any(String),
    });
    expect(variables).not.toHaveProperty(Env.eventBusName);
    expect(variables).not.toHaveProperty(Env.rawArchiveBucket);
    expect(variables).not.toHaveProperty(Env.lakeSalt);
  });

  it('runs with 1 GB (it encodes Parquet) for a few minutes', () => {
    expect(exportFunction()).toMatchObject({
      MemorySize: KPI_EXPORT_MEMORY_MB,
      Timeout: KPI_EXPORT_TIMEOUT.toSeconds(),
    });
    expect(KPI_EXPORT_MEMORY_MB).toBe(1024);
    expect(KPI_EXPORT_TIMEOUT.toMinutes()).toBeLessThanOrEqual(15);
  });

  it('gets a generated 64-character salt, encrypted with the guest-data key', () => {
    t.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: LAKE_SALT_SECRET_NAME,
      KmsKeyId: { 'Fn::GetAtt': [dataKeyId(), 'Arn'] },
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });

  it('is invoked by two scheduled rules on the default bus: hourly, and daily early in the morning UTC', () => {
    expect(exportRules()).toHaveLength(2);
    expect(ruleFor('hourly')).toMatchObject({ ScheduleExpression: 'cron(5 * * * ? *)', State: 'ENABLED' });
    expect(ruleFor('daily')).toMatchObject({ ScheduleExpression: 'cron(30 2 * * ? *)', State: 'ENABLED' });
    for (const rule of exportRules()) {
      expect(rule.EventBusName).toBeUndefined();
      expect(rule.EventPattern).toBeUndefined();
      expect(rule.Targets).toHaveLength(1);
    }
  });

  it('retries an invocation Lambda refused, then puts it on the alarmed failures queue', () => {
    // Prepare
    const failures = queueNamed(`hotel-inbox-${KPI_EXPORT_FAILURES_QUEUE}`);
    const failuresDlq = queueNamed(`hotel-inbox-${KPI_EXPORT_FAILURES_QUEUE}-dlq`);

    // Assess
    for (const rule of exportRules()) {
      expect(rule.Targets[0].RetryPolicy).toEqual({
        MaximumRetryAttempts: KPI_EXPORT_RULE_RETRIES,
        MaximumEventAgeInSeconds: KPI_EXPORT_MAX_EVENT_AGE.toSeconds(),
      });
      expect(rule.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [failures.id, 'Arn'] } });
    }
    expect(failures.queue.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [dataKeyId(), 'Arn'] });
    expect(failures.queue.RedrivePolicy.deadLetterTargetArn).toEqual({
      'Fn::GetAtt': [failuresDlq.id, 'Arn'],
    });
    for (const queueId of [failures.id, failuresDlq.id])
      expect(
        alarmsAboveZero({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        }),
      ).toHaveLength(1);
  });

  it('lets EventBridge put only these rules’ undeliverable invocations on the failures queue', () => {
    const failures = queueNamed(`hotel-inbox-${KPI_EXPORT_FAILURES_QUEUE}`);
    const [[, policy]] = t
      .ofType('AWS::SQS::QueuePolicy')
      .filter(([, r]) => JSON.stringify(r.Properties.Queues) === JSON.stringify([{ Ref: failures.id }])) as [
      [string, Resource],
    ];
    const fromEvents = (policy.Properties.PolicyDocument.Statement as Props[]).filter(
      (s) => s.Principal?.Service === 'events.amazonaws.com',
    );
    expect(fromEvents).toHaveLength(2);
    for (const statement of fromEvents)
      expect(statement).toMatchObject({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Condition: { ArnEquals: { 'aws:SourceArn': expect.anything() } },
      });
  });

  it("sends an export that failed after Lambda's asynchronous retries to the same failures queue", () => {
    const failures = queueNamed(`hotel-inbox-${KPI_EXPORT_FAILURES_QUEUE}`);
    t.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId() },
      MaximumRetryAttempts: KPI_EXPORT_FUNCTION_RETRIES,
      MaximumEventAgeInSeconds: KPI_EXPORT_MAX_EVENT_AGE.toSeconds(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failures.id, 'Arn'] } } },
    });
  });

  it('pages when it fails', () => {
    expect(
      alarmsAboveZero({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId() } }],
      }),
    ).toHaveLength(1);
  });
});

describe('the KPI export may', () => {
  it('only query the table and the indexes it reads, never write to it', () => {
    // Prepare
    const [tableId] = t.ofType('AWS::DynamoDB::Table')[0] as [string, Resource];
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };

    // Act
    const dynamodb = withAction(exportStatements(), 'dynamodb:');

    // Assess
    expect(actionsOf(dynamodb)).toEqual(['dynamodb:Query']);
    expect(dynamodb[0]?.Resource).toEqual([
      tableArn,
      ...KPI_EXPORT_INDEXES.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] })),
    ]);
  });

  it('query gsi1 and gsi3, which the table has', () => {
    const [[, table]] = t.ofType('AWS::DynamoDB::Table') as [[string, Resource]];
    const indexNames = (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map(
      (i) => i.IndexName,
    );
    expect(indexNames).toEqual(GLOBAL_INDEXES.map((index) => index.name));
    expect([...KPI_EXPORT_INDEXES]).toEqual(['gsi1', 'gsi3']);
    for (const index of KPI_EXPORT_INDEXES) expect(indexNames).toContain(index);
  });

  it('only put and delete objects under kpi/ of the lake bucket', () => {
    const s3 = withAction(exportStatements(), 's3:');
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:PutObject'],
        Resource: objectsUnder(lakeBucket().id, `${LAKE_PREFIX}/`),
      },
    ]);
  });

  it('encrypt with the lake key, and only read the salt secret', () => {
    const statements = exportStatements();
    const onLakeKey = withAction(statements, 'kms:').filter((s) => idOf(s.Resource) === lakeKeyId());
    expect(actionsOf(onLakeKey)).toEqual(['kms:GenerateDataKey']);
    const secrets = withAction(statements, 'secretsmanager:');
    const [[saltId]] = t
      .ofType('AWS::SecretsManager::Secret')
      .filter(([, r]) => r.Properties.Name === LAKE_SALT_SECRET_NAME) as [[string, Resource]];
    expect(secrets).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: { Ref: saltId },
      },
    ]);
  });

  it('not publish events or reach any other store', () => {
    const actions = actionsOf(exportStatements());
    for (const prefix of ['events:', 'states:', 'scheduler:', 'sns:', 'ses:', 'athena:', 'glue:'])
      expect(
        actions.filter((a) => a.startsWith(prefix)),
        prefix,
      ).toEqual([]);
  });
});

describe('InboxTable.grantQuery', () => {
  it('refuses an index the table does not have', () => {
    const stack = new Stack(new App(), 'Probe');
    const table = new InboxTable(stack, 'Table', { encryptionKey: new kms.Key(stack, 'Key') });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => table.grantQuery(role, ['gsi9'])).toThrow(/No index gsi9/);
  });
});
