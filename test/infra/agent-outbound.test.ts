/**
 * The staff-facing and outbound parts of the stack: the agent routes behind the Cognito JWT
 * authorizer (and the public routes without it), the staff user pool and its app client,
 * the sender on the outbound queue with its Graph API settings and tokens, the CSAT
 * workflow's start, and the scheduled lead sweep.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import {
  BUS_RULES,
  DetailType,
  OUTBOUND_MAX_RECEIVES,
  QueueName,
  WorkflowName,
} from '../../functions/contracts/bus';
import { Env } from '../../functions/contracts/environment';
import { LAKE_PREFIX } from '../../functions/contracts/lake';
import { AGENT_ROUTES, API_ROUTES, FunctionName } from '../../functions/contracts/routes';
import { GLOBAL_INDEXES } from '../../functions/contracts/table';
import { StaffClaim } from '../../functions/domain/auth/principal';
import { AGENT_API_TIMEOUT, RAW_ARCHIVE_ERASE_PREFIXES } from '../../lib/constructs/agent-api';
import { RAW_ARCHIVE_PREFIXES } from '../../lib/constructs/ingest-api';
import { LAKE_SALT_SECRET_NAME } from '../../lib/constructs/kpi-export';
import {
  LEAD_SWEEP_FAILURES_QUEUE,
  LEAD_SWEEP_MAX_EVENT_AGE,
  LEAD_SWEEP_RATE,
  LEAD_SWEEP_SCHEDULE_RETRIES,
} from '../../lib/constructs/lead-sweep';
import { OutboundSecretNames } from '../../lib/constructs/outbound-secrets';
import {
  DEFAULT_GRAPH_API_VERSION,
  OUTBOUND_FAILED_THRESHOLD,
  SENDER_BATCH_SIZE,
  SENDER_MAX_CONCURRENCY,
} from '../../lib/constructs/outbound-sender';
import { SENSITIVE_DATA_KEY_ALIAS } from '../../lib/constructs/sensitive-data-key';
import { STAFF_TOKEN_VALIDITY } from '../../lib/constructs/staff-user-pool';
import { WORKFLOW_FAILURES_QUEUE } from '../../lib/constructs/workflow-state-machine';
import { DEFAULT_HOTELS_FILE, loadHotelsConfig } from '../../lib/hotels-config';

// biome-ignore lint/suspicious/noExplicitAny: template properties are free-form JSON, walked by the assertions
type Resource = { Type: string; Properties: Record<string, any> };
interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synth(context: Record<string, unknown> = {}) {
  const { stack } = buildApp({
    nag: false,
    cloudFormationValidation: false,
    context: { ...NO_BUNDLING, ...context },
  });
  const template = Template.fromStack(stack);
  return { template, resources: template.toJSON().Resources as Record<string, Resource> };
}

let template: Template;
let resources: Record<string, Resource>;
beforeAll(() => {
  ({ template, resources } = synth());
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (type: string) => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
};
const idOf = (ref: unknown) => {
  const value = ref as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return value.Ref ?? value['Fn::GetAtt']?.[0];
};
const functionId = (name: FunctionName) => {
  const found = ofType('AWS::Lambda::Function').find(
    ([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name,
  );
  if (!found) throw new Error(`No function for ${name}`);
  return found[0];
};
const variablesOf = (name: FunctionName) =>
  resources[functionId(name)]?.Properties.Environment.Variables as Record<string, unknown>;
const queueNamed = (name: string) => {
  const found = ofType('AWS::SQS::Queue').find(([, r]) => r.Properties.QueueName === name);
  if (!found) throw new Error(`No queue ${name}`);
  return { id: found[0], queue: found[1].Properties };
};
/** Every statement of the policies attached to a role. */
const statementsOfRole = (roleId: string | undefined) =>
  ofType('AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
const statementsOf = (name: FunctionName) =>
  statementsOfRole(idOf(resources[functionId(name)]?.Properties.Role));
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const alarmsAbove = (threshold: number, props: Record<string, unknown>) =>
  Object.keys(
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { ComparisonOperator: 'GreaterThanThreshold', Threshold: threshold, ...props },
    }),
  );
