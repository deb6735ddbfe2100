\echo
\echo '=== Survey metrics ==============================================================='
\echo 'Answers on file, by question (NULL scores are skipped questions, ignored like avg ignores NULLs):'
SELECT question, count(*) AS answers, count(score) AS scored,
       min(answered_at)::date AS first, max(answered_at)::date AS last
FROM crm.survey_answers GROUP BY question ORDER BY question;

\echo 'Overall, with 95% confidence intervals (NPS: adjusted Wald; CSAT: Wilson; CES: Student t):'
SELECT 'NPS' AS metric, round(nps(r), 1) AS value, round(nps_lower(r), 1) AS lower, round(nps_upper(r), 1) AS upper, responses(r) AS n
FROM (SELECT rollup(answers) AS r FROM crm.daily_ratings WHERE question = 'nps') x
UNION ALL
SELECT 'CSAT (% 4-5 of 5)', round(csat(r), 1), round(csat_lower(r), 1), round(csat_upper(r), 1), responses(r)
FROM (SELECT rollup(answers) AS r FROM crm.daily_ratings WHERE question = 'csat') x
UNION ALL
SELECT 'CES 2.0 (mean of 1-7)', round(ces(r), 2), round(ces_lower(r), 2), round(ces_upper(r), 2), responses(r)
FROM (SELECT rollup(answers) AS r FROM crm.daily_ratings WHERE question = 'ces') x;

\echo 'Per channel: raw and weighted (weights correct the region mix; intervals use Kish''s effective n):'
SELECT channel,
       round(nps(a), 1) AS nps, format('%s .. %s', round(nps_lower(a), 1), round(nps_upper(a), 1)) AS nps_95,
       round(nps(w), 1) AS nps_weighted, round(effective_responses(w)) AS n_eff,
       round(csat(c), 1) AS csat, format('%s .. %s', round(csat_lower(c), 1), round(csat_upper(c), 1)) AS csat_95,
       round(ces(e), 2) AS ces, format('%s .. %s', round(ces_lower(e), 2), round(ces_upper(e), 2)) AS ces_95
FROM (SELECT channel,
             rollup(answers) FILTER (WHERE question = 'nps') AS a,
             rollup(weighted) FILTER (WHERE question = 'nps') AS w,
             rollup(answers) FILTER (WHERE question = 'csat') AS c,
             rollup(answers) FILTER (WHERE question = 'ces') AS e
      FROM crm.daily_ratings GROUP BY channel) x
ORDER BY nps DESC;

\echo 'NPS by month and channel, as "NPS ±margin of error" (95%), rolled up from stored daily summaries:'
SELECT to_char(month, 'YYYY-MM') AS month,
       max(cell) FILTER (WHERE channel = 'web') AS web,
       max(cell) FILTER (WHERE channel = 'app') AS app,
       max(cell) FILTER (WHERE channel = 'store') AS store,
       max(cell) FILTER (WHERE channel = 'call centre') AS "call centre",
       max(cell) FILTER (WHERE channel = 'email') AS email
FROM (SELECT date_trunc('month', day) AS month, channel,
             format('%6s ±%s', round(nps(rollup(answers)), 1), round(nps_moe(rollup(answers)), 1)) AS cell
      FROM crm.daily_ratings WHERE question = 'nps' GROUP BY 1, 2) m
GROUP BY month ORDER BY month;

\echo 'CSAT and CES by quarter and channel:'
SELECT to_char(quarter, 'YYYY-"Q"Q') AS quarter, channel,
       round(csat(rollup(answers) FILTER (WHERE question = 'csat')), 1) AS csat,
       round(ces(rollup(answers) FILTER (WHERE question = 'ces')), 2) AS ces
FROM (SELECT date_trunc('quarter', day) AS quarter, * FROM crm.daily_ratings) d
WHERE channel IN ('app', 'call centre')
GROUP BY 1, 2 ORDER BY 2, 1;

\echo 'Is the difference real? Two-sided tests between channels (adjusted Wald, MeasuringU):'
SELECT a.channel || ' vs ' || b.channel AS comparison,
       round(nps(a.r) - nps(b.r), 1) AS nps_difference,
       CASE WHEN nps_pvalue(a.r, b.r) < 0.0001 THEN '< 0.0001' ELSE round(nps_pvalue(a.r, b.r), 4)::text END AS p_value,
       CASE WHEN nps_pvalue(a.r, b.r) < 0.05 THEN 'significant at 5%' ELSE 'could be chance' END AS verdict
FROM (SELECT channel, rollup(answers) AS r FROM crm.daily_ratings WHERE question = 'nps' GROUP BY channel) a
JOIN (SELECT channel, rollup(answers) AS r FROM crm.daily_ratings WHERE question = 'nps' GROUP BY channel) b
  ON (a.channel, b.channel) IN (('store', 'app'), ('web', 'email'), ('app', 'call centre'), ('call centre', 'email'))
ORDER BY nps_pvalue(a.r, b.r);

\echo 'Why summaries are merged, never averaged (email, a few answers a day):'
SELECT round(avg(nps(answers)), 1) AS average_of_daily_nps,
       round(nps(rollup(answers)), 1) AS nps_of_merged_days,
       (SELECT round(nps(score), 1) FROM crm.survey_answers
        WHERE question = 'nps' AND channel = 'email') AS nps_from_raw_rows
FROM crm.daily_ratings
WHERE question = 'nps' AND channel = 'email';
