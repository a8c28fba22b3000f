-- Top 5 root causes: the root causes staff recorded most often, ties in name order.
WITH causes AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    root_cause
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND root_cause IS NOT NULL
),
counted AS (
  SELECT week, root_cause, count(*) AS tickets
  FROM causes
  GROUP BY week, root_cause
),
ranked AS (
  SELECT
    week,
    root_cause,
    tickets,
    row_number() OVER (PARTITION BY week ORDER BY tickets DESC, root_cause) AS place
  FROM counted
)
SELECT week, place, root_cause, tickets
FROM ranked
WHERE place <= 5
ORDER BY week, place
