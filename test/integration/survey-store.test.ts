import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import type { StoredDeparture } from '../../functions/domain/surveys/ports';
import type { Departure, Survey } from '../../schemas/surveys';
import { createTestTable, type TestTable } from '../support/dynamodb';

let table: TestTable;
let store: DynamoDbSurveyStore;

beforeAll(async () => {
  table = await createTestTable();
  store = new DynamoDbSurveyStore(table.doc, table.tableName);
});
afterAll(() => table.client.destroy());

const departure = (reservationId: string, changes: Partial<Departure> = {}): Departure => ({
  hotel: 'aurora-belek',
  reservationId,
  guestName: 'Ayşe Yılmaz',
  phone: '+905321234567',
  checkInDate: '2026-07-12',
  checkOutDate: '2026-07-19',
  consent: { service: true, surveys: true, marketing: false },
  ...changes,
});

const stored = (reservationId: string, changes: Partial<Departure> = {}): StoredDeparture => ({
  tenantId: 'aurora-belek',
  departure: departure(reservationId, changes),
  guestId: `g_${reservationId}`,
  receivedAt: '2026-07-19T08:00:00.000Z',
});

const survey = (surveyId: string, scheduledFor: string, changes: Partial<Survey> = {}): Survey => ({
  tenantId: 'aurora-belek',
  surveyId,
  kind: 'nps',
  reservationId: `R-${surveyId}`,
  guestId: `g_${surveyId}`,
  language: 'tr',
  status: 'scheduled',
  scheduledFor,
  segment: { channel: 'whatsapp', market: 'TR', stage: 'post-stay' },
  createdAt: '2026-07-19T08:00:00.000Z',
  updatedAt: '2026-07-19T08:00:00.000Z',
  ...changes,
});

describe('departures', () => {
  it('are recorded once per hotel and reservation; a second put changes nothing', async () => {
    const first = await store.putDeparture(stored('D-1'));
    const second = await store.putDeparture({
      ...stored('D-1', { guestName: 'Someone Else' }),
      guestId: 'g_other',
    });

    expect([first, second]).toEqual([true, false]);
    expect(await store.getDeparture('aurora-belek', 'D-1')).toEqual(stored('D-1'));
  });

  it('are kept per hotel', async () => {
    await store.putDeparture(stored('D-2'));

    expect(await store.getDeparture('side-palace', 'D-2')).toBeUndefined();
    expect(await store.getDeparture('aurora-belek', 'D-missing')).toBeUndefined();
  });
});

describe('surveys', () => {
  it('are created once and read back as they were', async () => {
    const created = await store.createSurvey(survey('s-create', '2026-07-19T13:00:00.000Z'));
    const again = await store.createSurvey(survey('s-create', '2026-07-20T13:00:00.000Z'));

    expect([created, again]).toEqual([true, false]);
    expect(await store.getSurvey('aurora-belek', 's-create')).toEqual(
      survey('s-create', '2026-07-19T13:00:00.000Z'),
    );
    expect(await store.getSurvey('aurora-belek', 's-nothing')).toBeUndefined();
  });

  it('are updated only from the statuses the caller expects', async () => {
    await store.createSurvey(survey('s-update', '2026-07-19T13:00:00.000Z'));
    const sent = {
      status: 'sent' as const,
      sentAt: '2026-07-19T13:00:05.000Z',
      sentVia: 'whatsapp' as const,
      updatedAt: '2026-07-19T13:00:05.000Z',
    };

    const first = await store.updateSurvey('aurora-belek', 's-update', sent, ['scheduled']);
    const retried = await store.updateSurvey('aurora-belek', 's-update', sent, ['scheduled']);
    const missing = await store.updateSurvey('aurora-belek', 's-never-created', sent, ['scheduled']);

    expect([first, retried, missing]).toEqual([true, false, false]);
    expect(await store.getSurvey('aurora-belek', 's-update')).toMatchObject(sent);
  });

  it('lose a field set to undefined, and never their keys', async () => {
    await store.createSurvey(survey('s-remove', '2026-07-19T13:00:00.000Z', { messageId: 'wamid.1' }));

    await store.updateSurvey(
      'aurora-belek',
      's-remove',
      { messageId: undefined, surveyId: 'changed', tenantId: 'changed' },
      ['scheduled'],
    );

    const read = await store.getSurvey('aurora-belek', 's-remove');
    expect(read).toMatchObject({ surveyId: 's-remove', tenantId: 'aurora-belek' });
    expect(read).not.toHaveProperty('messageId');
  });

  it("are listed by scheduled time within [from, to), only the hotel's", async () => {
    const tenantId = 'list-hotel';
    for (const [id, at] of [
      ['l-3', '2026-08-03T09:00:00.000Z'],
      ['l-1', '2026-08-01T09:00:00.000Z'],
      ['l-2', '2026-08-02T09:00:00.000Z'],
      ['l-4', '2026-08-04T09:00:00.000Z'],
    ] as const)
      await store.createSurvey({ ...survey(id, at), tenantId });
    await store.createSurvey({ ...survey('l-other', '2026-08-02T10:00:00.000Z'), tenantId: 'other-hotel' });

    const listed = await store.listSurveys(tenantId, '2026-08-01T09:00:00.000Z', '2026-08-04T09:00:00.000Z');

    expect(listed.map((s) => s.surveyId)).toEqual(['l-1', 'l-2', 'l-3']);
  });

  it('move in the list when their scheduled time changes', async () => {
    const tenantId = 'move-hotel';
    await store.createSurvey({ ...survey('m-1', '2026-08-01T09:00:00.000Z'), tenantId });

    await store.updateSurvey(tenantId, 'm-1', { scheduledFor: '2026-09-01T09:00:00.000Z' }, ['scheduled']);

    expect(await store.listSurveys(tenantId, '2026-08-01', '2026-08-31')).toEqual([]);
    expect((await store.listSurveys(tenantId, '2026-09-01', '2026-09-02')).map((s) => s.surveyId)).toEqual([
      'm-1',
    ]);
  });
});

