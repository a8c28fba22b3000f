/**
 * Post-stay NPS on AWS: the PMS check-out route and its secret, the survey schedule group and
 * the role its one-time schedules start the NPS workflow with, the schedules' dead-letter
 * queue, the NPS state machine (its ASL file is checked with the other workflows in
 * tickets.test.ts), the survey-workflow function, the daily survey sweep, and the sender's
 * e-mail (SES) and SMS (SNS) permissions.
 */
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import { WorkflowName } from '../../functions/contracts/bus';
import { Env } from '../../functions/contracts/environment';
import { FunctionName } from '../../functions/contracts/routes';
import { GLOBAL_INDEXES } from '../../functions/contracts/table';
import { surveyEmailOf } from '../../lib/constructs/outbound-sender';
import { CHECKOUTS_TIMEOUT, PMS_WEBHOOK_SECRET_NAME } from '../../lib/constructs/pms-checkouts';
import { SURVEY_SCHEDULE_FAILURES_QUEUE } from '../../lib/constructs/survey-schedules';
import {
  SURVEY_SWEEP_FAILURES_QUEUE,
  SURVEY_SWEEP_FUNCTION_RETRIES,
  SURVEY_SWEEP_MAX_EVENT_AGE,
  SURVEY_SWEEP_RULE_RETRIES,
} from '../../lib/constructs/survey-sweep';
import { SURVEY_WORKFLOW_FUNCTION_ARN } from '../../lib/constructs/workflow-state-machine';
import { DEFAULT_HOTELS_FILE, loadHotelsConfig } from '../../lib/hotels-config';

// biome-ignore lint/suspicious/noExplicitAny: template properties are free-form JSON, walked by the assertions
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const GROUP_NAME = 'hotel-inbox-surveys';
const SCHEDULE_ARNS = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':scheduler:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:schedule/${GROUP_NAME}/*`,
    ],
  ],
};
/** The functions that create survey schedules. */
const SCHEDULING_FUNCTIONS = [FunctionName.checkouts, FunctionName.surveySweep] as const;

function synth(context: Record<string, unknown> = {}) {
  const { stack } = buildApp({
    nag: false,
    cloudFormationValidation: false,
    context: { ...NO_BUNDLING, ...context },
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const functionId = (name: FunctionName) => {
    const found = ofType('AWS::Lambda::Function').find(
      ([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name,
    );
    if (!found) throw new Error(`No function for ${name}`);
    return found[0];
  };
  /** Every statement of the policies attached to a role. */
  const statementsOfRole = (roleId: string | undefined) =>
    ofType('AWS::IAM::Policy')
      .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => idOf(role) === roleId))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
  const roleIdOf = (name: FunctionName) => idOf(resources[functionId(name)]?.Properties.Role);
  return {
    stack,
    template,
    resources,
    ofType,
    functionId,
    statementsOfRole,
    statementsOf: (name: FunctionName) => statementsOfRole(roleIdOf(name)),
    variablesOf: (name: FunctionName) =>
      resources[functionId(name)]?.Properties.Environment.Variables as Record<string, unknown>,
    roleIdOf,
  };
}

const idOf = (ref: unknown) => {
  const value = ref as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return value.Ref ?? value['Fn::GetAtt']?.[0];
};
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const withAction = (statements: Statement[], prefix: string) =>
  statements.filter((s) => [s.Action].flat().some((a) => a.startsWith(prefix)));

/** Every acknowledgement recorded on a construct: rule id (without CDK's `Annotation::` prefix) and reason. */
const acknowledgementsOn = (construct: IConstruct) =>
  construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
    .map(([id, reason]) => [id.replace(/^Annotation::/, ''), reason]);

let t: ReturnType<typeof synth>;
beforeAll(() => {
  t = synth();
});

const queueNamed = (name: string) => {
  const found = t.ofType('AWS::SQS::Queue').find(([, r]) => r.Properties.QueueName === name);
  if (!found) throw new Error(`No queue ${name}`);
  return { id: found[0], queue: found[1].Properties };
};
const npsMachine = () => {
  const found = t
    .ofType('AWS::StepFunctions::StateMachine')
    .find(([, r]) => r.Properties.StateMachineName === `hotel-inbox-${WorkflowName.nps}`);
  if (!found) throw new Error('No NPS state machine');
  return found;
};
const scheduleRoleId = () => idOf(t.variablesOf(FunctionName.checkouts)[Env.surveyScheduleRoleArn]) as string;
const dataKeyId = () => t.ofType('AWS::KMS::Key')[0]?.[0];
const alarmsAboveZero = (props: Record<string, unknown>) =>
  Object.keys(
    t.template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, ...props },
    }),
  );
