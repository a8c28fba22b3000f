import { describe, expect, test } from 'vitest';
import { LAKE_TABLE_NAMES } from '../../functions/contracts/lake';
import { loadKpiQueries } from '../../local/kpi/kpi-queries';
import { REPORT_LAYOUT } from '../../local/kpi/weekly-report';

const queries = loadKpiQueries();
/** The SQL as the engines parse it: no comments, string literals blanked. */
const code = (sql: string) => sql.replace(/--.*$/gm, '').replace(/'[^']*'/g, "''");

test('the issue’s KPIs and the charts’ helpers are all there, each with its report layout', () => {
  expect(queries.map((q) => q.name)).toEqual([
    'complaints',
    'detractor_callback_time',
    'escalation_rate',
    'first_response_distribution',
    'first_response_time',
    'lead_funnel',
    'leads_per_channel',
    'lost_opportunities',
    'nps',
    'nps_by_segment',
    'resolution_and_reopen_rate',
    'resolution_time',
    'sla_breach_rate',
    'sla_breaches_daily',
    'survey_response_rate',
    'top_root_causes',
  ]);
  expect(Object.keys(REPORT_LAYOUT).sort()).toEqual(queries.map((q) => q.name));
});

describe.each(queries.map((q) => ({ name: q.name, query: q })))('queries/$name.sql', ({ query }) => {
  test('is described by its first line, "Title: what it counts" (the Athena named query description)', () => {
    expect(query.description).toMatch(/^[A-Z][^:]+: .+/);
    expect(query.description.length).toBeLessThanOrEqual(1024);
  });

  test('takes exactly hotel, first dt and last dt, each once and in that order', () => {
    const sql = code(query.sql);
    expect(sql.match(/\?/g)).toHaveLength(3);
    expect(sql).toMatch(/hotel = \?[\s\S]*dt BETWEEN \? AND \?/);
  });

  test('keeps to the SQL Trino and DuckDB share', () => {
    const sql = code(query.sql);
    // DuckDB-only spellings; percentiles go through approx_percentile (a macro in DuckDB).
    expect(sql).not.toMatch(
      /quantile|::|\bilike\b|\bqualify\b|\bstrftime\b|\bdate_sub\b|\blist_\w+|\bgroup by all\b/i,
    );
    // Trino cannot GROUP BY an output alias: the week is computed in a CTE first.
    expect(query.sql).toMatch(/CAST\(date_trunc\('week', CAST\((\w+\.)?dt AS date\)\) AS date\) AS week/);
    // Unqualified tables: Athena resolves them in the named query's database.
    expect(sql).not.toMatch(/\b(FROM|JOIN)\s+\w+\.\w+/i);
    const tables = [...sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)].map((m) => m[1] as string);
    const ctes = [...sql.matchAll(/(\w+) AS \(/g)].map((m) => m[1] as string);
    for (const table of tables) expect([...LAKE_TABLE_NAMES, ...ctes]).toContain(table);
  });
});
