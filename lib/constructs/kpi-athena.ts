import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_DATABASE } from '../../functions/contracts/lake';

/** The KPI queries, one `.sql` file each, read at synth time. */
export const KPI_QUERIES_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));
/** Athena cancels a query that would scan more (10 GiB: years of every hotel's KPIs). */
export const BYTES_SCANNED_CUTOFF_PER_QUERY = 10 * 1024 ** 3;

/** Athena's limits on a named query (CreateNamedQuery). */
const MAX_NAME_LENGTH = 128;
const MAX_DESCRIPTION_LENGTH = 1024;
const MAX_QUERY_BYTES = 262_144;

export interface KpiQuery {
  /** The file name without `.sql`. */
  name: string;
  /** The file's first line without its `--`, when the file starts with a comment. */
  description?: string;
  sql: string;
}

/**
 * The `.sql` files of `dir`, in name order, each whole as a query. Throws at synth time for
 * a file Athena would refuse as a named query.
 */
export function readKpiQueries(dir: string = KPI_QUERIES_DIR): KpiQuery[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
    .map((entry) => entry.name)
    .sort()
    .map((fileName) => {
      const name = fileName.slice(0, -'.sql'.length);
      const sql = readFileSync(join(dir, fileName), 'utf8');
      const firstLine = sql.split('\n', 1)[0]?.trim() ?? '';
      const description = firstLine.startsWith('--') ? firstLine.slice(2).trim() : '';
      if (name.length < 1 || name.length > MAX_NAME_LENGTH)
        throw new Error(`queries/${fileName}: a named query's name is 1-${MAX_NAME_LENGTH} characters`);
      if (sql.trim() === '') throw new Error(`queries/${fileName} is empty`);
      if (Buffer.byteLength(sql, 'utf8') > MAX_QUERY_BYTES)
        throw new Error(`queries/${fileName} is longer than Athena's ${MAX_QUERY_BYTES} bytes`);
      if (description.length > MAX_DESCRIPTION_LENGTH)
        throw new Error(
          `queries/${fileName}: its first comment line is over ${MAX_DESCRIPTION_LENGTH} characters`,
        );
      return { name, sql, ...(description && { description }) };
    });
}

export interface KpiWorkGroupProps {
  /** Physical name of the workgroup, e.g. `hotel-inbox-kpi`. */
  workGroupName: string;
  /** Where query results go: `s3://<bucket>/<resultsPrefix>`. */
  resultsBucket: s3.IBucket;
  resultsPrefix: string;
  /** Encrypts the query results (SSE-KMS). */
  resultsKey: kms.IKey;
  queries: readonly KpiQuery[];
}

/**
 * The Athena workgroup analysts query the lake in, its settings enforced over the client's:
 * results encrypted with the lake key under the results prefix, a cap on the bytes one query
 * may scan, CloudWatch metrics, the current engine. One saved (named) query per KPI file.
 */
export class KpiWorkGroup extends Construct {
  readonly workGroup: athena.CfnWorkGroup;
  readonly namedQueries: athena.CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: KpiWorkGroupProps) {
    super(scope, id);
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workGroupName,
      description: 'hotel-inbox KPIs: the saved KPI queries, with encrypted results and a scan limit',
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF_PER_QUERY,
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${props.resultsPrefix}`,
          expectedBucketOwner: Stack.of(this).account,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.resultsKey.keyArn },
        },
      },
    });
    this.namedQueries = props.queries.map(
      (query) =>
        new athena.CfnNamedQuery(this, `Query-${query.name}`, {
          name: query.name,
          ...(query.description && { description: query.description }),
          database: LAKE_DATABASE,
          workGroup: this.workGroup.ref,
          queryString: query.sql,
        }),
    );
  }

  get workGroupName(): string {
    return this.workGroup.ref;
  }

  get workGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workGroup.name,
    });
  }
}
