/**
 * The event bus contract: sources, detail-types and rules, defined once and used by the
 * CDK stack and by the local runtime's in-process bus.
 */
export const EVENT_BUS_NAME = 'hotel-inbox';

export const EventSource = {
  ingest: 'hotel-inbox.ingest',
  tickets: 'hotel-inbox.tickets',
  surveys: 'hotel-inbox.surveys',
} as const;
export type EventSource = (typeof EventSource)[keyof typeof EventSource];

export const DetailType = {
  guestMessageReceived: 'Guest Message Received',
  businessMessageEchoed: 'Business Message Echoed',
  messageStatusChanged: 'Message Status Changed',
  templateStatusChanged: 'Template Status Changed',
  unsupportedDeliveryReceived: 'Unsupported Delivery Received',
  unroutableDelivery: 'Unroutable Delivery',
  ticketOpened: 'Ticket Opened',
  ticketReopened: 'Ticket Reopened',
  ticketTriaged: 'Ticket Triaged',
  ticketAssigned: 'Ticket Assigned',
  slaBreached: 'SLA Breached',
  ticketEscalated: 'Ticket Escalated',
  ticketResolved: 'Ticket Resolved',
  outboundMessageRequested: 'Outbound Message Requested',
  outboundMessageFailed: 'Outbound Message Failed',
  leadStageChanged: 'Lead Stage Changed',
  lostOpportunityFlagged: 'Lost Opportunity Flagged',
  csatRecorded: 'CSAT Recorded',
  surveyScheduled: 'Survey Scheduled',
  surveySent: 'Survey Sent',
  surveySkipped: 'Survey Skipped',
  surveyAnswered: 'Survey Answered',
  surveyExpired: 'Survey Expired',
  detractorFollowUpOpened: 'Detractor Follow-up Opened',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

/** The source each detail-type is published under: the part of the system that owns it. */
export const SOURCE_OF: Record<DetailType, EventSource> = {
  [DetailType.guestMessageReceived]: EventSource.ingest,
  [DetailType.businessMessageEchoed]: EventSource.ingest,
  [DetailType.messageStatusChanged]: EventSource.ingest,
  [DetailType.templateStatusChanged]: EventSource.ingest,
  [DetailType.unsupportedDeliveryReceived]: EventSource.ingest,
  [DetailType.unroutableDelivery]: EventSource.ingest,
  [DetailType.ticketOpened]: EventSource.tickets,
  [DetailType.ticketReopened]: EventSource.tickets,
  [DetailType.ticketTriaged]: EventSource.tickets,
  [DetailType.ticketAssigned]: EventSource.tickets,
  [DetailType.slaBreached]: EventSource.tickets,
  [DetailType.ticketEscalated]: EventSource.tickets,
  [DetailType.ticketResolved]: EventSource.tickets,
  [DetailType.outboundMessageRequested]: EventSource.tickets,
  [DetailType.outboundMessageFailed]: EventSource.tickets,
  [DetailType.leadStageChanged]: EventSource.tickets,
  [DetailType.lostOpportunityFlagged]: EventSource.tickets,
  [DetailType.csatRecorded]: EventSource.tickets,
  [DetailType.surveyScheduled]: EventSource.surveys,
  [DetailType.surveySent]: EventSource.surveys,
  [DetailType.surveySkipped]: EventSource.surveys,
  [DetailType.surveyAnswered]: EventSource.surveys,
  [DetailType.surveyExpired]: EventSource.surveys,
  [DetailType.detractorFollowUpOpened]: EventSource.surveys,
};

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
export type RuleTarget = { kind: 'queue'; queue: QueueName } | { kind: 'workflow'; workflow: WorkflowName };

export const QueueName = {
  unroutable: 'unroutable-deliveries',
  ticketIntake: 'ticket-intake',
  outbound: 'outbound',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/**
 * Receives of an outbound request before SQS moves it to the dead-letter queue: the queue's
 * `maxReceiveCount`, and the sender's cue that a send still failing now fails for good.
 */
export const OUTBOUND_MAX_RECEIVES = 5;

export interface BusRule {
  /** Stable id, used as the construct id and the local rule name. */
  name: string;
  description: string;
  pattern: EventPattern;
  target: RuleTarget;
}

export const WorkflowName = {
  conversation: 'conversation',
  csat: 'csat',
  /** Started by a one-time EventBridge Scheduler schedule per departure, not by a bus rule. */
  nps: 'nps',
} as const;
export type WorkflowName = (typeof WorkflowName)[keyof typeof WorkflowName];

export const BUS_RULES: readonly BusRule[] = [
  {
    name: 'ConversationActivityToTickets',
    description:
      'Guest messages, hotel app echoes and delivery statuses land on tickets (one consumer, partial batch failures)',
    pattern: {
      source: [EventSource.ingest],
      'detail-type': [
        DetailType.guestMessageReceived,
        DetailType.businessMessageEchoed,
        DetailType.messageStatusChanged,
      ],
    },
    target: { kind: 'queue', queue: QueueName.ticketIntake },
  },
  {
    name: 'TicketsStartConversationWorkflow',
    description:
      'Every opened or reopened ticket runs the conversation workflow: triage, routing, SLA clocks',
    pattern: {
      source: [EventSource.tickets],
      'detail-type': [DetailType.ticketOpened, DetailType.ticketReopened],
    },
    target: { kind: 'workflow', workflow: WorkflowName.conversation },
  },
  {
    name: 'OutboundMessagesToSender',
    description:
      'Replies and surveys go out through the outbound queue to the sender (retries, then its DLQ)',
    pattern: { source: [EventSource.tickets], 'detail-type': [DetailType.outboundMessageRequested] },
    target: { kind: 'queue', queue: QueueName.outbound },
  },
  {
    name: 'ResolvedTicketsAskForCsat',
    description:
      'Every resolution runs the CSAT workflow: wait, ask one question, record the answer or silence',
    pattern: { source: [EventSource.tickets], 'detail-type': [DetailType.ticketResolved] },
    target: { kind: 'workflow', workflow: WorkflowName.csat },
  },
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
