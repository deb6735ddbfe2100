-- retention: ClickHouse's retention(), retention_periods and cohort_retention.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

-- ClickHouse's documented example: 5 visitors on 2020-01-01, 10 on the 2nd, 15 on the 3rd
CREATE TABLE retention_test (date date, uid int);
INSERT INTO retention_test SELECT '2020-01-01', g FROM generate_series(0, 4) g;
INSERT INTO retention_test SELECT '2020-01-02', g FROM generate_series(0, 9) g;
INSERT INTO retention_test SELECT '2020-01-03', g FROM generate_series(0, 14) g;
SELECT uid, retention(date = '2020-01-01', date = '2020-01-02', date = '2020-01-03') AS r
FROM retention_test WHERE date IN ('2020-01-01', '2020-01-02', '2020-01-03')
GROUP BY uid ORDER BY uid;
SELECT sum(r[1]) AS r1, sum(r[2]) AS r2, sum(r[3]) AS r3
FROM (SELECT uid, retention(date = '2020-01-01', date = '2020-01-02', date = '2020-01-03') AS r
      FROM retention_test WHERE date IN ('2020-01-01', '2020-01-02', '2020-01-03') GROUP BY uid) x;
DROP TABLE retention_test;

-- ClickHouse's test 00688: 80, 50 and 60 visitors on three days
CREATE TABLE retention_test (date date, uid int);
INSERT INTO retention_test SELECT '2018-08-06', g FROM generate_series(0, 79) g;
INSERT INTO retention_test SELECT '2018-08-07', g FROM generate_series(0, 49) g;
INSERT INTO retention_test SELECT '2018-08-08', g FROM generate_series(0, 59) g;
SELECT sum(r[1]) AS r1 FROM (SELECT uid, retention(date = '2018-08-06') AS r FROM retention_test
    WHERE date IN ('2018-08-06') GROUP BY uid) x;
SELECT sum(r[1]) AS r1, sum(r[2]) AS r2 FROM (SELECT uid, retention(date = '2018-08-06', date = '2018-08-07') AS r
    FROM retention_test WHERE date IN ('2018-08-06', '2018-08-07') GROUP BY uid) x;
SELECT sum(r[1]) AS r1, sum(r[2]) AS r2 FROM (SELECT uid, retention(date = '2018-08-06', date = '2018-08-08') AS r
    FROM retention_test WHERE date IN ('2018-08-06', '2018-08-08') GROUP BY uid) x;
SELECT sum(r[1]) AS r1, sum(r[2]) AS r2, sum(r[3]) AS r3
FROM (SELECT uid, retention(date = '2018-08-06', date = '2018-08-07', date = '2018-08-08') AS r
      FROM retention_test WHERE date IN ('2018-08-06', '2018-08-07', '2018-08-08') GROUP BY uid) x;
DROP TABLE retention_test;

-- ClickHouse's per-row truth table: 8, 6 and 7 visitors; a constant and a parity first condition
CREATE TABLE retention_test (date date, uid int);
INSERT INTO retention_test SELECT '2018-08-06', g FROM generate_series(0, 7) g;
INSERT INTO retention_test SELECT '2018-08-07', g FROM generate_series(0, 5) g;
INSERT INTO retention_test SELECT '2018-08-08', g FROM generate_series(0, 6) g;
SELECT uid, retention(date = '2018-08-06', date = '2018-08-07') AS r
FROM retention_test WHERE date IN ('2018-08-06', '2018-08-07') GROUP BY uid ORDER BY uid LIMIT 8;
SELECT uid, retention(true, date = '2018-08-06', date = '2018-08-07') AS r
FROM retention_test WHERE date IN ('2018-08-06', '2018-08-07') GROUP BY uid ORDER BY uid LIMIT 5;
SELECT uid, retention(uid % 2 = 0, date = '2018-08-06', date = '2018-08-07') AS r
FROM retention_test WHERE date IN ('2018-08-06', '2018-08-07') GROUP BY uid ORDER BY uid LIMIT 5;
DROP TABLE retention_test;

