/**
 * The properties of the synthesized stack that matter: what each route reaches, how the
 * functions run, how the data is kept and encrypted, what alarms, and what the functions
 * may see. Bundling and CloudFormation schema checks are skipped here: cdk-nag.test.ts
 * synthesizes the app in full, as `cdk synth` does.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import {
  ARCHIVE_PATTERN,
  ARCHIVE_RETENTION_DAYS,
  EVENT_BUS_NAME,
  QueueName,
} from '../../functions/contracts/bus';
import { Env } from '../../functions/contracts/environment';
import {
  parseRawArchiveRetentionByHotel,
  SENSITIVE_RAW_BODY_DAYS,
} from '../../functions/contracts/raw-archive';
import { API_ROUTES, FunctionName } from '../../functions/contracts/routes';
import { GLOBAL_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../../functions/contracts/table';
import { rawArchiveKeyOf } from '../../functions/domain/ingest/ingest-meta-delivery';
import { INGEST_FUNCTIONS, RAW_ARCHIVE_PREFIXES } from '../../lib/constructs/ingest-api';
import { SecretNames } from '../../lib/constructs/ingest-secrets';
import { KPI_EXPORT_MEMORY_MB, LAKE_SALT_SECRET_NAME } from '../../lib/constructs/kpi-export';
import { OutboundSecretNames } from '../../lib/constructs/outbound-secrets';
import { PMS_WEBHOOK_SECRET_NAME } from '../../lib/constructs/pms-checkouts';
import type { Channel } from '../../schemas/events/common';

// biome-ignore lint/suspicious/noExplicitAny: template properties are free-form JSON, walked by the assertions
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synth(context: Record<string, unknown> = {}) {
  const { stack } = buildApp({
    nag: false,
    cloudFormationValidation: false,
    context: { ...NO_BUNDLING, ...context },
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { stack, template, resources, ofType };
}

let t: ReturnType<typeof synth>;
beforeAll(() => {
  t = synth();
});

/** One more synthesis, shared by the tests of settings taken from context. */
const CONFIGURED_CONTEXT = { apiRateLimit: '20', apiBurstLimit: '40', rawArchiveRetentionDays: '7' };
let configured: ReturnType<typeof synth> | undefined;
const synthConfigured = () => {
  configured ??= synth(CONFIGURED_CONTEXT);
  return configured;
};

const idOf = (ref: unknown) => {
  const value = ref as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return value.Ref ?? value['Fn::GetAtt']?.[0];
};

/** The functions that publish no event: no bus, no PublishFailed metric. */
const NON_PUBLISHING_FUNCTIONS: readonly FunctionName[] = [
  FunctionName.kpiExport,
  FunctionName.retentionPurge,
];
const publishes = (name: FunctionName) => !NON_PUBLISHING_FUNCTIONS.includes(name);
/** Memory other than the default 256 MB. */
const MEMORY_MB: Partial<Record<FunctionName, number>> = { [FunctionName.kpiExport]: KPI_EXPORT_MEMORY_MB };