const notEmptyAlarmsOn = (queueId: string) =>
  alarmsAboveZero({
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
  });
const errorsAlarmsOf = (name: FunctionName) =>
  alarmsAboveZero({
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: { Ref: t.functionId(name) } }],
  });

describe('the PMS check-out route', () => {
  it('is POST /pms/checkouts without an API Gateway authorizer: the function verifies the HMAC signature', () => {
    // Prepare
    const routes = t
      .ofType('AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties)
      .filter((r) => String(r.RouteKey).includes('/pms/'));

    // Assess
    expect(routes.map((r) => r.RouteKey)).toEqual(['POST /pms/checkouts']);
    expect([undefined, 'NONE']).toContain(routes[0]?.AuthorizationType);
    expect(routes[0]?.AuthorizerId).toBeUndefined();
  });

  it('reaches the checkouts function through a Lambda proxy integration', () => {
    const [route] = t
      .ofType('AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties)
      .filter((r) => r.RouteKey === 'POST /pms/checkouts');
    const integration = t.resources[idOf(route?.Target['Fn::Join'][1][1]) as string];
    expect(integration?.Properties.IntegrationType).toBe('AWS_PROXY');
    expect(idOf(integration?.Properties.IntegrationUri)).toBe(t.functionId(FunctionName.checkouts));
  });

  it('answers within the 30 seconds API Gateway waits for an integration', () => {
    const timeout = t.resources[t.functionId(FunctionName.checkouts)]?.Properties.Timeout;
    expect(timeout).toBe(CHECKOUTS_TIMEOUT.toSeconds());
    expect(timeout).toBeLessThan(30);
  });
});

describe('the PMS webhook secret', () => {
  const secret = () => {
    const found = t
      .ofType('AWS::SecretsManager::Secret')
      .find(([, r]) => r.Properties.Name === PMS_WEBHOOK_SECRET_NAME);
    if (!found) throw new Error(`No secret ${PMS_WEBHOOK_SECRET_NAME}`);
    return found;
  };

  it('is encrypted with our key and starts as a random value, never a published one', () => {
    const [, resource] = secret();
    expect(resource.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [dataKeyId(), 'Arn'] });
    expect(resource.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48 });
    expect(resource.Properties.SecretString).toBeUndefined();
  });

  it('reaches the checkouts function as an ARN, the only secret it may read', () => {
    // Prepare
    const [secretId] = secret();
    const variables = t.variablesOf(FunctionName.checkouts);

    // Act
    const readable = withAction(t.statementsOf(FunctionName.checkouts), 'secretsmanager:').flatMap((s) =>
      [s.Resource].flat(),
    );

    // Assess
    expect(variables[Env.pmsWebhookSecretArn]).toEqual({ Ref: secretId });
    expect(variables).not.toHaveProperty(Env.pmsWebhookSecret);
    expect(readable).toEqual([{ Ref: secretId }]);
  });

  it('is read by no other function', () => {
    const [secretId] = secret();
    const readers = t
      .ofType('AWS::IAM::Policy')
      .filter(([, r]) => JSON.stringify(r.Properties.PolicyDocument).includes(`"Ref":"${secretId}"`));
    expect(readers.flatMap(([, r]) => r.Properties.Roles.map(idOf))).toEqual([
      t.roleIdOf(FunctionName.checkouts),
    ]);
  });
});