const notEmptyAlarmsOn = (queueId: string) =>
  alarmsAbove(0, {
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
  });

describe('the agent routes', () => {
  const routes = () => ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);

  it('all require a token the staff JWT authorizer admits', () => {
    // Prepare
    const [authorizerId] = only('AWS::ApiGatewayV2::Authorizer');
    const agentKeys = AGENT_ROUTES.map((r) => `${r.method} ${r.path}`);

    // Act
    const agentRoutes = routes().filter((r) => agentKeys.includes(r.RouteKey));

    // Assess
    expect(agentRoutes).toHaveLength(AGENT_ROUTES.length);
    for (const route of agentRoutes) {
      expect(route.AuthorizationType, route.RouteKey).toBe('JWT');
      expect(route.AuthorizerId, route.RouteKey).toEqual({ Ref: authorizerId });
    }
  });

  it('are exactly the routes of the contract that name the agent auth', () => {
    const authorized = routes().filter((r) => r.AuthorizationType === 'JWT');
    expect(authorized.map((r) => r.RouteKey).sort()).toEqual(
      API_ROUTES.filter((r) => r.auth === 'agent')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
  });

  it('keep path parameters as API Gateway route syntax', () => {
    expect(routes().map((r) => r.RouteKey)).toContain('POST /agent/tickets/{ticketId}/replies');
  });

  it('reach the agent-api function', () => {
    const integrations = Object.fromEntries(ofType('AWS::ApiGatewayV2::Integration'));
    for (const route of routes().filter((r) => r.AuthorizationType === 'JWT')) {
      const integration = integrations[idOf(route.Target['Fn::Join'][1][1]) as string];
      expect(idOf(integration?.Properties.IntegrationUri), route.RouteKey).toBe(
        functionId(FunctionName.agentApi),
      );
    }
  });
});

describe('the webhook and web-chat routes', () => {
  it('have no API Gateway authorizer: the functions verify signatures and visitor tokens', () => {
    const publicKeys = API_ROUTES.filter((r) => !r.auth).map((r) => `${r.method} ${r.path}`);
    const publicRoutes = ofType('AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties)
      .filter((r) => publicKeys.includes(r.RouteKey));
    expect(publicRoutes).toHaveLength(publicKeys.length);
    expect(publicKeys).toEqual(expect.arrayContaining(['POST /webhooks/whatsapp', 'POST /webchat/messages']));
    for (const route of publicRoutes) {
      expect([undefined, 'NONE'], route.RouteKey).toContain(route.AuthorizationType);
      expect(route.AuthorizerId, route.RouteKey).toBeUndefined();
    }
  });
});

describe('the staff JWT authorizer', () => {
  it('trusts ID tokens of the staff user pool issued to the inbox UI client, from the Authorization header', () => {
    // Prepare
    const [poolId] = only('AWS::Cognito::UserPool');
    const [clientId] = only('AWS::Cognito::UserPoolClient');
    const [, authorizer] = only('AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              { Ref: poolId },
            ],
          ],
        },
      },
    });
  });
});

