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
