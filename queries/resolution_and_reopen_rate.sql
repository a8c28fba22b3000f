-- Resolution and reopen rate: tickets, those resolved now (share of all), and those reopened (share of the tickets ever resolved).
WITH opened AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    status IN ('resolved', 'closed') AS resolved,
    reopen_count > 0 AS reopened
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
)
SELECT
  week,
  count(*) AS tickets,
  count_if(resolved) AS resolved,
  CAST(count_if(resolved) AS double) / count(*) AS resolution_rate,
  count_if(resolved OR reopened) AS ever_resolved,
  count_if(reopened) AS reopened,
  CAST(count_if(reopened) AS double) / NULLIF(count_if(resolved OR reopened), 0) AS reopen_rate
FROM opened
GROUP BY week
ORDER BY week
