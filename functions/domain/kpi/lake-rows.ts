import { createHmac } from 'node:crypto';
import type { AuditEntry } from '../../../schemas/audit';
import type { Survey } from '../../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import type { LakeRow } from '../../contracts/lake';

/**
 * The salted pseudonym a guest has in the lake: the same guest of a hotel always gets the
 * same key (so analysts can count returning guests), and without the salt it leads nowhere.
 */
export const guestKeyOf = (salt: string, tenantId: string, guestId: string): string =>
  createHmac('sha256', salt).update(`${tenantId}\u0000${guestId}`).digest('hex').slice(0, 32);

const timestamp = (iso: string | undefined): Date | null => (iso === undefined ? null : new Date(iso));
const text = (value: string | undefined): string | null => value ?? null;
const seconds = (value: number | undefined): number | null =>
  value === undefined ? null : Math.round(value);

/**
 * Staff's free text (a root cause) as a category: lower case, with anything that looks like an
 * e-mail address or a phone or card number masked, since a name or number may slip into it.
 */
export const asCategory = (value: string | undefined): string | null =>
  value === undefined
    ? null
    : value
        .trim()
        .toLowerCase()
        .replace(/\S+@\S+/g, '[email]')
        .replace(/\+?\d[\d\s()-]{4,}\d/g, '[number]');

/** A lead reached an offer when it is at or past offer-sent, or was lost after an offer. */
const offerSent = (ticket: Ticket): boolean | null => {
  if (ticket.leadStage === undefined) return null;
  if (ticket.leadStage === 'offer-sent' || ticket.leadStage === 'booked') return true;
  return ticket.leadStage === 'lost' && ticket.leadStageChange?.from === 'offer-sent';
};

export function ticketRow(ticket: Ticket, guestKey: string, exportedAt: Date): LakeRow {
  return {
    hotel: ticket.tenantId,
    ticket_id: ticket.ticketId,
    ticket_number: ticket.number,
    guest_key: guestKey,
    channel: ticket.channel,
    origin: text(ticket.origin),
    status: ticket.status,
    basket: text(ticket.basket),
    intent: text(ticket.intent),
    language: text(ticket.language),
    stage: text(ticket.stage),
    topics: ticket.topics.length > 0 ? ticket.topics.join(',') : null,
    priority: text(ticket.priority),
    reputation_risk: ticket.reputationRisk,
    owner_team: text(ticket.ownerTeam),
    department: text(ticket.department),
    opened_at: new Date(ticket.openedAt),
    first_response_at: timestamp(ticket.firstResponseAt),
    resolved_at: timestamp(ticket.resolvedAt),
    closed_at: timestamp(ticket.closedAt),
    first_response_seconds: seconds(ticket.firstResponseSeconds),
    // A reopened ticket keeps its last resolution's seconds until it is resolved again.
    resolution_seconds: ticket.resolvedAt === undefined ? null : seconds(ticket.resolutionSeconds),
    sla_clock: text(ticket.sla?.clock),
    first_response_sla: text(ticket.sla?.firstResponse.outcome),
    resolution_sla: text(ticket.sla?.resolution.outcome),
    escalation_level: ticket.escalationLevel,
    reopen_count: ticket.reopenCount,
    message_count: ticket.messageCount,
    lead_stage: text(ticket.leadStage),
    lead_offer_sent: offerSent(ticket),
    lost_opportunity: ticket.lostOpportunityAt !== undefined,
    lost_opportunity_at: timestamp(ticket.lostOpportunityAt),
    root_cause: asCategory(ticket.rootCause),
    compensation_kind: text(ticket.compensation?.kind),
    csat_score: ticket.csat?.score ?? null,
    exported_at: exportedAt,
  };
}

export const ticketTopicRows = (ticket: Ticket): LakeRow[] =>
  ticket.topics.map((topic) => ({ hotel: ticket.tenantId, ticket_id: ticket.ticketId, topic }));

/** Answers by staff (not the system's automatic messages) end the guest's wait. */
const answersGuest = (message: TicketMessage) =>
  message.direction === 'outbound' && (message.author === 'agent' || message.author === 'hotel-app');

