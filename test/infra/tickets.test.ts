/**
 * Tickets on AWS: the intake queue's consumer, the workflows (conversation, CSAT and NPS)
 * deployed from their ASL files in `workflows/` (the same files the local runtime
 * interprets), each with its Task function substituted, what happens to executions that
 * fail, and the hotels' configuration the functions receive.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import { QueueName, WorkflowName } from '../../functions/contracts/bus';
import { Env } from '../../functions/contracts/environment';
import { FunctionName } from '../../functions/contracts/routes';
import { TICKET_INTAKE_BATCH_SIZE } from '../../lib/constructs/ticket-intake';
import {
  FAILED_EXECUTION_STATUSES,
  WORKFLOW_DEFINITION_FILES,
  WORKFLOW_FAILURES_QUEUE,
  WORKFLOW_TASKS,
} from '../../lib/constructs/workflow-state-machine';
import { DEFAULT_HOTELS_FILE, HOTELS_JSON_MAX_BYTES, loadHotelsConfig } from '../../lib/hotels-config';

// biome-ignore lint/suspicious/noExplicitAny: template properties are free-form JSON, walked by the assertions
type Resource = { Type: string; Properties: Record<string, any> };
// biome-ignore lint/suspicious/noExplicitAny: ASL states are free-form JSON
type AslState = { Type: string; Resource?: any; Retry?: any[]; Catch?: any[]; [key: string]: unknown };
interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

interface AslValidation {
  isValid: boolean;
  errorsText(separator?: string): string;
}
// asl-validator is CommonJS without type declarations: `module.exports = function validator(...)`.
const aslValidator = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => AslValidation;

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const fakeFunctionArn = (workflow: WorkflowName) =>
  `arn:aws:lambda:eu-central-1:123456789012:function:hotel-inbox-${WORKFLOW_TASKS[workflow].function}`;
const WORKFLOWS = Object.values(WorkflowName);

const fileText = (workflow: WorkflowName) => readFileSync(WORKFLOW_DEFINITION_FILES[workflow], 'utf8');
const fileDefinition = (workflow: WorkflowName): AslDefinition => JSON.parse(fileText(workflow));
const placeholdersIn = (text: string) =>
  new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));

/** A workflow as deployed: the staged definition file, and the template's substitutions applied to it. */
interface DeployedWorkflow {
  definition: AslDefinition;
  text: string;
  substitutions: Record<string, unknown>;
}

let template: Template;
let resources: Record<string, Resource>;
const deployed = new Map<WorkflowName, DeployedWorkflow>();

beforeAll(() => {
  const { app, stack } = buildApp({ nag: false, cloudFormationValidation: false, context: NO_BUNDLING });
  const assembly = app.synth();
  template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
  resources = template.toJSON().Resources;

  // Each definition is a file asset: find the file the S3 key of the template was staged from.
  const manifest = JSON.parse(
    readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
  );
  for (const workflow of WORKFLOWS) {
    const [, machine] = stateMachine(workflow);
    const key: string = machine.Properties.DefinitionS3Location.Key;
    const asset = Object.values<{
      source: { path: string };
      destinations: Record<string, { objectKey: string }>;
    }>(manifest.files).find((file) => Object.values(file.destinations).some((d) => d.objectKey === key));
    if (!asset) throw new Error(`No staged asset for the ${workflow} definition key ${key}`);
    const text = readFileSync(join(assembly.directory, asset.source.path), 'utf8');
    const substitutions = machine.Properties.DefinitionSubstitutions;
    deployed.set(workflow, {
      text,
      substitutions,
      definition: substitute(JSON.parse(text), substitutions) as AslDefinition,
    });
  }
});

const deployedWorkflow = (workflow: WorkflowName) => {
  const found = deployed.get(workflow);
  if (!found) throw new Error(`No deployed ${workflow} workflow`);
  return found;
};

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** CloudFormation's `${Name}` substitution; a whole-string placeholder becomes the (intrinsic) value. */
function substitute(value: unknown, values: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Za-z0-9_]+)\}$/.exec(value);
    if (whole?.[1] && whole[1] in values) return values[whole[1]];
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, values));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
  return value;
}

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

