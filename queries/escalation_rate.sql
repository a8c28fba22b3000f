-- Escalation rate: tickets, those escalated (to a team lead or the supervisor), those at the supervisor, and the escalated share.
WITH opened AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    escalation_level
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
)
SELECT
  week,
  count(*) AS tickets,
  count_if(escalation_level >= 1) AS escalated,
  count_if(escalation_level = 2) AS to_supervisor,
  CAST(count_if(escalation_level >= 1) AS double) / count(*) AS escalation_rate
FROM opened
GROUP BY week
ORDER BY week
