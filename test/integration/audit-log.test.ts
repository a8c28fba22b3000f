import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRetentionDaysOf, DynamoDbAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { TTL_ATTRIBUTE } from '../../functions/contracts/table';
import type { AuditEntry } from '../../schemas/audit';
import { createTestTable, type TestTable } from '../support/dynamodb';

let table: TestTable;
let log: DynamoDbAuditLog;

beforeAll(async () => {
  table = await createTestTable();
  log = new DynamoDbAuditLog(
    table.doc,
    table.tableName,
    auditRetentionDaysOf([
      { tenantId: 'long-hotel', retention: { auditLogDays: 1095 } },
      { tenantId: 'plain-hotel', retention: { messageTextDays: 30 } },
    ]),
  );
});
afterAll(() => table.client.destroy());

const entry = (tenantId: string, at: string, id: string, changes: Partial<AuditEntry> = {}): AuditEntry => ({
  tenantId,
  auditId: `${at}#${id}`,
  at,
  actor: { userId: 'ayse', role: 'frontline' },
  action: 'ticket.messages.read',
  target: { ticketId: 'AUB-2026-000042', guestId: 'g_1' },
  ...changes,
});

describe('the audit log on DynamoDB', () => {
  it("keeps each entry in its hotel's partition of the month, sorted by time", async () => {
    const first = entry('keys-hotel', '2026-07-20T09:00:00.000Z', 'a');

    await log.record(first);

    const items = (await table.scan()).filter((item) => item.tenantId === 'keys-hotel');
    expect(items.map((item) => [item.pk, item.sk])).toEqual([
      ['TENANT#keys-hotel#AUDIT#2026-07', '2026-07-20T09:00:00.000Z#a'],
    ]);
  });

  it("expires each entry by the table's TTL after its hotel's audit retention, and lists it without", async () => {
    const at = '2026-07-20T09:00:00.000Z';
    const atSeconds = Date.parse(at) / 1000;
    const long = entry('long-hotel', at, 'k');
    const plain = entry('plain-hotel', at, 'l');
    const unknown = entry('unknown-hotel', '2026-07-20T09:00:00.999Z', 'm');
    for (const e of [long, plain, unknown]) await log.record(e);

    const expiryOf = async (tenantId: string) =>
      (await table.scan()).find((item) => item.tenantId === tenantId)?.[TTL_ATTRIBUTE];
    expect(await expiryOf('long-hotel')).toBe(atSeconds + 1095 * 86_400);
    // The default (730 days) for a hotel that sets other periods and for one not configured at all.
    expect(await expiryOf('plain-hotel')).toBe(atSeconds + 730 * 86_400);
    expect(await expiryOf('unknown-hotel')).toBe(atSeconds + 730 * 86_400);
    const listed = await log.list('long-hotel', '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z');
    expect(listed).toEqual([long]);
    expect(listed[0]).not.toHaveProperty(TTL_ATTRIBUTE);
  });

  it('refuses to write an entry its retention would not keep', async () => {
    const broken = new DynamoDbAuditLog(table.doc, table.tableName, () => Number.NaN);

    await expect(broken.record(entry('nan-hotel', '2026-07-20T09:00:00.000Z', 'n'))).rejects.toThrow(
      'retention',
    );
    expect((await table.scan()).filter((item) => item.tenantId === 'nan-hotel')).toEqual([]);
  });

  it('never replaces an entry: the same id again leaves the first one as it was', async () => {
    const original = entry('once-hotel', '2026-07-20T09:00:00.000Z', 'same');
    await log.record(original);

    await log.record({ ...original, actor: { userId: 'mallory', role: 'admin' }, action: 'audit.read' });

    expect(await log.list('once-hotel', '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z')).toEqual([original]);
  });

  it('lists [from, to) across month partitions, oldest first, and no other hotel', async () => {
    const tenantId = 'range-hotel';
    const atFrom = entry(tenantId, '2026-06-30T21:00:00.000Z', 'b');
    const june = entry(tenantId, '2026-06-30T23:59:59.999Z', 'c', { action: 'guest.profile.corrected' });
    const july = entry(tenantId, '2026-07-01T00:00:00.000Z', 'd', { details: { name: true } });
    const sameMillisecond = entry(tenantId, '2026-07-01T00:00:00.000Z', 'e', { action: 'audit.read' });
    const august = entry(tenantId, '2026-08-02T10:00:00.000Z', 'f');
    const atTo = entry(tenantId, '2026-08-03T00:00:00.000Z', 'g');
    const before = entry(tenantId, '2026-06-30T20:59:59.999Z', 'h');
    const otherHotel = entry('other-hotel', '2026-07-15T00:00:00.000Z', 'i');
    for (const e of [atTo, august, sameMillisecond, july, june, atFrom, before, otherHotel])
      await log.record(e);

    // The range in Istanbul time: 1 July 00:00 to 3 August 03:00.
    const listed = await log.list(tenantId, '2026-07-01T00:00:00+03:00', '2026-08-03T03:00:00+03:00');

    expect(listed).toEqual([atFrom, june, july, sameMillisecond, august]);
  });

  it('reads a month of many entries over its Query pages', async () => {
    const tenantId = 'busy-hotel';
    const padding = 'x'.repeat(2000);
    const entries = Array.from({ length: 700 }, (_, i) =>
      entry(tenantId, new Date(Date.UTC(2026, 6, 1) + i * 60_000).toISOString(), `n${i}`, {
        details: { padding },
      }),
    );
    for (let i = 0; i < entries.length; i += 50)
      await Promise.all(entries.slice(i, i + 50).map((e) => log.record(e)));

    const listed = await log.list(tenantId, '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z');

    expect(listed.map((e) => e.auditId)).toEqual(entries.map((e) => e.auditId));
  });

  it('lists nothing for an empty or reversed range', async () => {
    expect(await log.list('range-hotel', '2026-07-01T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual([]);
    expect(await log.list('range-hotel', '2026-08-01T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual([]);
  });

  it('refuses an entry whose id does not start with its time, or whose time is not UTC ISO', async () => {
    const good = entry('bad-hotel', '2026-07-20T09:00:00.000Z', 'j');

    await expect(log.record({ ...good, auditId: '2026-07-20T09:00:01.000Z#j' })).rejects.toThrow('auditId');
    await expect(
      log.record({ ...good, at: '2026-07-20T12:00:00+03:00', auditId: '2026-07-20T12:00:00+03:00#j' }),
    ).rejects.toThrow('UTC');
    await expect(log.record({ ...good, extra: 'x' } as AuditEntry)).rejects.toThrow();
    expect((await table.scan()).filter((item) => item.tenantId === 'bad-hotel')).toEqual([]);
  });
});
