import type { Hotel } from '../../functions/domain/hotels';
import { openDuckDbLake } from './duckdb-lake';
import { loadKpiQueries, runKpiQueries } from './kpi-queries';
import { reportDays, type WeeklyReport, weeklyReport } from './weekly-report';

/** The week's report of a hotel from the lake folder: every `queries/*.sql` over the trend weeks, in DuckDB. */
export async function reportFromLake(
  lakeDir: string,
  hotel: Pick<Hotel, 'tenantId' | 'name'>,
  week: string,
): Promise<WeeklyReport> {
  const lake = await openDuckDbLake(lakeDir);
  try {
    const results = await runKpiQueries(lake.connection, loadKpiQueries(), {
      hotel: hotel.tenantId,
      ...reportDays(week),
    });
    return weeklyReport({ tenantId: hotel.tenantId, name: hotel.name }, week, results);
  } finally {
    lake.close();
  }
}
