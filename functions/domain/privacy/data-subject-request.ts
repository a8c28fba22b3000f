import type { AuditEntry } from '../../../schemas/audit';
import { surveyThreadId } from '../../../schemas/events';
import type {
  ErasureCounts,
  PrivacyErasureReceipt,
  PrivacyExport,
  PrivacyRequest,
  PrivacyResponse,
} from '../../../schemas/privacy';
import type { Survey } from '../../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { NotFoundError, ValidationError } from '../errors';
import type { Hotel } from '../hotels';
import type { StoredDeparture } from '../surveys/ports';
import type { SurveyThreadMessage } from '../surveys/survey-message';
import { normalizePhoneNumber } from '../tickets/guest-phone';
import type { AuditLog } from './audit-log';
import { lakeDaysOf, type MessageRewrite, planErasure } from './erasure-plan';
import { exportDocumentOf, type OutboxFile } from './export-document';
import { guestLakeRows } from './guest-lake-rows';
import {
  contactPointsOf,
  emptyRecords,
  type GuestRecords,
  outboundPlatformIdsOf,
  rawArchiveKeysOf,
  type Subject,
  subjectKindOf,
  webchatSessionIdsOf,
} from './guest-records';
import { type ContactPoints, maskPersonal } from './mask-personal';
import { SealedTextError, type SensitiveTextCipher } from './sensitive-text-cipher';

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

/** A message of a ticket's or a survey's thread, written again (see `planErasure`). */
export type ThreadRewrite = MessageRewrite<TicketMessage | SurveyThreadMessage>;

/** The guest's records in the single table: found by key, read, and erased part by part. */
export interface GuestDataStore {
  /** The hotel's guests the subject names: by phone index and WhatsApp id, e-mail index, or id. */
  findGuests(tenantId: string, subject: Subject): Promise<string[]>;
  /** Everything the table holds about these guests, from their partitions and pointers. */
  collect(tenantId: string, guestIds: readonly string[]): Promise<GuestRecords>;
  /** Deletes web-chat sessions with their transcripts; the number of sessions that were there. */
  deleteWebchatSessions(tenantId: string, sessionIds: readonly string[]): Promise<number>;
  /** Deletes the platform message id links of outbound messages (a WhatsApp id encodes the number). */
  deleteOutboundLinks(tenantId: string, platformMessageIds: readonly string[]): Promise<number>;
  /** Deletes conversations with their archive index; the number that were there. */
  deleteConversations(tenantId: string, conversationKeys: readonly string[]): Promise<number>;
  /** Replaces each message of a thread (a ticket or `survey:<id>`) by its rewrite, under its new id. */
  rewriteThread(tenantId: string, threadId: string, rewrites: readonly ThreadRewrite[]): Promise<void>;
  /** Writes the ticket over the stored one (its indexes follow its status). */
  replaceTicket(ticket: Ticket): Promise<void>;
  replaceSurvey(survey: Survey): Promise<void>;
  replaceDeparture(departure: StoredDeparture): Promise<void>;
  /** Deletes the identity, phone and e-mail index items of the records that point at their guests. */
  deleteIndexEntries(
    records: GuestRecords,
  ): Promise<Pick<ErasureCounts, 'identities' | 'phoneNumbers' | 'emailIndexEntries'>>;
  /**
   * Deletes the guests' partitions: profile, consent records, survey state and the pointers to
   * tickets, identities, departures and addresses. Last: until then a retry finds everything again.
   */
  deleteGuests(tenantId: string, guestIds: readonly string[]): Promise<number>;
}

/** The raw webhook archive (S3, or `.data/raw/` locally). */
export interface RawArchiveEraser {
  /** Deletes the objects; the number that were there (S3 cannot tell: the number asked for). */
  remove(keys: readonly string[]): Promise<number>;
}