describe("a guest's survey slot (the frequency cap)", () => {
  const CAP_SINCE = '2026-04-20T00:00:00.000Z';

  it('is taken by the first survey, and by its retries', async () => {
    const first = await store.claimGuestSurvey(
      'aurora-belek',
      'g-cap-1',
      's-a',
      '2026-07-19T13:00:00.000Z',
      CAP_SINCE,
    );
    const retry = await store.claimGuestSurvey(
      'aurora-belek',
      'g-cap-1',
      's-a',
      '2026-07-19T13:05:00.000Z',
      CAP_SINCE,
    );

    expect([first, retry]).toEqual([true, true]);
  });

  it('refuses another survey while the last one was sent after the cap date', async () => {
    await store.claimGuestSurvey('aurora-belek', 'g-cap-2', 's-b', '2026-07-19T13:00:00.000Z', CAP_SINCE);

    const another = await store.claimGuestSurvey(
      'aurora-belek',
      'g-cap-2',
      's-c',
      '2026-07-25T13:00:00.000Z',
      CAP_SINCE,
    );

    expect(another).toBe(false);
  });

  it('lets another survey go once the last one is older than the cap', async () => {
    await store.claimGuestSurvey(
      'aurora-belek',
      'g-cap-3',
      's-d',
      '2026-01-10T13:00:00.000Z',
      '2025-10-12T00:00:00.000Z',
    );

    const later = await store.claimGuestSurvey(
      'aurora-belek',
      'g-cap-3',
      's-e',
      '2026-07-19T13:00:00.000Z',
      CAP_SINCE,
    );
    const old = await store.claimGuestSurvey(
      'aurora-belek',
      'g-cap-3',
      's-d',
      '2026-07-19T13:10:00.000Z',
      CAP_SINCE,
    );

    expect([later, old]).toEqual([true, false]);
  });

  it('goes to exactly one of two surveys racing for it', async () => {
    const results = await Promise.all(
      ['s-r1', 's-r2', 's-r3'].map((id) =>
        store.claimGuestSurvey('aurora-belek', 'g-cap-race', id, '2026-07-19T13:00:00.000Z', CAP_SINCE),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("a guest's pending answer", () => {
  it('is set, read and cleared, beside the survey slot', async () => {
    await store.claimGuestSurvey(
      'aurora-belek',
      'g-pending',
      's-p',
      '2026-07-19T13:00:00.000Z',
      '2026-04-20',
    );
    const pending = { surveyId: 's-p', answerBy: '2026-07-21T13:00:00.000Z' };

    await store.setPendingAnswer('aurora-belek', 'g-pending', pending);
    const read = await store.getPendingAnswer('aurora-belek', 'g-pending');
    await store.setPendingAnswer('aurora-belek', 'g-pending', undefined);

    expect(read).toEqual(pending);
    expect(await store.getPendingAnswer('aurora-belek', 'g-pending')).toBeUndefined();
    expect(
      await store.claimGuestSurvey('aurora-belek', 'g-pending', 's-other', '2026-07-22', '2026-04-20'),
    ).toBe(false);
  });

  it('is nothing for a guest never surveyed, and clearing it leaves no item behind', async () => {
    await store.setPendingAnswer('aurora-belek', 'g-never', undefined);

    expect(await store.getPendingAnswer('aurora-belek', 'g-never')).toBeUndefined();
    expect((await table.scan()).filter((item) => String(item.pk).includes('g-never'))).toEqual([]);
  });
});
