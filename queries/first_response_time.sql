-- First response time per channel: tickets a guest opened, those answered, median and p90 seconds to the first answer (waiting for the guest excluded).
WITH opened AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    channel,
    CAST(first_response_seconds AS double) AS seconds
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    -- A survey follow-up has no guest message to answer: its call-back is detractor_callback_time.
    AND origin IS NULL
)
SELECT
  week,
  channel,
  count(*) AS tickets,
  count(seconds) AS answered,
  approx_percentile(seconds, 0.5) AS median_seconds,
  approx_percentile(seconds, 0.9) AS p90_seconds
FROM opened
GROUP BY week, channel
ORDER BY week, channel