/** A ticket's messages without their text; an answer carries how long the guest had waited. */
export function messageRows(ticket: Ticket, messages: readonly TicketMessage[]): LakeRow[] {
  let waitingSince: string | undefined;
  return [...messages]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((message) => {
      let responseSeconds: number | null = null;
      if (message.direction === 'inbound') waitingSince ??= message.at;
      else if (answersGuest(message) && waitingSince !== undefined) {
        responseSeconds = Math.round((Date.parse(message.at) - Date.parse(waitingSince)) / 1000);
        waitingSince = undefined;
      }
      return {
        hotel: ticket.tenantId,
        ticket_id: ticket.ticketId,
        message_id: message.messageId,
        direction: message.direction,
        author: message.author,
        channel: message.channel,
        message_type: message.type,
        sent_at: new Date(message.at),
        response_seconds: responseSeconds,
        delivery_status: text(message.delivery?.status),
        sent_as: text(message.sentAs),
      };
    });
}

const CLOCKS = [
  ['first-response', 'firstResponse'],
  ['interim-update', 'interimUpdate'],
  ['resolution', 'resolution'],
] as const;

/** The decided SLA clocks of the ticket's current cycle. */
export function slaEventRows(ticket: Ticket): LakeRow[] {
  const sla = ticket.sla;
  if (!sla) return [];
  return CLOCKS.flatMap(([clock, field]) => {
    const state = sla[field];
    if (!state?.outcome) return [];
    return [
      {
        hotel: ticket.tenantId,
        ticket_id: ticket.ticketId,
        basket: text(ticket.basket),
        priority: text(ticket.priority),
        clock,
        cycle: sla.cycle,
        due_at: new Date(state.dueAt),
        outcome: state.outcome,
        decided_at: timestamp(state.decidedAt),
      },
    ];
  });
}

const EMPTY_SURVEY = {
  market: null,
  room_type: null,
  stay_purpose: null,
  request_type: null,
  category: null,
  skipped_reason: null,
  follow_up_ticket_id: null,
  review_invited_at: null,
} satisfies LakeRow;

/** The CSAT of a ticket's last resolution, as a survey row. */
export function csatRow(ticket: Ticket, guestKey: string): LakeRow[] {
  const csat = ticket.csat;
  if (!csat) return [];
  return [
    {
      ...EMPTY_SURVEY,
      hotel: ticket.tenantId,
      survey_id: `${ticket.ticketId}#${csat.cycle}`,
      survey_type: 'CSAT',
      guest_key: guestKey,
      ticket_id: ticket.ticketId,
      status: csat.status,
      channel: ticket.channel,
      language: text(ticket.language),
      scheduled_for: timestamp(csat.sendAt),
      sent_at: timestamp(csat.sentAt),
      answered_at: timestamp(csat.answeredAt),
      score: csat.score ?? null,
    },
  ];
}

export function npsRow(survey: Survey, guestKey: string): LakeRow {
  return {
    hotel: survey.tenantId,
    survey_id: survey.surveyId,
    survey_type: 'NPS',
    guest_key: guestKey,
    ticket_id: null,
    status: survey.status,
    channel: text(survey.sentVia ?? survey.segment.channel),
    language: survey.language,
    market: text(survey.segment.market),
    room_type: text(survey.segment.roomType),
    stay_purpose: text(survey.segment.stayPurpose),
    request_type: text(survey.segment.requestType),
    scheduled_for: new Date(survey.scheduledFor),
    sent_at: timestamp(survey.sentAt),
    answered_at: timestamp(survey.answeredAt),
    score: survey.score ?? null,
    category: text(survey.category),
    skipped_reason: text(survey.skippedReason),
    follow_up_ticket_id: text(survey.followUpTicketId),
    review_invited_at: timestamp(survey.reviewInvitationSentAt),
  };
}

/**
 * An audit log entry as a lake row: who, in what role, did what, when, on which ticket or
 * request. The guest only as their pseudonym, and of the details only their names (a
 * correction's changed fields), never a value.
 */
export function auditRow(entry: AuditEntry, guestKey: string | null): LakeRow {
  const detailKeys = Object.keys(entry.details ?? {}).sort();
  return {
    hotel: entry.tenantId,
    audit_id: entry.auditId,
    occurred_at: new Date(entry.at),
    actor_id: entry.actor.userId,
    actor_role: entry.actor.role,
    action: entry.action,
    ticket_id: text(entry.target.ticketId),
    guest_key: guestKey,
    request_id: text(entry.target.requestId),
    details_keys: detailKeys.length > 0 ? detailKeys.join(',') : null,
  };
}