/** Logical id of the function whose Powertools service name is `name`. */
const functionId = (name: FunctionName) => {
  const found = t
    .ofType('AWS::Lambda::Function')
    .find(([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name);
  if (!found) throw new Error(`No function for ${name}`);
  return found[0];
};

describe('the HTTP API', () => {
  it('has exactly the routes of the contract, each integrated with its function', () => {
    // Prepare
    const routes = t.ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const integrations = Object.fromEntries(t.ofType('AWS::ApiGatewayV2::Integration'));

    // Assess
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      API_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const route of API_ROUTES) {
      const cfnRoute = routes.find((r) => r.RouteKey === `${route.method} ${route.path}`);
      const integrationId = idOf(cfnRoute?.Target['Fn::Join'][1][1]);
      const integration = integrations[integrationId as string];
      expect(integration?.Properties.IntegrationType).toBe('AWS_PROXY');
      expect(idOf(integration?.Properties.IntegrationUri)).toBe(functionId(route.function));
    }
  });

  it('throttles and writes access logs on its $default stage', () => {
    t.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('takes its throttle limits from context', () => {
    const { template } = synthConfigured();
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });
});

describe('the functions', () => {
  it.each(Object.values(FunctionName))('%s runs Node.js 22 on arm64 with tracing and source maps', (name) => {
    const fn = t.resources[functionId(name)]?.Properties;
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: MEMORY_MB[name] ?? 256,
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_METRICS_NAMESPACE: 'HotelInbox',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
      },
    });
  });

  it.each(Object.values(FunctionName))('%s logs to its own log group', (name) => {
    const logGroupId = idOf(t.resources[functionId(name)]?.Properties.LoggingConfig.LogGroup);
    expect(t.resources[logGroupId as string]?.Type).toBe('AWS::Logs::LogGroup');
  });

  it('get the table and bus (when they publish) from the environment, and the raw archive only the ingest functions, the ticket intake (retagging) and the agent API (erasures)', () => {
    const tableId = t.ofType('AWS::DynamoDB::Table')[0]?.[0];
    for (const name of Object.values(FunctionName)) {
      const variables = t.resources[functionId(name)]?.Properties.Environment.Variables;
      expect(idOf(variables[Env.tableName])).toBe(tableId);
      if (publishes(name))
        expect(t.resources[idOf(variables[Env.eventBusName]) as string]?.Type).toBe('AWS::Events::EventBus');
      else expect(variables, name).not.toHaveProperty(Env.eventBusName);
      if (
        (
          [...INGEST_FUNCTIONS, FunctionName.ticketIntake, FunctionName.agentApi] as readonly string[]
        ).includes(name)
      )
        expect(t.resources[idOf(variables[Env.rawArchiveBucket]) as string]?.Type).toBe('AWS::S3::Bucket');
      else expect(variables).not.toHaveProperty(Env.rawArchiveBucket);
    }
  });

  it('receive secrets as ARNs of Secrets Manager secrets, never as values', () => {
    // Prepare
    const secretIdByName = Object.fromEntries(
      t.ofType('AWS::SecretsManager::Secret').map(([id, r]) => [r.Properties.Name, id]),
    );
    const expected: Record<FunctionName, Record<string, string>> = {
      [FunctionName.metaWebhook]: {
        [Env.metaAppSecretArn]: SecretNames.metaAppSecret,
        [Env.metaVerifyTokenArn]: SecretNames.metaVerifyToken,
      },
      [FunctionName.webchat]: { [Env.webchatTokenSecretArn]: SecretNames.webchatTokenSecret },
      [FunctionName.ticketIntake]: {},
      [FunctionName.ticketWorkflow]: {},
      [FunctionName.agentApi]: { [Env.lakeSaltArn]: LAKE_SALT_SECRET_NAME },
      [FunctionName.sender]: {
        [Env.whatsappAccessTokenArn]: OutboundSecretNames.whatsappAccessToken,
        [Env.instagramAccessTokenArn]: OutboundSecretNames.instagramAccessToken,
      },
      [FunctionName.leadSweep]: {},
      [FunctionName.checkouts]: { [Env.pmsWebhookSecretArn]: PMS_WEBHOOK_SECRET_NAME },
      [FunctionName.surveyWorkflow]: {},
      [FunctionName.surveySweep]: {},
      [FunctionName.kpiExport]: { [Env.lakeSaltArn]: LAKE_SALT_SECRET_NAME },
      [FunctionName.retentionPurge]: {},
    };
    const secretArnVariables = [
      Env.metaAppSecretArn,
      Env.metaVerifyTokenArn,
      Env.webchatTokenSecretArn,
      Env.whatsappAccessTokenArn,
      Env.instagramAccessTokenArn,
      Env.pmsWebhookSecretArn,
      Env.lakeSaltArn,
    ];
    const valueVariables = [
      Env.metaAppSecret,
      Env.metaVerifyToken,
      Env.webchatTokenSecret,
      Env.whatsappAccessToken,
      Env.instagramAccessToken,
      Env.pmsWebhookSecret,
      Env.lakeSalt,
    ];

    for (const name of Object.values(FunctionName)) {
      const variables = t.resources[functionId(name)]?.Properties.Environment.Variables as Record<
        string,
        unknown
      >;
      // Assess
      for (const [variable, secretName] of Object.entries(expected[name]))
        expect(variables[variable]).toEqual({ Ref: secretIdByName[secretName] });
      for (const variable of valueVariables) expect(variables).not.toHaveProperty(variable);
      for (const variable of secretArnVariables.filter((v) => !(v in expected[name])))
        expect(variables).not.toHaveProperty(variable);
      expect(JSON.stringify(variables)).not.toMatch(/resolve:secretsmanager|SecretString/);
    }
  });

  it("may write to the raw archive only under the prefixes their channels' archive keys start with", () => {
    // Prepare
    const prefixOfKeys = (channel: Channel) =>
      `${rawArchiveKeyOf(channel, new Date(0).toISOString(), 'digest').split('/')[0]}/`;

    // Assess
    expect(RAW_ARCHIVE_PREFIXES[FunctionName.metaWebhook]).toEqual(
      (['whatsapp', 'instagram'] as const).map(prefixOfKeys),
    );
    expect(RAW_ARCHIVE_PREFIXES[FunctionName.webchat]).toEqual([prefixOfKeys('webchat')]);
  });
});

