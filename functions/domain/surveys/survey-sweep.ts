import type { Hotel } from '../hotels';
import { npsSettingsOf } from '../hotels';
import type { SurveyScheduler, SurveyStore } from './ports';
import { sendTimeNoEarlierThan } from './schedule-time';
import { scheduleNameOf } from './survey-ids';

/** A survey still `scheduled` this long after its time has lost its schedule, or its send failed. */
export const SWEEP_GRACE_MINUTES = 15;
/**
 * How far back the sweep looks. A daily sweep sees each overdue survey seven times; a post-stay
 * survey later than that no longer measures the stay, and the query stays bounded.
 */
export const SWEEP_LOOKBACK_DAYS = 7;

const MINUTE_MS = 60_000;

export interface SurveySweepDeps {
  surveys: SurveyStore;
  scheduler: SurveyScheduler;
  /** The hotels to sweep (every configured one), for their time zones and quiet hours. */
  hotels: readonly Pick<Hotel, 'tenantId' | 'timeZone' | 'nps'>[];
  now: () => Date;
  /** Demo speed (SLA_CLOCK_SPEED); 1 in AWS. */
  speed?: number;
}

export interface SurveySweepResult {
  hotels: number;
  /** Surveys still `scheduled` more than the grace period past their time. */
  overdue: number;
  /** Of those, the ones whose schedule was asked for again (made anew, or found still there). */
  ensured: number;
}

/** Some overdue surveys could not be scheduled again; the others were, and the next sweep retries. */
export class SurveySweepError extends Error {
  override name = 'SurveySweepError';
  constructor(
    readonly failedCount: number,
    options?: ErrorOptions,
  ) {
    super(`${failedCount} survey schedule(s) could not be made again`, options);
  }
}

/**
 * Catches surveys whose one-time schedule is missing (the departure's handler died before
 * making it) or fired without a send (Scheduler could not start the workflow, or the workflow
 * failed): each is scheduled again under its own name, a minute from now and outside the quiet
 * hours. That name decides, so nothing is skipped and nothing sent twice:
 * - the schedule still exists (it will fire, or Scheduler is still retrying it): the name is
 *   taken and scheduling it is a no-op, so no second execution is started;
 * - it is gone (fired and deleted, or never made): a new one fires once, and the workflow's send
 *   step, which moves the survey from `scheduled` to `sent` conditionally, sends at most once
 *   even if an earlier execution is still on its way.
 * The survey itself is left as it is: `scheduledFor` stays the planned time the reports use.
 */
export async function sweepSurveys(deps: SurveySweepDeps): Promise<SurveySweepResult> {
  const now = deps.now();
  const from = new Date(now.getTime() - SWEEP_LOOKBACK_DAYS * 1440 * MINUTE_MS).toISOString();
  const to = new Date(now.getTime() - SWEEP_GRACE_MINUTES * MINUTE_MS).toISOString();
  const result: SurveySweepResult = { hotels: deps.hotels.length, overdue: 0, ensured: 0 };
  const failures: unknown[] = [];
  for (const hotel of deps.hotels) {
    const { quietHours } = npsSettingsOf(hotel);
    for (const listed of await deps.surveys.listSurveys(hotel.tenantId, from, to)) {
      if (listed.status !== 'scheduled') continue;
      try {
        // The index is eventually consistent: decide on the survey as it is now.
        const survey = await deps.surveys.getSurvey(hotel.tenantId, listed.surveyId);
        if (survey?.status !== 'scheduled') continue;
        result.overdue++;
        await deps.scheduler.scheduleOnce(
          scheduleNameOf(survey.tenantId, survey.reservationId),
          sendTimeNoEarlierThan(Date.parse(survey.scheduledFor), now, hotel.timeZone, quietHours, deps.speed),
          { tenantId: survey.tenantId, surveyId: survey.surveyId },
        );
        result.ensured++;
      } catch (error) {
        failures.push(error);
      }
    }
  }
  if (failures.length > 0) throw new SurveySweepError(failures.length, { cause: failures[0] });
  return result;
}
