import type { KpiResult } from '../../local/kpi/kpi-queries';

/** Two weeks of four queries, as DuckDB returns them (weeks are their Mondays). */
export function sampleResults(): Record<string, KpiResult> {
  return {
    nps: {
      description: 'NPS: post-stay surveys and the score.',
      columns: ['week', 'surveys', 'answered', 'nps'],
      rows: [
        { week: '2026-07-13', surveys: 10, answered: 8, nps: 25 },
        { week: '2026-07-20', surveys: 12, answered: 9, nps: -100 / 3 },
      ],
    },
    first_response_time: {
      description: 'First response time per channel: median and p90.',
      columns: ['week', 'channel', 'tickets', 'answered', 'median_seconds', 'p90_seconds'],
      rows: [
        {
          week: '2026-07-13',
          channel: 'whatsapp',
          tickets: 4,
          answered: 4,
          median_seconds: 95,
          p90_seconds: 4000,
        },
        {
          week: '2026-07-20',
          channel: 'instagram',
          tickets: 2,
          answered: 1,
          median_seconds: 42,
          p90_seconds: 42,
        },
        {
          week: '2026-07-20',
          channel: 'whatsapp',
          tickets: 5,
          answered: 5,
          median_seconds: 245,
          p90_seconds: 7380,
        },
      ],
    },
    first_response_distribution: {
      description: 'First response distribution per channel: buckets.',
      columns: ['week', 'channel', 'bucket_order', 'bucket', 'tickets'],
      rows: [{ week: '2026-07-20', channel: 'whatsapp', bucket_order: 1, bucket: 'under 5 min', tickets: 3 }],
    },
    top_root_causes: {
      description: 'Top 5 root causes: most often, ties in name order.',
      columns: ['week', 'place', 'root_cause', 'tickets'],
      rows: [{ week: '2026-07-20', place: 1, root_cause: 'klima, "salon"', tickets: 3 }],
    },
  };
}
