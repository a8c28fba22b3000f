import type { Survey } from '../../../schemas/surveys';
import { DetailType } from '../../contracts/bus';
import { eventIdOf } from '../ingest/keys';
import type { PublishableEvent } from '../ingest/normalizer';

type SurveyIds = Pick<Survey, 'tenantId' | 'surveyId'>;

/**
 * The dedupe key and event id of a survey's event for `occasion` (`sent`, `skipped`…): one event
 * per survey and occasion, however often a task runs.
 */
export function surveyEventIds(survey: SurveyIds, occasion: string) {
  const dedupeKey = `survey:${occasion}:${survey.surveyId}`;
  return { dedupeKey, eventId: eventIdOf(survey.tenantId, dedupeKey) };
}

/** The fields every survey event carries: ids and segments, never guest data. */
function baseOf(survey: Survey, occasion: string, occurredAt: string) {
  const { dedupeKey, eventId } = surveyEventIds(survey, occasion);
  return {
    dedupeKey,
    detail: {
      version: 1 as const,
      eventId,
      tenantId: survey.tenantId,
      surveyId: survey.surveyId,
      kind: survey.kind,
      occurredAt,
      segment: survey.segment,
    },
  };
}

/** Survey Sent, from a survey recorded as sent. */
export function surveySent(survey: Survey): PublishableEvent {
  const { sentVia, sentAt, answerBy } = survey;
  if (!sentVia || !sentAt || !answerBy) throw new Error(`Survey ${survey.surveyId} is not recorded as sent`);
  const { dedupeKey, detail } = baseOf(survey, 'sent', sentAt);
  return {
    dedupeKey,
    event: { detailType: DetailType.surveySent, detail: { ...detail, channel: sentVia, sentAt, answerBy } },
  };
}

/** Survey Skipped, from a survey recorded as skipped with its reason. */
export function surveySkipped(survey: Survey): PublishableEvent {
  const reason = survey.skippedReason;
  if (survey.status !== 'skipped' || !reason) throw new Error(`Survey ${survey.surveyId} is not skipped`);
  const { dedupeKey, detail } = baseOf(survey, 'skipped', survey.updatedAt);
  return { dedupeKey, event: { detailType: DetailType.surveySkipped, detail: { ...detail, reason } } };
}

/** Survey Expired: the answer window closed without an answer. */
export function surveyExpired(survey: Survey): PublishableEvent {
  const { sentVia, expiredAt } = survey;
  if (survey.status !== 'expired' || !sentVia || !expiredAt)
    throw new Error(`Survey ${survey.surveyId} is not expired`);
  const { dedupeKey, detail } = baseOf(survey, 'expired', expiredAt);
  return {
    dedupeKey,
    event: { detailType: DetailType.surveyExpired, detail: { ...detail, channel: sentVia } },
  };
}