-- edge cases: one condition; a NULL condition is false; no rows gives zeros as in ClickHouse;
-- an array of conditions; 64 conditions
SELECT retention(c) FROM (VALUES (false), (true)) v(c);
SELECT retention(a, b) FROM (VALUES (true, NULL), (NULL, true)) v(a, b);
SELECT retention(a, b) FROM (VALUES (NULL::boolean, NULL::boolean)) v(a, b);
SELECT retention(a, b, a AND b) FROM (VALUES (true, false)) v(a, b) WHERE false;
SELECT retention(VARIADIC ARRAY[a, b, NOT b]) FROM (VALUES (true, false), (false, true)) v(a, b);
SELECT retention(VARIADIC c) FROM (SELECT array_agg(i % 3 = 0) AS c FROM generate_series(0, 63) i) x;
SELECT array_length(retention(VARIADIC c), 1) FROM (SELECT array_fill(true, ARRAY[64]) AS c) x;
-- errors
SELECT retention(VARIADIC c) FROM (SELECT array_fill(true, ARRAY[65]) AS c) x;
SELECT retention(VARIADIC '{}'::boolean[]);
SELECT retention(VARIADIC c) FROM (VALUES ('{t,f}'::boolean[]), ('{t}')) v(c);
SELECT retention(VARIADIC '{{t},{f}}'::boolean[]);
-- the array form (which Citus pushes down as partial aggregates): a NULL
-- array is a row meeting no condition; NULL arrays alone give NULL (how
-- many conditions is unknown)
SELECT retention(ARRAY[a, b, NOT b]) FROM (VALUES (true, false), (false, true)) v(a, b);
SELECT retention(c) FROM (VALUES ('{t,f}'::boolean[]), (NULL), ('{NULL,t}')) v(c);
SELECT retention(c) IS NULL AS expect_true FROM (VALUES (NULL::boolean[])) v(c);
SELECT retention('{{t},{f}}'::boolean[]);

-- retention_periods: each customer's activity by week after their first visit
CREATE TABLE visits (customer int, at timestamptz);
INSERT INTO visits VALUES
    (1, '2026-01-05 10:00'), (1, '2026-01-08 10:00'), (1, '2026-01-20 10:00'), (1, '2026-02-14 10:00'),
    (2, '2026-02-12 00:00'), (2, '2026-02-10 00:00'),
    (3, '2026-01-06 12:00'),
    (4, '2026-03-01 00:00'),                    -- only after as_of: not observed
    (5, '2026-01-05 09:00'), (5, '2026-01-12 08:59'),
    (5, NULL);
-- rolling weeks from the first visit; as_of 2026-02-16: later weeks have not ended (NULL)
SELECT customer, retention_periods(at, '7 days', 6, '2026-02-16') AS on_week,
       retention_periods(at, '7 days', 6, '2026-02-16', 'on_or_after') AS on_or_after_week
FROM visits GROUP BY customer ORDER BY customer;
-- calendar weeks from Monday 2026-01-05: customer 5's second visit falls in the next week
SELECT customer, retention_periods(at, '7 days', 6, '2026-02-16', 'on', '2026-01-05') AS calendar_week
FROM visits GROUP BY customer ORDER BY customer;
-- timestamp without time zone
SELECT retention_periods(at::timestamp, '1 day', 3, '2026-01-10', 'on', '2026-01-01') AS days
FROM visits WHERE customer = 5;
-- every row order gives the same answer
SELECT retention_periods(at, '7 days', 6, '2026-02-16' ORDER BY at DESC) = retention_periods(at, '7 days', 6, '2026-02-16' ORDER BY at) AS order_free
FROM visits WHERE customer = 1;

-- the cohort x period table: percent of each weekly cohort active in week k, NULL where the
-- cohort is too young; customers whose week k has not ended are left out of that week's base
SELECT date_trunc('week', min(at))::date AS cohort, count(*) AS customers,
       cohort_retention(r) AS exact, cohort_retention(r, 1) AS rounded
FROM (SELECT customer, min(at) AS at, retention_periods(at, '7 days', 6, '2026-02-16') AS r
      FROM visits WHERE at < '2026-02-16' GROUP BY customer) c
GROUP BY date_trunc('week', at) ORDER BY cohort;
SELECT cohort_retention(r, 0) FROM (VALUES ('{1,1,0}'::int[]), ('{1,0,NULL}'), ('{1,1,NULL}')) v(r);
SELECT cohort_retention(r) IS NULL AS nobody FROM (VALUES ('{0,1,1}'::int[]), (NULL)) v(r);

-- with retention() arrays, cohort_retention is sum(r[k]) / sum(r[1]) in percent
CREATE TABLE daily AS SELECT i % 250 AS uid, date '2026-01-01' + (i * 7) % 11 AS day FROM generate_series(1, 2000) i;
SELECT cohort_retention(r, 4) AS shares,
       ARRAY[round(100.0 * sum(r[1]) / sum(r[1]), 4), round(100.0 * sum(r[2]) / sum(r[1]), 4), round(100.0 * sum(r[3]) / sum(r[1]), 4)] AS by_sums
FROM (SELECT uid, retention(day = '2026-01-01', day = '2026-01-02', day = '2026-01-08') AS r FROM daily GROUP BY uid) x;

