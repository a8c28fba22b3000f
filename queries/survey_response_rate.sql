-- Survey response rate per channel: NPS and CSAT surveys that went out, those answered, and their share.
WITH went_out AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    survey_type,
    COALESCE(channel, 'unknown') AS channel,
    status
  FROM surveys
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND status IN ('sent', 'answered', 'expired', 'no-response')
)
SELECT
  week,
  survey_type,
  channel,
  count(*) AS sent,
  count_if(status = 'answered') AS answered,
  CAST(count_if(status = 'answered') AS double) / count(*) AS response_rate
FROM went_out
GROUP BY week, survey_type, channel
ORDER BY week, survey_type, channel
