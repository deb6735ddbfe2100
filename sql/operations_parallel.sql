-- operations under a forced parallel plan: partial aggregates in the workers,
-- their internal states serialized, deserialized and combined in the leader;
-- every answer equals the serial one exactly.
SET timezone = 'UTC';
SET intervalstyle = 'postgres';
CREATE TABLE ops_par AS
SELECT i, i % 13 AS grp,
       timestamptz '2024-01-01' + (i % 1000) * interval '1 day' + (i % 24) * interval '1 hour' AS started_at,
       CASE WHEN i % 5 = 0 THEN timestamptz '2024-01-01' + (i % 1000 + i % 400) * interval '1 day' + (i % 24) * interval '1 hour' END AS ended_at,
       i % 17 = 0 AS referred,
       timestamptz '2026-01-01' + i * interval '3 minutes' AS opened_at,
       CASE WHEN i % 31 <> 0 THEN timestamptz '2026-01-01' + i * interval '3 minutes' + ((i::bigint * 7919) % 9973) * interval '7 seconds' END AS resolved_at
FROM generate_series(1, 300000) i;
ANALYZE ops_par;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_answer AS
SELECT churn_rate(started_at, ended_at, '2025-06-01', '2025-07-01') AS churn,
       retention_rate(started_at, ended_at, '2025-06-01', '2025-07-01') AS retention,
       customer_flow(started_at, ended_at, '2025-06-01', '2025-07-01')::text AS flow,
       churn_rate(started_at::date, ended_at::date, '2025-06-01', '2025-07-01') AS churn_date,
       referral_rate(referred) AS referral,
       avg_resolution_time(opened_at, resolved_at) AS mean, unresolved_count(opened_at, resolved_at) AS unresolved,
       median_resolution_time(opened_at, resolved_at) AS median,
       resolution_time_percentile(opened_at, resolved_at, 0.95) AS p95
FROM ops_par;
CREATE TEMP TABLE serial_groups AS
SELECT grp, churn_rate(started_at, ended_at, '2025-06-01', '2025-07-01') AS churn, referral_rate(referred) AS referral,
       avg_resolution_time(opened_at, resolved_at) AS mean, median_resolution_time(opened_at, resolved_at) AS median
FROM ops_par GROUP BY grp;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

EXPLAIN (COSTS OFF)
SELECT churn_rate(started_at, ended_at, '2025-06-01', '2025-07-01'), referral_rate(referred),
       avg_resolution_time(opened_at, resolved_at), median_resolution_time(opened_at, resolved_at)
FROM ops_par;

SELECT (SELECT row(churn, retention, flow, churn_date, referral, mean, unresolved, median, p95) FROM serial_answer)
     = row(churn_rate(started_at, ended_at, '2025-06-01', '2025-07-01'),
           retention_rate(started_at, ended_at, '2025-06-01', '2025-07-01'),
           customer_flow(started_at, ended_at, '2025-06-01', '2025-07-01')::text,
           churn_rate(started_at::date, ended_at::date, '2025-06-01', '2025-07-01'),
           referral_rate(referred),
           avg_resolution_time(opened_at, resolved_at), unresolved_count(opened_at, resolved_at),
           median_resolution_time(opened_at, resolved_at),
           resolution_time_percentile(opened_at, resolved_at, 0.95)) AS parallel_equals_serial
FROM ops_par;

SELECT round(churn, 4) AS churn, round(retention, 4) AS retention, flow, round(referral, 4) AS referral,
       mean, unresolved, median, p95
FROM serial_answer;

EXPLAIN (COSTS OFF)
SELECT grp, churn_rate(started_at, ended_at, '2025-06-01', '2025-07-01'), median_resolution_time(opened_at, resolved_at)
FROM ops_par GROUP BY grp;
SELECT count(*) AS groups_differing
FROM (SELECT grp, churn_rate(started_at, ended_at, '2025-06-01', '2025-07-01') AS churn, referral_rate(referred) AS referral,
             avg_resolution_time(opened_at, resolved_at) AS mean, median_resolution_time(opened_at, resolved_at) AS median
      FROM ops_par GROUP BY grp) p
FULL JOIN serial_groups g USING (grp)
WHERE p.churn IS DISTINCT FROM g.churn OR p.referral IS DISTINCT FROM g.referral
   OR p.mean IS DISTINCT FROM g.mean OR p.median IS DISTINCT FROM g.median;

-- a period that differs between rows is caught, in a worker or where the workers' states meet
\set VERBOSITY terse
SELECT churn_rate(started_at, ended_at, CASE WHEN i > 150000 THEN timestamptz '2025-06-02' ELSE '2025-06-01' END, '2025-07-01')
FROM ops_par;
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE ops_par;
