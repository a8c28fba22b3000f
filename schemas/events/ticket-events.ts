import * as z from 'zod';
import { LeadStageSchema } from '../ticket';
import { BasketSchema, IntentSchema, LanguageSchema, PrioritySchema } from '../triage';
import { CANONICAL_EVENT_VERSION, ChannelSchema, IsoTimestampSchema } from './common';

/** Fields every ticket event carries: no guest data, only ids. */
export const TicketEventBaseSchema = z.object({
  version: z.literal(CANONICAL_EVENT_VERSION),
  eventId: z.string(),
  tenantId: z.string().min(1),
  ticketId: z.string(),
  number: z.string().describe('The record number, e.g. AUB-2026-000042'),
  channel: ChannelSchema,
  occurredAt: IsoTimestampSchema,
});

/** A guest message opened a new ticket. Starts the conversation workflow. */
export const TicketOpenedSchema = TicketEventBaseSchema.extend({
  conversationKey: z.string(),
  guestId: z.string(),
  firstMessageId: z.string(),
  receivedAt: IsoTimestampSchema,
});
export type TicketOpened = z.infer<typeof TicketOpenedSchema>;

/** A guest wrote again within the reopen window after the ticket was resolved. Restarts the workflow. */
export const TicketReopenedSchema = TicketEventBaseSchema.extend({
  reopenCount: z.number().int().min(1),
  receivedAt: IsoTimestampSchema,
});
export type TicketReopened = z.infer<typeof TicketReopenedSchema>;

export const TicketTriagedSchema = TicketEventBaseSchema.extend({
  basket: BasketSchema,
  intent: IntentSchema,
  language: LanguageSchema,
  topics: z.array(z.string()),
  priority: PrioritySchema,
  reputationRisk: z.boolean(),
  firstResponseDueAt: IsoTimestampSchema,
  resolutionDueAt: IsoTimestampSchema,
  interimUpdateDueAt: IsoTimestampSchema.optional(),
});
export type TicketTriaged = z.infer<typeof TicketTriagedSchema>;

export const TicketAssignedSchema = TicketEventBaseSchema.extend({
  team: z.string(),
  assignee: z.string().optional(),
  reason: z.string().describe('The routing rule that chose the team'),
});
export type TicketAssigned = z.infer<typeof TicketAssignedSchema>;

export const SlaClockNameSchema = z.enum(['first-response', 'interim-update', 'resolution']);
export type SlaClockName = z.infer<typeof SlaClockNameSchema>;

/** A deadline passed without the answer, update or resolution it asked for. */
export const SlaBreachedSchema = TicketEventBaseSchema.extend({
  clock: SlaClockNameSchema,
  dueAt: IsoTimestampSchema,
  basket: BasketSchema.optional(),
  priority: PrioritySchema.optional(),
});
export type SlaBreached = z.infer<typeof SlaBreachedSchema>;

/** Seed 001: level 1 goes to the team lead, level 2 to the supervisor who holds compensation authority. */
export const TicketEscalatedSchema = TicketEventBaseSchema.extend({
  level: z.number().int().min(1).max(2),
  reason: z.enum(['sla-breach', 'reputation-risk', 'very-high-priority', 'manual']),
  team: z.enum(['team-lead', 'supervisor']),
});
export type TicketEscalated = z.infer<typeof TicketEscalatedSchema>;

export const TicketResolvedSchema = TicketEventBaseSchema.extend({
  resolvedAt: IsoTimestampSchema,
  resolutionSeconds: z.number(),
  firstResponseSeconds: z.number().optional(),
  basket: BasketSchema.optional(),
});
export type TicketResolved = z.infer<typeof TicketResolvedSchema>;

/** A sales ticket moved along the funnel (seed 000): lead → offer-sent → booked or lost. */
export const LeadStageChangedSchema = TicketEventBaseSchema.extend({
  leadStage: LeadStageSchema,
  previousStage: LeadStageSchema.optional(),
  lostReason: z.string().optional(),
  agentId: z.string(),
});
export type LeadStageChanged = z.infer<typeof LeadStageChangedSchema>;

/** An answered sales lead neither booked nor lost in time: "answered but not closed" (seed 000). */
export const LostOpportunityFlaggedSchema = TicketEventBaseSchema.extend({
  leadStage: LeadStageSchema,
  followUpDueAt: IsoTimestampSchema,
});
export type LostOpportunityFlagged = z.infer<typeof LostOpportunityFlaggedSchema>;

/** How the CSAT survey after a resolution ended: a score, silence for 48 hours, or not sent at all. */
export const CsatRecordedSchema = TicketEventBaseSchema.extend({
  outcome: z.enum(['answered', 'no-response', 'not-sent']),
  score: z.number().int().min(1).max(5).optional(),
  reason: z.string().optional(),
  resolutionCycle: z.number().int().min(0),
});
export type CsatRecorded = z.infer<typeof CsatRecordedSchema>;