describe('the staff user pool', () => {
  const pool = () => only('AWS::Cognito::UserPool')[1].Properties;

  it('has accounts created by administrators only', () => {
    expect(pool().AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
  });

  it('requires a strong password and TOTP MFA, and enforces threat protection', () => {
    expect(pool().Policies.PasswordPolicy).toMatchObject({
      MinimumLength: expect.any(Number),
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool().Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(pool().MfaConfiguration).toBe('ON');
    expect(pool().EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool().UserPoolTier).toBe('PLUS');
    expect(pool().UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });

  it('declares the custom attributes the agent API reads from the token, changeable by administrators', () => {
    // Prepare
    const declared = [StaffClaim.hotels, StaffClaim.role, StaffClaim.department].map((claim) =>
      claim.replace(/^custom:/, ''),
    );

    // Assess
    for (const name of declared)
      expect(pool().Schema).toContainEqual(
        expect.objectContaining({ Name: name, AttributeDataType: 'String', Mutable: true }),
      );
  });

  it('survives the deletion of the stack, with the staff accounts in it', () => {
    const [, poolResource] = only('AWS::Cognito::UserPool') as [
      string,
      Resource & { DeletionPolicy?: string },
    ];
    expect(poolResource.DeletionPolicy).toBe('Retain');
    expect(pool().DeletionProtection).toBe('ACTIVE');
  });
});

describe('the inbox UI app client', () => {
  const client = () => only('AWS::Cognito::UserPoolClient')[1].Properties;

  it('has no secret and signs in with SRP only (no plain password flows, no OAuth)', () => {
    expect(client().GenerateSecret).toBe(false);
    expect([...client().ExplicitAuthFlows].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    expect(client().AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client().PreventUserExistenceErrors).toBe('ENABLED');
  });

  it('issues short-lived ID and access tokens', () => {
    expect(client().TokenValidityUnits).toMatchObject({ IdToken: 'minutes', AccessToken: 'minutes' });
    expect(client().IdTokenValidity).toBe(STAFF_TOKEN_VALIDITY.toMinutes());
    expect(client().IdTokenValidity).toBeLessThanOrEqual(60);
    expect(client().AccessTokenValidity).toBeLessThanOrEqual(60);
  });

  it('puts the staff claims into the ID token', () => {
    expect(client().ReadAttributes).toEqual(
      expect.arrayContaining([StaffClaim.hotels, StaffClaim.role, StaffClaim.department]),
    );
  });

  it('cannot change the attributes access is decided on: hotels, role, department, e-mail', () => {
    // A client without WriteAttributes could write every mutable attribute: the list must be explicit.
    expect(client().WriteAttributes).toBeDefined();
    for (const attribute of [StaffClaim.hotels, StaffClaim.role, StaffClaim.department, 'email'])
      expect(client().WriteAttributes).not.toContain(attribute);
  });
});

describe('the agent-api function', () => {
  /** The bucket whose server access logs go under the prefix (`raw-archive/`, `kpi-lake/`). */
  const bucketLoggingTo = (prefix: string) => {
    const found = ofType('AWS::S3::Bucket').find(
      ([, r]) => r.Properties.LoggingConfiguration?.LogFilePrefix === prefix,
    );
    if (!found) throw new Error(`No bucket logging to ${prefix}`);
    return found;
  };
  const objectsUnder = (bucketId: string, prefix: string) => ({
    'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]],
  });
  const withService = (statements: Statement[], service: string) =>
    statements.filter((s) => [s.Action].flat().some((a) => a.startsWith(`${service}:`)));

  it('receives the validated hotels, the table and the bus', () => {
    const variables = variablesOf(FunctionName.agentApi);
    expect(variables[Env.hotelsJson]).toBe(loadHotelsConfig(DEFAULT_HOTELS_FILE).json);
    expect(variables).toHaveProperty(Env.tableName);
    expect(variables).toHaveProperty(Env.eventBusName);
  });

  it('receives what data-subject requests read: the raw archive, the lake bucket, the salt ARN and the sensitive-data key', () => {
    // Prepare
    const variables = variablesOf(FunctionName.agentApi);
    const salt = ofType('AWS::SecretsManager::Secret').find(
      ([, r]) => r.Properties.Name === LAKE_SALT_SECRET_NAME,
    );

    // Assess
    expect(variables[Env.rawArchiveBucket]).toEqual({ Ref: bucketLoggingTo('raw-archive/')[0] });
    expect(variables[Env.lakeBucket]).toEqual({ Ref: bucketLoggingTo('kpi-lake/')[0] });
    expect(variables[Env.lakeSaltArn]).toEqual({ Ref: salt?.[0] });
    expect(variables).toHaveProperty(Env.sensitiveDataKeyArn);
    expect(variables).not.toHaveProperty(Env.lakeSalt);
  });

  it('waits up to 29 s, under the 30 s API Gateway gives an integration, for an erasure that re-exports lake days', () => {
    expect(AGENT_API_TIMEOUT.toSeconds()).toBe(29);
    expect(resources[functionId(FunctionName.agentApi)]?.Properties.Timeout).toBe(29);
  });

  it('may read and write items, query every index and publish', () => {
    // Prepare
    const statements = statementsOf(FunctionName.agentApi);
    const tableStatement = statements.find((s) => [s.Action].flat().includes('dynamodb:Query'));

    // Assess
    for (const index of GLOBAL_INDEXES)
      expect(JSON.stringify(tableStatement?.Resource)).toContain(`/index/${index.name}`);
    const actions = actionsOf(statements);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'events:PutEvents']),
    );
    expect(actions.filter((a) => /^(sqs|states|scheduler|sns|ses|athena|glue):/.test(a))).toEqual([]);
  });

  it("may delete raw archive objects under the channels' prefixes, and put and delete lake files under kpi/, nothing else in S3", () => {
    // Prepare
    const [rawArchiveId] = bucketLoggingTo('raw-archive/');
    const [lakeId] = bucketLoggingTo('kpi-lake/');

    // Act
    const s3 = withService(statementsOf(FunctionName.agentApi), 's3');

    // Assess: no read, list or write of the raw archive, nothing of the Athena results
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:DeleteObject',
        Resource: [...RAW_ARCHIVE_ERASE_PREFIXES].sort().map((prefix) => objectsUnder(rawArchiveId, prefix)),
      },
      {
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:PutObject'],
        Resource: objectsUnder(lakeId, `${LAKE_PREFIX}/`),
      },
    ]);
    expect([...RAW_ARCHIVE_ERASE_PREFIXES].sort()).toEqual(
      [...new Set(Object.values(RAW_ARCHIVE_PREFIXES).flat())].sort(),
    );
  });

  it('may encrypt lake files with the lake key, decrypt sensitive text, and read only the lake salt secret', () => {
    // Prepare
    const statements = statementsOf(FunctionName.agentApi);
    const [, lake] = bucketLoggingTo('kpi-lake/');
    const lakeKeyId = idOf(
      lake.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .KMSMasterKeyID,
    );
    const sensitiveKeyId = ofType('AWS::KMS::Alias').find(
      ([, r]) => r.Properties.AliasName === `alias/${SENSITIVE_DATA_KEY_ALIAS}`,
    )?.[1].Properties.TargetKeyId['Fn::GetAtt'][0];
    const onKey = (keyId: string | undefined) =>
      actionsOf(withService(statements, 'kms').filter((s) => idOf(s.Resource) === keyId));
    const salt = ofType('AWS::SecretsManager::Secret').find(
      ([, r]) => r.Properties.Name === LAKE_SALT_SECRET_NAME,
    );

    // Assess
    expect(onKey(lakeKeyId)).toEqual(['kms:GenerateDataKey']);
    expect(onKey(sensitiveKeyId)).toEqual(['kms:Decrypt']);
    expect(withService(statements, 'secretsmanager')).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: { Ref: salt?.[0] },
      },
    ]);
  });
});