/** Copies of e-mails and SMS sent to guests: the local outbox folder; none in AWS. */
export interface GuestOutbox {
  /** The files of these messages (`<tenant>--<messageId>`) and any addressed to the contacts. */
  find(
    tenantId: string,
    messageIds: readonly string[],
    contacts: Pick<ContactPoints, 'phones' | 'emails'>,
  ): Promise<OutboxFile[]>;
  remove(files: readonly OutboxFile[]): Promise<number>;
}

/** The KPI lake as far as a guest is concerned: their pseudonym, and rewriting days from the table. */
export interface PseudonymousLake {
  guestKey(tenantId: string, guestId: string): string;
  /** Exports the hotel's days again from the table, replacing their files. */
  rewriteDays(hotel: Hotel, days: readonly string[]): Promise<void>;
}

export interface DataSubjectDeps {
  hotels: readonly Hotel[];
  store: GuestDataStore;
  rawArchive: RawArchiveEraser;
  outbox: GuestOutbox;
  lake: PseudonymousLake;
  audit: AuditLog;
  /**
   * Opens the sealed texts of the guest's messages for their export (their own words are theirs
   * to have). Left out: sealed texts stay withheld in the export, as for staff without the grant.
   */
  sealedText?: Pick<SensitiveTextCipher, 'decrypt'>;
  now(): Date;
  /** A fresh random id (request ids, the ids that replace erased ones). */
  newId(): string;
}

