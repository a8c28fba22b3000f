/**
 * The stack's security defaults (issue 7): customer-managed, rotated keys on every store,
 * queue, topic, secret, log group and the event bus; private, TLS-only buckets; the
 * sensitive-data key only two functions may use; the WAF web ACL on the staff sign-in and the
 * API's stage and per-route throttling; and no IAM policy allowing Resource "*" without a
 * written reason. cdk-nag's packs run in cdk-nag.test.ts.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import { encryptionContextOf } from '../../functions/adapters/kms-sensitive-cipher';
import { Env } from '../../functions/contracts/environment';
import { API_ROUTES, FunctionName } from '../../functions/contracts/routes';
import { Keys } from '../../functions/contracts/table';
import { AUDIT_DENIED_ACTIONS, AUDIT_LEADING_KEYS_PATTERN } from '../../lib/constructs/audit-log-guard';
import { DEFAULT_THROTTLE, ROUTE_THROTTLES, type RouteKey } from '../../lib/constructs/ingest-api';
import {
  SENSITIVE_DATA_ADMIN_ACTIONS,
  SENSITIVE_DATA_DECRYPT_ACTIONS,
  SENSITIVE_DATA_ENCRYPT_ACTIONS,
  SENSITIVE_DATA_KEY_ALIAS,
  SENSITIVE_DATA_KEY_ARN_ENV,
  SENSITIVE_TEXT_PURPOSE,
} from '../../lib/constructs/sensitive-data-key';
import {
  STAFF_MANAGED_RULE_GROUPS,
  STAFF_SIGN_IN_RATE_LIMIT,
  STAFF_WAF_LOG_GROUP,
} from '../../lib/constructs/staff-web-acl';
import { WILDCARD_RESOURCE_REASONS } from '../../lib/constructs/wildcard-resources';
import type { HotelInboxStack } from '../../lib/hotel-inbox-stack';

// biome-ignore lint/suspicious/noExplicitAny: template properties are free-form JSON, walked by the assertions
type Json = any;
type Resource = { Type: string; Properties: Json; DeletionPolicy?: string; DependsOn?: string[] };
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: Json;
  Condition?: Json;
}

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

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at. */
const idOf = (ref: unknown): string | undefined => {
  const value = ref as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  return value?.Ref ?? value?.['Fn::GetAtt']?.[0];
};
const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const roleId = (stack: HotelInboxStack, fn: { role?: iam.IRole }) =>
  stack.getLogicalId((fn.role as iam.Role).node.defaultChild as CfnElement);
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([value].flat() as T[]));

/** The KMS key a property names (by ARN or id), if it is a key of the stack. */
const stackKeyOf = (value: unknown) => {
  const id = idOf(value);
  return id !== undefined && t.resources[id]?.Type === 'AWS::KMS::Key' ? id : undefined;
};

