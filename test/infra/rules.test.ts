/**
 * The bus rules deployed to AWS are the rules the local runtime routes with: each
 * synthesized `AWS::Events::Rule` carries exactly the pattern of its `BUS_RULES` entry and
 * delivers to the queue, or starts the workflow, that entry names, with a dead-letter queue
 * for failed deliveries.
 */

import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRule } from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import { BUS_RULES, type BusRule, DetailType, QueueName, WorkflowName } from '../../functions/contracts/bus';
import { InboxEventBus, WORKFLOW_START_RETRY } from '../../lib/constructs/event-bus';
import { Queues } from '../../lib/constructs/queues';
import { WORKFLOW_FAILURES_QUEUE } from '../../lib/constructs/workflow-state-machine';
import type { HotelInboxStack } from '../../lib/hotel-inbox-stack';

interface CfnTarget {
  Arn: unknown;
  DeadLetterConfig?: { Arn: unknown };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  RoleArn?: unknown;
  Input?: unknown;
  InputPath?: unknown;
  InputTransformer?: unknown;
}

let stack: HotelInboxStack;
let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;

beforeAll(() => {
  ({ stack } = buildApp({
    nag: false,
    cloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  }));
  resources = Template.fromStack(stack).toJSON().Resources;
});

/** The synthesized properties of the rule built for a `BUS_RULES` entry. */
function synthesizedRule(name: string) {
  const rule = stack.eventBus.rules.get(name);
  if (!rule) throw new Error(`No rule built for ${name}`);
  const logicalId = stack.getLogicalId(rule.node.defaultChild as CfnRule);
  return resources[logicalId]?.Properties as {
    EventPattern: unknown;
    EventBusName: unknown;
    Targets: CfnTarget[];
  };
}

const queueIdNamed = (queueName: string) =>
  Object.entries(resources).find(
    ([, r]) => r.Type === 'AWS::SQS::Queue' && r.Properties.QueueName === queueName,
  )?.[0];

const busId = () => Object.entries(resources).find(([, r]) => r.Type === 'AWS::Events::EventBus')?.[0];

describe('the bus rules', () => {
  it('are exactly the rules of the contract, no more', () => {
    const rulesOnTheBus = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::Events::Rule' &&
        JSON.stringify(r.Properties.EventBusName) === JSON.stringify({ Ref: busId() }),
    );
    expect(rulesOnTheBus).toHaveLength(BUS_RULES.length);
    expect(stack.eventBus.rules.size).toBe(BUS_RULES.length);
  });

  it('cover both kinds of target', () => {
    expect(new Set(BUS_RULES.map((rule) => rule.target.kind))).toEqual(new Set(['queue', 'workflow']));
  });

  it('start no NPS workflow: one-time Scheduler schedules start it, one per survey', () => {
    expect(
      BUS_RULES.filter(
        (rule) => rule.target.kind === 'workflow' && rule.target.workflow === WorkflowName.nps,
      ),
    ).toEqual([]);
  });

  it('refuse, at synth time, a rule whose workflow was given no target', () => {
    // Prepare
    const scratch = new Stack();
    const bus = new InboxEventBus(scratch, 'EventBus');
    const queues = new Queues(scratch, 'Queues', {
      encryptionKey: new kms.Key(scratch, 'Key'),
      namePrefix: 'scratch',
    });

    // Act & Assess
    expect(() => bus.addContractRules({ queues, workflows: {} })).toThrow(/workflow, which has no target/);
  });

  it('bring delivery statuses to ticket intake, beside guest messages and echoes', () => {
    // Prepare
    const intakeQueueId = queueIdNamed(`hotel-inbox-${QueueName.ticketIntake}`);

    // Act
    const toIntake = BUS_RULES.filter((rule) =>
      synthesizedRule(rule.name).Targets.some(
        (target) => JSON.stringify(target.Arn) === JSON.stringify({ 'Fn::GetAtt': [intakeQueueId, 'Arn'] }),
      ),
    );

    // Assess
    expect(toIntake.flatMap((rule) => rule.pattern['detail-type'])).toEqual(
      expect.arrayContaining([
        DetailType.guestMessageReceived,
        DetailType.businessMessageEchoed,
        DetailType.messageStatusChanged,
      ]),
    );
  });

  describe.each(BUS_RULES.map((rule) => [rule.name, rule] as const))('%s', (name, rule) => {
    it('has the event pattern of the contract, unchanged', () => {
      expect(synthesizedRule(name).EventPattern).toEqual(rule.pattern);
    });

    it('listens on the project bus', () => {
      expect(synthesizedRule(name).EventBusName).toEqual({ Ref: busId() });
    });

    it('delivers to the target the contract names, with a dead-letter queue for failed deliveries', () => {
      // Act
      const targets = synthesizedRule(name).Targets;

      // Assess
      expect(targets).toHaveLength(1);
      expectTarget(rule.target, targets[0]);
    });
  });
});

function expectTarget(target: BusRule['target'], cfnTarget: CfnTarget | undefined) {
  switch (target.kind) {
    case 'queue':
      expect(cfnTarget?.Arn).toEqual({ 'Fn::GetAtt': [queueIdNamed(`hotel-inbox-${target.queue}`), 'Arn'] });
      expect(cfnTarget?.DeadLetterConfig?.Arn).toEqual({
        'Fn::GetAtt': [queueIdNamed(`hotel-inbox-${target.queue}-dlq`), 'Arn'],
      });
      return;
    case 'workflow': {
      const machine = Object.entries(resources).find(
        ([, r]) =>
          r.Type === 'AWS::StepFunctions::StateMachine' &&
          r.Properties.StateMachineName === `hotel-inbox-${target.workflow}`,
      );
      expect(machine, `state machine hotel-inbox-${target.workflow}`).toBeDefined();
      expect(cfnTarget?.Arn).toEqual({ Ref: machine?.[0] });
      // Started with the whole event: the workflow reads $.detail.tenantId and $.detail.ticketId.
      expect(cfnTarget?.Input).toBeUndefined();
      expect(cfnTarget?.InputPath).toBeUndefined();
      expect(cfnTarget?.InputTransformer).toBeUndefined();
      expect(cfnTarget?.DeadLetterConfig?.Arn).toEqual({
        'Fn::GetAtt': [queueIdNamed(`hotel-inbox-${WORKFLOW_FAILURES_QUEUE}`), 'Arn'],
      });
      expect(cfnTarget?.RetryPolicy).toEqual({
        MaximumRetryAttempts: WORKFLOW_START_RETRY.retryAttempts,
        MaximumEventAgeInSeconds: WORKFLOW_START_RETRY.maxEventAge.toSeconds(),
      });
      // The role EventBridge starts executions with may start this state machine only.
      const roleId = (cfnTarget?.RoleArn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.[
        'Fn::GetAtt'
      ]?.[0];
      expect(roleId).toBeDefined();
      const policies = Object.values(resources).filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
      );
      expect(
        policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: unknown[] }).Statement),
      ).toEqual([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: machine?.[0] } }]);
      return;
    }
  }
}
