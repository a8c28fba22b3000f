import * as z from 'zod';
import type { AgentRouteKey } from '../functions/contracts/routes';
import { SUPERVISOR_ROLES } from '../functions/domain/agent/roles';
import { PrincipalSchema, type Role, RoleSchema } from '../functions/domain/auth/principal';
import { CORRECTABLE_FIELDS } from '../functions/domain/privacy/profile-correction';
import { SensitiveCategorySchema } from '../functions/domain/privacy/sensitive-finding';
import { AuditEntrySchema } from './audit';
import { ChannelSchema } from './events/common';
import { PrivacyRequestSchema, PrivacyResponseSchema } from './privacy';
import { TemplateCategorySchema, TemplateFieldNameSchema, TemplateIdSchema } from './templates';
import {
  CompensationSchema,
  ComplaintFieldsSchema,
  LeadStageSchema,
  TeamSchema,
  TicketMessageSchema,
  TicketSchema,
  TicketStatusSchema,
} from './ticket';
import { BasketSchema, GuestLanguageSchema, LanguageSchema, PrioritySchema, TopicSchema } from './triage';

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/**
 * A ticket in a path: its record number, whose prefix names the hotel.
 * Anything that is not a ticket of the caller's hotels answers 404, malformed ids included.
 * @example { "ticketId": "AUB-2026-000042" }
 */
export const TicketPathSchema = z.strictObject({
  ticketId: z
    .string()
    .min(1)
    .max(40)
    .describe('The record number <HOTELCODE>-<YYYY>-<sequence>')
    .meta({ examples: ['AUB-2026-000042'] }),
});

/**
 * Chosen by the client once per message (a UUID is fine): a retried request with the same id for
 * the same ticket appends one message and sends it once.
 */
export const ClientMessageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,64}$/, 'must be 8–64 letters, digits or . _ : -')
  .describe('Idempotency key of this message, chosen by the client (e.g. a UUID)');

/** The values of a template's `{{field}}`s; `ticketNumber` and `hotelName` are filled in when left out. */
export const TemplateFieldValuesSchema = z.record(TemplateFieldNameSchema, z.string().max(1000));

const freeText = { text: z.string().trim().min(1).max(4096) };
const templated = {
  templateId: TemplateIdSchema,
  fields: TemplateFieldValuesSchema.default({}),
  language: GuestLanguageSchema.optional().describe("Render in this language (default: the ticket's)"),
};

/**
 * What an agent sends: free text, or a catalogue template with its fields.
 * @example { "clientMessageId": "4f0c2a1e-5d7b", "text": "Merhaba, size nasıl yardımcı olabilirim?" }
 * @example { "clientMessageId": "4f0c2a1e-5d7c", "templateId": "price-availability-offer",
 *   "fields": { "guestName": "Ayşe", "arrivalDate": "12.07.2026" } }
 */
export const ReplyRequestSchema = z.union([
  z.strictObject({ clientMessageId: ClientMessageIdSchema, ...freeText }),
  z.strictObject({ clientMessageId: ClientMessageIdSchema, ...templated }),
]);
export type ReplyRequest = z.infer<typeof ReplyRequestSchema>;

/**
 * Hands the ticket to a team, a department and/or a person (`me`: the caller; `null`: nobody).
 * @example { "team": "owner", "department": "housekeeping", "assignee": "me" }
 */
export const AssignRequestSchema = z
  .strictObject({
    team: TeamSchema.optional(),
    department: z.string().trim().min(1).max(60).optional(),
    assignee: z.string().trim().min(1).max(128).nullable().optional(),
  })
  .refine((b) => b.team !== undefined || b.department !== undefined || b.assignee !== undefined, {
    message: 'give a team, a department or an assignee',
  });
export type AssignRequest = z.infer<typeof AssignRequestSchema>;

/** Seed 000: few tags (10–15), one word each: `VIP`, `pre-stay`, `honeymoon`. */
export const TagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_:/.-]*$/u, 'must be one word of letters, digits and - _ : / .');

/** A ticket carries at most this many tags (seed 000: "az ama etkili"). */
export const MAX_TAGS = 15;

