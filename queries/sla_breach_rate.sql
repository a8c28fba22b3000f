-- SLA breach rate per basket and clock: decided SLA clocks of the tickets' current cycle, those breached, and their share.
WITH decided AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    COALESCE(basket, '(none)') AS basket,
    clock,
    outcome
  FROM sla_events
  WHERE hotel = ? AND dt BETWEEN ? AND ?
)
SELECT
  week,
  basket,
  clock,
  count(*) AS decided,
  count_if(outcome = 'breached') AS breached,
  CAST(count_if(outcome = 'breached') AS double) / count(*) AS breach_rate
FROM decided
GROUP BY week, basket, clock
ORDER BY week, basket, clock
