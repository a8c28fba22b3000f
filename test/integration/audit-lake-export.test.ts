import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRetentionDaysOf, DynamoDbAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { kpiSourceOf } from '../../functions/adapters/kpi-export-deps';
import { FolderLakeStore } from '../../functions/adapters/lake-store';
import { encodeParquet } from '../../functions/adapters/parquet-encoder';
import { LAKE_TABLES, lakeObjectKey } from '../../functions/contracts/lake';
import { exportKpis, type KpiExportDeps } from '../../functions/domain/kpi/export-kpis';
import { guestKeyOf } from '../../functions/domain/kpi/lake-rows';
import type { AuditEntry } from '../../schemas/audit';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';

// The audit log in the KPI lake: read from DynamoDB Local by the export, one file per hotel and
// local day, the guest as their pseudonym, of the details only their names.

const HOTEL = HOTELS.find((h) => h.tenantId === 'aurora-belek') as (typeof HOTELS)[number];
const SALT = 'audit-lake-salt';

let table: TestTable;
let lakeDir: string;
let deps: KpiExportDeps;

beforeAll(async () => {
  table = await createTestTable();
  lakeDir = mkdtempSync(join(tmpdir(), 'audit-lake-'));
  deps = {
    source: kpiSourceOf(table.doc, table.tableName),
    lake: new FolderLakeStore(lakeDir),
    encode: encodeParquet,
    salt: SALT,
    now: () => new Date('2026-07-22T05:00:00Z'),
  };
});
afterAll(() => {
  table.client.destroy();
  rmSync(lakeDir, { recursive: true, force: true });
});

const entry = (at: string, id: string, changes: Partial<AuditEntry> = {}): AuditEntry => ({
  tenantId: HOTEL.tenantId,
  auditId: `${at}#${id}`,
  at,
  actor: { userId: 'ayse', role: 'frontline' },
  action: 'ticket.messages.read',
  target: { ticketId: 'AUB-2026-000042', guestId: 'g_secret_guest' },
  ...changes,
});

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson();
  connection.closeSync();
  return rows as Record<string, unknown>[];
}

describe('the audit log in the KPI lake', () => {
  it("writes each entry to the hotel's local day, with the guest's pseudonym and the details' names only", async () => {
    // Prepare: 20:59 UTC is 23:59 in Istanbul on the 20th; 21:00 UTC is already the 21st there.
    const log = new DynamoDbAuditLog(table.doc, table.tableName, auditRetentionDaysOf(HOTELS));
    const late = entry('2026-07-20T20:59:00.000Z', 'a');
    const corrected = entry('2026-07-20T21:00:00.000Z', 'b', {
      actor: { userId: 'selin', role: 'supervisor' },
      action: 'guest.profile.corrected',
      details: { name: true, email: true },
    });
    const read = entry('2026-07-21T06:00:00.000Z', 'c', {
      actor: { userId: 'deniz', role: 'dpo' },
      action: 'audit.read',
      target: {},
      details: { from: '2026-07-01T00:00:00.000Z', to: '2026-07-21T00:00:00.000Z', entries: 2 },
    });
    for (const e of [late, corrected, read]) await log.record(e);

    // Act
    const days = await exportKpis(deps, [HOTEL], { days: ['2026-07-20', '2026-07-21'] }, 14);

    // Assert
    expect(days.map((d) => [d.dt, d.rows.audit_log])).toEqual([
      ['2026-07-20', 1],
      ['2026-07-21', 2],
    ]);
    const glob = `read_parquet('${lakeDir}/kpi/audit_log/dt=*/*.parquet', hive_partitioning=true, hive_types={'dt': VARCHAR})`;
    const rows = await query(`SELECT * FROM ${glob} ORDER BY occurred_at`);
    expect(rows.map((row) => Object.keys(row).sort())).toEqual(
      Array(3).fill([...LAKE_TABLES.audit_log.columns.map((c) => c.name), 'dt'].sort()),
    );
    const guestKey = guestKeyOf(SALT, HOTEL.tenantId, 'g_secret_guest');
    expect(
      rows.map((row) => [row.dt, row.actor_id, row.actor_role, row.action, row.guest_key, row.details_keys]),
    ).toEqual([
      ['2026-07-20', 'ayse', 'frontline', 'ticket.messages.read', guestKey, null],
      ['2026-07-21', 'selin', 'supervisor', 'guest.profile.corrected', guestKey, 'email,name'],
      ['2026-07-21', 'deniz', 'dpo', 'audit.read', null, 'entries,from,to'],
    ]);
    for (const dt of ['2026-07-20', '2026-07-21']) {
      const bytes = readFileSync(join(lakeDir, lakeObjectKey('audit_log', dt, HOTEL.tenantId)), 'latin1');
      expect(bytes).not.toContain('g_secret_guest');
      expect(bytes).not.toContain('2026-07-01T00:00:00.000Z');
    }
  });
});