const queueNamed = (name: string) => {
  const found = ofType('AWS::SQS::Queue').find(([, r]) => r.Properties.QueueName === name);
  if (!found) throw new Error(`No queue ${name}`);
  return { id: found[0], queue: found[1].Properties };
};

const stateMachine = (workflow: WorkflowName) => {
  const found = ofType('AWS::StepFunctions::StateMachine').find(
    ([, r]) => r.Properties.StateMachineName === `hotel-inbox-${workflow}`,
  );
  if (!found) throw new Error(`No state machine hotel-inbox-${workflow}`);
  return found;
};

const notEmptyAlarmOn = (queueId: string) =>
  template.findResources('AWS::CloudWatch::Alarm', {
    Properties: {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    },
  });

describe.each(WORKFLOWS)('the %s workflow definition', (workflow) => {
  const { placeholder, function: taskFunction } = WORKFLOW_TASKS[workflow];
  const withFakeArn = () =>
    JSON.parse(fileText(workflow).replaceAll(`\${${placeholder}}`, fakeFunctionArn(workflow)));

  it('is valid Amazon States Language (asl-validator), its Task resources a Lambda ARN', () => {
    // Act
    const result = aslValidator(withFakeArn(), { checkPaths: true, checkArn: true });

    // Assess
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    expect(placeholdersIn(fileText(workflow))).toEqual(new Set([placeholder]));
  });

  it('(control) the validator does reject a definition with a transition to no state', () => {
    const definition = withFakeArn();
    definition.States[definition.StartAt].Next = 'NoSuchState';
    expect(aslValidator(definition).isValid).toBe(false);
  });

  it('retries every Task on Lambda service errors and catches what is left', () => {
    const tasks = Object.entries(fileDefinition(workflow).States).filter(
      ([, state]) => state.Type === 'Task',
    );
    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, task] of tasks) {
      expect(task.Retry?.length, `${name} Retry`).toBeGreaterThan(0);
      expect(
        task.Retry?.flatMap((r) => r.ErrorEquals),
        name,
      ).toEqual(expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException']));
      expect(task.Catch?.length, `${name} Catch`).toBeGreaterThan(0);
      expect(
        task.Catch?.flatMap((c) => c.ErrorEquals),
        name,
      ).toContain('States.ALL');
    }
  });

  it('is deployed as written: the same states, of the same types, from the same start', () => {
    const written = fileDefinition(workflow);
    const { definition, text } = deployedWorkflow(workflow);
    const shape = (d: AslDefinition) => Object.entries(d.States).map(([name, state]) => [name, state.Type]);
    expect(definition.StartAt).toBe(written.StartAt);
    expect(shape(definition)).toEqual(shape(written));
    expect(JSON.parse(text)).toEqual(written);
  });

  it(`has every placeholder substituted, and its Tasks invoke the ${taskFunction} function`, () => {
    // Prepare
    const { definition, text, substitutions } = deployedWorkflow(workflow);

    // Assess: no placeholder without a substitution, no substitution without a placeholder
    expect(new Set(Object.keys(substitutions))).toEqual(placeholdersIn(text));
    expect(JSON.stringify(definition)).not.toMatch(/\$\{/);

    const tasks = Object.values(definition.States).filter((state) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks)
      expect(task.Resource).toEqual({ 'Fn::GetAtt': [functionId(taskFunction), 'Arn'] });
  });
});

describe.each(WORKFLOWS)('the %s state machine', (workflow) => {
  it('is a Standard state machine with X-Ray tracing', () => {
    const [, machine] = stateMachine(workflow);
    expect(machine.Properties).toMatchObject({
      StateMachineName: `hotel-inbox-${workflow}`,
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
  });

  it('logs every event, without execution data, to an encrypted log group with a retention', () => {
    const { LoggingConfiguration: logging } = stateMachine(workflow)[1].Properties;
    expect(logging).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    const logGroup = resources[idOf(logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn) as string];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup?.Properties.RetentionInDays).toBeGreaterThan(0);
    expect(logGroup?.Properties.KmsKeyId).toBeDefined();
  });

  it(`may invoke the ${WORKFLOW_TASKS[workflow].function} function and no other`, () => {
    // Prepare
    const roleId = idOf(stateMachine(workflow)[1].Properties.RoleArn);
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, r]) => JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(
        ([, r]) =>
          r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );

    // Act
    const lambdaStatements = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('lambda:')));

    // Assess
    expect(lambdaStatements).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [functionId(WORKFLOW_TASKS[workflow].function), 'Arn'] },
      },
    ]);
  });
});

