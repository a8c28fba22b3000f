import * as z from 'zod';
import { NpsCategorySchema, SurveyChannelSchema, SurveySegmentSchema } from '../surveys';
import { CANONICAL_EVENT_VERSION, IsoTimestampSchema } from './common';

/** Fields every survey event carries: ids and segments, no guest data. */
export const SurveyEventBaseSchema = z.object({
  version: z.literal(CANONICAL_EVENT_VERSION),
  eventId: z.string(),
  tenantId: z.string().min(1),
  surveyId: z.string(),
  kind: z.literal('nps'),
  occurredAt: IsoTimestampSchema,
  segment: SurveySegmentSchema,
});

/** A departure's survey has its send time (check-out + delay, out of quiet hours). */
export const SurveyScheduledSchema = SurveyEventBaseSchema.extend({ scheduledFor: IsoTimestampSchema });
export type SurveyScheduled = z.infer<typeof SurveyScheduledSchema>;

export const SurveySentSchema = SurveyEventBaseSchema.extend({
  channel: SurveyChannelSchema,
  sentAt: IsoTimestampSchema,
  answerBy: IsoTimestampSchema,
});
export type SurveySent = z.infer<typeof SurveySentSchema>;

/** No survey went out: no consent (KVKK), the frequency cap, or no channel that reaches the guest. */
export const SurveySkippedSchema = SurveyEventBaseSchema.extend({
  reason: z.enum(['no-consent', 'frequency-cap', 'no-channel']),
});
export type SurveySkipped = z.infer<typeof SurveySkippedSchema>;

export const SurveyAnsweredSchema = SurveyEventBaseSchema.extend({
  score: z.number().int().min(0).max(10),
  category: NpsCategorySchema,
  channel: SurveyChannelSchema,
  answeredAt: IsoTimestampSchema,
  /** Seconds from the send to the answer. */
  responseSeconds: z.number().min(0),
});
export type SurveyAnswered = z.infer<typeof SurveyAnsweredSchema>;

/** No answer within the window: a non-response. */
export const SurveyExpiredSchema = SurveyEventBaseSchema.extend({ channel: SurveyChannelSchema });
export type SurveyExpired = z.infer<typeof SurveyExpiredSchema>;

/** A detractor's answer opened a complaint ticket for a same-day call-back (owner and supervisor). */
export const DetractorFollowUpOpenedSchema = SurveyEventBaseSchema.extend({
  score: z.number().int().min(0).max(6),
  ticketId: z.string(),
  number: z.string(),
  callBackDueAt: IsoTimestampSchema,
});
export type DetractorFollowUpOpened = z.infer<typeof DetractorFollowUpOpenedSchema>;
