-- Lead funnel: leads, offers, booked and lost (after an offer or without), lead->offer and offer->booked rates.
WITH leads AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    lead_stage,
    lead_offer_sent
  FROM tickets
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND lead_stage IS NOT NULL
)
SELECT
  week,
  count(*) AS leads,
  count_if(lead_offer_sent) AS offers,
  count_if(lead_stage = 'booked') AS booked,
  count_if(lead_stage = 'lost') AS lost,
  count_if(lead_stage = 'lost' AND lead_offer_sent) AS lost_after_offer,
  CAST(count_if(lead_offer_sent) AS double) / count(*) AS lead_to_offer_rate,
  CAST(count_if(lead_stage = 'booked') AS double) / NULLIF(count_if(lead_offer_sent), 0) AS offer_to_booked_rate
FROM leads
GROUP BY week
ORDER BY week
