import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { kpiSourceOf } from '../../functions/adapters/kpi-export-deps';
import { FolderLakeStore } from '../../functions/adapters/lake-store';
import { encodeParquet } from '../../functions/adapters/parquet-encoder';
import type { KpiExportDeps } from '../../functions/domain/kpi/export-kpis';
import type { LocalConfig } from '../runtime/config';

/** The local KPI lake: `DATA_DIR/lake/`, laid out like the S3 bucket. */
export const lakeDirOf = (config: Pick<LocalConfig, 'dataDir'>) => join(config.dataDir, 'lake');

/**
 * The KPI export wired to DynamoDB Local and the lake folder, for `hotel-inbox kpi` and the
 * runtime's hourly timer. The table name is passed in (the runtime owns it) to keep this module
 * free of the runtime's imports.
 */
export function localKpiExportDeps(
  client: DynamoDBDocumentClient,
  config: Pick<LocalConfig, 'dataDir' | 'lakeSalt'>,
  tableName: string,
  now: () => Date = () => new Date(),
): KpiExportDeps {
  return {
    source: kpiSourceOf(client, tableName),
    lake: new FolderLakeStore(lakeDirOf(config)),
    encode: encodeParquet,
    salt: config.lakeSalt,
    now,
  };
}
