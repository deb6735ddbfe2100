-- driver_stats under a forced parallel plan: partial aggregates in the
-- workers, states merged by driver_stats_combine in the leader.  The result
-- is materialised by the very statement whose plan is shown (EXPLAIN
-- ANALYZE of the CREATE TABLE AS), then compared with plain-SQL references.
CREATE TABLE drivers_par AS
SELECT i, i % 47 AS grp, ARRAY[(i * 7 % 10)::float8, (i * 13 % 7)::float8 + i % 3] AS x,
       ((i * 7 % 10) * 0.5 + (i * 13 % 7) * 0.25 + (i * 31 % 11) * 0.1)::float8 AS y
FROM generate_series(1, 200000) i;
ANALYZE drivers_par;

-- node names of the plan of a statement that is executed, and whether workers ran
CREATE FUNCTION pg_temp.executed_plan(statement text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || statement LOOP
        IF line ~ 'Workers Launched' THEN
            RETURN NEXT regexp_replace(line, '\d+', CASE WHEN substring(line FROM '\d+')::int > 0 THEN 'some' ELSE 'none' END);
        ELSIF line !~ '^\s*(Workers Planned|Output|Group Key|Sort|Worker \d|Batches|Memory|Rows Removed)' THEN
            RETURN NEXT regexp_replace(line, '\s*\(actual.*\)$', '');
        END IF;
    END LOOP;
END
$$;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

SELECT * FROM pg_temp.executed_plan('CREATE TABLE drivers_par_whole AS SELECT driver_stats(y, x) AS s FROM drivers_par');
SELECT * FROM pg_temp.executed_plan('CREATE TABLE drivers_par_groups AS SELECT grp, driver_stats(y, x) AS s FROM drivers_par GROUP BY grp');

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- plain-SQL references: counts, means, and R² of each one-driver model and of both
SELECT driver_responses(s) = 200000 AS rows_add_up,
       abs((SELECT mean FROM key_drivers(s) WHERE driver = 2) - (SELECT avg(x[2]) FROM drivers_par)::numeric) < 1e-12 AS mean_2,
       abs(driver_r2(s) - (SELECT (r1 ^ 2 + r2 ^ 2 - 2 * r1 * r2 * r12) / (1 - r12 ^ 2)
                           FROM (SELECT corr(y, x[1]) AS r1, corr(y, x[2]) AS r2, corr(x[1], x[2]) AS r12 FROM drivers_par) c)::numeric) < 1e-12 AS r2
FROM drivers_par_whole;
SELECT count(*) AS groups, count(*) FILTER (WHERE abs(p.r2 - r.r2) > 1e-12 OR p.r2 IS NULL OR p.n <> r.n) AS groups_differing
FROM (SELECT grp, driver_r2(s) AS r2, driver_responses(s) AS n FROM drivers_par_groups) p
JOIN (SELECT grp, count(*) AS n, ((r1 ^ 2 + r2 ^ 2 - 2 * r1 * r2 * r12) / (1 - r12 ^ 2))::numeric AS r2
      FROM (SELECT grp, count(*) OVER (PARTITION BY grp), corr(y, x[1]) OVER w AS r1, corr(y, x[2]) OVER w AS r2, corr(x[1], x[2]) OVER w AS r12
            FROM drivers_par WINDOW w AS (PARTITION BY grp)) c
      GROUP BY grp, r1, r2, r12) r USING (grp);

-- rollup of stored summaries, in parallel
CREATE TABLE drivers_par_daily AS SELECT grp, i % 400 AS day, driver_stats(y, x) AS s FROM drivers_par GROUP BY 1, 2;
ANALYZE drivers_par_daily;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT * FROM pg_temp.executed_plan('CREATE TABLE drivers_par_rolled AS SELECT rollup(s) AS s FROM drivers_par_daily');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT driver_responses(r.s) = 200000 AS rows_add_up, abs(driver_r2(r.s) - driver_r2(w.s)) < 1e-12 AS same_r2
FROM drivers_par_rolled r, drivers_par_whole w;
DROP TABLE drivers_par, drivers_par_whole, drivers_par_groups, drivers_par_daily, drivers_par_rolled;