/** @example { "add": ["VIP", "honeymoon"], "remove": ["pre-stay"] } */
export const TagsRequestSchema = z
  .strictObject({
    add: z.array(TagSchema).max(MAX_TAGS).optional(),
    remove: z.array(TagSchema).max(MAX_TAGS).optional(),
  })
  .refine((b) => (b.add?.length ?? 0) + (b.remove?.length ?? 0) > 0, {
    message: 'give tags to add or to remove',
  });
export type TagsRequest = z.infer<typeof TagsRequestSchema>;

/**
 * Moves a sales ticket along the funnel; a lost lead says why.
 * @example { "stage": "lost", "lostReason": "price" }
 */
export const LeadStageRequestSchema = z
  .strictObject({
    stage: LeadStageSchema.exclude(['lead']),
    lostReason: z.string().trim().min(1).max(500).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.stage === 'lost' && !b.lostReason)
      ctx.addIssue({ code: 'custom', path: ['lostReason'], message: 'is required when the lead is lost' });
    if (b.stage !== 'lost' && b.lostReason)
      ctx.addIssue({ code: 'custom', path: ['lostReason'], message: 'only a lost lead has a lost reason' });
  });
export type LeadStageRequest = z.infer<typeof LeadStageRequestSchema>;

/** An internal note: seen by staff only, never sent to the guest. */
export const NoteRequestSchema = z.strictObject({ text: z.string().trim().min(1).max(4000) });
export type NoteRequest = z.infer<typeof NoteRequestSchema>;

/** Seed 001: a complaint is closed with what happened, its impact and what the guest expected. */
export const ComplaintRequestSchema = z.strictObject(ComplaintFieldsSchema.shape);

/**
 * Resolves the ticket with a closing message to the guest (seed 001: solution + thanks + next
 * step). Complaints also need the complaint fields and a root cause.
 * @example { "closing": { "templateId": "closing-message", "fields": { "guestName": "Ayşe" } },
 *   "complaint": { "event": "AC broken", "impact": "a sleepless night", "expectation": "a new room" },
 *   "rootCause": "maintenance backlog" }
 */
export const ResolveRequestSchema = z.strictObject({
  closing: z.union([z.strictObject(freeText), z.strictObject(templated)]),
  complaint: ComplaintRequestSchema.optional(),
  rootCause: z.string().trim().min(1).max(500).optional(),
});
export type ResolveRequest = z.infer<typeof ResolveRequestSchema>;

/**
 * Sets the escalation level (0 none, 1 team lead, 2 supervisor). Anyone may raise it; lowering it
 * is a supervisor's (or admin's) call.
 * @example { "level": 2, "reason": "guest threatens a public review" }
 */
export const EscalationRequestSchema = z.strictObject({
  level: z.literal([0, 1, 2]),
  reason: z.string().trim().min(1).max(500),
});
export type EscalationRequest = z.infer<typeof EscalationRequestSchema>;

/**
 * Seed 001: what the hotel gives to make up for a failure; a supervisor's authority.
 * @example { "kind": "discount", "description": "20% off the spa", "amount": 40, "currency": "EUR" }
 */
export const CompensationRequestSchema = CompensationSchema.omit({
  approvedBy: true,
  approvedAt: true,
}).refine((b) => b.amount === undefined || b.currency !== undefined, {
  path: ['currency'],
  message: 'is required with an amount',
});
export type CompensationRequest = z.infer<typeof CompensationRequestSchema>;

export const QUEUE_PAGE_DEFAULT = 25;
export const QUEUE_PAGE_MAX = 100;

/**
 * Filters and paging of the queue. Query strings are text: `limit` is read as a number.
 * @example { "basket": "complaint", "assignee": "me", "limit": "50" }
 */
export const QueueQuerySchema = z.strictObject({
  hotel: z.string().min(1).optional().describe('A tenant id or hotel code of one of your hotels'),
  basket: BasketSchema.optional(),
  status: TicketStatusSchema.extract(['open', 'pending-guest']).optional(),
  channel: ChannelSchema.optional(),
  team: TeamSchema.optional(),
  assignee: z.string().min(1).max(128).optional().describe('A user id, or `me`'),
  cursor: z.string().min(1).max(4096).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(QUEUE_PAGE_MAX).default(QUEUE_PAGE_DEFAULT),
});
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

/**
 * Corrects the guest's profile (KVKK art. 11, GDPR art. 16): a field's right value, or null to
 * remove a wrong one. Only these fields: the phone number is the guest's WhatsApp identity and
 * is not corrected here (see `CORRECTABLE_FIELDS`).
 * @example { "name": "Ayşe Yılmaz", "email": null }
 */
