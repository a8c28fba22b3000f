-- NPS: post-stay surveys, those answered, promoters (9-10), passives (7-8), detractors (0-6), and the score (promoters % minus detractors %).
WITH nps AS (
  SELECT
    CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week,
    CASE WHEN status = 'answered' THEN score END AS score
  FROM surveys
  WHERE hotel = ? AND dt BETWEEN ? AND ?
    AND survey_type = 'NPS'
)
SELECT
  week,
  count(*) AS surveys,
  count(score) AS answered,
  count_if(score >= 9) AS promoters,
  count_if(score BETWEEN 7 AND 8) AS passives,
  count_if(score <= 6) AS detractors,
  100 * CAST(count_if(score >= 9) - count_if(score <= 6) AS double) / NULLIF(count(score), 0) AS nps
FROM nps
GROUP BY week
ORDER BY week