describe('the outbound queue', () => {
  it('is consumed by the sender in batches, reporting failed records only, at a capped concurrency', () => {
    // Prepare
    const { id: queueId } = queueNamed(`hotel-inbox-${QueueName.outbound}`);

    // Act
    const mappings = ofType('AWS::Lambda::EventSourceMapping')
      .map(([, r]) => r.Properties)
      .filter((m) => JSON.stringify(m.EventSourceArn).includes(queueId));

    // Assess
    expect(mappings).toEqual([
      {
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionName: { Ref: functionId(FunctionName.sender) },
        BatchSize: SENDER_BATCH_SIZE,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: SENDER_MAX_CONCURRENCY },
      },
    ]);
  });

  it('hides a received batch for at least six times the sender timeout', () => {
    const { queue } = queueNamed(`hotel-inbox-${QueueName.outbound}`);
    const timeout = resources[functionId(FunctionName.sender)]?.Properties.Timeout;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
  });

  it('moves a message to the encrypted, alarmed dead-letter queue after the receives the sender counts on', () => {
    const { queue } = queueNamed(`hotel-inbox-${QueueName.outbound}`);
    const dlq = queueNamed(`hotel-inbox-${QueueName.outbound}-dlq`);
    expect(OUTBOUND_MAX_RECEIVES).toBe(5);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlq.id, 'Arn'] },
      maxReceiveCount: OUTBOUND_MAX_RECEIVES,
    });
    expect(queue.KmsMasterKeyId).toBeDefined();
    expect(dlq.queue.KmsMasterKeyId).toBeDefined();
    expect(notEmptyAlarmsOn(dlq.id)).toHaveLength(1);
  });

  it('receives the Outbound Message Requested events of the bus', () => {
    const rules = BUS_RULES.filter(
      (rule) => rule.target.kind === 'queue' && rule.target.queue === QueueName.outbound,
    );
    expect(rules.flatMap((rule) => rule.pattern['detail-type'])).toEqual([
      DetailType.outboundMessageRequested,
    ]);
  });

  it('alarms when a reply has waited longer than a few minutes', () => {
    const { id } = queueNamed(`hotel-inbox-${QueueName.outbound}`);
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
      },
    });
    expect(Object.keys(alarms)).toHaveLength(1);
  });
});

