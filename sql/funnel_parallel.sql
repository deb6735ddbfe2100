-- window_funnel and window_funnel_steps under a forced parallel plan: each
-- worker keeps its rows' events, the states travel serialized and the leader
-- merges and evaluates them; the answers equal the serial ones.
SET TimeZone = 'UTC';
CREATE TABLE funnel_par AS
SELECT i, i % 2000 AS customer,
       timestamptz '2026-01-01' + (abs(hashint4(i)) % 600000) * interval '1 minute' AS ts,
       (ARRAY['visit', 'view', 'cart', 'buy', 'other'])[1 + abs(hashint4(-i)) % 5] AS e
FROM generate_series(1, 300000) i;
ANALYZE funnel_par;

CREATE TEMP TABLE serial_answer AS
SELECT customer,
       window_funnel('7 days', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS f,
       window_funnel('2 days', 'strict_order', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS f_order,
       window_funnel('3 days', 'strict_once, strict_increase', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS f_once,
       window_funnel_steps('7 days', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS steps
FROM funnel_par GROUP BY customer;

CREATE TEMP TABLE serial_total AS
SELECT window_funnel('1 hour', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS f,
       window_funnel('1 hour', 'strict_order', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS f_order,
       window_funnel_steps('1 hour', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS steps
FROM funnel_par;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

EXPLAIN (COSTS OFF)
SELECT customer, window_funnel('7 days', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') FROM funnel_par GROUP BY customer;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE p.f IS DISTINCT FROM s.f OR p.f_order IS DISTINCT FROM s.f_order
                        OR p.f_once IS DISTINCT FROM s.f_once OR p.steps IS DISTINCT FROM s.steps) AS differing
FROM (SELECT customer,
             window_funnel('7 days', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS f,
             window_funnel('2 days', 'strict_order', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS f_order,
             window_funnel('3 days', 'strict_once, strict_increase', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS f_once,
             window_funnel_steps('7 days', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS steps
      FROM funnel_par GROUP BY customer) p
FULL JOIN serial_answer s USING (customer);

-- one group split across the workers
EXPLAIN (COSTS OFF)
SELECT window_funnel('1 hour', ts, e = 'visit', e = 'view') FROM funnel_par;
SELECT (window_funnel('1 hour', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy'),
        window_funnel('1 hour', 'strict_order', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy'),
        window_funnel_steps('1 hour', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy'))
       = (SELECT f, f_order, steps FROM serial_total) AS parallel_equals_serial,
       window_funnel('1 hour', ts, e = 'visit', e = 'view', e = 'cart', e = 'buy') AS level
FROM funnel_par;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- the default mode checked against plain SQL: per step, the latest entry of
-- a chain reaching it so far (rows of one timestamp in step order)
CREATE TEMP TABLE sql_levels AS
WITH s1 AS (
    SELECT customer, ts, k, max(ts) FILTER (WHERE k = 1) OVER w AS f1
    FROM (SELECT customer, ts, array_position(ARRAY['visit', 'view', 'cart', 'buy'], e) AS k FROM funnel_par) x
    WINDOW w AS (PARTITION BY customer ORDER BY ts, k ROWS UNBOUNDED PRECEDING)),
s2 AS (
    SELECT *, max(f1) FILTER (WHERE k = 2 AND ts <= f1 + interval '7 days') OVER w AS f2
    FROM s1 WINDOW w AS (PARTITION BY customer ORDER BY ts, k ROWS UNBOUNDED PRECEDING)),
s3 AS (
    SELECT *, max(f2) FILTER (WHERE k = 3 AND ts <= f2 + interval '7 days') OVER w AS f3
    FROM s2 WINDOW w AS (PARTITION BY customer ORDER BY ts, k ROWS UNBOUNDED PRECEDING))
SELECT customer,
       CASE WHEN bool_or(k = 4 AND ts <= f3 + interval '7 days') THEN 4 WHEN bool_or(f3 IS NOT NULL) THEN 3
            WHEN bool_or(f2 IS NOT NULL) THEN 2 WHEN bool_or(k = 1) THEN 1 ELSE 0 END AS level
FROM s3 GROUP BY customer;
SELECT count(*) AS customers, count(*) FILTER (WHERE q.level IS DISTINCT FROM s.f) AS differing_from_sql
FROM sql_levels q FULL JOIN serial_answer s USING (customer);

-- the levels reached, for the record
SELECT f AS level, count(*) AS customers FROM serial_answer GROUP BY f ORDER BY f;
SELECT f_order AS level, count(*) AS customers FROM serial_answer GROUP BY f_order ORDER BY f_order;
DROP TABLE funnel_par;
