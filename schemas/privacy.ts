import * as z from 'zod';
import { ConsentRecordSchema } from './consent';
import { ChannelSchema } from './events/common';
import { DepartureSchema, SurveyChannelSchema, SurveySchema } from './surveys';
import { TicketMessageSchema, TicketSchema } from './ticket';
import { WebchatTranscriptMessageSchema } from './webchat';

/**
 * Who a data-subject request is about: a phone number (any common spelling; it is read as E.164),
 * an e-mail address, or a guest id from a ticket.
 * @example { "phone": "+90 532 123 45 67" }
 */
export const PrivacySubjectSchema = z.union([
  z.strictObject({ phone: z.string().trim().min(6).max(32) }),
  z.strictObject({ email: z.email().max(320) }),
  z.strictObject({
    guestId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'a guest id as tickets show it, e.g. g_4f1c…'),
  }),
]);
export type PrivacySubject = z.infer<typeof PrivacySubjectSchema>;

export const SubjectKindSchema = z.enum(['phone', 'email', 'guestId']);
export type SubjectKind = z.infer<typeof SubjectKindSchema>;

/**
 * A data-subject request (KVKK art. 11, GDPR art. 15 and 17): everything held about a guest of
 * one hotel (`export`), or its erasure (`erase`). `reason` is kept in the audit log with anything
 * that looks like a number or an address, and the guest's own names, masked.
 * @example { "hotel": "aurora-belek", "kind": "export", "subject": { "phone": "+905321234567" },
 *   "reason": "guest's written request of 2026-07-20" }
 */
export const PrivacyRequestSchema = z.strictObject({
  hotel: z.string().min(1).max(40).describe('A tenant id or hotel code of one of your hotels'),
  kind: z.enum(['export', 'erase']),
  subject: PrivacySubjectSchema,
  reason: z.string().trim().min(1).max(500).optional(),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequestSchema>;

const HotelSummarySchema = z.strictObject({ tenantId: z.string(), hotelCode: z.string(), name: z.string() });

/** A value of a lake row as JSON: timestamps as ISO strings. */
const LakeJsonValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const LakeJsonRowsSchema = z.array(z.record(z.string(), LakeJsonValueSchema));

/** A survey's thread message: a ticket message whose channel may also be e-mail or SMS. */
const SurveyThreadMessageSchema = TicketMessageSchema.extend({ channel: SurveyChannelSchema });

/**
 * Everything hotel-inbox holds about the guest in one hotel, as of `generatedAt`: profiles,
 * identities, consent, conversations, tickets with their messages, departures, surveys with their
 * messages, web-chat transcripts, the raw archive objects their deliveries are in, e-mails and
 * SMS in the local outbox, and the pseudonymous rows of the KPI lake derived from these records.
 */
export const PrivacyExportSchema = z.strictObject({
  kind: z.literal('export'),
  requestId: z.string(),
  generatedAt: z.string(),
  hotel: HotelSummarySchema,
  subject: z.strictObject({ kind: SubjectKindSchema }),
  guests: z.array(
    z.strictObject({
      guestId: z.string(),
      profile: z
        .strictObject({
          name: z.string().optional(),
          phoneNumber: z.string().optional(),
          email: z.string().optional(),
          createdAt: z.string().optional(),
          correctedAt: z.string().optional(),
        })
        .optional(),
      identities: z.array(
        z.strictObject({ channel: ChannelSchema, platformId: z.string(), linkedAt: z.string().optional() }),
      ),
      phoneNumbers: z.array(z.string()),
      consent: z.array(ConsentRecordSchema),
      surveyState: z
        .strictObject({
          lastSurveyId: z.string().optional(),
          lastSurveyAt: z.string().optional(),
          pendingSurveyId: z.string().optional(),
          pendingAnswerBy: z.string().optional(),
        })
        .optional(),
    }),
  ),
  conversations: z.array(
    z.strictObject({
      conversationKey: z.string(),
      channel: z.string().optional(),
      currentTicketId: z.string().optional(),
    }),
  ),
  tickets: z.array(z.strictObject({ ticket: TicketSchema, messages: z.array(TicketMessageSchema) })),
  departures: z.array(z.strictObject({ receivedAt: z.string(), departure: DepartureSchema })),
  surveys: z.array(z.strictObject({ survey: SurveySchema, messages: z.array(SurveyThreadMessageSchema) })),
  webchatSessions: z.array(
    z.strictObject({
      sessionId: z.string(),
      createdAt: z.string(),
      expiresAt: z.string(),
      visitor: z.strictObject({
        name: z.string().optional(),
        phoneNumber: z.string().optional(),
        email: z.string().optional(),
        locale: z.string().optional(),
      }),
      messages: z.array(WebchatTranscriptMessageSchema),
    }),
  ),
  rawArchive: z
    .array(z.string())
    .describe('Keys of the raw archive objects holding the webhook bodies of these messages'),
  outbox: z.array(
    z.strictObject({
      kind: z.enum(['email', 'sms']),
      file: z.string(),
      to: z.string().optional(),
      subject: z.string().optional(),
      text: z.string().optional(),
      sentAt: z.string().optional(),
    }),
  ),
  lake: z
    .record(z.string(), LakeJsonRowsSchema)
    .describe("The KPI lake's rows for these records, by table; the guest appears only as guest_key"),
  notes: z.array(z.string()).describe('What else holds the data for a while, and why it is not listed'),
});
export type PrivacyExport = z.infer<typeof PrivacyExportSchema>;

const count = z.number().int().min(0);

/**
 * What an erasure removed or anonymised, store by store (counts only: the receipt, like the audit
 * entry, holds nothing of the guest).
 * @example { "kind": "erase", "requestId": "5b9c…", "guests": 1,
 *   "erased": { "profiles": 1, "identities": 2, "ticketsAnonymised": 3, "rawArchiveObjects": 7, "lakeDaysRewritten": 2 } }
 */
export const ErasureCountsSchema = z.strictObject({
  profiles: count.describe('Guest partitions deleted: profile, consent records, survey state, pointers'),
  identities: count,
  phoneNumbers: count,
  emailIndexEntries: count,
  consentRecords: count,
  conversations: count.describe('Conversation partitions deleted (with their archive index)'),
  webchatSessions: count.describe('Web-chat sessions deleted with their transcripts'),
  outboundLinks: count,
  ticketsAnonymised: count,
  ticketsClosed: count.describe('Open tickets closed: nothing can be sent to the guest any more'),
  messagesAnonymised: count,
  departuresAnonymised: count,
  surveysAnonymised: count,
  rawArchiveObjects: count,
  outboxFiles: count,
  lakeDaysRewritten: count,
});
export type ErasureCounts = z.infer<typeof ErasureCountsSchema>;

export const PrivacyErasureReceiptSchema = z.strictObject({
  kind: z.literal('erase'),
  requestId: z.string(),
  completedAt: z.string(),
  hotel: HotelSummarySchema,
  subject: z.strictObject({ kind: SubjectKindSchema }),
  guests: count.describe('Guests the subject named (0: nothing was held)'),
  erased: ErasureCountsSchema,
  kept: z.array(z.string()).describe('What stays, and why it no longer identifies the guest'),
});
export type PrivacyErasureReceipt = z.infer<typeof PrivacyErasureReceiptSchema>;

/** The answer to `POST /privacy/requests`: the export document, or the erasure receipt. */
export const PrivacyResponseSchema = z.discriminatedUnion('kind', [
  PrivacyExportSchema,
  PrivacyErasureReceiptSchema,
]);
export type PrivacyResponse = z.infer<typeof PrivacyResponseSchema>;
