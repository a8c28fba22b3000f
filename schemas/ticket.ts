import * as z from 'zod';
import { SensitiveCategorySchema } from '../functions/domain/privacy/sensitive-finding';
import { ChannelSchema } from './events/common';
import { BasketSchema, IntentSchema, LanguageSchema, PrioritySchema, TriageResultSchema } from './triage';

export const TicketStatusSchema = z.enum(['open', 'pending-guest', 'resolved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

/** Seed 001: where the guest is in the stay; post-stay once they checked out or say so. */
export const StageSchema = z.enum(['pre-stay', 'post-stay']);
export type Stage = z.infer<typeof StageSchema>;

/** Seed 001 owner teams: front line (call center), coordinator (CRM/guest relations), owner (department), supervisor. */
export const TeamSchema = z.enum(['frontline', 'coordinator', 'owner', 'supervisor']);
export type Team = z.infer<typeof TeamSchema>;

/** Seed 000's funnel: a sales message is a lead until an offer is sent, then booked or lost. */
export const LeadStageSchema = z.enum(['lead', 'offer-sent', 'booked', 'lost']);
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

const complaintField = z.string().trim().min(1).max(1000);

/**
 * Seed 001: a complaint is closed only with what happened, its impact and what the guest expects.
 * @example { "event": "AC broken", "impact": "a sleepless night", "expectation": "a new room" }
 */
export const ComplaintFieldsSchema = z.object({
  event: complaintField,
  impact: complaintField,
  expectation: complaintField,
});
export type ComplaintFields = z.infer<typeof ComplaintFieldsSchema>;

/**
 * The last move of a sales lead along the funnel, written with the stage: a retried request
 * publishes the same Lead Stage Changed event from it (`occasion` is the event's dedupe key part).
 * @example { "occasion": "lead-stage:booked:2026-07-01T08:00:00.000Z", "at": "2026-07-01T08:00:00.000Z",
 *   "by": "ayse", "from": "offer-sent" }
 */
export const LeadStageChangeSchema = z.object({
  occasion: z.string(),
  at: z.string(),
  /** The staff member who moved it. */
  by: z.string(),
  from: LeadStageSchema.optional(),
});
export type LeadStageChange = z.infer<typeof LeadStageChangeSchema>;

/** Seed 001: what the hotel gave to make up for a failure; only a supervisor sets it. */
export const CompensationSchema = z.strictObject({
  kind: z.enum(['discount', 'refund', 'upgrade', 'amenity', 'late-checkout', 'other']),
  description: z.string().trim().min(1).max(500),
  amount: z.number().nonnegative().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217, e.g. EUR')
    .optional(),
  approvedBy: z.string(),
  approvedAt: z.string(),
});
export type Compensation = z.infer<typeof CompensationSchema>;

export const CsatStatusSchema = z.enum(['scheduled', 'sent', 'answered', 'no-response', 'not-sent']);
export type CsatStatus = z.infer<typeof CsatStatusSchema>;

/** The one-question satisfaction survey after a resolution (seed 003), per resolution cycle. */
export const CsatSchema = z.object({
  status: CsatStatusSchema,
  /** The reopen count of the resolution this survey is about. */
  cycle: z.number().int().min(0),
  sendAt: z.string().optional(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  score: z.number().int().min(1).max(5).optional(),
  answeredAt: z.string().optional(),
  /** Why it was not sent (`window-closed`, `no-language`…). */
  reason: z.string().optional(),
});
export type Csat = z.infer<typeof CsatSchema>;

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
  /** Why it exists when no guest message opened it: a survey answer that asks for a follow-up. */
  origin: z.enum(['nps-detractor', 'nps-passive']).optional(),
  openedAt: z.string(),
  updatedAt: z.string(),
  lastInboundAt: z.string(),
  messageCount: z.number().int(),
  /** The message that opened the ticket, and the one that last reopened it (to republish after a failure). */
  firstMessageId: z.string(),
  reopenedByMessageId: z.string().optional(),
  /** When it was last reopened (by the guest's message or an agent): the new cycle's clocks start there. */
  reopenedAt: z.string().optional(),
  basket: BasketSchema.optional(),
  intent: IntentSchema.optional(),
  language: LanguageSchema.optional(),
  stage: StageSchema.optional(),
  topics: z.array(z.string()).default([]),
  priority: PrioritySchema.optional(),
  reputationRisk: z.boolean().default(false),
  ownerTeam: TeamSchema.optional(),
  /** The owning department (`housekeeping`, `technical`…) when the owner team is a department. */
  department: z.string().optional(),
  assignee: z.string().optional(),
  tags: z.array(z.string()).default([]),
  /** Where replies go: the WhatsApp wa_id or Instagram-scoped id the guest wrote from. */
  recipientId: z.string().optional(),
  sla: TicketSlaSchema.optional(),
  firstResponseAt: z.string().optional(),
  firstResponseSeconds: z.number().optional(),
  lastOutboundAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolutionSeconds: z.number().optional(),
  closedAt: z.string().optional(),
  escalationLevel: z.number().int().min(0).max(2),
  /** When the ticket was raised to its escalation level; absent when it was lowered to it. */
  escalatedAt: z.string().optional(),
  /** The staff member who raised it; absent when the workflow did (or it was lowered). */
  escalatedBy: z.string().optional(),
  reopenCount: z.number().int().min(0),
  leadStage: LeadStageSchema.optional(),
  lostReason: z.string().optional(),
  leadStageChange: LeadStageChangeSchema.optional(),
  /** When an answered sales lead is next due to move on; past it, it is a lost opportunity. */
  leadFollowUpDueAt: z.string().optional(),
  lostOpportunityAt: z.string().optional(),
  compensation: CompensationSchema.optional(),
  csat: CsatSchema.optional(),
  complaint: ComplaintFieldsSchema.optional(),
  rootCause: z.string().optional(),
  /** When the retention purge removed the words of its messages and its own (`messageTextDays`). */
  wordsRemovedAt: z.string().optional(),
  /** Its place in the hotel's open queue (nearest deadline, then id); absent once it left the queue. */
  queueKey: z.string().optional(),
  /** Spans spent waiting for the guest (`pending-guest`): they do not count against the SLA. */
  pauses: z.array(z.object({ from: z.string(), to: z.string().optional() })).default([]),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const DeliveryStateSchema = z.enum(['queued', 'sending', 'sent', 'delivered', 'read', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

/** How far an outbound message got, and why it failed if it did. */
export const DeliverySchema = z.object({
  status: DeliveryStateSchema,
  updatedAt: z.string(),
  platformMessageId: z.string().optional(),
  error: z.object({ code: z.string(), title: z.string() }).optional(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/**
 * What the intake found in a guest message (KVKK art. 6, GDPR art. 9 and 10, identity documents,
 * payment cards): the categories, never the words. Such a message keeps its original text only
 * sealed (`sealedText`); its `text` is the original with card numbers masked when a card number is
 * all it carries, else absent (withheld).
 * @example { "categories": ["allergy", "payment-card"],
 *   "triage": { "basket": "support", "intent": "Info", "language": "en", "topics": ["food"],
 *     "priority": "normal", "reputationRisk": false } }
 */
export const MessageSensitivitySchema = z.object({
  categories: z.array(SensitiveCategorySchema).min(1),
  /**
   * The triage of the withheld text, decided by the intake while it still held the words, so that
   * the conversation workflow triages the ticket without ever being able to open sealed texts.
   */
  triage: TriageResultSchema.optional(),
});
export type MessageSensitivity = z.infer<typeof MessageSensitivitySchema>;

/**
 * One message of a ticket. `internal` messages are agents' notes, never sent to the guest.
 * Outbound messages carry their `delivery`; `sentAs` says how a message outside the 24-hour
 * window was allowed out (an approved WhatsApp template, or Instagram's HUMAN_AGENT tag).
 * A guest message with special-category data, an identity document or a card number carries
 * `sensitive` and keeps its original words only in `sealedText`.
 */
export const TicketMessageSchema = z.object({
  messageId: z.string(),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  author: z.enum(['guest', 'agent', 'hotel-app', 'system']),
  channel: ChannelSchema,
  type: z.string(),
  text: z.string().optional(),
  at: z.string(),
  agentId: z.string().optional(),
  templateId: z.string().optional(),
  sentAs: z.enum(['free-text', 'whatsapp-template', 'human-agent-tag']).optional(),
  delivery: DeliverySchema.optional(),
  sensitive: MessageSensitivitySchema.optional(),
  /**
   * The original text, sealed with the sensitive-data key (`SensitiveTextCipher`, bound to the
   * hotel): only the agent API opens it, for staff with the `sensitive` grant, and audits the read.
   */
  sealedText: z.string().optional(),
});
export type TicketMessage = z.infer<typeof TicketMessageSchema>;