export const GuestCorrectionRequestSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullable()
      .optional()
      .describe('The name to greet the guest with'),
    email: z.email().max(254).nullable().optional().describe('Where e-mail surveys may go'),
  })
  .refine((b) => b.name !== undefined || b.email !== undefined, { message: 'give a field to correct' });
export type GuestCorrectionRequest = z.infer<typeof GuestCorrectionRequestSchema>;

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 500;
/** One request reads at most this span of a hotel's log (its month partitions, a year and a day). */
export const AUDIT_RANGE_MAX_DAYS = 366;

const instant = z.iso
  .datetime({ offset: true })
  .describe('An ISO 8601 instant, e.g. 2026-07-01T00:00:00Z or 2026-07-01T00:00:00%2B03:00 (+ encoded)');

/**
 * A hotel's audit log between two instants, [from, to), oldest first; pages follow `nextCursor`
 * with the same hotel, from and to.
 * @example { "hotel": "aurora-belek", "from": "2026-07-01T00:00:00+03:00", "to": "2026-08-01T00:00:00+03:00" }
 */
export const AuditQuerySchema = z
  .strictObject({
    hotel: z.string().min(1).describe('A tenant id or hotel code of one of your hotels'),
    from: instant,
    to: instant,
    cursor: z.string().min(1).max(512).optional().describe('`nextCursor` of the previous page'),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
  })
  .superRefine((q, ctx) => {
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (span > AUDIT_RANGE_MAX_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `at most ${AUDIT_RANGE_MAX_DAYS} days after from`,
      });
  });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Responses (an `id` makes a schema one shared component of the OpenAPI document)
// ---------------------------------------------------------------------------------------------

/**
 * The warning on a guest message that carries special-category data, an identity document or a
 * payment card number: the categories found, and what `text` holds for the caller.
 * @example { "categories": ["allergy", "payment-card"], "textShown": "withheld" }
 */
export const SensitiveNoticeSchema = z
  .strictObject({
    categories: z.array(SensitiveCategorySchema).min(1),
    textShown: z
      .enum(['original', 'masked', 'withheld'])
      .optional()
      .describe(
        '`original`: opened for a caller with the `sensitive` grant (the read is audited as ' +
          '`ticket.sensitive.read`); `masked`: card numbers masked, nothing else was found; ' +
          '`withheld`: no text without the grant',
      ),
  })
  .meta({ id: 'SensitiveNotice' });
export type SensitiveNotice = z.infer<typeof SensitiveNoticeSchema>;

/**
 * A ticket's message with its delivery status; `internal` ones are staff notes. A guest message
 * with sensitive data carries its warning in `sensitive`; the sealed original never leaves the API.
 */
export const AgentMessageSchema = TicketMessageSchema.omit({ sensitive: true, sealedText: true })
  .extend({ sensitive: SensitiveNoticeSchema.optional() })
  .meta({ id: 'TicketMessage' });
export type AgentMessage = z.infer<typeof AgentMessageSchema>;

export const HotelRefSchema = z.strictObject({
  tenantId: z.string(),
  hotelCode: z.string(),
  name: z.string(),
});
export type HotelRef = z.infer<typeof HotelRefSchema>;

