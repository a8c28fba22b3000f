import type { Departure, Survey, SurveySegment } from '../../../schemas/surveys';
import { DetailType } from '../../contracts/bus';
import { type Hotel, npsSettingsOf } from '../hotels';
import { eventIdOf } from '../ingest/keys';
import type { PublishableEvent } from '../ingest/normalizer';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { type ConsentStore, consentTextVersionOf, departureConsentRecords } from '../privacy/consent';
import { normalizePhoneNumber } from '../tickets/guest-phone';
import type { GuestDirectory } from '../tickets/ports';
import type { StoredDeparture, SurveyScheduler, SurveyStore } from './ports';
import { sendTimeNoEarlierThan, surveySendTime } from './schedule-time';
import { emailGuestIdOf, reservationGuestIdOf, scheduleNameOf, surveyIdOf } from './survey-ids';

/** Guests without a messaging identity yet (known by e-mail, or not reachable at all). */
export interface GuestProfiles {
  /** Creates the guest's profile unless it exists. */
  ensureGuest(
    tenantId: string,
    guestId: string,
    profile: { name: string; email?: string },
    at: string,
  ): Promise<void>;
}

export interface DepartureDeps extends PublishOnceDeps {
  surveys: SurveyStore;
  guests: GuestDirectory;
  profiles: GuestProfiles;
  scheduler: SurveyScheduler;
  hotelOf(tenantId: string): Hotel | undefined;
  newGuestId(): string;
  /** Demo speed (SLA_CLOCK_SPEED); 1 in AWS. */
  speed?: number;
  /**
   * Where the departure's consent flags are recorded as the guest's consent decisions. Left out
   * by tools that only plan surveys: the NPS workflow then reads the stored departure's flags.
   */
  consent?: ConsentStore;
}

export type DepartureOutcome =
  | { outcome: 'recorded'; surveyId: string; scheduledFor: string }
  /** Recorded before (`receivedAt`): nothing was changed. */
  | { outcome: 'duplicate'; surveyId: string; receivedAt: string }
  /** Refused for a reason of its own (`field` names it); the others of the batch go on. */
  | { outcome: 'rejected'; field: string; reason: string }
  /** Could not be recorded now (the table, the bus, the scheduler); safe to send again. */
  | { outcome: 'failed'; error: unknown };

/** The language of a survey whose guest's language the PMS did not give. */
export const DEFAULT_SURVEY_LANGUAGE = 'tr';

/**
 * Records one departure of the PMS and plans its survey, once per hotel and reservation.
 * Steps, each idempotent, in an order that a crash at any point leaves repairable:
 * 1. link the guest and store the departure (the NPS workflow reads contact there), and record its
 *    consent flags as the guest's consent decisions (`departureConsentRecords`);
 * 2. publish Survey Scheduled, 3. create the survey, 4. create its one-time schedule.
 * A delivery finding the departure and its survey changes nothing but consent flags the PMS has
 * changed since (recorded as new decisions). One finding the departure
 * without its survey (an earlier attempt died) finishes the stored departure, computing the
 * same survey from the stored arrival time, so the event it publishes again is the same event.
 * An attempt that died before its schedule leaves a `scheduled` survey for the daily sweep.
 */
export async function recordDeparture(
  deps: DepartureDeps,
  departure: Departure,
  now: Date,
): Promise<DepartureOutcome> {
  const hotel = deps.hotelOf(departure.hotel);
  if (!hotel) return { outcome: 'rejected', field: 'hotel', reason: `no hotel "${departure.hotel}"` };
  if (departure.checkOutDate < departure.checkInDate)
    return { outcome: 'rejected', field: 'checkOutDate', reason: 'before checkInDate' };
  const tenantId = hotel.tenantId;
  const surveyId = surveyIdOf(tenantId, departure.reservationId);

  let stored = await deps.surveys.getDeparture(tenantId, departure.reservationId);
  if (stored && (await deps.surveys.getSurvey(tenantId, surveyId))) {
    await recordConsent(deps, hotel, stored.guestId, departure, now);
    return { outcome: 'duplicate', surveyId, receivedAt: stored.receivedAt };
  }
  if (!stored) {
    const at = now.toISOString();
    const candidate: StoredDeparture = {
      tenantId,
      departure,
      guestId: await guestOf(deps, tenantId, departure, at),
      receivedAt: at,
    };
    if (!(await deps.surveys.putDeparture(candidate))) {
      // A concurrent delivery of the same reservation recorded it first and carries on with it.
      const winner = await deps.surveys.getDeparture(tenantId, departure.reservationId);
      return { outcome: 'duplicate', surveyId, receivedAt: winner?.receivedAt ?? at };
    }
    stored = candidate;
  }
  await recordConsent(deps, hotel, stored.guestId, departure, now);

  const survey = surveyOf(hotel, stored, surveyId, deps.speed ?? 1);
  await publishOnce(deps, [surveyScheduled(survey)]);
  if (!(await deps.surveys.createSurvey(survey)))
    return { outcome: 'duplicate', surveyId, receivedAt: stored.receivedAt };
  // A first attempt's time is ahead; a finishing attempt's may have passed: then a minute from now.
  const at = sendTimeNoEarlierThan(
    Date.parse(survey.scheduledFor),
    now,
    hotel.timeZone,
    npsSettingsOf(hotel).quietHours,
    deps.speed,
  );
  await deps.scheduler.scheduleOnce(scheduleNameOf(tenantId, survey.reservationId), at, {
    tenantId,
    surveyId,
  });
  return { outcome: 'recorded', surveyId, scheduledFor: survey.scheduledFor };
}

