import { RemovalPolicy } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  LAKE_DATABASE,
  LAKE_PREFIX,
  LAKE_TABLE_NAMES,
  LAKE_TABLES,
  type LakeColumnType,
  type LakeTableName,
  PARTITION_COLUMN,
} from '../../functions/contracts/lake';

/** The Glue (Hive) type of each lake column type; the Parquet writer uses the same mapping. */
export const GLUE_TYPES: Record<LakeColumnType, glue.Type> = {
  string: glue.Schema.STRING,
  int: glue.Schema.INTEGER,
  double: glue.Schema.DOUBLE,
  boolean: glue.Schema.BOOLEAN,
  timestamp: glue.Schema.TIMESTAMP,
};

/** The first `dt` Athena projects; no hotel used the inbox before. */
export const PARTITION_PROJECTION_START = '2024-01-01';
/**
 * The last `dt` Athena projects. `dt` is the hotel's local date, which east of UTC (Türkiye is
 * UTC+3) is already tomorrow's UTC date for a few hours; Athena evaluates `NOW` in UTC.
 */
export const PARTITION_PROJECTION_END = 'NOW+1DAYS';

export interface KpiCatalogProps {
  /** The lake bucket: each table's files are under `kpi/<table>/dt=<dt>/`. */
  bucket: s3.IBucket;
}

/**
 * The lake's Glue Data Catalog entries: the `hotel_inbox_kpi` database and one external
 * Parquet table per `LAKE_TABLES` entry, with exactly its columns, partitioned by `dt`. No
 * crawler: the partitions are projected from the `dt=YYYY-MM-DD` folders, so a new day is
 * queryable the moment the export writes it, with no partition to add.
 */
export class KpiCatalog extends Construct {
  readonly database: glue.Database;
  readonly tables: Record<LakeTableName, glue.S3Table>;

  constructor(scope: Construct, id: string, props: KpiCatalogProps) {
    super(scope, id);
    const { bucket } = props;
    this.database = new glue.Database(this, 'Database', {
      databaseName: LAKE_DATABASE,
      description:
        'hotel-inbox KPIs: tickets, topics, messages, SLA events and surveys, one partition per day',
      locationUri: `s3://${bucket.bucketName}/${LAKE_PREFIX}/`,
      // Metadata only, all of it from the contract: a new stack recreates it over the retained bucket.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const table = (name: LakeTableName) => {
      const prefix = `${LAKE_PREFIX}/${name}/`;
      return new glue.S3Table(this, name, {
        database: this.database,
        tableName: name,
        description: LAKE_TABLES[name].comment,
        storage: glue.S3TableStorage.fromBucket(bucket),
        s3Prefix: prefix,
        dataFormat: glue.DataFormat.PARQUET,
        columns: LAKE_TABLES[name].columns.map((column) => ({
          name: column.name,
          type: GLUE_TYPES[column.type],
          comment: column.comment,
        })),
        partitionKeys: [
          { name: PARTITION_COLUMN, type: glue.Schema.STRING, comment: "the hotel's local date, YYYY-MM-DD" },
        ],
        partitionProjection: {
          [PARTITION_COLUMN]: glue.PartitionProjectionConfiguration.date({
            min: PARTITION_PROJECTION_START,
            max: PARTITION_PROJECTION_END,
            format: 'yyyy-MM-dd',
            step: { interval: 1, intervalUnit: glue.DateIntervalUnit.DAYS },
          }),
        },
        parameters: {
          'storage.location.template': `s3://${bucket.bucketName}/${prefix}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`,
        },
        // The files are encrypted server-side (SSE-KMS), which S3 undoes on read; `true` would
        // tell Athena they are client-side encrypted (CSE-KMS).
        hasEncryptedData: false,
      });
    };
    this.tables = Object.fromEntries(LAKE_TABLE_NAMES.map((name) => [name, table(name)])) as Record<
      LakeTableName,
      glue.S3Table
    >;
  }

  get databaseName(): string {
    return this.database.databaseName;
  }
}
