-- SLA breaches per day: decided SLA clocks and those breached, by the hotel-local day their ticket opened.
WITH decided AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    dt,
    outcome
  FROM sla_events
  WHERE hotel = ? AND dt BETWEEN ? AND ?
)
SELECT
  week,
  dt,
  count(*) AS decided,
  count_if(outcome = 'breached') AS breached
FROM decided
GROUP BY week, dt
ORDER BY week, dt