describe('failed executions', () => {
  const failedExecutionRules = () =>
    ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern?.source?.[0] === 'aws.states');

  it('watch one rule per workflow on the default bus, and nothing else', () => {
    expect(failedExecutionRules()).toHaveLength(WORKFLOWS.length);
  });

  it.each(WORKFLOWS)(
    'of the %s workflow go to the workflow-failures queue, with a dead-letter queue behind it',
    (workflow) => {
      // Prepare
      const [machineId] = stateMachine(workflow);
      const failures = queueNamed(`hotel-inbox-${WORKFLOW_FAILURES_QUEUE}`);
      const failuresDlq = queueNamed(`hotel-inbox-${WORKFLOW_FAILURES_QUEUE}-dlq`);

      // Act
      const rules = failedExecutionRules().filter(([, r]) =>
        JSON.stringify(r.Properties.EventPattern.detail?.stateMachineArn).includes(machineId),
      );

      // Assess
      expect(rules).toHaveLength(1);
      const [[, rule]] = rules as [[string, Resource]];
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.EventPattern).toEqual({
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: [...FAILED_EXECUTION_STATUSES], stateMachineArn: [{ Ref: machineId }] },
      });
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [failures.id, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [failuresDlq.id, 'Arn'] } },
        }),
      ]);
    },
  );

  it('are kept 14 days on a KMS-encrypted, TLS-only queue that alarms as soon as it holds one', () => {
    const failures = queueNamed(`hotel-inbox-${WORKFLOW_FAILURES_QUEUE}`);
    const failuresDlq = queueNamed(`hotel-inbox-${WORKFLOW_FAILURES_QUEUE}-dlq`);
    for (const { id, queue } of [failures, failuresDlq]) {
      expect(queue.KmsMasterKeyId).toBeDefined();
      expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(Object.keys(notEmptyAlarmOn(id)), id).toHaveLength(1);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
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

  it.each(WORKFLOWS)(
    'of the %s workflow also raise the ExecutionsFailed alarm of its state machine',
    (workflow) => {
      const [machineId] = stateMachine(workflow);
      const alarms = template.findResources('AWS::CloudWatch::Alarm', {
        Properties: {
          Namespace: 'AWS/States',
          MetricName: 'ExecutionsFailed',
          Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        },
      });
      expect(Object.keys(alarms)).toHaveLength(1);
    },
  );
});

describe('ticket intake', () => {
  it('consumes the ticket-intake queue in batches, reporting failed records only', () => {
    const { id: queueId } = queueNamed(`hotel-inbox-${QueueName.ticketIntake}`);
    const mappings = ofType('AWS::Lambda::EventSourceMapping')
      .map(([, r]) => r.Properties)
      .filter((m) => JSON.stringify(m.EventSourceArn).includes(queueId));
    expect(mappings).toEqual([
      {
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionName: { Ref: functionId(FunctionName.ticketIntake) },
        BatchSize: TICKET_INTAKE_BATCH_SIZE,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    ]);
  });

  it('hides a received batch for at least six times the function timeout', () => {
    const { queue } = queueNamed(`hotel-inbox-${QueueName.ticketIntake}`);
    const timeout = resources[functionId(FunctionName.ticketIntake)]?.Properties.Timeout;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
  });

  it('moves a message to the alarmed dead-letter queue after 5 failed receives', () => {
    const { queue } = queueNamed(`hotel-inbox-${QueueName.ticketIntake}`);
    const dlq = queueNamed(`hotel-inbox-${QueueName.ticketIntake}-dlq`);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlq.id, 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(queue.KmsMasterKeyId).toBeDefined();
    expect(Object.keys(notEmptyAlarmOn(dlq.id))).toHaveLength(1);
  });
});

describe('the ticket functions', () => {
  const TICKET_FUNCTIONS = [FunctionName.ticketIntake, FunctionName.ticketWorkflow] as const;

  it.each(TICKET_FUNCTIONS)('%s receives the validated hotels, and no SLA clock speed (1 in AWS)', (name) => {
    const variables = resources[functionId(name)]?.Properties.Environment.Variables;
    expect(variables[Env.hotelsJson]).toBe(loadHotelsConfig(DEFAULT_HOTELS_FILE).json);
    expect(JSON.parse(variables[Env.hotelsJson]).map((h: { tenantId: string }) => h.tenantId)).toEqual(
      JSON.parse(readFileSync(DEFAULT_HOTELS_FILE, 'utf8')).hotels.map(
        (h: { tenantId: string }) => h.tenantId,
      ),
    );
    expect(variables).not.toHaveProperty(Env.slaClockSpeed);
  });

  it.each(TICKET_FUNCTIONS)('%s may read and write items, in transactions too, and query gsi1', (name) => {
    // Prepare
    const roleId = idOf(resources[functionId(name)]?.Properties.Role);
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, r]) => JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(
        ([, r]) =>
          r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );
    const tableStatement = statements.find((s) => [s.Action].flat().includes('dynamodb:Query'));

    // Assess
    expect([tableStatement?.Action].flat()).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
      ]),
    );
    expect(JSON.stringify(tableStatement?.Resource)).toContain('/index/gsi1');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toContain('events:PutEvents');
    // The intake shortens the raw archive's stay of bodies with sensitive words: retagging only.
    expect(actions.filter((a) => /^(s3|secretsmanager):/.test(a))).toEqual(
      name === FunctionName.ticketIntake ? ['s3:PutObjectTagging'] : [],
    );
  });

  it.each(TICKET_FUNCTIONS)('%s pages when it fails', (name) => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
        Threshold: 0,
      },
    });
    expect(Object.keys(alarms)).toHaveLength(1);
  });
});

