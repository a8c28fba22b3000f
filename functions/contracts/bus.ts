/**
 * The event bus contract: sources, detail-types and rules, defined once and used by the
 * CDK stack and by the local runtime's in-process bus.
 */
export const EVENT_BUS_NAME = 'hotel-inbox';

export const EventSource = {
  ingest: 'hotel-inbox.ingest',
} as const;
export type EventSource = (typeof EventSource)[keyof typeof EventSource];

export const DetailType = {
  guestMessageReceived: 'Guest Message Received',
  businessMessageEchoed: 'Business Message Echoed',
  messageStatusChanged: 'Message Status Changed',
  templateStatusChanged: 'Template Status Changed',
  unsupportedDeliveryReceived: 'Unsupported Delivery Received',
  unroutableDelivery: 'Unroutable Delivery',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

/** An EventBridge event pattern, restricted to the operators the local matcher implements. */
export type EventPattern = { [field: string]: EventPattern | PatternValue[] };
type TextMatch = string | { 'equals-ignore-case': string };
export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { prefix: TextMatch }
  | { suffix: TextMatch }
  | { 'equals-ignore-case': string }
  | { wildcard: string }
  | {
      'anything-but':
        | string
        | number
        | (string | number)[]
        | { prefix: string }
        | { suffix: string }
        | { 'equals-ignore-case': string | string[] }
        | { wildcard: string | string[] };
    }
  | { numeric: (string | number)[] }
  | { exists: boolean };

/** Where a rule delivers. Each target kind has one CDK construct and one local implementation. */
export type RuleTarget = { kind: 'queue'; queue: QueueName };

export const QueueName = {
  unroutable: 'unroutable-deliveries',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export interface BusRule {
  /** Stable id, used as the construct id and the local rule name. */
  name: string;
  description: string;
  pattern: EventPattern;
  target: RuleTarget;
}

export const BUS_RULES: readonly BusRule[] = [
  {
    name: 'UnroutableDeliveries',
    description:
      'Deliveries for an account no hotel is registered for: kept for an operator to fix the registry',
    pattern: { source: [EventSource.ingest], 'detail-type': [DetailType.unroutableDelivery] },
    target: { kind: 'queue', queue: QueueName.unroutable },
  },
];

/** Every event of the project is archived for replay. */
export const ARCHIVE_PATTERN: EventPattern = { source: [{ prefix: 'hotel-inbox.' }] };

/** Days the bus archive keeps events for replay. */
export const ARCHIVE_RETENTION_DAYS = 30;
