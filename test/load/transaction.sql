-- One pgbench transaction: the README's kinds of queries (aggregates,
-- roll-ups, intervals, window use), then the backend's memory.
\set day random(0, 100)
SELECT channel, round(nps(nps_score), 1), round(csat(csat_score), 1), round(ces(effort), 2) FROM load_answers GROUP BY channel;
SELECT round(nps_lower(r), 2), round(nps_upper(r, 0.9, 'score'), 2), nps_pvalue(r, rw) FROM (SELECT rollup(r) AS r, rollup(rw) AS rw FROM load_daily) s;
SELECT channel, nps(rollup(r)), sum(responses(r)) FROM load_daily WHERE answered_on >= date '2026-01-01' + :day GROUP BY channel;
SELECT answer_id, nps(nps_score) OVER (ORDER BY answer_id) FROM load_answers WHERE answer_id BETWEEN :day * 100 AND :day * 100 + 200 ORDER BY answer_id LIMIT 5;
SELECT nps_category(nps_score), count(*) FROM load_answers GROUP BY 1;
SELECT ratings_agg(nps_score)::text::ratings IS NOT NULL FROM load_answers WHERE answered_on = date '2026-01-01' + :day;
INSERT INTO load_memory SELECT pg_backend_pid(), clock_timestamp(), sum(total_bytes) FROM pg_backend_memory_contexts;