describe('customer-managed keys', () => {
  it('every KMS key of the stack rotates yearly and is kept when the stack is deleted', () => {
    const keys = t.ofType('AWS::KMS::Key');
    expect(keys.map(([id]) => id)).toEqual([
      logicalId(t.stack, t.stack.dataKey.key),
      logicalId(t.stack, t.stack.sensitiveDataKey.key),
      logicalId(t.stack, t.stack.kpiLake.key),
    ]);
    for (const [id, key] of keys) {
      expect(key.Properties.EnableKeyRotation, id).toBe(true);
      expect(key.DeletionPolicy, id).toBe('Retain');
    }
  });

  it.each([
    ['AWS::DynamoDB::Table', (p: Json) => p.SSESpecification?.KMSMasterKeyId],
    ['AWS::SQS::Queue', (p: Json) => p.KmsMasterKeyId],
    ['AWS::SNS::Topic', (p: Json) => p.KmsMasterKeyId],
    ['AWS::SecretsManager::Secret', (p: Json) => p.KmsKeyId],
    ['AWS::Logs::LogGroup', (p: Json) => p.KmsKeyId],
    ['AWS::Events::EventBus', (p: Json) => p.KmsKeyIdentifier],
    ['AWS::Events::Archive', (p: Json) => p.KmsKeyIdentifier],
  ])('every %s is encrypted with a key of the stack', (type, keyOf) => {
    const found = t.ofType(type);
    expect(found.length, type).toBeGreaterThan(0);
    for (const [id, resource] of found) expect(stackKeyOf(keyOf(resource.Properties)), id).toBeDefined();
  });

  it('every bucket is encrypted with a key of the stack, but the access log bucket, which S3 logging needs SSE-S3 for', () => {
    const accessLogsId = logicalId(t.stack, t.stack.rawArchive.accessLogsBucket);
    for (const [id, bucket] of t.ofType('AWS::S3::Bucket')) {
      const [rule] = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration;
      if (id === accessLogsId) {
        expect(rule.ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
        continue;
      }
      expect(rule.ServerSideEncryptionByDefault.SSEAlgorithm, id).toBe('aws:kms');
      expect(stackKeyOf(rule.ServerSideEncryptionByDefault.KMSMasterKeyID), id).toBeDefined();
    }
  });

  it('the event bus puts events it cannot encrypt or decrypt on an alarmed queue', () => {
    const [[, bus]] = t.ofType('AWS::Events::EventBus') as [[string, Resource]];
    const failures = t.stack.eventBus.failures;
    expect(failures).toBeDefined();
    expect(idOf(bus.Properties.DeadLetterConfig.Arn)).toBe(logicalId(t.stack, failures?.queue ?? t.stack));
    const alarmed = t
      .ofType('AWS::CloudWatch::Alarm')
      .filter(
        ([, a]) => idOf(a.Properties.Dimensions?.[0]?.Value) === idOf(bus.Properties.DeadLetterConfig.Arn),
      );
    expect(alarmed).toHaveLength(1);
  });

  it('the data key lets EventBridge use it only for our bus (encryption context) or our account', () => {
    const dataKey = t.resources[logicalId(t.stack, t.stack.dataKey.key)];
    const statements = dataKey?.Properties.KeyPolicy.Statement as Statement[];
    const forEventBridge = statements.filter((s) => s.Principal?.Service === 'events.amazonaws.com');
    expect(forEventBridge.length).toBeGreaterThan(0);
    for (const s of forEventBridge) {
      const actions = list(s.Action);
      if (actions.length === 1 && actions[0] === 'kms:DescribeKey') continue;
      const conditions = JSON.stringify(s.Condition ?? {});
      expect(conditions, s.Sid).toMatch(/kms:EncryptionContext:aws:events:event-bus:arn|aws:SourceAccount/);
    }
  });
});

describe('buckets', () => {
  it('all block public access', () => {
    for (const [id, bucket] of t.ofType('AWS::S3::Bucket'))
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
  });

  it('all refuse requests without TLS, or with TLS older than 1.2, and have ACLs disabled', () => {
    const policies = t.ofType('AWS::S3::BucketPolicy');
    for (const [id, bucket] of t.ofType('AWS::S3::Bucket')) {
      const statements = policies
        .filter(([, p]) => idOf(p.Properties.Bucket) === id)
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => s.Effect === 'Deny' && s.Principal?.AWS === '*');
      expect(
        statements.map((s) => s.Condition),
        id,
      ).toEqual(
        expect.arrayContaining([
          { Bool: { 'aws:SecureTransport': 'false' } },
          { NumericLessThan: { 's3:TlsVersion': 1.2 } },
        ]),
      );
      expect(bucket.Properties.OwnershipControls.Rules, id).toEqual([
        { ObjectOwnership: 'BucketOwnerEnforced' },
      ]);
    }
  });
});