export interface RecordDeparturesOptions {
  /** Departures recorded at once (each is a few table calls; a batch holds up to 500). */
  concurrency?: number;
  /** Called as each departure is done, in completion order (a progress bar). */
  onRecorded?: (index: number, outcome: DepartureOutcome) => void;
}

/** Records a batch; one departure's failure never stops the others. Outcomes keep the input order. */
export async function recordDepartures(
  deps: DepartureDeps,
  departures: readonly Departure[],
  now: Date,
  options: RecordDeparturesOptions = {},
): Promise<DepartureOutcome[]> {
  const outcomes: DepartureOutcome[] = new Array(departures.length);
  let next = 0;
  const worker = async () => {
    while (next < departures.length) {
      const index = next++;
      const departure = departures[index] as Departure;
      let outcome: DepartureOutcome;
      try {
        outcome = await recordDeparture(deps, departure, now);
      } catch (error) {
        outcome = { outcome: 'failed', error };
      }
      outcomes[index] = outcome;
      options.onRecorded?.(index, outcome);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, departures.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

/**
 * The departure's survey, computed from what was stored alone (arrival time included), so any
 * later attempt computes the very same one.
 */
export function surveyOf(hotel: Hotel, stored: StoredDeparture, surveyId: string, speed: number): Survey {
  const { departure, receivedAt } = stored;
  const scheduledFor = surveySendTime({
    checkOutDate: departure.checkOutDate,
    checkOutTime: departure.checkOutTime,
    timeZone: hotel.timeZone,
    settings: npsSettingsOf(hotel),
    now: new Date(receivedAt),
    speed,
  }).toISOString();
  return {
    tenantId: stored.tenantId,
    surveyId,
    kind: 'nps',
    reservationId: departure.reservationId,
    guestId: stored.guestId,
    language: departure.language ?? DEFAULT_SURVEY_LANGUAGE,
    status: 'scheduled',
    scheduledFor,
    segment: segmentOf(departure),
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
}

/** Seed 002's segments the PMS knows; the request type is the NPS workflow's to add. */
export function segmentOf(departure: Departure): SurveySegment {
  return {
    ...(departure.preferredChannel && { channel: departure.preferredChannel }),
    ...(departure.market && { market: departure.market }),
    ...(departure.roomType && { roomType: departure.roomType }),
    ...(departure.stayPurpose && { stayPurpose: departure.stayPurpose }),
    stage: 'post-stay',
  };
}

/** Survey Scheduled, the same event (id, detail) however often it is computed. */
export function surveyScheduled(survey: Survey): PublishableEvent {
  const dedupeKey = `survey:scheduled:${survey.surveyId}`;
  return {
    dedupeKey,
    event: {
      detailType: DetailType.surveyScheduled,
      detail: {
        version: 1,
        eventId: eventIdOf(survey.tenantId, dedupeKey),
        tenantId: survey.tenantId,
        surveyId: survey.surveyId,
        kind: 'nps',
        occurredAt: survey.createdAt,
        segment: survey.segment,
        scheduledFor: survey.scheduledFor,
      },
    },
  };
}

/**
 * The departure's consent flags as the guest's decisions (source `pms-checkout`, the hotel's
 * notice version): none for flags this reservation recorded before, nor for one a later decision
 * of the guest's own overrides.
 */
async function recordConsent(
  deps: DepartureDeps,
  hotel: Hotel,
  guestId: string,
  departure: Departure,
  now: Date,
): Promise<void> {
  const store = deps.consent;
  if (!store) return;
  const tenantId = hotel.tenantId;
  const [service, surveys, marketing] = await Promise.all([
    store.history(tenantId, guestId, 'service'),
    store.history(tenantId, guestId, 'surveys'),
    store.history(tenantId, guestId, 'marketing'),
  ]);
  const records = departureConsentRecords({
    tenantId,
    guestId,
    departure,
    textVersion: consentTextVersionOf(hotel),
    at: now.toISOString(),
    history: { service, surveys, marketing },
  });
  for (const record of records) await store.append(record);
}

/**
 * The guest of a departure, in the guest store the inbox shares: by phone (the WhatsApp identity
 * whose id is the number's digits, so the guest's later messages land on the same guest), else
 * one per e-mail address, else one per reservation.
 */
async function guestOf(deps: DepartureDeps, tenantId: string, departure: Departure, at: string) {
  const phoneNumber = normalizePhoneNumber(departure.phone);
  const email = departure.email;
  if (phoneNumber) {
    const platformId = phoneNumber.slice(1);
    const known =
      (await deps.guests.guestIdByPhone(tenantId, phoneNumber)) ??
      (await deps.guests.guestIdByIdentity(tenantId, 'whatsapp', platformId));
    return deps.guests.linkIdentity(
      tenantId,
      known ?? deps.newGuestId(),
      {
        channel: 'whatsapp',
        platformId,
        phoneNumber,
        profileName: departure.guestName,
        ...(email && { email }),
      },
      at,
    );
  }
  const guestId = email
    ? emailGuestIdOf(tenantId, email)
    : reservationGuestIdOf(tenantId, departure.reservationId);
  await deps.profiles.ensureGuest(
    tenantId,
    guestId,
    { name: departure.guestName, ...(email && { email }) },
    at,
  );
  return guestId;
}
