-- Resolution time per basket and topic: resolved tickets, median and p90 seconds to resolution; a ticket counts under each of its topics, '(none)' without one.
WITH resolved AS (
  SELECT
    CAST(date_trunc('week', CAST(t.dt AS date)) AS date) AS week,
    COALESCE(t.basket, '(none)') AS basket,
    COALESCE(tt.topic, '(none)') AS topic,
    CAST(t.resolution_seconds AS double) AS seconds
  FROM tickets t
  LEFT JOIN ticket_topics tt
    ON tt.hotel = t.hotel AND tt.dt = t.dt AND tt.ticket_id = t.ticket_id
  WHERE t.hotel = ? AND t.dt BETWEEN ? AND ?
    -- A reopened ticket keeps its earlier resolution_seconds until it is resolved again.
    AND t.status IN ('resolved', 'closed')
    AND t.resolution_seconds IS NOT NULL
)
SELECT
  week,
  basket,
  topic,
  count(*) AS resolved,
  approx_percentile(seconds, 0.5) AS median_seconds,
  approx_percentile(seconds, 0.9) AS p90_seconds
FROM resolved
GROUP BY week, basket, topic
ORDER BY week, basket, topic
