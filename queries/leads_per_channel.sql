-- Sales leads per channel: leads, those that reached an offer, booked and lost.
WITH leads AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    channel,
    lead_stage,
    lead_offer_sent
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND lead_stage IS NOT NULL
)
SELECT
  week,
  channel,
  count(*) AS leads,
  count_if(lead_offer_sent) AS offers,
  count_if(lead_stage = 'booked') AS booked,
  count_if(lead_stage = 'lost') AS lost
FROM leads
GROUP BY week, channel
ORDER BY week, channel
