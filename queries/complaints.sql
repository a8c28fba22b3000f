-- Complaints: tickets in the complaint basket, those resolved, median and p90 seconds to close them.
WITH complaints AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    status IN ('resolved', 'closed') AS resolved,
    CASE WHEN status IN ('resolved', 'closed') THEN CAST(resolution_seconds AS double) END AS seconds
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND basket = 'complaint'
)
SELECT
  week,
  count(*) AS complaints,
  count_if(resolved) AS resolved,
  approx_percentile(seconds, 0.5) AS median_closing_seconds,
  approx_percentile(seconds, 0.9) AS p90_closing_seconds
FROM complaints
GROUP BY week
ORDER BY week
