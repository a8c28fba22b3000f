/**
 * The KPI lake: its tables, their columns and where their files live, defined once for the
 * export (Parquet writer), the CDK stack (Glue tables), the local runtime and DuckDB.
 *
 * Every table is partitioned by `dt`, the hotel's local date (YYYY-MM-DD) its rows belong to:
 * the day a ticket opened (for `tickets`, `ticket_topics`, `messages`, `sla_events` and a
 * ticket's CSAT survey), the day an NPS survey was scheduled, or the day of an audit log entry.
 * One file per hotel and day: `kpi/<table>/dt=<dt>/<tenantId>.parquet`, replaced whole by every
 * export of that day. No column holds guests' personal data: guests appear only as a salted
 * pseudonym (`guest_key`). Staff appear by user id in `audit_log.actor_id`: who read or changed
 * guest data is what an audit trail is for, and it is staff data the hotel already holds.
 */
export const LAKE_PREFIX = 'kpi';
export const LAKE_DATABASE = 'hotel_inbox_kpi';
export const PARTITION_COLUMN = 'dt';

export type LakeColumnType = 'string' | 'int' | 'double' | 'boolean' | 'timestamp';

export interface LakeColumn {
  name: string;
  type: LakeColumnType;
  comment: string;
}

const column = (name: string, type: LakeColumnType, comment: string): LakeColumn => ({ name, type, comment });

const hotel = column('hotel', 'string', 'the hotel (tenant id)');
const ticketId = column('ticket_id', 'string', 'the ticket');
const guestKey = column('guest_key', 'string', 'salted pseudonym of the guest; not reversible');

