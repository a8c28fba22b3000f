import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  LAKE_PREFIX,
  LAKE_TABLE_NAMES,
  LAKE_TABLES,
  type LakeColumnType,
  type LakeTableName,
  PARTITION_COLUMN,
} from '../../functions/contracts/lake';

/**
 * The one place where DuckDB and Athena differ for `queries/*.sql`: Trino's `approx_percentile`
 * is DuckDB's `quantile_cont` here (exact, with linear interpolation between the two nearest values).
 */
const DIALECT_MACROS = ['CREATE MACRO approx_percentile(x, p) AS quantile_cont(x, p)'];

const DUCKDB_TYPE: Record<LakeColumnType, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
};

export interface DuckDbLake {
  connection: DuckDBConnection;
  close(): void;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Whether any `dt=…/*.parquet` file of the table is in the lake folder. */
function hasFiles(lakeDir: string, table: LakeTableName): boolean {
  const tableDir = join(lakeDir, LAKE_PREFIX, table);
  if (!existsSync(tableDir)) return false;
  return readdirSync(tableDir, { withFileTypes: true }).some(
    (day) =>
      day.isDirectory() &&
      day.name.startsWith(`${PARTITION_COLUMN}=`) &&
      readdirSync(join(tableDir, day.name)).some((file) => file.endsWith('.parquet')),
  );
}

/** The table's view: its Parquet files, or (before the first export) no rows with the contract's columns. */
export function lakeViewSql(lakeDir: string, table: LakeTableName): string {
  if (!hasFiles(lakeDir, table)) {
    const columns = [...LAKE_TABLES[table].columns, { name: PARTITION_COLUMN, type: 'string' as const }].map(
      (column) => `CAST(NULL AS ${DUCKDB_TYPE[column.type]}) AS ${column.name}`,
    );
    return `CREATE VIEW ${table} AS SELECT ${columns.join(', ')} WHERE false`;
  }
  const glob = join(lakeDir, LAKE_PREFIX, table, `${PARTITION_COLUMN}=*`, '*.parquet');
  // union_by_name: files written before a column was added read it as null, as Athena does.
  return (
    `CREATE VIEW ${table} AS SELECT * FROM read_parquet(${sqlString(glob)}, ` +
    `hive_partitioning = true, hive_types = {'${PARTITION_COLUMN}': VARCHAR}, union_by_name = true)`
  );
}

/** An in-memory DuckDB whose views `tickets`, `messages`… read the lake folder as Athena reads S3. */
export async function openDuckDbLake(lakeDir: string): Promise<DuckDbLake> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const statement of DIALECT_MACROS) await connection.run(statement);
    for (const table of LAKE_TABLE_NAMES) await connection.run(lakeViewSql(lakeDir, table));
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
