import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import {
  ARCHIVE_PATTERN,
  ARCHIVE_RETENTION_DAYS,
  BUS_RULES,
  type BusRule,
  EVENT_BUS_NAME,
  type EventPattern,
} from '../../functions/contracts/bus';
import type { Queues } from './queues';

export interface InboxEventBusProps {
  /** Where rules with a `queue` target deliver. */
  queues: Queues;
}

/**
 * The custom bus of the contract (`functions/contracts/bus.ts`), its archive for replay, and
 * one rule per `BUS_RULES` entry with exactly the contract's pattern, the same definition
 * the local runtime routes with.
 */
export class InboxEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly rules = new Map<string, events.Rule>();

  constructor(scope: Construct, id: string, props: InboxEventBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: EVENT_BUS_NAME });
    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      archiveName: `${EVENT_BUS_NAME}-all`,
      description: 'Every hotel-inbox event, for replay',
      eventPattern: toCdkEventPattern(ARCHIVE_PATTERN),
      retention: Duration.days(ARCHIVE_RETENTION_DAYS),
    });
    for (const rule of BUS_RULES) {
      this.rules.set(
        rule.name,
        new events.Rule(this, rule.name, {
          eventBus: this.bus,
          description: rule.description,
          eventPattern: toCdkEventPattern(rule.pattern),
          targets: [targetOf(rule, props.queues)],
        }),
      );
    }
  }
}

function targetOf(rule: BusRule, queues: Queues): events.IRuleTarget {
  switch (rule.target.kind) {
    case 'queue': {
      const { queue, deadLetterQueue } = queues.queue(rule.target.queue);
      return new targets.SqsQueue(queue, { deadLetterQueue });
    }
  }
}

/**
 * The contract's pattern as CDK's type. CDK renders the object as given (only `detailType`
 * is renamed), so the synthesized pattern equals the contract's; content filters such as
 * `{ prefix }` are plain JSON there, which CDK's `string[]` typing does not express.
 */
export function toCdkEventPattern(pattern: EventPattern): events.EventPattern {
  const { 'detail-type': detailType, ...rest } = structuredClone(pattern);
  return { ...rest, ...(detailType && { detailType }) } as unknown as events.EventPattern;
}