describe('queues and topics', () => {
  it.each(['AWS::SQS::Queue', 'AWS::SNS::Topic'])('every %s refuses requests without TLS', (type) => {
    const policyType = type === 'AWS::SQS::Queue' ? 'AWS::SQS::QueuePolicy' : 'AWS::SNS::TopicPolicy';
    const targetsOf = (p: Resource) => list(p.Properties.Queues ?? p.Properties.Topics).map(idOf);
    for (const [id] of t.ofType(type)) {
      const denies = t
        .ofType(policyType)
        .filter(([, p]) => targetsOf(p).includes(id))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => s.Effect === 'Deny');
      expect(
        denies.map((s) => s.Condition),
        id,
      ).toContainEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    }
  });
});

describe('log groups', () => {
  it('all keep their events a limited time', () => {
    for (const [id, group] of t.ofType('AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays, id).toBeGreaterThan(0);
      expect(group.Properties.RetentionInDays, id).toBeLessThanOrEqual(90);
    }
  });

  it("no state machine logs its executions' data", () => {
    for (const [id, machine] of t.ofType('AWS::StepFunctions::StateMachine'))
      expect(machine.Properties.LoggingConfiguration.IncludeExecutionData, id).toBe(false);
  });

  it('the API access log records request metadata, no body, query string or header', () => {
    const [[, stage]] = t.ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const fields = Object.values(JSON.parse(stage.Properties.AccessLogSettings.Format)) as string[];
    for (const field of fields) {
      expect(field).toMatch(/^\$context\./);
      expect(field).not.toMatch(/body|querystring|header|path\./i);
    }
  });
});

describe('secrets', () => {
  it('reach the functions only as ARNs: no variable holds a secret, token, password or salt', () => {
    for (const [id, fn] of t.ofType('AWS::Lambda::Function')) {
      const names = Object.keys(fn.Properties.Environment?.Variables ?? {});
      const secretLike = names.filter((name) => /SECRET|TOKEN|PASSWORD|SALT|PRIVATE/.test(name));
      for (const name of secretLike) expect(name, id).toMatch(/_ARN$/);
    }
  });
});

describe('the sensitive-data key', () => {
  const keyId = () => logicalId(t.stack, t.stack.sensitiveDataKey.key);
  const keyStatements = () => t.resources[keyId()]?.Properties.KeyPolicy.Statement as Statement[];
  const intakeRole = () => roleId(t.stack, t.stack.ticketIntake.function);
  const agentRole = () => roleId(t.stack, t.stack.agentApi.function);
  const principalIds = (s: Statement) => list(s.Principal?.AWS).map((p) => idOf(p) ?? p);
  const DECRYPTING = /^kms:(\*|Decrypt\*?|ReEncrypt\*|ReEncryptFrom|CreateGrant)$/;
  const ENCRYPTING = /^kms:(\*|Encrypt\*?|GenerateDataKey.*|ReEncrypt\*|ReEncryptTo|CreateGrant)$/;

  it(`has the alias ${SENSITIVE_DATA_KEY_ALIAS}`, () => {
    t.template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/${SENSITIVE_DATA_KEY_ALIAS}`,
      TargetKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] },
    });
  });

  it('lets the account administer it but never use it, nor hand it out through grants', () => {
    const [root] = keyStatements().filter(
      (s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes(':root'),
    );
    expect(list(root?.Action).sort()).toEqual([...SENSITIVE_DATA_ADMIN_ACTIONS].sort());
    for (const action of list(root?.Action)) {
      expect(action).not.toMatch(DECRYPTING);
      expect(action).not.toMatch(ENCRYPTING);
    }
  });

  it('lets ticket intake Encrypt and GenerateDataKey, and the agent API Decrypt, and allows nothing else', () => {
    const allows = keyStatements().filter((s) => s.Effect === 'Allow');
    const decrypters = allows.filter((s) => list(s.Action).some((a) => DECRYPTING.test(a)));
    const encrypters = allows.filter((s) => list(s.Action).some((a) => ENCRYPTING.test(a)));
    expect(decrypters.map((s) => [principalIds(s), list(s.Action)])).toEqual([
      [[agentRole()], [...SENSITIVE_DATA_DECRYPT_ACTIONS]],
    ]);
    expect(encrypters.map((s) => [principalIds(s), list(s.Action)])).toEqual([
      [[intakeRole()], [...SENSITIVE_DATA_ENCRYPT_ACTIONS]],
    ]);
  });

  it('denies Decrypt to every principal but the agent API, encryption to all but ticket intake, grants to all', () => {
    const denies = keyStatements().filter((s) => s.Effect === 'Deny');
    const denyOf = (action: string) => denies.find((s) => list(s.Action).includes(action));
    const exceptFor = (s?: Statement) =>
      list(s?.Condition?.ArnNotEquals?.['aws:PrincipalArn']).map((p) => idOf(p));
    for (const s of denies) expect(s.Principal).toEqual({ AWS: '*' });
    expect(exceptFor(denyOf('kms:Decrypt'))).toEqual([agentRole()]);
    expect(list(denyOf('kms:Decrypt')?.Action)).toContain('kms:ReEncryptFrom');
    expect(exceptFor(denyOf('kms:Encrypt'))).toEqual([intakeRole()]);
    expect(list(denyOf('kms:Encrypt')?.Action)).toEqual(
      expect.arrayContaining(['kms:GenerateDataKey*', 'kms:ReEncryptTo']),
    );
    expect(denyOf('kms:CreateGrant')?.Condition).toBeUndefined();
  });

  it('is named in the IAM policies of those two roles only, with the same actions', () => {
    const statementsOnKey = t
      .ofType('AWS::IAM::Policy')
      .flatMap(([, policy]) =>
        (policy.Properties.PolicyDocument.Statement as Statement[])
          .filter((s) => list(s.Resource).some((r) => idOf(r) === keyId()))
          .map((s) => [list(policy.Properties.Roles).map(idOf), list(s.Action)]),
      );
    expect(statementsOnKey).toEqual(
      expect.arrayContaining([
        [[intakeRole()], [...SENSITIVE_DATA_ENCRYPT_ACTIONS]],
        [[agentRole()], [...SENSITIVE_DATA_DECRYPT_ACTIONS]],
      ]),
    );
    expect(statementsOnKey).toHaveLength(2);
  });

  it(`reaches exactly those two functions, as ${SENSITIVE_DATA_KEY_ARN_ENV}`, () => {
    const withVariable = t
      .ofType('AWS::Lambda::Function')
      .filter(([, fn]) => SENSITIVE_DATA_KEY_ARN_ENV in (fn.Properties.Environment?.Variables ?? {}))
      .map(([, fn]) => [
        fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME,
        fn.Properties.Environment.Variables[SENSITIVE_DATA_KEY_ARN_ENV],
      ]);
    expect(withVariable.sort()).toEqual([
      [FunctionName.agentApi, { 'Fn::GetAtt': [keyId(), 'Arn'] }],
      [FunctionName.ticketIntake, { 'Fn::GetAtt': [keyId(), 'Arn'] }],
    ]);
  });

  it("admits a call only with the encryption context the functions' cipher sends: the purpose and a hotel", () => {
    // Prepare
    const context = encryptionContextOf('aurora-belek');
    const allows = keyStatements().filter(
      (s) => s.Effect === 'Allow' && !JSON.stringify(s.Principal).includes(':root'),
    );

    // Assess
    expect(SENSITIVE_DATA_KEY_ARN_ENV).toBe(Env.sensitiveDataKeyArn);
    expect(context).toEqual({ tenantId: 'aurora-belek', purpose: SENSITIVE_TEXT_PURPOSE });
    expect(allows).toHaveLength(2);
    for (const s of allows)
      expect(s.Condition, s.Sid).toEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': SENSITIVE_TEXT_PURPOSE },
        Null: { 'kms:EncryptionContext:tenantId': 'false' },
      });
  });
});

describe('the WAF web ACL', () => {
  const webAcls = () => t.ofType('AWS::WAFv2::WebACL');

  it('protects the staff user pool, because the public API is an HTTP API, which WAF cannot be associated with', () => {
    // If the API ever becomes a REST API (ProtocolType gone), associate the web ACL with its stage instead.
    const [[, api]] = t.ofType('AWS::ApiGatewayV2::Api') as [[string, Resource]];
    expect(api.Properties.ProtocolType).toBe('HTTP');
    const [[aclId]] = webAcls() as [[string, Resource]];
    const associations = t.ofType('AWS::WAFv2::WebACLAssociation').map(([, a]) => a.Properties);
    expect(associations).toEqual([
      {
        ResourceArn: { 'Fn::GetAtt': [logicalId(t.stack, t.stack.staff.userPool), 'Arn'] },
        WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      },
    ]);
  });

  it('is regional, allows by default, and blocks an IP over the rate limit first', () => {
    const [[, acl]] = webAcls() as [[string, Resource]];
    expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const [first] = acl.Properties.Rules;
    expect(first).toMatchObject({
      Priority: 0,
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          Limit: STAFF_SIGN_IN_RATE_LIMIT,
          AggregateKeyType: 'IP',
          EvaluationWindowSec: 300,
        },
      },
    });
  });

  it("runs AWS's IP reputation, common and known-bad-inputs rule groups, as AWS set their actions", () => {
    const [[, acl]] = webAcls() as [[string, Resource]];
    const managed = (acl.Properties.Rules as Json[]).filter(
      (rule) => rule.Statement.ManagedRuleGroupStatement,
    );
    expect(managed.map((rule) => rule.Statement.ManagedRuleGroupStatement)).toEqual(
      STAFF_MANAGED_RULE_GROUPS.map((name) => ({ VendorName: 'AWS', Name: name })),
    );
    for (const rule of managed) expect(rule.OverrideAction).toEqual({ None: {} });
    // Account takeover prevention cannot be used with a Cognito user pool.
    expect(JSON.stringify(acl.Properties)).not.toContain('ATPRuleSet');
  });

  it('publishes metrics and sampled requests for itself and every rule', () => {
    const [[, acl]] = webAcls() as [[string, Resource]];
    const configs = [
      acl.Properties.VisibilityConfig,
      ...acl.Properties.Rules.map((r: Json) => r.VisibilityConfig),
    ];
    for (const config of configs)
      expect(config).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
  });

  it('logs only blocked and counted requests, to an encrypted log group with a retention', () => {
    const [[aclId]] = webAcls() as [[string, Resource]];
    const [[, logging]] = t.ofType('AWS::WAFv2::LoggingConfiguration') as [[string, Resource]];
    expect(idOf(logging.Properties.ResourceArn)).toBe(aclId);
    expect(logging.Properties.LoggingFilter).toEqual({
      DefaultBehavior: 'DROP',
      Filters: [
        {
          Behavior: 'KEEP',
          Requirement: 'MEETS_ANY',
          Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
        },
      ],
    });
    const logGroupId = logicalId(t.stack, t.stack.staffWebAcl.logGroup);
    const destination = JSON.stringify(logging.Properties.LogDestinationConfigs);
    expect(destination).toContain(`{"Ref":"${logGroupId}"}`);
    expect(destination).not.toContain(':*');
    const group = t.resources[logGroupId]?.Properties;
    expect(group.LogGroupName).toBe(STAFF_WAF_LOG_GROUP);
    expect(STAFF_WAF_LOG_GROUP).toMatch(/^aws-waf-logs-/);
    expect(stackKeyOf(group.KmsKeyId)).toBeDefined();
  });
});

describe('API throttling', () => {
  const stageOf = (resources: Record<string, Resource>) =>
    Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage') as Resource;

  it('throttles every route by default and the web-chat and PMS routes tighter', () => {
    const stage = stageOf(t.resources);
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit,
    });
    const publicAnonymous = API_ROUTES.filter((r) => /^\/(webchat|pms)\//.test(r.path)).map(
      (r) => `${r.method} ${r.path}` as RouteKey,
    );
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(publicAnonymous.sort());
    for (const routeKey of publicAnonymous) {
      const settings = stage.Properties.RouteSettings[routeKey];
      expect(settings, routeKey).toEqual({
        ThrottlingRateLimit: ROUTE_THROTTLES[routeKey]?.rateLimit,
        ThrottlingBurstLimit: ROUTE_THROTTLES[routeKey]?.burstLimit,
      });
      expect(settings.ThrottlingRateLimit).toBeLessThan(DEFAULT_THROTTLE.rateLimit);
    }
  });

  it('creates the stage after the routes its settings name (CloudFormation refuses unknown route keys)', () => {
    const stage = stageOf(t.resources);
    const routeIdByKey = Object.fromEntries(
      t.ofType('AWS::ApiGatewayV2::Route').map(([id, r]) => [r.Properties.RouteKey, id]),
    );
    for (const routeKey of Object.keys(stage.Properties.RouteSettings))
      expect(stage.DependsOn, routeKey).toContain(routeIdByKey[routeKey]);
  });

  it('never lets a route go above a lower stage default from context', () => {
    const { resources } = synth({ apiRateLimit: '20', apiBurstLimit: '40' });
    const settings = stageOf(resources).Properties.RouteSettings;
    expect(settings['GET /webchat/messages']).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    expect(settings['POST /webchat/sessions']).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
  });
});

describe('the audit log guard', () => {
  const guard = () => t.resources[logicalId(t.stack, t.stack.auditLogGuard.policy)];
  /** IAM `StringLike`: `*` is any run of characters, `?` one character. */
  const stringLike = (pattern: string, value: string) =>
    new RegExp(
      `^${pattern
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('')}$`,
    ).test(value);

  it('denies updating and deleting audit items, alone, in transactions or in batches, and nothing else', () => {
    // Prepare
    const tableId = logicalId(t.stack, t.stack.table.table);

    // Assess
    expect(guard()?.Type).toBe('AWS::IAM::ManagedPolicy');
    expect(guard()?.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'NeverChangeOrRemoveAuditEntries',
        Effect: 'Deny',
        Action: [...AUDIT_DENIED_ACTIONS].sort(),
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS_PATTERN] } },
      },
    ]);
    expect([...AUDIT_DENIED_ACTIONS].sort()).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:UpdateItem',
    ]);
  });

  it('is attached to the role of every function of the stack', () => {
    const functionRoles = t.ofType('AWS::Lambda::Function').map(([, fn]) => idOf(fn.Properties.Role));
    expect(functionRoles).toHaveLength(Object.values(FunctionName).length);
    expect(list<Json>(guard()?.Properties.Roles).map(idOf).sort()).toEqual([...functionRoles].sort());
  });

  it('matches the partition of every audit entry, and of no guest, ticket, conversation or delivery item', () => {
    // Prepare
    const auditId = '2026-07-20T09:00:00.000Z#3f1c';
    const matches = (pk: string) => stringLike(AUDIT_LEADING_KEYS_PATTERN, pk);

    // Assess
    expect(matches(Keys.auditEntry('aurora-belek', auditId).pk)).toBe(true);
    expect(matches(Keys.auditEntry('side-palace', '2025-12-31T23:59:59.999Z#x').pk)).toBe(true);
    for (const other of [
      Keys.guest('aurora-belek', 'g-1').pk,
      Keys.conversation('aurora-belek', 'whatsapp:905321234567').pk,
      Keys.conversationDelivery('aurora-belek', 'whatsapp:905321234567', 'whatsapp/2026-07-20/d.json').pk,
      Keys.ticket('aurora-belek', 't-1').pk,
    ])
      expect(matches(other), other).toBe(false);
  });

  it('denies even putting an audit item to every function but the agent API and the retention purge', () => {
    // Prepare
    const readOnly = t.resources[logicalId(t.stack, t.stack.auditLogGuard.readOnlyPolicy)];
    const roleOfService = (name: FunctionName) =>
      idOf(
        t
          .ofType('AWS::Lambda::Function')
          .find(([, fn]) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name)?.[1]
          .Properties.Role,
      );
    const writers: readonly FunctionName[] = [FunctionName.agentApi, FunctionName.retentionPurge];

    // Assess
    expect(readOnly?.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'NeverWriteAuditEntries',
        Effect: 'Deny',
        Action: 'dynamodb:PutItem',
        Resource: { 'Fn::GetAtt': [logicalId(t.stack, t.stack.table.table), 'Arn'] },
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS_PATTERN] } },
      },
    ]);
    expect(list<Json>(readOnly?.Properties.Roles).map(idOf).sort()).toEqual(
      Object.values(FunctionName)
        .filter((name) => !writers.includes(name))
        .map(roleOfService)
        .sort(),
    );
  });

  it('leaves putting new audit entries allowed: the audit log only ever puts them', () => {
    const denied = list<string>(guard()?.Properties.PolicyDocument.Statement[0].Action);
    expect(denied).not.toContain('dynamodb:PutItem');
    expect(denied).not.toContain('dynamodb:ConditionCheckItem');
  });
});

/** IAM policy documents of a template: managed, role-attached and inline in roles (not key, bucket or queue policies). */
function iamStatements(resources: Record<string, Resource>) {
  return Object.entries(resources).flatMap(([id, r]) => {
    const documents: Json[] =
      r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
        ? [r.Properties.PolicyDocument]
        : r.Type === 'AWS::IAM::Role'
          ? (r.Properties.Policies ?? []).map((p: Json) => p.PolicyDocument)
          : [];
    return documents.flatMap((doc) => (doc.Statement as Statement[]).map((statement) => ({ id, statement })));
  });
}

/** `<policy>: <action>` for every allowed action on Resource "*" that WILDCARD_RESOURCE_REASONS does not explain. */
function unexplainedWildcards(resources: Record<string, Resource>): string[] {
  return iamStatements(resources)
    .filter(({ statement }) => statement.Effect === 'Allow' && list(statement.Resource).includes('*'))
    .flatMap(({ id, statement }) =>
      list(statement.Action)
        .filter((action) => !(action in WILDCARD_RESOURCE_REASONS))
        .map((action) => `${id}: ${action}`),
    );
}

describe('least privilege', () => {
  it('allows Resource "*" in no IAM policy without a written reason for the action', () => {
    expect(unexplainedWildcards(t.resources)).toEqual([]);
    for (const reason of Object.values(WILDCARD_RESOURCE_REASONS))
      expect(reason.split(/\s+/).length).toBeGreaterThanOrEqual(12);
  });

  it('allows no wildcard action ("*" or "service:*") in any IAM policy', () => {
    const wildcardActions = iamStatements(t.resources)
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ id, statement }) => list(statement.Action).map((action) => `${id}: ${action}`))
      .filter((entry) => /: (\*|[a-z0-9-]+:\*)$/.test(entry));
    expect(wildcardActions).toEqual([]);
  });

  it('gives each function its own role, with no AWS managed policy', () => {
    const roles = t.ofType('AWS::Lambda::Function').map(([, fn]) => idOf(fn.Properties.Role));
    expect(new Set(roles).size).toBe(roles.length);
    for (const [id, role] of t.ofType('AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it('(control) the check does catch an unexplained "*"', () => {
    // Prepare
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Control');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 'xray:PutTraceSegments'], resources: ['*'] }),
    );

    // Act
    const found = unexplainedWildcards(Template.fromStack(stack).toJSON().Resources);

    // Assess
    expect(found).toEqual([expect.stringMatching(/: s3:GetObject$/)]);
  });
});
