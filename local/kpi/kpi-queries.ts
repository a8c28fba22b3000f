import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

/** The Athena named queries, also run here by DuckDB. */
export const QUERIES_DIR = join(import.meta.dirname, '..', '..', 'queries');

export interface KpiQuery {
  /** The file's name without `.sql`, e.g. `first_response_time`. */
  name: string;
  /** The file's first line without `-- `: the named query's description in Athena. */
  description: string;
  sql: string;
}

/** One result value: numbers for counts, rates and seconds, `YYYY-MM-DD` for dates. */
export type KpiValue = string | number | boolean | null;
export type KpiRow = Record<string, KpiValue>;

export interface KpiResult {
  description: string;
  columns: string[];
  rows: KpiRow[];
}

/** The three parameters every query takes, in this order. */
export interface KpiParameters {
  hotel: string;
  /** First and last hotel-local day (`dt`), both included. */
  from: string;
  to: string;
}

export function loadKpiQueries(dir = QUERIES_DIR): KpiQuery[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      const firstLine = sql.split('\n', 1)[0] ?? '';
      if (!firstLine.startsWith('-- ')) throw new Error(`${file} must start with a "-- description" line`);
      return { name: basename(file, '.sql'), description: firstLine.slice(3).trim(), sql };
    });
}

// DuckDB hands 64- and 128-bit integers over as strings in JSON; counts here are small.
const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT']);

export async function runKpiQuery(
  connection: DuckDBConnection,
  query: KpiQuery,
  parameters: KpiParameters,
): Promise<KpiResult> {
  const statement = await connection.prepare(query.sql);
  try {
    statement.bindVarchar(1, parameters.hotel);
    statement.bindVarchar(2, parameters.from);
    statement.bindVarchar(3, parameters.to);
    const reader = await statement.runAndReadAll();
    const columns = reader.columnNames();
    const integer = reader.columnTypes().map((type) => INTEGER_TYPES.has(type.toString()));
    const rows = reader.getRowObjectsJson().map((row) =>
      Object.fromEntries(
        columns.map((column, i) => {
          const value = row[column] ?? null;
          return [column, integer[i] && value !== null ? Number(value) : (value as KpiValue)];
        }),
      ),
    );
    return { description: query.description, columns, rows };
  } finally {
    statement.destroySync();
  }
}

/** Every query over the same hotel and days, by query name. */
export async function runKpiQueries(
  connection: DuckDBConnection,
  queries: readonly KpiQuery[],
  parameters: KpiParameters,
): Promise<Record<string, KpiResult>> {
  const results: Record<string, KpiResult> = {};
  for (const query of queries) {
    try {
      results[query.name] = await runKpiQuery(connection, query, parameters);
    } catch (error) {
      throw new Error(`query ${query.name} failed: ${error instanceof Error ? error.message : error}`, {
        cause: error,
      });
    }
  }
  return results;
}
