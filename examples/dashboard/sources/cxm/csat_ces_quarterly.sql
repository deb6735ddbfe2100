-- CSAT (% scoring 4-5 of 5) and CES 2.0 (mean of 1..7) per quarter and channel.
SELECT to_char(date_trunc('quarter', day), 'YYYY-"Q"Q') AS quarter, channel,
       round(csat(rollup(answers) FILTER (WHERE question = 'csat')), 1) AS csat,
       round(ces(rollup(answers) FILTER (WHERE question = 'ces')), 2) AS ces
FROM crm.daily_ratings
GROUP BY 1, 2
ORDER BY 1, 2
