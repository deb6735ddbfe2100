-- The year's NPS, CSAT and CES, each rolled up from the stored daily summaries.
SELECT round(nps(rollup(answers) FILTER (WHERE question = 'nps')), 1) AS nps,
       round(nps_moe(rollup(answers) FILTER (WHERE question = 'nps')), 1) AS nps_moe,
       round(csat(rollup(answers) FILTER (WHERE question = 'csat')), 1) AS csat,
       round(ces(rollup(answers) FILTER (WHERE question = 'ces')), 2) AS ces,
       sum(responses(answers)) AS answers
FROM crm.daily_ratings
