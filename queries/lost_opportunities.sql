-- Lost opportunities per channel: leads, those answered but left past their follow-up time, and their share of the leads.
WITH leads AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    channel,
    lost_opportunity
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND lead_stage IS NOT NULL
)
SELECT
  week,
  channel,
  count(*) AS leads,
  count_if(lost_opportunity) AS lost_opportunities,
  CAST(count_if(lost_opportunity) AS double) / count(*) AS lost_opportunity_rate
FROM leads
GROUP BY week, channel
ORDER BY week, channel
