-- NPS per segment: answered post-stay surveys and the score per channel, market, room type and stay purpose ('unknown' when not recorded).
WITH answered AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    COALESCE(channel, 'unknown') AS channel,
    COALESCE(market, 'unknown') AS market,
    COALESCE(room_type, 'unknown') AS room_type,
    COALESCE(stay_purpose, 'unknown') AS stay_purpose,
    score
  FROM surveys
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND survey_type = 'NPS'
    AND status = 'answered'
    AND score IS NOT NULL
),
segments AS (
  SELECT week, 'channel' AS segment, channel AS value, score FROM answered
  UNION ALL
  SELECT week, 'market' AS segment, market AS value, score FROM answered
  UNION ALL
  SELECT week, 'room_type' AS segment, room_type AS value, score FROM answered
  UNION ALL
  SELECT week, 'stay_purpose' AS segment, stay_purpose AS value, score FROM answered
)
SELECT
  week,
  segment,
  value,
  count(*) AS answered,
  count_if(score >= 9) AS promoters,
  count_if(score BETWEEN 7 AND 8) AS passives,
  count_if(score <= 6) AS detractors,
  100 * CAST(count_if(score >= 9) - count_if(score <= 6) AS double) / count(*) AS nps
FROM segments
GROUP BY week, segment, value
ORDER BY week, segment, value
