import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConsentStore } from '../../functions/adapters/dynamodb-consent-store';
import type { ConsentRecord } from '../../schemas/consent';
import { createTestTable, type TestTable } from '../support/dynamodb';

let table: TestTable;
let store: DynamoDbConsentStore;

beforeAll(async () => {
  table = await createTestTable();
  store = new DynamoDbConsentStore(table.doc, table.tableName);
});
afterAll(() => table.client.destroy());

const fromPms = (guestId: string, changes: Partial<ConsentRecord> = {}): ConsentRecord => ({
  tenantId: 'aurora-belek',
  guestId,
  purpose: 'surveys',
  granted: true,
  source: 'pms-checkout',
  textVersion: 'kvkk-2026-01',
  at: '2026-07-19T16:45:00.000Z',
  reservationId: 'R-1',
  ...changes,
});

const stop = (guestId: string, at: string, changes: Partial<ConsentRecord> = {}): ConsentRecord => ({
  tenantId: 'aurora-belek',
  guestId,
  purpose: 'surveys',
  granted: false,
  source: 'guest-message',
  textVersion: 'kvkk-2026-01',
  at,
  channel: 'whatsapp',
  messageId: `wamid.${at}`,
  ...changes,
});

describe('consent records', () => {
  it('are written once: the same record again (a retry) adds nothing', async () => {
    const record = fromPms('g_once');

    const results = [await store.append(record), await store.append(record)];

    expect(results).toEqual([true, false]);
    expect(await store.history('aurora-belek', 'g_once', 'surveys')).toEqual([record]);
  });

  it('live under the guest, by purpose and time, beside the profile', async () => {
    await store.append(fromPms('g_keys'));

    const items = (await table.scan()).filter((item) => item.guestId === 'g_keys');

    expect(items.map((item) => [item.pk, item.sk])).toEqual([
      ['TENANT#aurora-belek#GUEST#g_keys', 'CONSENT#surveys#2026-07-19T16:45:00.000Z#R-1'],
    ]);
  });

  it('give the latest decision of each purpose as the current consent, and keep the history', async () => {
    const granted = fromPms('g_history');
    const marketing = fromPms('g_history', { purpose: 'marketing', granted: false });
    const withdrawn = stop('g_history', '2026-07-20T07:00:00.000Z');
    const grantedAgain = fromPms('g_history', {
      source: 'agent',
      reservationId: undefined,
      by: 'ayse',
      at: '2026-07-21T10:00:00.000Z',
    });
    for (const record of [withdrawn, marketing, granted]) await store.append(record);

    const afterStop = await store.current('aurora-belek', 'g_history');
    await store.append(grantedAgain);

    expect(afterStop).toEqual({ surveys: withdrawn, marketing });
    expect((await store.current('aurora-belek', 'g_history')).surveys).toEqual(grantedAgain);
    expect(await store.history('aurora-belek', 'g_history', 'surveys')).toEqual([
      grantedAgain,
      withdrawn,
      granted,
    ]);
  });

  it('tell two decisions of the same millisecond apart by their message', async () => {
    const at = '2026-07-20T07:00:00.000Z';
    const first = stop('g_same_ms', at, { messageId: 'wamid.A' });
    const second = stop('g_same_ms', at, { messageId: 'wamid.B' });

    expect([await store.append(first), await store.append(second)]).toEqual([true, true]);
    expect((await store.current('aurora-belek', 'g_same_ms')).surveys).toEqual(second);
  });

  it("are a guest's and a hotel's own: another guest, or the same id at another hotel, has none", async () => {
    await store.append(fromPms('g_own'));

    expect(await store.current('aurora-belek', 'g_other')).toEqual({});
    expect(await store.current('lykia-kemer', 'g_own')).toEqual({});
    expect(await store.history('lykia-kemer', 'g_own', 'surveys')).toEqual([]);
  });

  it('refuse a record that does not name its source (an agent record without the staff member)', async () => {
    const invalid = fromPms('g_invalid', { source: 'agent', reservationId: undefined });

    await expect(store.append(invalid)).rejects.toThrow(/by/);
    expect(await store.current('aurora-belek', 'g_invalid')).toEqual({});
  });
});