describe.each(SCHEDULING_FUNCTIONS)('the %s function', (name) => {
  it('may create schedules in the survey schedule group only, and nothing else of Scheduler', () => {
    const scheduler = withAction(t.statementsOf(name), 'scheduler:');
    expect(scheduler).toEqual([
      { Effect: 'Allow', Action: 'scheduler:CreateSchedule', Resource: SCHEDULE_ARNS },
    ]);
  });

  it('may pass the schedules role, to Scheduler only, and no other role', () => {
    const passRole = withAction(t.statementsOf(name), 'iam:');
    expect(passRole).toEqual([
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [scheduleRoleId(), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
  });

  it('receives the group, the role, the dead-letter queue and the NPS state machine a schedule names', () => {
    const failures = queueNamed(`hotel-inbox-${SURVEY_SCHEDULE_FAILURES_QUEUE}`);
    expect(t.variablesOf(name)).toMatchObject({
      [Env.surveyScheduleGroup]: GROUP_NAME,
      [Env.surveyScheduleRoleArn]: { 'Fn::GetAtt': [scheduleRoleId(), 'Arn'] },
      [Env.surveyScheduleDeadLetterArn]: { 'Fn::GetAtt': [failures.id, 'Arn'] },
      [Env.npsStateMachineArn]: { Ref: npsMachine()[0] },
    });
  });

  it('receives the hotels, and may read and write items (gsi1 too) and publish', () => {
    const statements = t.statementsOf(name);
    const tableStatement = statements.find((s) => [s.Action].flat().includes('dynamodb:Query'));
    expect(t.variablesOf(name)[Env.hotelsJson]).toBe(loadHotelsConfig(DEFAULT_HOTELS_FILE).json);
    expect([tableStatement?.Action].flat()).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
      ]),
    );
    for (const index of GLOBAL_INDEXES)
      expect(JSON.stringify(tableStatement?.Resource)).toContain(`/index/${index.name}`);
    expect(actionsOf(statements)).toContain('events:PutEvents');
    expect(actionsOf(statements).filter((a) => /^(s3|states|sns|ses):/.test(a))).toEqual([]);
  });

  it('acknowledges the schedule-name wildcard on its own role, with the reason', () => {
    const fn = [t.stack.pmsCheckouts.function, t.stack.surveySweep.function].find(
      (f) => f.serviceName === name,
    );
    const acks = fn?.role ? acknowledgementsOn(fn.role) : [];
    expect(acks).toContainEqual([
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${GROUP_NAME}/*]`,
      expect.stringContaining('scheduler:CreateSchedule only'),
    ]);
  });

  it('pages when it fails', () => {
    expect(errorsAlarmsOf(name)).toHaveLength(1);
  });
});

describe('the survey schedule group', () => {
  it('is named as the functions are told, and kept with its schedules when the stack is deleted', () => {
    const groups = t.ofType('AWS::Scheduler::ScheduleGroup');
    expect(groups).toHaveLength(1);
    const [[, group]] = groups as [[string, Resource]];
    expect(group.Properties.Name).toBe(GROUP_NAME);
    expect(group.DeletionPolicy).toBe('Retain');
  });

  it('pages when Scheduler could neither start a workflow nor put the start on the dead-letter queue', () => {
    expect(
      alarmsAboveZero({
        Namespace: 'AWS/Scheduler',
        MetricName: 'InvocationsFailedToBeSentToDeadLetterCount',
        Dimensions: [{ Name: 'ScheduleGroup', Value: GROUP_NAME }],
      }),
    ).toHaveLength(1);
  });
});

describe('the schedules role', () => {
  it("may be assumed only by this account's Scheduler, for schedules of the survey group", () => {
    const [groupId] = t.ofType('AWS::Scheduler::ScheduleGroup')[0] as [string, Resource];
    expect(t.resources[scheduleRoleId()]?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': { 'Fn::GetAtt': [groupId, 'Arn'] },
          },
        },
      },
    ]);
  });

  it('may start the NPS state machine and fill the dead-letter queue, and nothing else', () => {
    // Prepare
    const failures = queueNamed(`hotel-inbox-${SURVEY_SCHEDULE_FAILURES_QUEUE}`);

    // Act
    const statements = t.statementsOfRole(scheduleRoleId());

    // Assess
    expect(statements).toHaveLength(3);
    expect(statements).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: npsMachine()[0] } },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [failures.id, 'Arn'] } },
        {
          Effect: 'Allow',
          Action: expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']),
          Resource: { 'Fn::GetAtt': [dataKeyId(), 'Arn'] },
        },
      ]),
    );
    expect(actionsOf(statements)).toHaveLength(4);
  });
});

describe('the survey schedule dead-letter queue', () => {
  it('is encrypted with our key, refuses requests without TLS, and has a dead-letter queue of its own', () => {
    const failures = queueNamed(`hotel-inbox-${SURVEY_SCHEDULE_FAILURES_QUEUE}`);
    const failuresDlq = queueNamed(`hotel-inbox-${SURVEY_SCHEDULE_FAILURES_QUEUE}-dlq`);
    for (const { id, queue } of [failures, failuresDlq]) {
      expect(queue.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [dataKeyId(), 'Arn'] });
      expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      t.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
    expect(failures.queue.RedrivePolicy.deadLetterTargetArn).toEqual({
      'Fn::GetAtt': [failuresDlq.id, 'Arn'],
    });
  });

  it('alarms as soon as it holds a survey start, and so does its own dead-letter queue', () => {
    const failures = queueNamed(`hotel-inbox-${SURVEY_SCHEDULE_FAILURES_QUEUE}`);
    const failuresDlq = queueNamed(`hotel-inbox-${SURVEY_SCHEDULE_FAILURES_QUEUE}-dlq`);
    expect(notEmptyAlarmsOn(failures.id)).toHaveLength(1);
    expect(notEmptyAlarmsOn(failuresDlq.id)).toHaveLength(1);
  });

  it('is the SurveyScheduleDeadLetterQueueUrl output', () => {
    const outputs = t.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.SurveyScheduleDeadLetterQueueUrl?.Value).toEqual({
      Ref: queueNamed(`hotel-inbox-${SURVEY_SCHEDULE_FAILURES_QUEUE}`).id,
    });
  });
});

describe('the NPS state machine', () => {
  it('has the survey-workflow function substituted for its Task placeholder', () => {
    expect(npsMachine()[1].Properties.DefinitionSubstitutions).toEqual({
      [SURVEY_WORKFLOW_FUNCTION_ARN]: { 'Fn::GetAtt': [t.functionId(FunctionName.surveyWorkflow), 'Arn'] },
    });
  });

  it('is started by no rule: no rule of any bus targets it', () => {
    const [machineId] = npsMachine();
    const targets = t.ofType('AWS::Events::Rule').flatMap(([, r]) => r.Properties.Targets ?? []);
    expect(targets.filter((target: { Arn: unknown }) => idOf(target.Arn) === machineId)).toEqual([]);
  });

  it('may be started by the schedules role only', () => {
    const [machineId] = npsMachine();
    const starters = t
      .ofType('AWS::IAM::Policy')
      .filter(([, r]) =>
        (r.Properties.PolicyDocument.Statement as Statement[]).some(
          (s) => [s.Action].flat().includes('states:StartExecution') && idOf(s.Resource) === machineId,
        ),
      )
      .flatMap(([, r]) => r.Properties.Roles.map(idOf));
    expect(starters).toEqual([scheduleRoleId()]);
  });

  it('is the NpsStateMachineArn output', () => {
    const outputs = t.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.NpsStateMachineArn?.Value).toEqual({ Ref: npsMachine()[0] });
  });
});

describe('the survey-workflow function', () => {
  it('receives the hotels, the table and the bus, and no SLA clock speed (1 in AWS)', () => {
    const variables = t.variablesOf(FunctionName.surveyWorkflow);
    expect(variables[Env.hotelsJson]).toBe(loadHotelsConfig(DEFAULT_HOTELS_FILE).json);
    expect(variables).toHaveProperty(Env.tableName);
    expect(variables).toHaveProperty(Env.eventBusName);
    expect(variables).not.toHaveProperty(Env.slaClockSpeed);
  });

  it('may read and write items and publish, and neither schedule, send nor read secrets', () => {
    const actions = actionsOf(t.statementsOf(FunctionName.surveyWorkflow));
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'events:PutEvents']),
    );
    expect(actions.filter((a) => /^(scheduler|iam|secretsmanager|s3|sns|ses|states):/.test(a))).toEqual([]);
  });

  it('pages when it fails', () => {
    expect(errorsAlarmsOf(FunctionName.surveyWorkflow)).toHaveLength(1);
  });
});

describe('the daily survey sweep', () => {
  const sweepRule = () => {
    const rules = t
      .ofType('AWS::Events::Rule')
      .filter(([, r]) =>
        (r.Properties.Targets ?? []).some(
          (target: { Arn: unknown }) => idOf(target.Arn) === t.functionId(FunctionName.surveySweep),
        ),
      );
    expect(rules).toHaveLength(1);
    return (rules[0] as [string, Resource])[1].Properties;
  };

  it('is an EventBridge rule on the default bus that invokes the survey-sweep function once a day, early in the morning UTC', () => {
    expect(sweepRule()).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', State: 'ENABLED' });
    expect(sweepRule().EventBusName).toBeUndefined();
    expect(sweepRule().EventPattern).toBeUndefined();
  });

  it('retries an invocation Lambda refused, then puts it on the alarmed failures queue', () => {
    // Prepare
    const failures = queueNamed(`hotel-inbox-${SURVEY_SWEEP_FAILURES_QUEUE}`);
    const failuresDlq = queueNamed(`hotel-inbox-${SURVEY_SWEEP_FAILURES_QUEUE}-dlq`);

    // Act
    const [target] = sweepRule().Targets;

    // Assess
    expect(target.RetryPolicy).toEqual({
      MaximumRetryAttempts: SURVEY_SWEEP_RULE_RETRIES,
      MaximumEventAgeInSeconds: SURVEY_SWEEP_MAX_EVENT_AGE.toSeconds(),
    });
    expect(SURVEY_SWEEP_MAX_EVENT_AGE.toSeconds()).toBeLessThan(24 * 3600);
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [failures.id, 'Arn'] } });
    expect(failures.queue.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [dataKeyId(), 'Arn'] });
    expect(failures.queue.RedrivePolicy.deadLetterTargetArn).toEqual({
      'Fn::GetAtt': [failuresDlq.id, 'Arn'],
    });
    expect(notEmptyAlarmsOn(failures.id)).toHaveLength(1);
    expect(notEmptyAlarmsOn(failuresDlq.id)).toHaveLength(1);
  });

  it('lets EventBridge put only this rule’s undeliverable invocations on the failures queue', () => {
    const failures = queueNamed(`hotel-inbox-${SURVEY_SWEEP_FAILURES_QUEUE}`);
    t.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: failures.id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it("sends a sweep that failed after Lambda's asynchronous retries to the same failures queue", () => {
    const failures = queueNamed(`hotel-inbox-${SURVEY_SWEEP_FAILURES_QUEUE}`);
    t.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: t.functionId(FunctionName.surveySweep) },
      MaximumRetryAttempts: SURVEY_SWEEP_FUNCTION_RETRIES,
      MaximumEventAgeInSeconds: SURVEY_SWEEP_MAX_EVENT_AGE.toSeconds(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failures.id, 'Arn'] } } },
    });
  });
});

describe('the sender, for e-mail and SMS surveys', () => {
  let configured: ReturnType<typeof synth>;
  beforeAll(() => {
    configured = synth({
      surveyEmailIdentity: 'aurora-belek.example',
      surveyEmailFrom: 'Aurora Belek <surveys@aurora-belek.example>',
      smsSenderId: 'AuroraBelek',
    });
  });

  it('may not send e-mail, and has no From address, unless an SES identity is configured', () => {
    expect(withAction(t.statementsOf(FunctionName.sender), 'ses:')).toEqual([]);
    expect(t.variablesOf(FunctionName.sender)).not.toHaveProperty(Env.surveyEmailFrom);
    expect(t.variablesOf(FunctionName.sender)).not.toHaveProperty(Env.smsSenderId);
  });

  it('may send e-mail as the configured SES identity only, from the configured address', () => {
    expect(withAction(configured.statementsOf(FunctionName.sender), 'ses:')).toEqual([
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ses:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':identity/aurora-belek.example',
            ],
          ],
        },
      },
    ]);
    expect(configured.variablesOf(FunctionName.sender)).toMatchObject({
      [Env.surveyEmailFrom]: 'Aurora Belek <surveys@aurora-belek.example>',
      [Env.smsSenderId]: 'AuroraBelek',
    });
  });

  it('gives no other function an SES or SNS permission', () => {
    for (const name of Object.values(FunctionName).filter((n) => n !== FunctionName.sender))
      expect(
        actionsOf(configured.statementsOf(name)).filter((a) => /^(ses|sns):/.test(a)),
        name,
      ).toEqual([]);
  });

  it('may publish SMS to phone numbers (Resource "*"), never to a topic or endpoint ARN', () => {
    const sns = withAction(t.statementsOf(FunctionName.sender), 'sns:');
    expect(sns).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 'sns:Publish',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
      },
    ]);
  });

  it('acknowledges the SMS "*" on its own policy, with the reason', () => {
    expect(acknowledgementsOn(t.stack.sender.smsPolicy)).toEqual([
      ['NIST.800.53.R5-IAMNoInlinePolicy', expect.stringContaining("sender's execution role alone")],
      ['AwsSolutions-IAM5[Resource::*]', expect.stringContaining('phone number')],
    ]);
  });

  it.each<[{ identity?: string; from?: string }, RegExp]>([
    [{ from: 'surveys@aurora-belek.example' }, /needs surveyEmailIdentity/],
    [{ identity: 'aurora-belek.example' }, /is a domain: set surveyEmailFrom/],
    [
      { identity: 'aurora-belek.example', from: 'surveys@elsewhere.example' },
      /not an address of the SES identity/,
    ],
    [{ identity: 'surveys@aurora-belek.example', from: 'other@aurora-belek.example' }, /not an address/],
    [{ identity: 'aurora-belek.example', from: 'not an address' }, /not an address/],
  ])('refuses, at synth time, survey e-mail settings SES would refuse: %j', (settings, error) => {
    expect(() => surveyEmailOf(settings.identity, settings.from)).toThrow(error);
  });

  it.each([
    ['aurora-belek.example', 'surveys@aurora-belek.example'],
    ['aurora-belek.example', 'Aurora Belek <surveys@mail.aurora-belek.example>'],
    ['surveys@aurora-belek.example', undefined],
  ])('takes %s as identity with the From %s', (identity, from) => {
    expect(surveyEmailOf(identity, from)).toEqual({ identity, from: from ?? identity });
  });

  it('refuses a malformed SMS sender id at synth time', () => {
    expect(() => synth({ smsSenderId: 'Aurora Belek Resort' })).toThrow(/smsSenderId/);
  });
});
