/**
 * Retention on AWS: the daily retention-purge function with its rule, failures queue, alarm and
 * a role that reads and rewrites items but never deletes one; the table's TTL and its purge index.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import { Env } from '../../functions/contracts/environment';
import { RAW_ARCHIVE_RETENTION_TAG } from '../../functions/contracts/raw-archive';
import { FunctionName } from '../../functions/contracts/routes';
import { TTL_ATTRIBUTE } from '../../functions/contracts/table';
import {
  RETENTION_PURGE_FAILURES_QUEUE,
  RETENTION_PURGE_FUNCTION_RETRIES,
  RETENTION_PURGE_MAX_EVENT_AGE,
  RETENTION_PURGE_RULE_RETRIES,
  RETENTION_PURGE_TIMEOUT,
} from '../../lib/constructs/retention-purge';

// biome-ignore lint/suspicious/noExplicitAny: template properties are free-form JSON, walked by the assertions
type Resource = { Type: string; Properties: Record<string, any> };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let template: Template;
let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const idOf = (ref: unknown) => {
  const value = ref as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return value.Ref ?? value['Fn::GetAtt']?.[0];
};

beforeAll(() => {
  const { stack } = buildApp({
    nag: false,
    cloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
});

const purgeFunction = () => {
  const found = ofType('AWS::Lambda::Function').find(
    ([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === FunctionName.retentionPurge,
  );
  if (!found) throw new Error('No retention-purge function');
  return { id: found[0], props: found[1].Properties };
};
const purgeStatements = () => {
  const roleId = idOf(purgeFunction().props.Role);
  return ofType('AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => idOf(role) === roleId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
};
const tableId = () => (ofType('AWS::DynamoDB::Table')[0] as [string, Resource])[0];
const failuresQueueId = () => {
  const found = ofType('AWS::SQS::Queue').find(
    ([, r]) => r.Properties.QueueName === `hotel-inbox-${RETENTION_PURGE_FAILURES_QUEUE}`,
  );
  if (!found) throw new Error('No failures queue');
  return found[0];
};

describe('the retention purge', () => {
  it('runs daily at 03:15 UTC, after the KPI export seals the day before', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) =>
      (r.Properties.Targets as { Arn: unknown }[]).some((target) => idOf(target.Arn) === purgeFunction().id),
    );
    expect(rules).toHaveLength(1);
    const rule = (rules[0] as [string, Resource])[1].Properties;
    expect(rule).toMatchObject({ ScheduleExpression: 'cron(15 3 * * ? *)', State: 'ENABLED' });
    expect(rule.Targets[0]).toMatchObject({
      RetryPolicy: {
        MaximumRetryAttempts: RETENTION_PURGE_RULE_RETRIES,
        MaximumEventAgeInSeconds: RETENTION_PURGE_MAX_EVENT_AGE.toSeconds(),
      },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [failuresQueueId(), 'Arn'] } },
    });
  });

  it('has the table and the hotels in its environment, the time for a backlog, and no bus', () => {
    const { props } = purgeFunction();
    expect(idOf(props.Environment.Variables[Env.tableName])).toBe(tableId());
    expect(JSON.parse(props.Environment.Variables[Env.hotelsJson])).not.toHaveLength(0);
    expect(props.Environment.Variables).not.toHaveProperty(Env.eventBusName);
    expect(props.Timeout).toBe(RETENTION_PURGE_TIMEOUT.toSeconds());
  });

  it('sends a run that failed after the retries to the alarmed failures queue, and pages on errors', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: purgeFunction().id },
      MaximumRetryAttempts: RETENTION_PURGE_FUNCTION_RETRIES,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failuresQueueId(), 'Arn'] } } },
    });
    const errorAlarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: {
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: purgeFunction().id } }],
      },
    });
    expect(Object.keys(errorAlarms)).toHaveLength(1);
  });

  it('reads items and writes them over, on the table and its purge index, and never deletes', () => {
    const table = tableId();
    const dynamo = purgeStatements().filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    const resourcesOf = JSON.stringify(dynamo.flatMap((s) => [s.Resource].flat()));
    expect(resourcesOf).toContain(table);
    expect(resourcesOf).toContain('/index/gsi4');
    expect(resourcesOf).not.toContain('/index/gsi1');
    const allActions = purgeStatements().flatMap((s) => (s.Effect === 'Allow' ? [s.Action].flat() : []));
    expect(allActions.filter((a) => /Delete|BatchWrite|^s3:|^events:/.test(a))).toEqual([]);
  });
});

describe('the table', () => {
  it('expires items by their expiresAt and has the sparse index of finished threads', () => {
    const table = (resources[tableId()] as Resource).Properties;
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toContain('gsi4');
  });
});

describe('hotels that keep webhook bodies for their own number of days', () => {
  it('give the raw archive a rule per number, and the webhook function the days of each hotel', () => {
    // Prepare
    const { hotels } = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'config', 'hotels.json'), 'utf8'),
    );
    hotels[0].retention = { rawArchiveDays: 7 };
    hotels[1].retention = { rawArchiveDays: 60, messageTextDays: 90 };
    const file = join(mkdtempSync(join(tmpdir(), 'retention-hotels-')), 'hotels.json');
    writeFileSync(file, JSON.stringify({ hotels }));

    // Act
    const { stack } = buildApp({
      nag: false,
      cloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [], hotelsFile: file },
    });
    const synthesized = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;

    // Assess
    const rules = Object.values(synthesized)
      .filter((r) => r.Type === 'AWS::S3::Bucket')
      .flatMap((r) => r.Properties.LifecycleConfiguration?.Rules ?? [])
      .filter((rule: { Id: string }) => rule.Id.startsWith('ExpireRawPayloads'));
    expect(rules.map((rule: Record<string, unknown>) => [rule.ExpirationInDays, rule.TagFilters])).toEqual([
      [60, undefined],
      [1, [{ Key: RAW_ARCHIVE_RETENTION_TAG, Value: '1' }]],
      [7, [{ Key: RAW_ARCHIVE_RETENTION_TAG, Value: '7' }]],
      [30, [{ Key: RAW_ARCHIVE_RETENTION_TAG, Value: '30' }]],
    ]);
    const webhook = Object.values(synthesized).find(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === FunctionName.metaWebhook,
    );
    const variables = webhook?.Properties.Environment.Variables;
    expect(variables[Env.rawArchiveRetentionDays]).toBe('30');
    expect(JSON.parse(variables[Env.rawArchiveRetentionByHotel])).toEqual({
      [hotels[0].tenantId]: 7,
      [hotels[1].tenantId]: 60,
    });
  });
});
