import * as z from 'zod';
import { StageSchema } from './ticket';
import { GuestLanguageSchema } from './triage';

const DateSchema = z.iso.date();
const TimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');

/** The guest's permissions (KVKK): service messages, surveys, marketing. No survey without `surveys`. */
export const ConsentFlagsSchema = z.strictObject({
  service: z.boolean(),
  surveys: z.boolean(),
  marketing: z.boolean(),
});
export type ConsentFlags = z.infer<typeof ConsentFlagsSchema>;

/** Where a survey may be sent: the platforms, then e-mail and SMS as fallbacks. */
export const SurveyChannelSchema = z.enum(['whatsapp', 'instagram', 'webchat', 'email', 'sms']);
export type SurveyChannel = z.infer<typeof SurveyChannelSchema>;

/**
 * One departure as the PMS reports it (a row of the check-out CSV, an item of the PMS webhook).
 * `hotel` is the tenant id; (hotel, reservationId) identifies it: a second import changes nothing.
 * @example { "hotel": "aurora-belek", "reservationId": "R-10293", "guestName": "Ayşe Yılmaz",
 *   "phone": "+905321234567", "language": "tr", "checkInDate": "2026-07-12", "checkOutDate": "2026-07-19",
 *   "checkOutTime": "11:30", "consent": { "service": true, "surveys": true, "marketing": false } }
 */
export const DepartureSchema = z.strictObject({
  hotel: z.string().min(1),
  reservationId: z.string().trim().min(1).max(64),
  guestName: z.string().trim().min(1).max(200),
  phone: z.string().trim().min(6).max(32).optional(),
  email: z.email().optional(),
  language: GuestLanguageSchema.optional(),
  /** The guest's market: ISO 3166 country code (TR, DE, RU, GB…). */
  market: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO 3166 country code, e.g. DE')
    .optional(),
  roomType: z.string().trim().min(1).max(100).optional(),
  stayPurpose: z.enum(['leisure', 'family', 'couple', 'business', 'event', 'other']).optional(),
  checkInDate: DateSchema,
  checkOutDate: DateSchema,
  /** Hotel local time; 12:00 when the PMS does not say. */
  checkOutTime: TimeSchema.optional(),
  preferredChannel: SurveyChannelSchema.optional(),
  consent: ConsentFlagsSchema,
});
export type Departure = z.infer<typeof DepartureSchema>;

/** The body of `POST /pms/checkouts`, signed with `X-Hotel-Inbox-Signature-256: sha256=<hex HMAC>`. */
export const CheckoutsWebhookSchema = z.strictObject({
  departures: z.array(DepartureSchema).min(1).max(500),
});

export const SurveyKindSchema = z.enum(['nps']);
export const SurveyStatusSchema = z.enum(['scheduled', 'sent', 'answered', 'expired', 'skipped']);
export type SurveyStatus = z.infer<typeof SurveyStatusSchema>;

/** Seed 002: detractor 0–6, passive 7–8, promoter 9–10. */
export const NpsCategorySchema = z.enum(['detractor', 'passive', 'promoter']);
export type NpsCategory = z.infer<typeof NpsCategorySchema>;

/** What every survey carries for reporting (seed 002's segments). */
export const SurveySegmentSchema = z.object({
  channel: SurveyChannelSchema.optional(),
  market: z.string().optional(),
  roomType: z.string().optional(),
  stayPurpose: z.string().optional(),
  stage: StageSchema.optional(),
  /** The basket of the guest's last ticket with the hotel (`sales`, `support`, `complaint`). */
  requestType: z.string().optional(),
});
export type SurveySegment = z.infer<typeof SurveySegmentSchema>;

/**
 * One post-stay NPS survey, per departure. Its status only moves forward: scheduled → sent →
 * answered or expired; `skipped` (no consent, frequency cap, no reachable channel) with a reason.
 */
export const SurveySchema = z.object({
  tenantId: z.string(),
  surveyId: z.string(),
  kind: SurveyKindSchema,
  reservationId: z.string(),
  guestId: z.string(),
  language: GuestLanguageSchema,
  status: SurveyStatusSchema,
  scheduledFor: z.string(),
  segment: SurveySegmentSchema,
  sentAt: z.string().optional(),
  sentVia: SurveyChannelSchema.optional(),
  messageId: z.string().optional(),
  /** Until when an answer is taken (sentAt + the answer window). */
  answerBy: z.string().optional(),
  score: z.number().int().min(0).max(10).optional(),
  category: NpsCategorySchema.optional(),
  answeredAt: z.string().optional(),
  /** The ticket opened for a detractor's call-back or a passive's follow-up. */
  followUpTicketId: z.string().optional(),
  reviewInvitationSentAt: z.string().optional(),
  skippedReason: z.enum(['no-consent', 'frequency-cap', 'no-channel']).optional(),
  expiredAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Survey = z.infer<typeof SurveySchema>;