/** The SLA deadline a ticket must meet next. */
export const DeadlineSchema = z.strictObject({
  clock: z.enum(['first-response', 'interim-update', 'resolution']),
  dueAt: z.string(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

/**
 * A ticket as staff see it: everything but the guest's platform addresses and internal keys.
 * @example { "number": "AUB-2026-000042", "hotel": { "hotelCode": "AUB" }, "status": "open" }
 */
export const AgentTicketSchema = z
  .strictObject({
    ...TicketSchema.omit({
      recipientId: true,
      conversationKey: true,
      webchatSessionId: true,
      queueKey: true,
    }).shape,
    hotel: HotelRefSchema,
  })
  .meta({ id: 'AgentTicket' });
export type AgentTicket = z.infer<typeof AgentTicketSchema>;

/** One line of the queue: no message text, no guest data. */
export const QueueItemSchema = z
  .strictObject({
    ticketId: z.string(),
    number: z.string(),
    hotel: HotelRefSchema,
    channel: ChannelSchema,
    status: TicketStatusSchema,
    basket: BasketSchema.optional(),
    topics: z.array(TopicSchema),
    priority: PrioritySchema.optional(),
    language: LanguageSchema.optional(),
    team: TeamSchema.optional(),
    department: z.string().optional(),
    assignee: z.string().optional(),
    nearestDeadline: DeadlineSchema.optional(),
    openedAt: z.string(),
    lastInboundAt: z.string(),
    windowOpenUntil: z
      .string()
      .nullable()
      .describe('When free-text replies stop being allowed (null: web chat has no window)'),
    escalationLevel: z.number().int().min(0).max(2),
    reputationRisk: z.boolean(),
    tags: z.array(z.string()),
    leadStage: LeadStageSchema.optional(),
  })
  .meta({ id: 'QueueItem' });
export type QueueItem = z.infer<typeof QueueItemSchema>;

export const QueueResponseSchema = z.strictObject({
  items: z.array(QueueItemSchema),
  nextCursor: z.string().optional().describe('Absent on the last page'),
});
export type QueueResponse = z.infer<typeof QueueResponseSchema>;

/** How an answer may go out right now, from the channel's messaging window. */
export const ReplyOptionsSchema = z
  .strictObject({
    sendMode: z.enum(['free-text', 'whatsapp-template', 'human-agent-tag', 'closed']),
    freeTextAllowed: z.boolean(),
    templateRequired: z.boolean().describe('WhatsApp after 24 hours: only an approved template goes'),
    humanAgentTag: z
      .boolean()
      .describe("Instagram between 24 hours and 7 days: sent with Meta's HUMAN_AGENT tag"),
    windowClosesAt: z.string().nullable().describe('End of the 24-hour window (null: web chat)'),
    whatsappTemplates: z.array(z.string()).describe('Templates with an approved WhatsApp template'),
    canReply: z.boolean().describe('False once the ticket is resolved or closed (reopen it first)'),
  })
  .meta({ id: 'ReplyOptions' });
export type ReplyOptions = z.infer<typeof ReplyOptionsSchema>;

export const TicketViewResponseSchema = z.strictObject({
  ticket: AgentTicketSchema,
  messages: z.array(AgentMessageSchema),
  replyOptions: ReplyOptionsSchema,
});
export type TicketViewResponse = z.infer<typeof TicketViewResponseSchema>;

export const TicketResponseSchema = z.strictObject({ ticket: AgentTicketSchema });
export type TicketResponse = z.infer<typeof TicketResponseSchema>;

export const MessageResponseSchema = z.strictObject({ message: AgentMessageSchema });
export type MessageResponse = z.infer<typeof MessageResponseSchema>;

export const TagsResponseSchema = z.strictObject({ ticketId: z.string(), tags: z.array(z.string()) });
export type TagsResponse = z.infer<typeof TagsResponseSchema>;

export const EscalationResponseSchema = z.strictObject({
  ticket: AgentTicketSchema,
  changed: z.boolean().describe('False when the ticket already was at that level (e.g. a retried request)'),
});
export type EscalationResponse = z.infer<typeof EscalationResponseSchema>;

export const ResolveResponseSchema = z.strictObject({
  ticket: AgentTicketSchema,
  closingMessage: AgentMessageSchema,
  closingSent: z
    .boolean()
    .describe('False only when no platform allows any message (Instagram, 7 days after the guest)'),
});
export type ResolveResponse = z.infer<typeof ResolveResponseSchema>;

export const MeResponseSchema = z.strictObject({
  principal: PrincipalSchema,
  hotels: z.array(
    z.strictObject({ ...HotelRefSchema.shape, timeZone: z.string(), channels: z.array(ChannelSchema) }),
  ),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const TemplateSummarySchema = z.strictObject({
  id: z.string(),
  category: TemplateCategorySchema,
  basket: BasketSchema.optional(),
  topics: z.array(z.string()),
  description: z.string().optional(),
  fields: z.array(z.string()),
  languages: z.array(GuestLanguageSchema),
  hasWhatsAppTemplate: z.boolean().describe('Can go out on WhatsApp after the 24-hour window'),
});
export const TemplatesResponseSchema = z.strictObject({ templates: z.array(TemplateSummarySchema) });
export type TemplatesResponse = z.infer<typeof TemplatesResponseSchema>;

/**
 * The guest's profile after a correction: its correctable fields only (never the phone number),
 * and the names of the fields whose value changed.
 * @example { "profile": { "guestId": "g_4f1c", "name": "Ayşe Yılmaz" }, "changed": ["name", "email"] }
 */
export const GuestProfileResponseSchema = z.strictObject({
  profile: z.strictObject({
    guestId: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
  }),
  changed: z.array(z.enum(CORRECTABLE_FIELDS)).describe('Empty when the profile already held these values'),
});
export type GuestProfileResponse = z.infer<typeof GuestProfileResponseSchema>;

/** One page of a hotel's audit log, oldest first. */
export const AuditResponseSchema = z.strictObject({
  entries: z.array(AuditEntrySchema.meta({ id: 'AuditEntry' })),
  nextCursor: z.string().optional().describe('Absent on the last page'),
});
export type AuditResponse = z.infer<typeof AuditResponseSchema>;

/**
 * A 401: API Gateway's JWT authorizer answers so before the function runs (no token, a bad or
 * expired one), and the function answers the same when the token names no staff member.
 * @example { "message": "Unauthorized" }
 */
export const UnauthorizedResponseSchema = z
  .strictObject({ message: z.literal('Unauthorized') })
  .meta({ id: 'UnauthorizedResponse' });
export type UnauthorizedResponse = z.infer<typeof UnauthorizedResponseSchema>;

/** Every refusal but a 401: `error` is a stable code, `path` names the failing field of a 400. */
export const ErrorResponseSchema = z
  .object({
    error: z.string().meta({ examples: ['validation_failed', 'not_found', 'messaging_window_closed'] }),
    message: z.string(),
    path: z.string().optional().describe('The failing field, e.g. fields.guestName'),
  })
  .meta({ id: 'ErrorResponse' });

// ---------------------------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------------------------

export type { AgentRouteKey };

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422;

/** The body of each error answer: the gateway's own for 401, ErrorResponse for the others. */
export const ERROR_BODY_SCHEMAS = {
  400: ErrorResponseSchema,
  401: UnauthorizedResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
} as const satisfies Record<ErrorStatus, z.ZodType>;

export interface AgentRouteSpec {
  operationId: string;
  summary: string;
  description?: string;
  /** Who may call the route at all (a use case may refuse more, e.g. lowering an escalation). */
  roles: readonly Role[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  success: { status: 200 | 201 | 202; description: string; schema: z.ZodType };
  errors: readonly ErrorStatus[];
}

/** Everyone who works the inbox; the DPO handles data-subject requests and the audit log, not tickets. */
const ALL_ROLES = RoleSchema.options.filter((role) => role !== 'dpo');
/** Who may correct a guest's profile: guest relations (coordinators), supervisors and admins. */
const GUEST_CORRECTION_ROLES = ['coordinator', 'supervisor', 'admin'] as const satisfies readonly Role[];
/** Who may read the audit log: the hotels' admins and the data protection officer. */
const AUDIT_ROLES = ['admin', 'dpo'] as const satisfies readonly Role[];
/** Who handles data-subject requests (export, erasure): the hotels' admins and the DPO. */
const PRIVACY_ROLES = ['admin', 'dpo'] as const satisfies readonly Role[];
const TICKET_ERRORS = [400, 401, 403, 404] as const;

/**
 * Every route of the agent API, keyed as API Gateway names routes: the request schemas the
 * handler validates with, the success response it answers with, and the roles allowed. The
 * OpenAPI document `openapi/agent-api.json` is generated from it.
 */
export const AGENT_API = {
  'GET /agent/me': {
    operationId: 'getMe',
    summary: 'The caller, their role and the hotels they work for',
    roles: RoleSchema.options,
    success: { status: 200, description: 'The principal', schema: MeResponseSchema },
    errors: [401],
  },
  'GET /agent/queue': {
    operationId: 'listQueue',
    summary: "Open tickets of the caller's hotels, nearest SLA deadline first",
    description:
      'Owners see only their department. Filters combine; pages follow `nextCursor` with the same filters.',
    roles: ALL_ROLES,
    query: QueueQuerySchema,
    success: { status: 200, description: 'One page of the queue', schema: QueueResponseSchema },
    errors: [400, 401, 403],
  },
  'GET /agent/templates': {
    operationId: 'listTemplates',
    summary: 'The approved reply templates',
    roles: ALL_ROLES,
    success: { status: 200, description: 'The catalogue', schema: TemplatesResponseSchema },
    errors: [401],
  },
  'GET /agent/tickets/{ticketId}': {
    operationId: 'getTicket',
    summary: 'A ticket with its messages and how it may be answered now',
    description:
      'Recorded in the audit log (`ticket.messages.read`). A guest message with special-category ' +
      'data, an identity document or a card number carries a warning (`sensitive.categories`); its ' +
      'text is withheld (or shows card numbers masked) unless the caller has the `sensitive` grant, ' +
      'which opens the original and records `ticket.sensitive.read`.',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    success: { status: 200, description: 'The ticket', schema: TicketViewResponseSchema },
    errors: [401, 404],
  },
  'POST /agent/tickets/{ticketId}/replies': {
    operationId: 'replyToTicket',
    summary: 'Answer the guest with free text or a template',
    description:
      'Refused with 422 before anything is queued when the messaging window does not allow it ' +
      '(WhatsApp after 24 hours: templates with an approved WhatsApp template only). An offer ' +
      'template moves a lead to offer-sent; a sales lead goes on the follow-up list. A retry with the ' +
      'same `clientMessageId` answers the message queued before and sends it once; the same id with ' +
      'another text or template is 409.',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    body: ReplyRequestSchema,
    success: { status: 202, description: 'The message, queued for sending', schema: MessageResponseSchema },
    errors: [...TICKET_ERRORS, 409, 422],
  },
  'POST /agent/tickets/{ticketId}/assignment': {
    operationId: 'assignTicket',
    summary: 'Hand the ticket to a team, department or person',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    body: AssignRequestSchema,
    success: { status: 200, description: 'The ticket', schema: TicketResponseSchema },
    errors: [...TICKET_ERRORS, 409],
  },
  'POST /agent/tickets/{ticketId}/tags': {
    operationId: 'tagTicket',
    summary: 'Add and remove tags',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    body: TagsRequestSchema,
    success: { status: 200, description: 'The tags now', schema: TagsResponseSchema },
    errors: TICKET_ERRORS,
  },
  'POST /agent/tickets/{ticketId}/lead-stage': {
    operationId: 'setLeadStage',
    summary: 'Move a sales lead to offer-sent, booked or lost',
    description:
      'Sales tickets only (409 otherwise); booked and lost leave the follow-up list. A lead already ' +
      'at the stage answers 200 as it is (a retry is safe); lost already for another reason is 409.',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    body: LeadStageRequestSchema,
    success: { status: 200, description: 'The ticket', schema: TicketResponseSchema },
    errors: [...TICKET_ERRORS, 409],
  },
  'POST /agent/tickets/{ticketId}/notes': {
    operationId: 'addNote',
    summary: 'Add an internal note (never sent to the guest)',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    body: NoteRequestSchema,
    success: { status: 201, description: 'The note', schema: MessageResponseSchema },
    errors: TICKET_ERRORS,
  },
  'POST /agent/tickets/{ticketId}/resolve': {
    operationId: 'resolveTicket',
    summary: 'Resolve the ticket with a closing message to the guest',
    description:
      'Complaints need `complaint` and `rootCause`. On WhatsApp after 24 hours the closing message ' +
      'must be a template with an approved WhatsApp template (`closing-message`), else 422 and ' +
      'nothing changes. When no message may reach the guest at all (Instagram, 7 days after their ' +
      'last message) the closing text is kept as an internal note and `closingSent` is false. ' +
      'Resolving is idempotent: a ticket already resolved answers 200 as it is, with the closing ' +
      'message that went (a retry is safe); a closed ticket is 409.',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    body: ResolveRequestSchema,
    success: { status: 200, description: 'The resolved ticket', schema: ResolveResponseSchema },
    errors: [...TICKET_ERRORS, 409, 422],
  },
  'POST /agent/tickets/{ticketId}/reopen': {
    operationId: 'reopenTicket',
    summary: 'Reopen a resolved ticket',
    description:
      'A ticket already open again after a resolution answers 200 as it is (a retry is safe); one ' +
      'never resolved, or closed, is 409.',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    success: { status: 200, description: 'The reopened ticket', schema: TicketResponseSchema },
    errors: [401, 404, 409],
  },
  'POST /agent/tickets/{ticketId}/escalation': {
    operationId: 'setEscalation',
    summary: 'Raise (anyone) or lower (supervisors) the escalation level',
    description: 'A ticket already at the level answers 200 with `changed: false` (a retry is safe).',
    roles: ALL_ROLES,
    params: TicketPathSchema,
    body: EscalationRequestSchema,
    success: { status: 200, description: 'The ticket', schema: EscalationResponseSchema },
    errors: [...TICKET_ERRORS, 409],
  },
  'POST /agent/tickets/{ticketId}/compensation': {
    operationId: 'recordCompensation',
    summary: "Record the compensation the guest was given (a supervisor's authority)",
    roles: SUPERVISOR_ROLES,
    params: TicketPathSchema,
    body: CompensationRequestSchema,
    success: { status: 200, description: 'The ticket', schema: TicketResponseSchema },
    errors: TICKET_ERRORS,
  },
  'POST /agent/tickets/{ticketId}/guest': {
    operationId: 'correctGuestProfile',
    summary: "Correct the ticket's guest's name or e-mail address (recorded in the audit log)",
    description:
      'The ticket names the guest. The fields sent are set (null removes a wrong value) if the ' +
      'profile did not change meanwhile (409 otherwise: try again); the audit ' +
      'log records who corrected which fields, never their values.',
    roles: GUEST_CORRECTION_ROLES,
    params: TicketPathSchema,
    body: GuestCorrectionRequestSchema,
    success: { status: 200, description: 'The corrected profile', schema: GuestProfileResponseSchema },
    errors: [...TICKET_ERRORS, 409],
  },
  'GET /agent/audit': {
    operationId: 'listAuditEntries',
    summary: "A hotel's audit log: reads of guests' messages, corrections, data-subject requests",
    description:
      'Oldest first, between `from` (included) and `to` (excluded), at most 366 days apart; pages ' +
      'follow `nextCursor` with the same hotel, from and to. Entries name records by id and never ' +
      'hold message text, phone numbers or e-mail addresses. Every read is itself recorded ' +
      '(`audit.read`). A hotel the caller does not work for is 403, as in the queue.',
    roles: AUDIT_ROLES,
    query: AuditQuerySchema,
    success: { status: 200, description: 'One page of the audit log', schema: AuditResponseSchema },
    errors: [400, 401, 403],
  },
  'POST /privacy/requests': {
    operationId: 'handlePrivacyRequest',
    summary: "A data-subject request: export everything held about a guest, or erase the guest's data",
    description:
      '`export` answers one document with the guest’s profile, identities, consent, tickets and ' +
      'messages, stays, surveys, web-chat transcripts, the raw archive objects of their deliveries ' +
      'and their pseudonymous KPI lake rows. `erase` deletes what identifies the guest everywhere ' +
      '(table, raw archive, outbox), keeps tickets and surveys for the KPIs under a random id without ' +
      'text or contact data, rewrites the lake days concerned, and answers a receipt of counts. The ' +
      'subject is found by phone number, e-mail address or guest id; a subject nothing is held about ' +
      'answers an empty export or a receipt of zeros. Both are recorded in the audit log (counts, ' +
      'never the data). A hotel the caller does not work for is 404, as an unknown one.',
    roles: PRIVACY_ROLES,
    body: PrivacyRequestSchema,
    success: {
      status: 200,
      description: 'The export document, or the erasure receipt',
      schema: PrivacyResponseSchema,
    },
    errors: [400, 401, 403, 404],
  },
} as const satisfies Record<AgentRouteKey, AgentRouteSpec>;

export type AgentApi = typeof AGENT_API;

type SchemaOf<Spec, Key extends string> = Spec extends { [K in Key]: infer S extends z.ZodType }
  ? S
  : undefined;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the handler hands a route: its parsed path parameters, query and body. */
export interface RouteInput<K extends AgentRouteKey> {
  params: Parsed<SchemaOf<AgentApi[K], 'params'>>;
  query: Parsed<SchemaOf<AgentApi[K], 'query'>>;
  body: Parsed<SchemaOf<AgentApi[K], 'body'>>;
}

/** What a route answers with on success. */
export type RouteResponse<K extends AgentRouteKey> = z.input<AgentApi[K]['success']['schema']>;
