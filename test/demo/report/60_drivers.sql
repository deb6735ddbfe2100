\echo
\echo '=== Key drivers of NPS =========================================================='
\echo 'What moves the recommendation answer, per channel (Shapley share of R² in %, rolled up from monthly summaries):'
SELECT channel, responses, round(r2, 3) AS r2,
       max(cell) FILTER (WHERE driver = 1) AS delivery, max(cell) FILTER (WHERE driver = 2) AS support,
       max(cell) FILTER (WHERE driver = 3) AS price, max(cell) FILTER (WHERE driver = 4) AS app,
       max(cell) FILTER (WHERE driver = 5) AS store,
       (array_agg(name ORDER BY share DESC))[1] AS top_driver
FROM (SELECT channel, driver_responses(s) AS responses, driver_r2(s) AS r2, k.driver, k.name, k.share,
             format('%5s', round(k.share, 1)) AS cell
      FROM (SELECT channel, rollup(drivers) AS s FROM crm.monthly_drivers GROUP BY channel) c,
           key_drivers(c.s, '{delivery,support,price,app,store}') k) x
GROUP BY channel, responses, r2
ORDER BY responses DESC;

\echo 'All channels, weighted by the survey weights: importance next to performance:'
SELECT name AS driver, round(mean, 2) AS mean_rating, round(correlation, 3) AS correlation, round(beta, 3) AS beta,
       round(relative_weight, 4) AS relative_weight, round(shapley, 4) AS shapley, round(share, 1) AS share
FROM key_drivers((SELECT rollup(weighted) FROM crm.monthly_drivers), '{delivery,support,price,app,store}')
ORDER BY share DESC;

\echo 'Importance-performance quadrants, web (importance: share above or below the average share; performance: mean rating above or below the average rating):'
SELECT name AS driver, round(share, 1) AS importance, round(mean, 2) AS performance,
       CASE WHEN share >= avg(share) OVER () AND mean < avg(mean) OVER () THEN 'fix first'
            WHEN share >= avg(share) OVER () THEN 'keep up'
            WHEN mean < avg(mean) OVER () THEN 'low priority'
            ELSE 'possible overkill' END AS quadrant
FROM key_drivers((SELECT rollup(drivers) FROM crm.monthly_drivers WHERE channel = 'web'), '{delivery,support,price,app,store}')
ORDER BY share DESC;

\echo 'Quarter to quarter, web: each driver''s share of R² (%), rolled up from the stored monthly summaries, and its change:'
SELECT to_char(quarter, 'YYYY-"Q"Q') AS quarter, responses,
       max(cell) FILTER (WHERE driver = 1) AS delivery, max(cell) FILTER (WHERE driver = 2) AS support,
       max(cell) FILTER (WHERE driver = 3) AS price, max(cell) FILTER (WHERE driver = 4) AS app,
       max(cell) FILTER (WHERE driver = 5) AS store
FROM (SELECT quarter, responses, driver,
             format('%5s (%5s)', round(share, 1),
                    coalesce(to_char(share - lag(share) OVER (PARTITION BY driver ORDER BY quarter), 'FMSG990.0'), 'new')) AS cell
      FROM (SELECT date_trunc('quarter', month) AS quarter, rollup(drivers) AS s
            FROM crm.monthly_drivers WHERE channel = 'web' GROUP BY 1) q,
           LATERAL (SELECT driver_responses(q.s) AS responses) n,
           key_drivers(q.s) k) x
GROUP BY quarter, responses ORDER BY quarter;