-- errors
SELECT retention_periods(at, '1 month', 6, '2026-02-16') FROM visits;
SELECT retention_periods(at, '0 days', 6, '2026-02-16') FROM visits;
SELECT retention_periods(at, '7 days', 0, '2026-02-16') FROM visits;
SELECT retention_periods(at, '7 days', 10001, '2026-02-16') FROM visits;
SELECT retention_periods(at, '7 days', 6, '2026-02-16', 'after') FROM visits;
SELECT retention_periods(at, '7 days', 6, NULL) FROM visits;
SELECT retention_periods(at, '7 days', 6, '2026-02-16', 'on', 'infinity') FROM visits;
SELECT retention_periods(at, '7 days', 6, 'infinity') FROM (VALUES (timestamptz '-infinity')) v(at);
SELECT retention_periods(at, '7 days', n, '2026-02-16') FROM visits, (VALUES (1), (2)) v(n);
SELECT cohort_retention(r) FROM (VALUES ('{1,2,0}'::int[])) v(r);
SELECT cohort_retention(r, 17) FROM (VALUES ('{1,0}'::int[])) v(r);
SELECT cohort_retention(r) FROM (VALUES ('{{1,0},{1,1}}'::int[])) v(r);

-- a forced parallel plan: partial states in the workers, merged in the leader, same answers
CREATE TABLE par AS
SELECT i % 29989 AS customer,
       timestamptz '2026-01-01' + ('x' || substr(md5(i::text), 1, 8))::bit(32)::bigint * interval '2.4 milliseconds' AS at
FROM generate_series(1, 300000) i;    -- 10 events a customer, spread over 119 days
-- the plans below depend on the number of customers: state it rather than
-- let ANALYZE estimate it from a random sample
ALTER TABLE par ALTER customer SET (n_distinct = 29989);
ANALYZE par;
CREATE TEMP TABLE serial_answer AS
SELECT retention(at < '2026-01-15', at >= '2026-02-01', at >= '2026-03-01') AS r,
       retention_periods(at, '7 days', 12, '2026-06-01') AS p,
       retention_periods(at, '3 days', 20, '2026-06-01', 'on_or_after', '2025-12-29') AS q
FROM par;
CREATE TEMP TABLE serial_groups AS
SELECT customer, retention(at < '2026-01-15', at >= '2026-02-01', at >= '2026-03-01') AS r,
       retention_periods(at, '7 days', 12, '2026-06-01') AS p,
       retention_periods(at, '3 days', 20, '2026-06-01', 'on_or_after', '2025-12-29') AS q
FROM par GROUP BY customer;
CREATE TABLE par_customers AS SELECT s.* FROM serial_groups s, generate_series(1, 20);
ANALYZE par_customers;
CREATE TEMP TABLE serial_cohorts AS
SELECT cohort_retention(r) AS r, cohort_retention(p) AS p, cohort_retention(q) AS q FROM serial_groups;
SELECT cohort_retention(r, 1) AS r, cohort_retention(p, 1) AS p FROM serial_groups;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT retention(at < '2026-01-15', at >= '2026-02-01'), retention_periods(at, '7 days', 12, '2026-06-01') FROM par;
SELECT (SELECT row(r, p, q) FROM serial_answer) =
       row(retention(at < '2026-01-15', at >= '2026-02-01', at >= '2026-03-01'),
           retention_periods(at, '7 days', 12, '2026-06-01'),
           retention_periods(at, '3 days', 20, '2026-06-01', 'on_or_after', '2025-12-29')) AS parallel_equals_serial
FROM par;
EXPLAIN (COSTS OFF)
SELECT customer, retention(at < '2026-01-15'), retention_periods(at, '7 days', 12, '2026-06-01') FROM par GROUP BY customer;
SELECT count(*) AS groups_differing
FROM (SELECT customer, retention(at < '2026-01-15', at >= '2026-02-01', at >= '2026-03-01') AS r,
             retention_periods(at, '7 days', 12, '2026-06-01') AS p,
             retention_periods(at, '3 days', 20, '2026-06-01', 'on_or_after', '2025-12-29') AS q
      FROM par GROUP BY customer) g
FULL JOIN serial_groups s USING (customer)
WHERE g.r IS DISTINCT FROM s.r OR g.p IS DISTINCT FROM s.p OR g.q IS DISTINCT FROM s.q;
EXPLAIN (COSTS OFF) SELECT cohort_retention(p) FROM par_customers;
SELECT (SELECT row(r, p, q) FROM serial_cohorts) = row(cohort_retention(r), cohort_retention(p), cohort_retention(q))
       AS parallel_equals_serial
FROM par_customers;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

DROP TABLE visits, daily, par, par_customers;