describe('the hotels configuration', () => {
  const tempFile = (content: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'hotels-')), 'hotels.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const hotel = (tenantId: string, extra: Record<string, unknown> = {}) => ({
    tenantId,
    hotelCode: 'TST',
    name: 'Test Hotel',
    channels: {},
    ...extra,
  });

  it('is validated, with the schema defaults filled in', () => {
    const { hotels, json } = loadHotelsConfig(tempFile({ hotels: [hotel('test-hotel')] }));
    expect(hotels[0]).toMatchObject({
      tenantId: 'test-hotel',
      timeZone: 'Europe/Istanbul',
      reopenWindowDays: 7,
    });
    expect(JSON.parse(json)).toEqual(hotels);
  });

  it('refuses an invalid file at synth time, naming the file', () => {
    const invalid = tempFile({ hotels: [hotel('Not Valid')] });
    expect(() => loadHotelsConfig(invalid)).toThrow(invalid);
    expect(() => loadHotelsConfig(tempFile('{ not json'))).toThrow(/Cannot read the hotels file/);
    expect(() => loadHotelsConfig(tempFile({ hotels: [hotel('twin-hotel'), hotel('twin-hotel')] }))).toThrow(
      /duplicate tenantId twin-hotel/,
    );
    // A record number's code must name one hotel, or a ticket could be read as another hotel's.
    expect(() =>
      loadHotelsConfig(tempFile({ hotels: [hotel('first-hotel'), hotel('second-hotel')] })),
    ).toThrow(/duplicate hotelCode TST/);
  });

  it('refuses hotels that would not fit in the 4 KB of Lambda environment variables', () => {
    const many = Array.from({ length: 40 }, (_, i) => hotel(`hotel-number-${i}`, { hotelCode: `H${i}` }));
    expect(Buffer.byteLength(JSON.stringify(many))).toBeGreaterThan(HOTELS_JSON_MAX_BYTES);
    expect(() => loadHotelsConfig(tempFile({ hotels: many }))).toThrow(/4 KB/);
  });

  it('is read from the file the hotelsFile context names', () => {
    const file = tempFile({ hotels: [hotel('context-hotel')] });
    const { stack } = buildApp({
      nag: false,
      cloudFormationValidation: false,
      context: { ...NO_BUNDLING, hotelsFile: file },
    });
    expect(stack.hotels.file).toBe(file);
    expect(stack.hotels.hotels.map((h) => h.tenantId)).toEqual(['context-hotel']);
  });
});
