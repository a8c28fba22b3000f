import { type BasicType, parquetWriteBuffer } from 'hyparquet-writer';
import { LAKE_TABLES, type LakeColumnType, type LakeRow, type LakeTableName } from '../contracts/lake';

const PARQUET_TYPE: Record<LakeColumnType, BasicType> = {
  string: 'STRING',
  // Seconds and counts fit in 32 bits; INT64 would need BigInt values.
  int: 'INT32',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
};

/** One lake table's rows as a snappy-compressed Parquet file, columns in the contract's order. */
export function encodeParquet(table: LakeTableName, rows: readonly LakeRow[]): Uint8Array {
  const columnData = LAKE_TABLES[table].columns.map((column) => ({
    name: column.name,
    type: PARQUET_TYPE[column.type],
    data: rows.map((row) => row[column.name] ?? null),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, codec: 'SNAPPY' }));
}
