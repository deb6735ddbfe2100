-- NPS per month and channel with its 95% interval (adjusted Wald), rolled up
-- from the stored daily ratings summaries: exact, never an average of days.
SELECT to_char(date_trunc('month', day), 'YYYY-MM') AS month, channel,
       round(nps(rollup(answers)), 1) AS nps,
       round(nps_lower(rollup(answers)), 1) AS nps_lower,
       round(nps_upper(rollup(answers)), 1) AS nps_upper,
       sum(responses(answers)) AS answers
FROM crm.daily_ratings
WHERE question = 'nps'
GROUP BY 1, 2
ORDER BY 1, 2