describe('the sender', () => {
  it('calls the Graph API and the Instagram API at their public hosts, with the default version', () => {
    expect(variablesOf(FunctionName.sender)).toMatchObject({
      [Env.graphApiBaseUrl]: 'https://graph.facebook.com',
      [Env.instagramApiBaseUrl]: 'https://graph.instagram.com',
      [Env.graphApiVersion]: DEFAULT_GRAPH_API_VERSION,
    });
    expect(DEFAULT_GRAPH_API_VERSION).toBe('v23.0');
  });

  it('takes the Graph API version from the graphApiVersion context, and refuses a malformed one', () => {
    const { resources: configured } = synth({ graphApiVersion: 'v24.0' });
    const sender = Object.values(configured).find(
      (r) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === FunctionName.sender,
    );
    expect(sender?.Properties.Environment.Variables[Env.graphApiVersion]).toBe('v24.0');
    expect(() => synth({ graphApiVersion: '24' })).toThrow(/graphApiVersion/);
  });

  it('receives the hotels, the table and the bus', () => {
    const variables = variablesOf(FunctionName.sender);
    expect(variables[Env.hotelsJson]).toBe(loadHotelsConfig(DEFAULT_HOTELS_FILE).json);
    expect(variables).toHaveProperty(Env.tableName);
    expect(variables).toHaveProperty(Env.eventBusName);
  });

  it('gets the access tokens as ARNs of encrypted secrets, and may read exactly those two', () => {
    // Prepare
    const secrets = Object.fromEntries(
      ofType('AWS::SecretsManager::Secret').map(([id, r]) => [
        r.Properties.Name,
        { id, secret: r.Properties },
      ]),
    );
    const whatsapp = secrets[OutboundSecretNames.whatsappAccessToken];
    const instagram = secrets[OutboundSecretNames.instagramAccessToken];
    const variables = variablesOf(FunctionName.sender);

    // Act
    const secretStatements = statementsOf(FunctionName.sender).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('secretsmanager:')),
    );

    // Assess
    expect(variables[Env.whatsappAccessTokenArn]).toEqual({ Ref: whatsapp?.id });
    expect(variables[Env.instagramAccessTokenArn]).toEqual({ Ref: instagram?.id });
    expect(variables).not.toHaveProperty(Env.whatsappAccessToken);
    expect(variables).not.toHaveProperty(Env.instagramAccessToken);
    expect(whatsapp?.secret.KmsKeyId).toBeDefined();
    expect(instagram?.secret.KmsKeyId).toBeDefined();
    const readable = secretStatements.flatMap((s) => [s.Resource].flat());
    expect(readable).toHaveLength(2);
    expect(readable).toEqual(expect.arrayContaining([{ Ref: whatsapp?.id }, { Ref: instagram?.id }]));
    expect(actionsOf(secretStatements)).toContain('secretsmanager:GetSecretValue');
  });

  it('may read and write items and publish, and nothing in the raw archive', () => {
    const actions = actionsOf(statementsOf(FunctionName.sender));
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:UpdateItem',
        'dynamodb:PutItem',
        'events:PutEvents',
      ]),
    );
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('pages when it fails, or when it fails to publish', () => {
    expect(
      alarmsAbove(0, {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(FunctionName.sender) } }],
      }),
    ).toHaveLength(1);
    expect(
      alarmsAbove(0, {
        Namespace: 'HotelInbox',
        MetricName: 'PublishFailed',
        Dimensions: [{ Name: 'service', Value: FunctionName.sender }],
      }),
    ).toHaveLength(1);
  });

  it('pages when many messages to guests fail for good, counted by the sender and by ticket intake', () => {
    // Act
    const alarms = alarmsAbove(OUTBOUND_FAILED_THRESHOLD, { Metrics: Match.anyValue() });
    const metrics = alarms.flatMap(
      (id) => resources[id]?.Properties.Metrics as { MetricStat?: { Metric: Record<string, unknown> } }[],
    );

    // Assess
    expect(alarms).toHaveLength(1);
    expect(
      metrics
        .filter((m) => m.MetricStat)
        .map((m) => m.MetricStat?.Metric)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual(
      [FunctionName.sender, FunctionName.ticketIntake].map((service) => ({
        Namespace: 'HotelInbox',
        MetricName: 'OutboundFailed',
        Dimensions: [{ Name: 'service', Value: service }],
      })),
    );
  });
});

