import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Env } from '../contracts/environment';
import type { KpiExportDeps, KpiSource } from '../domain/kpi/export-kpis';
import { documentClient, required } from './aws-clients';
import { currentTime } from './clock';
import { listAuditEntries } from './dynamodb-audit-log';
import { DynamoDbSurveyStore } from './dynamodb-survey-store';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { FolderLakeStore, S3LakeStore } from './lake-store';
import { encodeParquet } from './parquet-encoder';
import { secret } from './secrets';

export const DEFAULT_KPI_REFRESH_DAYS = 14;

/** The KPI export wired from the environment: the lake bucket in AWS, LAKE_DIR locally. */
export async function kpiExportDepsFromEnv(env = process.env): Promise<KpiExportDeps> {
  const lakeDir = env[Env.lakeDir];
  return {
    source: kpiSourceOf(documentClient(env), required(Env.tableName, env)),
    lake: lakeDir
      ? new FolderLakeStore(lakeDir)
      : new S3LakeStore(new S3Client({}), required(Env.lakeBucket, env)),
    encode: encodeParquet,
    salt: await secret(Env.lakeSalt, env),
    now: currentTime,
    concurrency: 16,
  };
}

/** The hotels' tickets, threads, surveys and audit log in the table, as the export reads them. */
export function kpiSourceOf(client: DynamoDBDocumentClient, tableName: string): KpiSource {
  const tickets = new DynamoDbTicketStore(client, tableName);
  const surveys = new DynamoDbSurveyStore(client, tableName);
  return {
    listTicketsOpenedBetween: (tenantId, from, to) => tickets.listTicketsOpenedBetween(tenantId, from, to),
    listMessages: (tenantId, ticketId) => tickets.listMessages(tenantId, ticketId),
    listSurveys: (tenantId, from, to) => surveys.listSurveys(tenantId, from, to),
    listAuditEntries: (tenantId, from, to) => listAuditEntries(client, tableName, tenantId, from, to),
  };
}

export const kpiRefreshDaysFromEnv = (env = process.env): number =>
  Number(env[Env.kpiRefreshDays]) || DEFAULT_KPI_REFRESH_DAYS;
