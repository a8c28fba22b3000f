import * as z from 'zod';
import { ChannelSchema } from './events/common';
import { BasketSchema, IntentSchema, LanguageSchema, PrioritySchema } from './triage';

export const TicketStatusSchema = z.enum(['open', 'pending-guest', 'resolved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

/** Seed 001: where the guest is in the stay; post-stay once they checked out or say so. */
export const StageSchema = z.enum(['pre-stay', 'post-stay']);
export type Stage = z.infer<typeof StageSchema>;

/** Seed 001 owner teams: front line (call center), coordinator (CRM/guest relations), owner (department), supervisor. */
export const TeamSchema = z.enum(['frontline', 'coordinator', 'owner', 'supervisor']);
export type Team = z.infer<typeof TeamSchema>;

export const LeadStageSchema = z.enum(['lead', 'offer', 'booked', 'lost']);
export type LeadStage = z.infer<typeof LeadStageSchema>;

export const SlaOutcomeSchema = z.enum(['met', 'breached']);
export type SlaOutcome = z.infer<typeof SlaOutcomeSchema>;

/** One SLA clock of a ticket: when it is due and, once decided, how it ended. */
export const SlaClockSchema = z.object({
  dueAt: z.string(),
  outcome: SlaOutcomeSchema.optional(),
  decidedAt: z.string().optional(),
});
export type SlaClock = z.infer<typeof SlaClockSchema>;

export const TicketSlaSchema = z.object({
  clock: z.enum(['business', '24/7']),
  /** The reopen count these clocks were set for: a reopened ticket gets fresh clocks. */
  cycle: z.number().int().min(0),
  firstResponse: SlaClockSchema,
  resolution: SlaClockSchema,
  interimUpdate: SlaClockSchema.optional(),
});
export type TicketSla = z.infer<typeof TicketSlaSchema>;

/** Seed 001: a complaint is closed only with what happened, its impact and what the guest expects. */
export const ComplaintFieldsSchema = z.object({
  event: z.string().min(1),
  impact: z.string().min(1),
  expectation: z.string().min(1),
});

/**
 * One ticket: every guest message lands in exactly one, with a human-readable record number.
 * @example { "number": "AUB-2026-000042", "status": "open", "basket": "sales", "escalationLevel": 0 }
 */
export const TicketSchema = z.object({
  tenantId: z.string(),
  ticketId: z.string(),
  number: z.string().describe('<HOTELCODE>-<YYYY>-<sequence>, e.g. AUB-2026-000042'),
  conversationKey: z.string(),
  guestId: z.string(),
  channel: ChannelSchema,
  /** The visitor's web-chat session, where hotel messages for them are posted. */
  webchatSessionId: z.string().optional(),
  status: TicketStatusSchema,
  openedAt: z.string(),
  updatedAt: z.string(),
  lastInboundAt: z.string(),
  messageCount: z.number().int(),
  /** The message that opened the ticket, and the one that last reopened it (to republish after a failure). */
  firstMessageId: z.string(),
  reopenedByMessageId: z.string().optional(),
  basket: BasketSchema.optional(),
  intent: IntentSchema.optional(),
  language: LanguageSchema.optional(),
  stage: StageSchema.optional(),
  topics: z.array(z.string()).default([]),
  priority: PrioritySchema.optional(),
  reputationRisk: z.boolean().default(false),
  ownerTeam: TeamSchema.optional(),
  assignee: z.string().optional(),
  sla: TicketSlaSchema.optional(),
  firstResponseAt: z.string().optional(),
  firstResponseSeconds: z.number().optional(),
  lastOutboundAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolutionSeconds: z.number().optional(),
  closedAt: z.string().optional(),
  escalationLevel: z.number().int().min(0).max(2),
  reopenCount: z.number().int().min(0),
  leadStage: LeadStageSchema.optional(),
  lostReason: z.string().optional(),
  complaint: ComplaintFieldsSchema.optional(),
  rootCause: z.string().optional(),
  /** Spans spent waiting for the guest (`pending-guest`): they do not count against the SLA. */
  pauses: z.array(z.object({ from: z.string(), to: z.string().optional() })).default([]),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const TicketMessageSchema = z.object({
  messageId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  author: z.enum(['guest', 'agent', 'hotel-app', 'system']),
  channel: ChannelSchema,
  type: z.string(),
  text: z.string().optional(),
  at: z.string(),
});
export type TicketMessage = z.infer<typeof TicketMessageSchema>;