/** The CloudWatch Logs actions Step Functions logging needs, which AWS documents with Resource "*". */
const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
];

describe('IAM', () => {
  it('grants "*" resources only for actions without resource-level permissions', () => {
    // Prepare
    const stateMachineRoleIds = t
      .ofType('AWS::StepFunctions::StateMachine')
      .map(([, machine]) => idOf(machine.Properties.RoleArn));
    const senderRoleId = idOf(t.resources[functionId(FunctionName.sender)]?.Properties.Role);
    const statements = t.ofType('AWS::IAM::Policy').flatMap(([, r]) =>
      (
        r.Properties.PolicyDocument.Statement as {
          Effect: string;
          Action: string | string[];
          Resource: unknown;
        }[]
      ).map((statement) => ({ ...statement, roles: (r.Properties.Roles as unknown[]).map(idOf) })),
    );

    // Act
    const starStatements = statements.filter(
      (s) => s.Effect === 'Allow' && [s.Resource].flat().includes('*'),
    );

    // Assess: X-Ray anywhere; log delivery only for the state machines' logging; SMS only for the sender
    expect(starStatements.length).toBeGreaterThan(0);
    expect(stateMachineRoleIds.length).toBeGreaterThan(1);
    for (const s of starStatements)
      for (const action of [s.Action].flat()) {
        if (action.startsWith('xray:')) continue;
        expect(s.roles).toHaveLength(1);
        if (action === 'sns:Publish') {
          expect(s.roles[0]).toBe(senderRoleId);
          continue;
        }
        expect(LOG_DELIVERY_ACTIONS).toContain(action);
        expect(stateMachineRoleIds).toContain(s.roles[0]);
      }
  });

  it('attaches no AWS managed policy to the function roles', () => {
    for (const [, role] of t.ofType('AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the table', () => {
  it('has the keys, indexes and TTL attribute of the contract', () => {
    t.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(TTL_ATTRIBUTE).toBe('expiresAt');
  });

  it('is encrypted with our rotated KMS key, recoverable to a point in time and protected from deletion', () => {
    // Prepare
    const [[keyId, key]] = t.ofType('AWS::KMS::Key') as [[string, Resource]];
    const [[, table]] = t.ofType('AWS::DynamoDB::Table') as [[string, Resource]];

    // Assess
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(table.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
  });
});

describe('the raw archive bucket', () => {
  const rawArchive = (resources: Record<string, Resource>) => {
    const found = Object.entries(resources).find(
      ([, r]) =>
        r.Type === 'AWS::S3::Bucket' && r.Properties.LoggingConfiguration?.LogFilePrefix === 'raw-archive/',
    );
    if (!found) throw new Error('No raw archive bucket');
    return { id: found[0], bucket: found[1].Properties };
  };

  it('is encrypted with our KMS key and blocks all public access', () => {
    const { bucket } = rawArchive(t.resources);
    const keyId = t.ofType('AWS::KMS::Key')[0]?.[0];
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('refuses requests without TLS', () => {
    const { id } = rawArchive(t.resources);
    t.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
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

  it('expires payloads after 30 days by default', () => {
    const { bucket } = rawArchive(t.resources);
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 30 }),
    );
  });

  it('takes its retention from the rawArchiveRetentionDays context', () => {
    const { resources } = synthConfigured();
    expect(rawArchive(resources).bucket.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ ExpirationInDays: 7 }),
    );
  });

  it('tells the retention to ticket intake, whose archive index entries outlive it, and to the functions that tag bodies with it, and no other function', () => {
    // Prepare
    const variablesIn = (resources: Record<string, Resource>) =>
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::Lambda::Function')
        .map((r) => r.Properties.Environment.Variables as Record<string, unknown>);
    const told: readonly FunctionName[] = [FunctionName.ticketIntake, ...INGEST_FUNCTIONS];
    const retentionOf = (resources: Record<string, Resource>) =>
      Object.fromEntries(
        variablesIn(resources)
          .filter((v) => told.includes(v.POWERTOOLS_SERVICE_NAME as FunctionName))
          .map((v) => [v.POWERTOOLS_SERVICE_NAME, v[Env.rawArchiveRetentionDays]]),
      );

    // Assess: the default, and the rawArchiveRetentionDays context
    expect(retentionOf(t.resources)).toEqual(Object.fromEntries(told.map((name) => [name, '30'])));
    expect(retentionOf(synthConfigured().resources)).toEqual(
      Object.fromEntries(told.map((name) => [name, '7'])),
    );
    const others = variablesIn(t.resources).filter(
      (v) => !told.includes(v.POWERTOOLS_SERVICE_NAME as FunctionName),
    );
    for (const variables of others) {
      expect(variables).not.toHaveProperty(Env.rawArchiveRetentionDays);
      expect(variables).not.toHaveProperty(Env.rawArchiveRetentionByHotel);
    }
  });

  it("tells the functions that tag bodies the hotels' own retention, as the bucket's rules expire them", () => {
    // Prepare
    const { byHotel } = t.stack.rawArchive.retention;

    // Act
    const told = INGEST_FUNCTIONS.map(
      (name) =>
        t.resources[functionId(name)]?.Properties.Environment.Variables[Env.rawArchiveRetentionByHotel],
    );

    // Assess
    for (const value of told) expect(parseRawArchiveRetentionByHotel(value)).toEqual(byHotel);
    expect(rawArchive(t.resources).bucket.LifecycleConfiguration.Rules).toHaveLength(
      new Set([t.stack.rawArchive.retentionDays, SENSITIVE_RAW_BODY_DAYS, ...byHotel.values()]).size,
    );
  });

  it('lets the functions that archive bodies tag them, under their own prefixes only', () => {
    // Prepare
    const { id } = rawArchive(t.resources);
    const s3StatementsOf = (name: FunctionName) => {
      const roleId = idOf(t.resources[functionId(name)]?.Properties.Role);
      return t
        .ofType('AWS::IAM::Policy')
        .filter(([, r]) => (r.Properties.Roles as unknown[]).map(idOf).includes(roleId))
        .flatMap(
          ([, r]) =>
            r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
        )
        .filter((s) => [s.Action].flat().some((action) => action.startsWith('s3:')))
        .map((s) => ({ ...s, Resource: [s.Resource].flat() }));
    };

    // Assess
    for (const name of INGEST_FUNCTIONS)
      expect(s3StatementsOf(name)).toEqual([
        {
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:PutObjectTagging'],
          Resource: [...RAW_ARCHIVE_PREFIXES[name]].sort().map((prefix) => ({
            'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, `/${prefix}*`]],
          })),
        },
      ]);
  });

  it('logs server access to a separate bucket', () => {
    const { bucket } = rawArchive(t.resources);
    const logsBucket = t.resources[idOf(bucket.LoggingConfiguration.DestinationBucketName) as string];
    expect(logsBucket?.Type).toBe('AWS::S3::Bucket');
  });
});

describe('the event bus', () => {
  it('is named as in the contract and archives every project event for replay', () => {
    const [[busId, bus]] = t.ofType('AWS::Events::EventBus') as [[string, Resource]];
    expect(bus.Properties.Name).toBe(EVENT_BUS_NAME);
    t.template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: ARCHIVE_PATTERN,
      RetentionDays: ARCHIVE_RETENTION_DAYS,
    });
  });
});

describe('the queues', () => {
  it.each(Object.values(QueueName))('%s is encrypted with our key and has a dead-letter queue', (name) => {
    const queues = Object.fromEntries(
      t.ofType('AWS::SQS::Queue').map(([id, r]) => [r.Properties.QueueName, { id, r }]),
    );
    const queue = queues[`hotel-inbox-${name}`];
    const dlq = queues[`hotel-inbox-${name}-dlq`];
    expect(queue?.r.Properties.KmsMasterKeyId).toBeDefined();
    expect(dlq?.r.Properties.KmsMasterKeyId).toBeDefined();
    expect(queue?.r.Properties.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [dlq?.id, 'Arn'] });
  });

  it('keeps unroutable deliveries 14 days and alarms when there is one', () => {
    const [[id, queue]] = t
      .ofType('AWS::SQS::Queue')
      .filter(([, r]) => r.Properties.QueueName === `hotel-inbox-${QueueName.unroutable}`) as [
      [string, Resource],
    ];
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    t.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });
});

describe('alarms', () => {
  const alarmsAboveZero = (props: Record<string, unknown>) =>
    t.template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, ...props },
    });

  it('fire on any 5xx answer of the API', () => {
    expect(Object.keys(alarmsAboveZero({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' }))).toHaveLength(1);
  });

  it.each(Object.values(FunctionName).filter(publishes))('fire when %s reports PublishFailed', (name) => {
    const alarms = alarmsAboveZero({
      Namespace: 'HotelInbox',
      MetricName: 'PublishFailed',
      Dimensions: [{ Name: 'service', Value: name }],
      Statistic: 'Sum',
    });
    expect(Object.keys(alarms)).toHaveLength(1);
  });

  it('fire when a Meta delivery is unroutable', () => {
    const alarms = alarmsAboveZero({
      Namespace: 'HotelInbox',
      MetricName: 'UnroutableDelivery',
      Dimensions: [{ Name: 'service', Value: FunctionName.metaWebhook }],
    });
    expect(Object.keys(alarms)).toHaveLength(1);
  });

  it('all notify the encrypted alarm topic', () => {
    const [[topicId, topic]] = t.ofType('AWS::SNS::Topic') as [[string, Resource]];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const [, alarm] of t.ofType('AWS::CloudWatch::Alarm'))
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });
});

describe('log groups', () => {
  it('all have a retention and are encrypted with our key', () => {
    const logGroups = t.ofType('AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThanOrEqual(3);
    for (const [, group] of logGroups) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      expect(group.Properties.KmsKeyId).toBeDefined();
    }
  });
});

describe('outputs', () => {
  it('name the URLs, stores and secrets an operator needs', () => {
    const outputs = t.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'WhatsAppWebhookUrl',
        'InstagramWebhookUrl',
        'TableName',
        'EventBusName',
        'RawArchiveBucketName',
        'MetaAppSecretName',
        'MetaVerifyTokenSecretName',
        'WebchatTokenSecretName',
        'AlarmTopicArn',
        'ConversationStateMachineArn',
        'WorkflowFailuresQueueUrl',
        'UserPoolId',
        'UserPoolClientId',
        'AgentApiUrl',
        'OutboundQueueUrl',
        'OutboundDeadLetterQueueUrl',
        'CsatStateMachineArn',
        'WhatsAppAccessTokenSecretName',
        'InstagramAccessTokenSecretName',
        'PmsCheckoutsUrl',
        'PmsWebhookSecretName',
        'NpsStateMachineArn',
        'SurveyScheduleGroupName',
        'SurveyScheduleDeadLetterQueueUrl',
        'KpiLakeBucketName',
        'KpiDatabaseName',
        'KpiWorkGroupName',
        'KpiAnalystPolicyArn',
        'KpiExportFailuresQueueUrl',
        'LakeSaltSecretName',
      ]),
    );
    expect(JSON.stringify(outputs.PmsCheckoutsUrl?.Value)).toContain('/pms/checkouts');
    expect(outputs.PmsWebhookSecretName?.Value).toBe(PMS_WEBHOOK_SECRET_NAME);
    expect(outputs.LakeSaltSecretName?.Value).toBe(LAKE_SALT_SECRET_NAME);
    expect(outputs.SurveyScheduleGroupName?.Value).toBe('hotel-inbox-surveys');
    expect(JSON.stringify(outputs.WhatsAppWebhookUrl?.Value)).toContain('/webhooks/whatsapp');
    expect(JSON.stringify(outputs.AgentApiUrl?.Value)).toContain('/agent');
    expect(outputs.MetaAppSecretName?.Value).toBe(SecretNames.metaAppSecret);
    expect(outputs.WhatsAppAccessTokenSecretName?.Value).toBe(OutboundSecretNames.whatsappAccessToken);
    expect(outputs.InstagramAccessTokenSecretName?.Value).toBe(OutboundSecretNames.instagramAccessToken);
  });
});