/** Who asks: a staff member (admin or DPO) of some hotels, or the local operator of every hotel. */
export interface Requester {
  userId: string;
  role: AuditEntry['actor']['role'];
  /** The tenant ids the requester works for; undefined: every configured hotel. */
  hotels?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Use cases
// ---------------------------------------------------------------------------------------------

/** A data-subject request of one hotel: the export document, or the erasure receipt. */
export function handleDataSubjectRequest(
  deps: DataSubjectDeps,
  requester: Requester,
  request: PrivacyRequest,
): Promise<PrivacyResponse> {
  return request.kind === 'export'
    ? exportGuestData(deps, requester, request)
    : eraseGuestData(deps, requester, request);
}

/**
 * Everything held about the guest in the hotel, in one document: their records in the table, the
 * archive objects of their deliveries, their e-mails and SMS in the outbox, and their rows in the
 * KPI lake as the export derives them. Reads by key only, so a normal guest takes well under a
 * second. Recorded in the audit log (`privacy.export`) with counts, never with what was exported.
 */
export async function exportGuestData(
  deps: DataSubjectDeps,
  requester: Requester,
  request: PrivacyRequest,
): Promise<PrivacyExport> {
  const hotel = hotelOf(deps, requester, request.hotel);
  const { tenantId } = hotel;
  const generatedAt = deps.now();
  const requestId = deps.newId();
  const stored = await recordsOf(deps, tenantId, request.subject);
  const { records, opened } = await openSealedTexts(stored, deps.sealedText);
  const points = contactPointsOf(records);
  const outbox = await deps.outbox.find(tenantId, outboxMessageIdsOf(records), withSubject(points, request));
  const lake = guestLakeRows(records, (guestId) => deps.lake.guestKey(tenantId, guestId), generatedAt);
  const document = exportDocumentOf({
    requestId,
    generatedAt,
    hotel,
    subject: request.subject,
    records,
    outbox,
    lake,
  });
  await deps.audit.record(
    auditEntry(requester, tenantId, 'privacy.export', requestId, generatedAt, {
      ...baseDetails(request, records, points),
      tickets: records.tickets.length,
      messages: records.tickets.reduce((n, t) => n + t.messages.length, 0),
      sealedTextsOpened: opened,
      surveys: records.surveys.length,
      rawArchiveObjects: document.rawArchive.length,
      outboxFiles: outbox.length,
      lakeRows: Object.values(lake).reduce((n, rows) => n + rows.length, 0),
    }),
  );
  return document;
}

/**
 * Erases the guest from the hotel: deletes what identifies them (profiles, identities, phone and
 * e-mail index entries, consent records, survey state, conversations, web-chat sessions, outbound
 * links, raw archive objects, outbox files) and anonymises what the KPIs need (tickets, their
 * messages, surveys, departures: re-keyed to a random guest id, without text or contact data), then
 * exports the affected lake days again so the old pseudonym leaves the lake. Order matters: what
 * finds the guest (their partition, identities, phone and e-mail index) goes last, so an erasure
 * that fails half-way is finished by asking again. Recorded (`privacy.erase`) with counts only.
 */
export async function eraseGuestData(
  deps: DataSubjectDeps,
  requester: Requester,
  request: PrivacyRequest,
): Promise<PrivacyErasureReceipt> {
  const hotel = hotelOf(deps, requester, request.hotel);
  const { tenantId } = hotel;
  const requestId = deps.newId();
  const records = await recordsOf(deps, tenantId, request.subject);
  const points = contactPointsOf(records);
  const plan = planErasure(records, deps.newId, deps.now());
  const { store } = deps;

  const rawArchiveObjects = await deps.rawArchive.remove(rawArchiveKeysOf(records));
  const outboxFiles = await deps.outbox.remove(
    await deps.outbox.find(tenantId, outboxMessageIdsOf(records), withSubject(points, request)),
  );
  const webchatSessions = await store.deleteWebchatSessions(tenantId, webchatSessionIdsOf(records));
  const outboundLinks = await store.deleteOutboundLinks(tenantId, outboundPlatformIdsOf(records));
  const conversations = await store.deleteConversations(
    tenantId,
    records.conversations.map((c) => c.conversationKey),
  );
  for (const { after, messages } of plan.tickets) {
    await store.rewriteThread(tenantId, after.ticketId, messages);
    await store.replaceTicket(after);
  }
  for (const { after, messages } of plan.surveys) {
    await store.rewriteThread(tenantId, surveyThreadId(after.surveyId), messages);
    await store.replaceSurvey(after);
  }
  for (const departure of plan.departures) await store.replaceDeparture(departure);
  const days = lakeDaysOf(records, hotel.timeZone);
  await deps.lake.rewriteDays(hotel, days);
  const index = await store.deleteIndexEntries(records);
  const profiles = await store.deleteGuests(tenantId, records.guestIds);

  const completedAt = deps.now();
  const erased: ErasureCounts = {
    profiles,
    ...index,
    consentRecords: records.consent.length,
    conversations,
    webchatSessions,
    outboundLinks,
    ticketsAnonymised: plan.tickets.length,
    ticketsClosed: plan.tickets.filter((t) => t.closed).length,
    messagesAnonymised: [...plan.tickets, ...plan.surveys].reduce((n, t) => n + t.messages.length, 0),
    departuresAnonymised: plan.departures.length,
    surveysAnonymised: plan.surveys.length,
    rawArchiveObjects,
    outboxFiles,
    lakeDaysRewritten: days.length,
  };
  await deps.audit.record(
    auditEntry(requester, tenantId, 'privacy.erase', requestId, completedAt, {
      ...baseDetails(request, records, points),
      ...erased,
    }),
  );
  return {
    kind: 'erase',
    requestId,
    completedAt: completedAt.toISOString(),
    hotel: { tenantId, hotelCode: hotel.hotelCode, name: hotel.name },
    subject: { kind: subjectKindOf(request.subject) },
    guests: records.guestIds.length,
    erased,
    kept: ERASURE_KEEPS,
  };
}

/** What an erasure leaves, said in its receipt. */
export const ERASURE_KEEPS = [
  'Tickets, their messages, surveys and departures, for the KPIs: under a random guest id, without ' +
    'text, names, phone numbers, addresses, platform or message ids. Ticket numbers and reservation ' +
    'ids stay (a reservation sent again by the PMS is recognised, not surveyed anew).',
  'KPI lake rows, rewritten from the kept records: the old pseudonym is gone from the days rewritten.',
  'This erasure’s audit entry: who, when, what was erased (counts), never the data.',
  'Until they expire: the event bus archive (30 days) and the duplicate-detection keys of platform ' +
    'message ids (8 days), which keep a delivery Meta sends again from bringing the data back.',
];

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

/** The hotel named (tenant id or code) among the requester's; another hotel is as unknown as none. */
function hotelOf(deps: DataSubjectDeps, requester: Requester, name: string): Hotel {
  const hotel = deps.hotels.find((h) => h.tenantId === name || h.hotelCode === name.toUpperCase());
  if (!hotel || (requester.hotels && !requester.hotels.includes(hotel.tenantId)))
    throw new NotFoundError('No such hotel');
  return hotel;
}

async function recordsOf(deps: DataSubjectDeps, tenantId: string, subject: Subject): Promise<GuestRecords> {
  if ('phone' in subject && !normalizePhoneNumber(subject.phone))
    throw new ValidationError('subject.phone', 'is not a phone number (7 to 15 digits)');
  const guestIds = await deps.store.findGuests(tenantId, subject);
  return guestIds.length > 0 ? deps.store.collect(tenantId, guestIds) : emptyRecords(tenantId);
}

/**
 * The records with each sealed message text opened into `text` when the cipher can, and no
 * `sealedText` left either way (an envelope means nothing to the guest).
 */
async function openSealedTexts(
  records: GuestRecords,
  cipher: DataSubjectDeps['sealedText'],
): Promise<{ records: GuestRecords; opened: number }> {
  let opened = 0;
  const open = async <M extends TicketMessage | SurveyThreadMessage>(message: M): Promise<M> => {
    const { sealedText, ...rest } = message;
    if (sealedText === undefined) return message;
    try {
      if (!cipher) return rest as M;
      const text = await cipher.decrypt(records.tenantId, sealedText);
      opened++;
      return { ...rest, text } as M;
    } catch (error) {
      if (error instanceof SealedTextError) return rest as M;
      throw error;
    }
  };
  const tickets = await Promise.all(
    records.tickets.map(async (t) => ({ ...t, messages: await Promise.all(t.messages.map(open)) })),
  );
  const surveys = await Promise.all(
    records.surveys.map(async (s) => ({ ...s, messages: await Promise.all(s.messages.map(open)) })),
  );
  return { records: { ...records, tickets, surveys }, opened };
}

/** The survey messages that went by e-mail or SMS: the outbox files are named after them. */
const outboxMessageIdsOf = (records: GuestRecords): string[] =>
  records.surveys.flatMap((s) =>
    s.messages.filter((m) => m.channel === 'email' || m.channel === 'sms').map((m) => m.messageId),
  );

/** The contacts to look for in the outbox: the records', and the subject's own. */
function withSubject(points: ContactPoints, request: PrivacyRequest): ContactPoints {
  const { subject } = request;
  return {
    ...points,
    phones: 'phone' in subject ? [...points.phones, subject.phone] : points.phones,
    emails: 'email' in subject ? [...points.emails, subject.email] : points.emails,
  };
}

type AuditDetails = NonNullable<AuditEntry['details']>;

/** Non-personal facts every privacy audit entry has: the subject's kind, guests, the masked reason. */
function baseDetails(request: PrivacyRequest, records: GuestRecords, points: ContactPoints): AuditDetails {
  return {
    subject: subjectKindOf(request.subject),
    guests: records.guestIds.length,
    ...(request.reason && { reason: maskPersonal(request.reason, withSubject(points, request)) }),
  };
}

function auditEntry(
  requester: Requester,
  tenantId: string,
  action: 'privacy.export' | 'privacy.erase',
  requestId: string,
  at: Date,
  details: AuditDetails,
): AuditEntry {
  const iso = at.toISOString();
  return {
    tenantId,
    auditId: `${iso}#${requestId}`,
    at: iso,
    actor: { userId: requester.userId, role: requester.role },
    action,
    // The request, not the guest: after an erasure no id of theirs should lead anywhere.
    target: { requestId },
    details,
  };
}
