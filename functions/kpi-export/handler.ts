import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { hotelsFromEnv } from '../adapters/hotels-from-env';
import { lazy } from '../adapters/ingest-deps';
import { kpiExportDepsFromEnv, kpiRefreshDaysFromEnv } from '../adapters/kpi-export-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import type { Hotel } from '../domain/hotels';
import { exportKpis, type KpiExportDeps, type KpiExportRequest } from '../domain/kpi/export-kpis';

/** What the schedules send: `{"mode":"hourly"}` or `{"mode":"daily"}`; an operator may name days to redo. */
export const KpiExportRequestSchema = z.union([
  z.strictObject({ mode: z.enum(['hourly', 'daily']) }),
  z.strictObject({ days: z.array(z.iso.date()).min(1).max(400) }),
]);

export interface KpiExportSummary {
  days: number;
  rows: Record<string, number>;
}

/** Writes the hotels' KPI days to the lake. A failed run is retried by EventBridge, then dead-lettered. */
export const createKpiExportHandler =
  (deps: () => Promise<KpiExportDeps>, hotels: () => Hotel[], refreshDays: () => number) =>
  async (input: unknown): Promise<KpiExportSummary> => {
    const request: KpiExportRequest = KpiExportRequestSchema.parse(input);
    const exports = await exportKpis(await deps(), hotels(), request, refreshDays());
    const rows: Record<string, number> = {};
    for (const day of exports)
      for (const [table, count] of Object.entries(day.rows)) rows[table] = (rows[table] ?? 0) + count;
    const summary = { days: exports.length, rows };
    logger.info('KPI export done', { ...summary });
    return summary;
  };

export const handler = middy(
  createKpiExportHandler(
    lazy(() => kpiExportDepsFromEnv()),
    lazy(() => hotelsFromEnv()),
    () => kpiRefreshDaysFromEnv(),
  ),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
