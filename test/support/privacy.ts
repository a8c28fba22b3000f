import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditRetentionDaysOf, DynamoDbAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { DynamoDbGuestData } from '../../functions/adapters/dynamodb-guest-data';
import { FolderGuestOutbox } from '../../functions/adapters/guest-outbox';
import { kpiSourceOf } from '../../functions/adapters/kpi-export-deps';
import { pseudonymousLakeOf } from '../../functions/adapters/kpi-lake-pseudonyms';
import { FolderLakeStore } from '../../functions/adapters/lake-store';
import { encodeParquet } from '../../functions/adapters/parquet-encoder';
import { FileRawArchiveEraser } from '../../functions/adapters/raw-archive-eraser';
import type { Hotel } from '../../functions/domain/hotels';
import type { DataSubjectDeps } from '../../functions/domain/privacy/data-subject-request';
import type { TestTable } from './dynamodb';

/**
 * Data-subject requests over a test table, with the raw archive, outbox and lake in fresh
 * temporary folders (pass `rawArchiveDir` to erase from an ingest's archive).
 */
export function testDataSubjectDeps(
  table: TestTable,
  hotels: readonly Hotel[],
  now: () => Date,
  rawArchiveDir = mkdtempSync(join(tmpdir(), 'privacy-raw-')),
): DataSubjectDeps {
  return {
    hotels,
    store: new DynamoDbGuestData(table.doc, table.tableName),
    rawArchive: new FileRawArchiveEraser(rawArchiveDir),
    outbox: new FolderGuestOutbox(mkdtempSync(join(tmpdir(), 'privacy-outbox-'))),
    lake: pseudonymousLakeOf({
      source: kpiSourceOf(table.doc, table.tableName),
      lake: new FolderLakeStore(mkdtempSync(join(tmpdir(), 'privacy-lake-'))),
      encode: encodeParquet,
      salt: 'test-salt',
      now,
    }),
    audit: new DynamoDbAuditLog(table.doc, table.tableName, auditRetentionDaysOf(hotels)),
    now,
    newId: randomUUID,
  };
}
