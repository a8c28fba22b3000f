/**
 * The bus rules deployed to AWS are the rules the local runtime routes with: each
 * synthesized `AWS::Events::Rule` carries exactly the pattern of its `BUS_RULES` entry and
 * delivers to the queue that entry names, with a dead-letter queue for failed deliveries.
 */

import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRule } from 'aws-cdk-lib/aws-events';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import { BUS_RULES } from '../../functions/contracts/bus';
import type { HotelInboxStack } from '../../lib/hotel-inbox-stack';

interface CfnTarget {
  Arn: unknown;
  DeadLetterConfig?: { Arn: unknown };
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

describe('the bus rules', () => {
  it('are exactly the rules of the contract, no more', () => {
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(BUS_RULES.length);
  });

  describe.each(BUS_RULES.map((rule) => [rule.name, rule] as const))('%s', (name, rule) => {
    it('has the event pattern of the contract, unchanged', () => {
      expect(synthesizedRule(name).EventPattern).toEqual(rule.pattern);
    });

    it('listens on the project bus', () => {
      const busId = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Events::EventBus')?.[0];
      expect(synthesizedRule(name).EventBusName).toEqual({ Ref: busId });
    });

    it('delivers to the queue the contract names, with its dead-letter queue for failed deliveries', () => {
      // Prepare
      const { queue } = rule.target;

      // Act
      const targets = synthesizedRule(name).Targets;

      // Assess
      expect(targets).toHaveLength(1);
      expect(targets[0]?.Arn).toEqual({ 'Fn::GetAtt': [queueIdNamed(`hotel-inbox-${queue}`), 'Arn'] });
      expect(targets[0]?.DeadLetterConfig?.Arn).toEqual({
        'Fn::GetAtt': [queueIdNamed(`hotel-inbox-${queue}-dlq`), 'Arn'],
      });
    });
  });
});