export const LAKE_TABLES = {
  tickets: {
    comment: "one row per ticket, its state as of the export; dt is the hotel's local date it opened",
    columns: [
      hotel,
      ticketId,
      column('ticket_number', 'string', 'record number, e.g. AUB-2026-000042'),
      guestKey,
      column('channel', 'string', 'whatsapp, instagram or webchat'),
      column('origin', 'string', 'nps-detractor or nps-passive when a survey answer opened it'),
      column('status', 'string', 'open, pending-guest, resolved or closed'),
      column('basket', 'string', 'sales, support or complaint'),
      column('intent', 'string', 'triage intent'),
      column('language', 'string', "the guest's language"),
      column('stage', 'string', 'pre-stay or post-stay'),
      column('topics', 'string', 'comma-separated topics; one row each in ticket_topics'),
      column('priority', 'string', 'triage priority'),
      column('reputation_risk', 'boolean', 'the guest threatened a public review'),
      column('owner_team', 'string', 'frontline, coordinator, owner or supervisor'),
      column('department', 'string', 'owning department when the owner is a department'),
      column('opened_at', 'timestamp', 'UTC'),
      column('first_response_at', 'timestamp', 'UTC'),
      column('resolved_at', 'timestamp', 'UTC, the last resolution'),
      column('closed_at', 'timestamp', 'UTC'),
      column('first_response_seconds', 'int', 'opened to first answer, waiting for the guest excluded'),
      column('resolution_seconds', 'int', 'opened (or last reopened) to resolution; null while unresolved'),
      column('sla_clock', 'string', 'business or 24/7'),
      column('first_response_sla', 'string', 'met or breached; null while undecided (current cycle)'),
      column('resolution_sla', 'string', 'met or breached; null while undecided (current cycle)'),
      column('escalation_level', 'int', '0 none, 1 team lead, 2 supervisor'),
      column('reopen_count', 'int', 'times reopened'),
      column('message_count', 'int', 'guest messages'),
      column('lead_stage', 'string', 'lead, offer-sent, booked or lost (sales only)'),
      column(
        'lead_offer_sent',
        'boolean',
        'the lead reached an offer (offer-sent, booked, or lost after an offer)',
      ),
      column('lost_opportunity', 'boolean', 'an answered lead waited past its follow-up time'),
      column('lost_opportunity_at', 'timestamp', 'UTC'),
      column('root_cause', 'string', "staff's root cause of a complaint, lower case"),
      column('compensation_kind', 'string', 'what the hotel gave, if anything'),
      column('csat_score', 'int', '1-5, the last resolution'),
      column('exported_at', 'timestamp', 'UTC'),
    ],
  },
  ticket_topics: {
    comment: "one row per ticket and topic, for per-topic KPIs; dt is the ticket's",
    columns: [hotel, ticketId, column('topic', 'string', 'triage topic')],
  },
  messages: {
    comment: "one row per message of a ticket, without its text; dt is the ticket's",
    columns: [
      hotel,
      ticketId,
      column('message_id', 'string', 'the message'),
      column('direction', 'string', 'inbound, outbound or internal (an agent note)'),
      column('author', 'string', 'guest, agent, hotel-app or system'),
      column('channel', 'string', 'whatsapp, instagram or webchat'),
      column('message_type', 'string', 'text, image, template…'),
      column('sent_at', 'timestamp', 'UTC, when it was written'),
      column('response_seconds', 'int', "an answer's delay since the oldest guest message it answers"),
      column('delivery_status', 'string', 'outbound only: queued … read, or failed'),
      column('sent_as', 'string', 'free-text, whatsapp-template or human-agent-tag'),
    ],
  },
  sla_events: {
    comment: "one row per decided SLA clock of a ticket's current cycle; dt is the ticket's",
    columns: [
      hotel,
      ticketId,
      column('basket', 'string', "the ticket's basket"),
      column('priority', 'string', "the ticket's priority"),
      column('clock', 'string', 'first-response, interim-update or resolution'),
      column('cycle', 'int', 'reopen count the clock ran for'),
      column('due_at', 'timestamp', 'UTC, pauses for the guest included'),
      column('outcome', 'string', 'met or breached'),
      column('decided_at', 'timestamp', 'UTC'),
    ],
  },
  surveys: {
    comment:
      "NPS surveys (dt: the hotel's local date scheduled) and CSAT after resolutions (dt: the ticket's)",
    columns: [
      hotel,
      column('survey_id', 'string', 'the NPS survey, or <ticket_id>#<cycle> for a CSAT'),
      column('survey_type', 'string', 'NPS or CSAT'),
      guestKey,
      ticketId,
      column('status', 'string', 'NPS: scheduled, sent, answered, expired, skipped; CSAT: … no-response'),
      column('channel', 'string', 'where it was sent (or would be)'),
      column('language', 'string', "the guest's language"),
      column('market', 'string', 'ISO country of the guest (NPS)'),
      column('room_type', 'string', 'NPS segment'),
      column('stay_purpose', 'string', 'NPS segment'),
      column('request_type', 'string', "basket of the guest's last ticket (NPS)"),
      column('scheduled_for', 'timestamp', 'UTC'),
      column('sent_at', 'timestamp', 'UTC'),
      column('answered_at', 'timestamp', 'UTC'),
      column('score', 'int', 'NPS 0-10, CSAT 1-5'),
      column('category', 'string', 'NPS: detractor, passive or promoter'),
      column('skipped_reason', 'string', 'no-consent, frequency-cap or no-channel'),
      column('follow_up_ticket_id', 'string', "the detractor's call-back or passive's follow-up ticket"),
      column('review_invited_at', 'timestamp', "UTC, a promoter's review invitation"),
    ],
  },
  audit_log: {
    comment:
      "one row per audit log entry (who read guests' messages, corrected a profile, handled a data-subject request); dt is the hotel's local date of the entry",
    columns: [
      hotel,
      column('audit_id', 'string', '<occurred_at>#<id>, unique'),
      column('occurred_at', 'timestamp', 'UTC'),
      column(
        'actor_id',
        'string',
        "the staff member's user id (staff data, kept for accountability), or the pipeline's own id",
      ),
      column('actor_role', 'string', 'frontline … admin, dpo; system or operator'),
      column(
        'action',
        'string',
        'ticket.messages.read, guest.profile.corrected, privacy.export, audit.read…',
      ),
      ticketId,
      guestKey,
      column('request_id', 'string', 'the data-subject request'),
      column(
        'details_keys',
        'string',
        'comma-separated names of the recorded details (a correction: the changed fields), never values',
      ),
    ],
  },
} as const satisfies Record<string, { comment: string; columns: readonly LakeColumn[] }>;

export type LakeTableName = keyof typeof LAKE_TABLES;
export const LAKE_TABLE_NAMES = Object.keys(LAKE_TABLES) as LakeTableName[];

/** A value of a lake row: a JS Date for timestamps, null when unknown. */
export type LakeValue = string | number | boolean | Date | null;
export type LakeRow = Record<string, LakeValue>;

/** The folder of one table's day. */
export const partitionPrefix = (table: LakeTableName, dt: string) => `${LAKE_PREFIX}/${table}/dt=${dt}/`;

/** The one file of a hotel's day of a table. */
export const lakeObjectKey = (table: LakeTableName, dt: string, tenantId: string) =>
  `${partitionPrefix(table, dt)}${tenantId}.parquet`;