describe('the CSAT workflow', () => {
  const csatMachine = () => {
    const found = ofType('AWS::StepFunctions::StateMachine').find(
      ([, r]) => r.Properties.StateMachineName === `hotel-inbox-${WorkflowName.csat}`,
    );
    if (!found) throw new Error('No CSAT state machine');
    return found;
  };

  it('is started by the ResolvedTicketsAskForCsat rule, with the workflow-failures queue as its DLQ', () => {
    // Prepare
    const [machineId] = csatMachine();
    const rule = BUS_RULES.find((r) => r.name === 'ResolvedTicketsAskForCsat');
    const failures = queueNamed(`hotel-inbox-${WORKFLOW_FAILURES_QUEUE}`);

    // Act
    const targets = ofType('AWS::Events::Rule')
      .filter(([, r]) => JSON.stringify(r.Properties.EventPattern) === JSON.stringify(rule?.pattern))
      .flatMap(([, r]) => r.Properties.Targets);

    // Assess
    expect(rule?.target).toEqual({ kind: 'workflow', workflow: WorkflowName.csat });
    expect(rule?.pattern['detail-type']).toEqual([DetailType.ticketResolved]);
    expect(targets).toEqual([
      expect.objectContaining({
        Arn: { Ref: machineId },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [failures.id, 'Arn'] } },
      }),
    ]);
  });

  it('substitutes the ticket-workflow function into its definition', () => {
    const [, machine] = csatMachine();
    expect(machine.Properties.DefinitionSubstitutions).toEqual({
      TicketWorkflowFunctionArn: { 'Fn::GetAtt': [functionId(FunctionName.ticketWorkflow), 'Arn'] },
    });
  });
});

