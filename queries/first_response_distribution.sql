-- First response distribution per channel: answered tickets a guest opened, counted in buckets of time to the first answer.
WITH answered AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    channel,
    first_response_seconds AS seconds
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND origin IS NULL
    AND first_response_seconds IS NOT NULL
),
bucketed AS (
  SELECT
    week,
    channel,
    CASE
      WHEN seconds < 300 THEN 1
      WHEN seconds < 900 THEN 2
      WHEN seconds < 3600 THEN 3
      WHEN seconds < 14400 THEN 4
      ELSE 5
    END AS bucket_order
  FROM answered
)
SELECT
  week,
  channel,
  bucket_order,
  CASE bucket_order
    WHEN 1 THEN 'under 5 min'
    WHEN 2 THEN '5-15 min'
    WHEN 3 THEN '15-60 min'
    WHEN 4 THEN '1-4 h'
    ELSE 'over 4 h'
  END AS bucket,
  count(*) AS tickets
FROM bucketed
GROUP BY week, channel, bucket_order
ORDER BY week, channel, bucket_order
