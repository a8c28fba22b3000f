import type { PrivacyExport } from '../../../schemas/privacy';
import { DEFAULT_RAW_ARCHIVE_RETENTION_DAYS, type Hotel, retentionOf } from '../hotels';
import type { JsonLakeRow } from './guest-lake-rows';
import { type GuestRecords, rawArchiveKeysOf, type Subject, subjectKindOf } from './guest-records';

/** An e-mail or SMS the local outbox holds for the guest (in AWS, SES and SNS keep none for us). */
export interface OutboxFile {
  kind: 'email' | 'sms';
  /** Its name in the outbox folder. */
  file: string;
  to?: string;
  subject?: string;
  text?: string;
  sentAt?: string;
}

/** What the export says about how long the data is kept, and about stores it cannot list. */
export const exportNotesOf = (hotel: Pick<Hotel, 'retention'>): string[] => [
  retentionNoteOf(hotel),
  'Raw archive: the objects listed hold the webhook bodies these messages arrived in, exactly as ' +
    'received. A body may also carry other guests’ messages, so they are listed, not copied; they ' +
    `are deleted at most ${rawArchiveRetentionNoteOf(hotel)} after they arrived.`,
  'Event bus archive: the pipeline’s events (message texts included) are kept for replay for 30 ' +
    'days and then deleted; individual events cannot be listed or removed.',
  'Duplicate detection: platform message ids are remembered for 8 days, so that a delivery Meta ' +
    'sends again is not processed twice.',
  'KPI lake: the rows listed are derived from the records above by the lake export itself; the ' +
    'guest appears there only as guest_key, a salted pseudonym. The lake holds them as of its last ' +
    'export of these days.',
];

/** How long the hotel keeps each part (GDPR art. 15(1)(d), KVKK art. 11: the storage period). */
const retentionNoteOf = (hotel: Pick<Hotel, 'retention'>) => {
  const { messageTextDays, auditLogDays } = retentionOf(hotel);
  return (
    `Storage periods: the words of messages (texts, captions, media) are removed ${messageTextDays} ` +
    'days after their ticket is resolved or their survey ends, and not while the ticket may still be ' +
    'reopened; what remains of tickets, messages and surveys (times, channels, scores) is kept for ' +
    'the hotel’s statistics. The profile, channel identities, stays and consent records are kept ' +
    `until erased on request. Records of who read or changed this data are kept ${auditLogDays} days.`
  );
};

/** The export does not know the deployment's default, only the hotel's own setting. */
const rawArchiveRetentionNoteOf = (hotel: Pick<Hotel, 'retention'>) => {
  const days = hotel.retention?.rawArchiveDays;
  return days === undefined
    ? `${DEFAULT_RAW_ARCHIVE_RETENTION_DAYS} days (the archive’s retention, unless the deployment sets another)`
    : `${days} days (the hotel’s raw archive retention)`;
};

export interface ExportInput {
  requestId: string;
  generatedAt: Date;
  hotel: Hotel;
  subject: Subject;
  records: GuestRecords;
  outbox: readonly OutboxFile[];
  lake: Record<string, JsonLakeRow[]>;
}

/** The export document: every record of the guest, grouped by what it is. */
export function exportDocumentOf(input: ExportInput): PrivacyExport {
  const { records, hotel } = input;
  return {
    kind: 'export',
    requestId: input.requestId,
    generatedAt: input.generatedAt.toISOString(),
    hotel: { tenantId: hotel.tenantId, hotelCode: hotel.hotelCode, name: hotel.name },
    subject: { kind: subjectKindOf(input.subject) },
    guests: records.guestIds.map((guestId) => {
      const profile = records.profiles.find((p) => p.guestId === guestId);
      const state = records.surveyStates.find((s) => s.guestId === guestId);
      return {
        guestId,
        ...(profile && {
          profile: {
            ...(profile.name !== undefined && { name: profile.name }),
            ...(profile.phoneNumber !== undefined && { phoneNumber: profile.phoneNumber }),
            ...(profile.email !== undefined && { email: profile.email }),
            ...(profile.createdAt !== undefined && { createdAt: profile.createdAt }),
            ...(profile.correctedAt !== undefined && { correctedAt: profile.correctedAt }),
          },
        }),
        identities: records.identities
          .filter((i) => i.guestId === guestId)
          .map(({ channel, platformId, linkedAt }) => ({
            channel,
            platformId,
            ...(linkedAt !== undefined && { linkedAt }),
          })),
        phoneNumbers: records.phoneNumbers.filter((p) => p.guestId === guestId).map((p) => p.phoneNumber),
        consent: records.consent.filter((c) => c.guestId === guestId),
        ...(state && {
          surveyState: {
            ...(state.lastSurveyId !== undefined && { lastSurveyId: state.lastSurveyId }),
            ...(state.lastSurveyAt !== undefined && { lastSurveyAt: state.lastSurveyAt }),
            ...(state.pendingSurveyId !== undefined && { pendingSurveyId: state.pendingSurveyId }),
            ...(state.pendingAnswerBy !== undefined && { pendingAnswerBy: state.pendingAnswerBy }),
          },
        }),
      };
    }),
    conversations: records.conversations.map(({ conversationKey, channel, currentTicketId }) => ({
      conversationKey,
      ...(channel !== undefined && { channel }),
      ...(currentTicketId !== undefined && { currentTicketId }),
    })),
    tickets: records.tickets,
    departures: records.departures.map(({ receivedAt, departure }) => ({ receivedAt, departure })),
    surveys: records.surveys,
    webchatSessions: records.webchat.map(({ session, messages }) => ({
      sessionId: session.sessionId,
      createdAt: session.createdAt,
      expiresAt: new Date(session.expiresAt).toISOString(),
      visitor: session.visitor,
      messages,
    })),
    rawArchive: rawArchiveKeysOf(records),
    outbox: [...input.outbox],
    lake: input.lake,
    notes: exportNotesOf(hotel),
  };
}