describe('the lead sweep', () => {
  const schedule = () => only('AWS::Scheduler::Schedule')[1].Properties;

  it(`invokes the lead-sweep function every ${LEAD_SWEEP_RATE.toMinutes()} minutes, on time`, () => {
    expect(LEAD_SWEEP_RATE.toMinutes()).toBe(15);
    expect(schedule()).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [functionId(FunctionName.leadSweep), 'Arn'] } },
    });
  });

  it('retries a refused invocation, then puts it on the alarmed failures queue', () => {
    // Prepare
    const failures = queueNamed(`hotel-inbox-${LEAD_SWEEP_FAILURES_QUEUE}`);
    const failuresDlq = queueNamed(`hotel-inbox-${LEAD_SWEEP_FAILURES_QUEUE}-dlq`);

    // Assess
    expect(schedule().Target.RetryPolicy).toEqual({
      MaximumRetryAttempts: LEAD_SWEEP_SCHEDULE_RETRIES,
      MaximumEventAgeInSeconds: LEAD_SWEEP_MAX_EVENT_AGE.toSeconds(),
    });
    expect(LEAD_SWEEP_MAX_EVENT_AGE.toSeconds()).toBeLessThan(LEAD_SWEEP_RATE.toSeconds());
    expect(schedule().Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [failures.id, 'Arn'] } });
    expect(failures.queue.KmsMasterKeyId).toBeDefined();
    expect(failures.queue.RedrivePolicy.deadLetterTargetArn).toEqual({
      'Fn::GetAtt': [failuresDlq.id, 'Arn'],
    });
    expect(notEmptyAlarmsOn(failures.id)).toHaveLength(1);
    expect(notEmptyAlarmsOn(failuresDlq.id)).toHaveLength(1);
  });

  it("sends a sweep that failed after Lambda's asynchronous retries to the same failures queue", () => {
    const failures = queueNamed(`hotel-inbox-${LEAD_SWEEP_FAILURES_QUEUE}`);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId(FunctionName.leadSweep) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: LEAD_SWEEP_MAX_EVENT_AGE.toSeconds(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failures.id, 'Arn'] } } },
    });
  });

  it("runs with a role only this account's Scheduler may assume, which may invoke the sweep and fill its DLQ", () => {
    // Prepare
    const roleId = idOf(schedule().Target.RoleArn) as string;
    const role = resources[roleId]?.Properties;
    const failures = queueNamed(`hotel-inbox-${LEAD_SWEEP_FAILURES_QUEUE}`);

    // Act
    const statements = statementsOfRole(roleId);

    // Assess
    expect(role?.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': expect.anything(),
          },
        },
      }),
    ]);
    const invoke = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    expect(JSON.stringify(invoke.map((s) => s.Resource))).toContain(functionId(FunctionName.leadSweep));
    expect(JSON.stringify(invoke.map((s) => s.Resource))).not.toContain(functionId(FunctionName.sender));
    const send = statements.find((s) => [s.Action].flat().includes('sqs:SendMessage'));
    expect(send?.Resource).toEqual({ 'Fn::GetAtt': [failures.id, 'Arn'] });
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
    expect(actionsOf(statements).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('receives the hotels, and may read and write items (gsi2 too) and publish', () => {
    const statements = statementsOf(FunctionName.leadSweep);
    const tableStatement = statements.find((s) => [s.Action].flat().includes('dynamodb:Query'));
    expect(variablesOf(FunctionName.leadSweep)[Env.hotelsJson]).toBe(
      loadHotelsConfig(DEFAULT_HOTELS_FILE).json,
    );
    expect(JSON.stringify(tableStatement?.Resource)).toContain('/index/gsi2');
    expect(actionsOf(statements)).toContain('events:PutEvents');
  });

  it('pages when the sweep fails', () => {
    expect(
      alarmsAbove(0, {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(FunctionName.leadSweep) } }],
      }),
    ).toHaveLength(1);
  });
});
