\echo
\echo '=== cxm benchmark ================================================================'
SELECT version() AS postgresql;
SELECT :'machine' AS machine;
\echo 'Median times (ms), one backend, max_parallel_workers_per_gather = 0, jit = off:'
SELECT room, name AS query, round(median_ms::numeric, 1) AS median_ms FROM bench.results ORDER BY seq;
\echo 'Ratios against their targets:'
SELECT room, what, measured, target,
       CASE WHEN met IS NULL THEN '' WHEN met THEN 'met' ELSE 'MISSED' END AS result
FROM bench.checks ORDER BY seq;
\echo 'Answer checks (cxm against the SQL it is timed against, same question, same data):'
SELECT room, what, CASE WHEN passed THEN 'ok' ELSE 'FAILED' END AS result, coalesce(detail, '') AS detail
FROM bench.answer_checks ORDER BY seq;
SELECT count(*) FILTER (WHERE passed IS NOT TRUE) AS answers_failed, count(*) AS answers FROM bench.answer_checks \gset
\if :answers_failed
\echo 'FAILED:' :answers_failed 'of' :answers 'answer checks: cxm and the SQL it was compared with gave different answers'
DO $$ BEGIN RAISE EXCEPTION 'answer checks failed'; END $$;
\else
\echo 'all' :answers 'answer checks passed'
\endif
