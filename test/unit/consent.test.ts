import { describe, expect, it } from 'vitest';
import {
  consents,
  consentTextVersionOf,
  currentConsentOf,
  DEFAULT_CONSENT_TEXT_VERSION,
  departureConsentRecords,
  optOutRecords,
} from '../../functions/domain/privacy/consent';
import { type ConsentRecord, ConsentRecordSchema } from '../../schemas/consent';
import type { Departure } from '../../schemas/surveys';

const TENANT = 'aurora-belek';
const GUEST = 'g_1';

const record = (changes: Partial<ConsentRecord>): ConsentRecord => ({
  tenantId: TENANT,
  guestId: GUEST,
  purpose: 'surveys',
  granted: true,
  source: 'pms-checkout',
  textVersion: 'kvkk-2026-01',
  at: '2026-07-19T16:45:00.000Z',
  reservationId: 'R-1',
  ...changes,
});

/** The guest's "STOP" on WhatsApp at `at`. */
const stop = (at: string, purpose: ConsentRecord['purpose'] = 'surveys'): ConsentRecord =>
  record({
    purpose,
    granted: false,
    source: 'guest-message',
    at,
    reservationId: undefined,
    channel: 'whatsapp',
    messageId: `wamid.${at}`,
  });

const departure = (changes: Partial<Departure> = {}): Departure => ({
  hotel: TENANT,
  reservationId: 'R-1',
  guestName: 'Ayşe Yılmaz',
  checkInDate: '2026-07-12',
  checkOutDate: '2026-07-19',
  consent: { service: true, surveys: true, marketing: false },
  ...changes,
});

const IMPORTED_AT = '2026-07-19T16:45:00.000Z';
const fromDeparture = (d: Departure, history: ConsentRecord[] = [], at = IMPORTED_AT) =>
  departureConsentRecords({
    tenantId: TENANT,
    guestId: GUEST,
    departure: d,
    textVersion: 'kvkk-2026-01',
    at,
    history: {
      service: history.filter((r) => r.purpose === 'service'),
      surveys: history.filter((r) => r.purpose === 'surveys'),
      marketing: history.filter((r) => r.purpose === 'marketing'),
    },
  });

describe('a consent record', () => {
  it('names the staff member of an agent record, the stay of a PMS one and the message of a guest one', () => {
    expect(ConsentRecordSchema.safeParse(record({})).success).toBe(true);
    expect(ConsentRecordSchema.safeParse(record({ reservationId: undefined })).success).toBe(false);
    expect(
      ConsentRecordSchema.safeParse(record({ source: 'agent', reservationId: undefined })).error?.issues[0]
        ?.path,
    ).toEqual(['by']);
    expect(ConsentRecordSchema.safeParse(record({ source: 'agent', by: 'ayse' })).success).toBe(true);
    expect(ConsentRecordSchema.safeParse(stop('2026-07-20T07:00:00.000Z')).success).toBe(true);
    expect(ConsentRecordSchema.safeParse(record({ textVersion: 'KVKK 2026' })).success).toBe(false);
  });
});

describe('the current consent', () => {
  it('is the latest decision of each purpose, whatever order the records come in', () => {
    const granted = record({ at: '2026-07-19T16:45:00.000Z' });
    const withdrawn = stop('2026-07-20T07:00:00.000Z');
    const marketing = record({ purpose: 'marketing', granted: false });

    const current = currentConsentOf([withdrawn, marketing, granted]);

    expect(current).toEqual({ surveys: withdrawn, marketing });
    expect(consents(current, 'surveys', true)).toBe(false);
    expect(consents(current, 'marketing')).toBe(false);
  });

  it('falls back to what the caller knows for a purpose never decided, and to no otherwise', () => {
    expect(consents({}, 'surveys', true)).toBe(true);
    expect(consents({}, 'surveys')).toBe(false);
  });

  it('records the hotel notice version, or the default one', () => {
    expect(consentTextVersionOf({ consentTextVersion: 'kvkk-2026-07' })).toBe('kvkk-2026-07');
    expect(consentTextVersionOf({})).toBe(DEFAULT_CONSENT_TEXT_VERSION);
  });
});

describe("a departure's consent flags", () => {
  it('become one pms-checkout record per purpose, with the stay and the notice version', () => {
    expect(fromDeparture(departure())).toEqual([
      record({ purpose: 'service', granted: true }),
      record({ purpose: 'surveys', granted: true }),
      record({ purpose: 'marketing', granted: false }),
    ]);
  });

  it('add nothing when the same reservation is imported again unchanged', () => {
    const first = fromDeparture(departure());

    expect(fromDeparture(departure(), first, '2026-07-19T17:45:00.000Z')).toEqual([]);
  });

  it('add only the flag the PMS changed for the same reservation', () => {
    const first = fromDeparture(departure());
    const corrected = departure({ consent: { service: true, surveys: true, marketing: true } });

    expect(fromDeparture(corrected, first, '2026-07-19T17:45:00.000Z')).toEqual([
      record({ purpose: 'marketing', granted: true, at: '2026-07-19T17:45:00.000Z' }),
    ]);
  });

  it('do not sign up again a guest who said STOP during the stay', () => {
    const history = [stop('2026-07-15T09:00:00.000Z'), stop('2026-07-15T09:00:00.000Z', 'marketing')];

    const added = fromDeparture(
      departure({ consent: { service: true, surveys: true, marketing: true } }),
      history,
    );

    expect(added).toEqual([record({ purpose: 'service', granted: true })]);
  });

  it('do not sign up again a guest who said STOP after the check-out and before a late import', () => {
    const history = [stop('2026-07-19T17:00:00.000Z')];

    const added = fromDeparture(departure(), history, '2026-07-19T18:00:00.000Z');

    expect(added.map((r) => [r.purpose, r.granted])).toEqual([
      ['service', true],
      ['marketing', false],
    ]);
  });

  it("count again at a later stay's check-in: the guest agreed at registration after their STOP", () => {
    const history = [stop('2026-05-01T09:00:00.000Z')];

    expect(fromDeparture(departure(), history).map((r) => [r.purpose, r.granted])).toEqual([
      ['service', true],
      ['surveys', true],
      ['marketing', false],
    ]);
  });

  it('record a withdrawal from the PMS over an earlier grant of another stay', () => {
    const history = [record({ reservationId: 'R-0', at: '2026-05-01T09:00:00.000Z' })];

    const added = fromDeparture(
      departure({ consent: { service: true, surveys: false, marketing: false } }),
      history,
    );

    expect(added.find((r) => r.purpose === 'surveys')).toMatchObject({
      granted: false,
      reservationId: 'R-1',
    });
  });
});

describe("a guest's opt-out", () => {
  it('withdraws surveys and marketing, not service messages, from the message and its channel', () => {
    const records = optOutRecords({
      tenantId: TENANT,
      guestId: GUEST,
      at: '2026-07-20T07:00:00.000Z',
      channel: 'instagram',
      messageId: 'mid.1',
      textVersion: 'kvkk-2026-01',
    });

    expect(records).toEqual([
      {
        tenantId: TENANT,
        guestId: GUEST,
        purpose: 'surveys',
        granted: false,
        source: 'guest-message',
        textVersion: 'kvkk-2026-01',
        at: '2026-07-20T07:00:00.000Z',
        channel: 'instagram',
        messageId: 'mid.1',
      },
      expect.objectContaining({ purpose: 'marketing', granted: false }),
    ]);
    expect(records.every((r) => ConsentRecordSchema.safeParse(r).success)).toBe(true);
  });
});
