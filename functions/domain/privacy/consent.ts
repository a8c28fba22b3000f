import {
  type ConsentPurpose,
  ConsentPurposeSchema,
  type ConsentRecord,
  type ConsentSource,
} from '../../../schemas/consent';
import type { Channel } from '../../../schemas/events';
import type { Departure } from '../../../schemas/surveys';

/** The privacy notice version recorded when a hotel's configuration names none. */
export const DEFAULT_CONSENT_TEXT_VERSION = 'kvkk-2026-01';

/** Every purpose, in a fixed order. */
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ConsentPurposeSchema.options;

/** What a guest's opt-out ("STOP") withdraws. Service messages (answers to the guest) go on. */
export const OPT_OUT_PURPOSES: readonly ConsentPurpose[] = ['surveys', 'marketing'];

/** The guest's latest decision per purpose; a purpose never decided is absent. */
export type CurrentConsent = Partial<Record<ConsentPurpose, ConsentRecord>>;

/**
 * A guest's consent decisions, per hotel (DynamoDB in the single table). Append-only: a decision
 * is never changed, a later one supersedes it.
 */
export interface ConsentStore {
  /** Writes a decision once; false when this very record was written before (a retry). */
  append(record: ConsentRecord): Promise<boolean>;
  /** The guest's current consent: the latest decision of each purpose. */
  current(tenantId: string, guestId: string): Promise<CurrentConsent>;
  /** Every decision of the guest for one purpose, newest first. */
  history(tenantId: string, guestId: string, purpose: ConsentPurpose): Promise<ConsentRecord[]>;
}

/** What the survey flows need: the current consent only. */
export type ConsentReader = Pick<ConsentStore, 'current'>;

/** The version of the notice a hotel shows (its configuration, else the default). */
export const consentTextVersionOf = (hotel: { consentTextVersion?: string | undefined }): string =>
  hotel.consentTextVersion ?? DEFAULT_CONSENT_TEXT_VERSION;

/**
 * What tells two decisions of the same guest, purpose and millisecond apart, and makes a retried
 * write the same item: the guest's message, the reservation, or the staff member.
 */
export const consentRefOf = (record: ConsentRecord): string =>
  record.messageId ?? record.reservationId ?? record.by ?? '';

/** Oldest first, as the table orders a purpose's records (time, then ref). */
export function compareConsentRecords(a: ConsentRecord, b: ConsentRecord): number {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  if (byTime !== 0) return byTime;
  const [refA, refB] = [consentRefOf(a), consentRefOf(b)];
  return refA < refB ? -1 : refA > refB ? 1 : 0;
}

/** The current consent a list of decisions adds up to: the latest of each purpose. */
export function currentConsentOf(records: readonly ConsentRecord[]): CurrentConsent {
  const current: CurrentConsent = {};
  for (const record of [...records].sort(compareConsentRecords)) current[record.purpose] = record;
  return current;
}

/**
 * Whether the guest may be contacted for `purpose`: their latest decision, or, when they never
 * made one (a departure recorded before consent records existed), `undecided`.
 */
export const consents = (current: CurrentConsent, purpose: ConsentPurpose, undecided = false): boolean =>
  current[purpose]?.granted ?? undecided;

export interface DepartureConsent {
  tenantId: string;
  guestId: string;
  departure: Departure;
  /** The hotel's notice version (`consentTextVersionOf`). */
  textVersion: string;
  /** When the departure is recorded (the import). */
  at: string;
  /** The guest's decisions so far, per purpose, in any order. */
  history: Partial<Record<ConsentPurpose, readonly ConsentRecord[]>>;
}

/**
 * The decisions a PMS departure adds to the guest's record, source `pms-checkout`. Importing the
 * same reservation again adds nothing unless a flag changed. The flags date from the registration
 * at check-in, so a flag is not recorded where it would overturn a decision the guest made
 * themselves (a message, a form, through staff) on or after the check-in day: a guest who said
 * "STOP" during or after the stay is not signed up again by the stay's check-out.
 */
export function departureConsentRecords(input: DepartureConsent): ConsentRecord[] {
  const { departure } = input;
  return CONSENT_PURPOSES.flatMap((purpose): ConsentRecord[] => {
    const granted = departure.consent[purpose];
    const history = [...(input.history[purpose] ?? [])].sort(compareConsentRecords).reverse();
    const fromThisStay = history.find(
      (r) => r.source === 'pms-checkout' && r.reservationId === departure.reservationId,
    );
    if (fromThisStay?.granted === granted) return [];
    const latest = history[0];
    if (
      latest &&
      latest.granted !== granted &&
      latest.source !== 'pms-checkout' &&
      latest.at.slice(0, 10) >= departure.checkInDate
    )
      return [];
    return [
      {
        tenantId: input.tenantId,
        guestId: input.guestId,
        purpose,
        granted,
        source: 'pms-checkout',
        textVersion: input.textVersion,
        at: input.at,
        reservationId: departure.reservationId,
      },
    ];
  });
}

export interface OptOutDecision {
  tenantId: string;
  guestId: string;
  /** When the guest's message was received. */
  at: string;
  channel: Channel;
  /** The guest's message that opted out. */
  messageId: string;
  textVersion: string;
}

/** A guest's opt-out: surveys and marketing withdrawn, source `guest-message`, on the message's channel. */
export function optOutRecords(input: OptOutDecision): ConsentRecord[] {
  const source: ConsentSource = 'guest-message';
  return OPT_OUT_PURPOSES.map((purpose) => ({
    tenantId: input.tenantId,
    guestId: input.guestId,
    purpose,
    granted: false,
    source,
    textVersion: input.textVersion,
    at: input.at,
    channel: input.channel,
    messageId: input.messageId,
  }));
}
