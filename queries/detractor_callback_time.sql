-- Detractor call-back time: detractors' answers, those with a follow-up ticket, those called back (an agent's message on it after the answer), within 24 h, median and p90 seconds.
WITH detractors AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    hotel,
    survey_id,
    answered_at,
    follow_up_ticket_id
  FROM surveys
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND survey_type = 'NPS'
    AND status = 'answered'
    AND score <= 6
),
callbacks AS (
  -- Not limited to the week's messages: the follow-up may be a ticket the guest opened days before.
  SELECT
    d.week,
    d.follow_up_ticket_id,
    date_diff('second', d.answered_at, min(m.sent_at)) AS seconds
  FROM detractors d
  LEFT JOIN messages m
    ON m.hotel = d.hotel
    AND m.ticket_id = d.follow_up_ticket_id
    AND m.author = 'agent'
    AND m.direction = 'outbound'
    AND m.sent_at >= d.answered_at
  GROUP BY d.week, d.survey_id, d.follow_up_ticket_id, d.answered_at
)
SELECT
  week,
  count(*) AS detractors,
  count(follow_up_ticket_id) AS follow_ups,
  count(seconds) AS called_back,
  count_if(seconds <= 86400) AS called_back_within_24h,
  approx_percentile(CAST(seconds AS double), 0.5) AS median_callback_seconds,
  approx_percentile(CAST(seconds AS double), 0.9) AS p90_callback_seconds
FROM callbacks
GROUP BY week
ORDER BY week
