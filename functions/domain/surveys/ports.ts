import type { Departure, Survey, SurveyStatus } from '../../../schemas/surveys';

/** A departure as stored: the PMS row, the guest it was linked to, and when it arrived. */
export interface StoredDeparture {
  tenantId: string;
  departure: Departure;
  guestId: string;
  receivedAt: string;
}

/** The survey awaiting a guest's answer (one at a time per guest and hotel). */
export interface PendingAnswer {
  surveyId: string;
  answerBy: string;
}

/** Departures and their surveys, in the hotel's partition of the single table. */
export interface SurveyStore {
  /** Records a departure once per hotel and reservation; false when it was recorded before. */
  putDeparture(stored: StoredDeparture): Promise<boolean>;
  getDeparture(tenantId: string, reservationId: string): Promise<StoredDeparture | undefined>;
  /** Creates the survey if it does not exist (listed in the hotel's survey index); false if it did. */
  createSurvey(survey: Survey): Promise<boolean>;
  getSurvey(tenantId: string, surveyId: string): Promise<Survey | undefined>;
  /** Sets fields of a survey if its status is one of `ifStatusIn`; false when it was not. */
  updateSurvey(
    tenantId: string,
    surveyId: string,
    changes: Partial<Survey>,
    ifStatusIn: readonly SurveyStatus[],
  ): Promise<boolean>;
  /** The hotel's surveys scheduled between `from` and `to` (ISO), by scheduled time. */
  listSurveys(tenantId: string, from: string, to: string): Promise<Survey[]>;
  /**
   * Takes the guest's survey slot for `surveyId` unless another survey was sent to the guest
   * after `capSince` (the frequency cap); true when this survey may go (retries of it included).
   */
  claimGuestSurvey(
    tenantId: string,
    guestId: string,
    surveyId: string,
    at: string,
    capSince: string,
  ): Promise<boolean>;
  /** The guest's survey awaiting an answer, set when it is sent and cleared when answered or expired. */
  setPendingAnswer(tenantId: string, guestId: string, pending: PendingAnswer | undefined): Promise<void>;
  getPendingAnswer(tenantId: string, guestId: string): Promise<PendingAnswer | undefined>;
}

/**
 * One-time schedules that start the NPS workflow for a survey (EventBridge Scheduler in AWS,
 * the local runtime's persisted scheduler here). Scheduling the same name twice is a no-op.
 */
export interface SurveyScheduler {
  scheduleOnce(name: string, at: Date, input: { tenantId: string; surveyId: string }): Promise<void>;
}
