-- Randomized differential test of the journey functions: 1,500 random
-- customers (from no events to hundreds, ties, NULL timestamps, events at
-- -infinity and infinity), each compared with the plain-SQL idiom that
-- answers the same question, and the aggregates under a forced parallel plan.
BEGIN;
SELECT plan(11);
SELECT setseed(0.31415);
CREATE SCHEMA diffj;
CREATE TABLE diffj.sizes AS
SELECT c, (ARRAY[0, 1, 2, 5, 20, 80, 300])[1 + floor(random() * 7)::int] AS n FROM generate_series(1, 1500) c;
CREATE TABLE diffj.events AS
SELECT c, i,
       CASE WHEN r < 0.02 THEN NULL
            WHEN r < 0.03 THEN timestamptz '-infinity'
            WHEN r < 0.04 THEN timestamptz 'infinity'
            -- whole minutes: equal timestamps are common
            ELSE timestamptz '2026-01-01 00:00+00' + floor(random() * 20000) * interval '1 minute' END AS ts,
       (ARRAY['visit', 'view', 'cart', 'buy', 'other'])[1 + floor(random() * 5)::int] AS e,
       (ARRAY['web', 'app', 'store'])[1 + floor(random() * 3)::int] AS channel
FROM diffj.sizes, LATERAL generate_series(1, n) i, LATERAL (SELECT random() AS r) x;
ANALYZE diffj.events;

-- sessionize against lag + running sum (a NULL timestamp gets NULL; rows of one timestamp share a session)
SELECT is((SELECT count(*) FROM (
    SELECT c, i, sessionize(ts, interval '30 minutes') OVER (PARTITION BY c ORDER BY ts, i) AS s,
           1 + sum(coalesce((ts - prev > interval '30 minutes')::int, 0)) OVER (PARTITION BY c ORDER BY ts, i ROWS UNBOUNDED PRECEDING) AS idiom
    FROM (SELECT *, lag(ts) OVER (PARTITION BY c ORDER BY ts, i) AS prev
          FROM diffj.events WHERE isfinite(ts)) x) y
    WHERE s IS DISTINCT FROM idiom), 0::bigint, 'sessionize equals the lag + running sum idiom on every row');

-- session_count, any order, against counting session starts
SELECT is((SELECT array_agg(c ORDER BY c) FROM (
    SELECT c, session_count(ts, interval '30 minutes') AS n FROM diffj.events WHERE isfinite(ts) GROUP BY c) a
    FULL JOIN (SELECT c, count(*) FILTER (WHERE prev IS NULL OR ts - prev > interval '30 minutes') AS n
               FROM (SELECT c, ts, lag(ts) OVER (PARTITION BY c ORDER BY ts) AS prev FROM diffj.events WHERE isfinite(ts)) x
               GROUP BY c) b USING (c)
    WHERE a.n IS DISTINCT FROM b.n), NULL, 'session_count equals the count of session starts for every customer');

-- conditional_true_event and conditional_change_event against running sums
SELECT is((SELECT count(*) FROM (
    SELECT conditional_true_event(e = 'cart') OVER w AS v,
           sum((e = 'cart')::int) OVER (w ROWS UNBOUNDED PRECEDING) AS idiom
    FROM diffj.events WINDOW w AS (PARTITION BY c ORDER BY ts, i)) x WHERE v IS DISTINCT FROM idiom),
    0::bigint, 'conditional_true_event equals a running count of true rows');
SELECT is((SELECT count(*) FROM (
    SELECT conditional_change_event(channel) OVER w AS v,
           sum(coalesce((channel <> prev)::int, 0)) OVER (w ROWS UNBOUNDED PRECEDING) AS idiom
    FROM (SELECT *, lag(channel) OVER (PARTITION BY c ORDER BY ts, i) AS prev FROM diffj.events) e
    WINDOW w AS (PARTITION BY c ORDER BY ts, i)) x WHERE v IS DISTINCT FROM idiom),
    0::bigint, 'conditional_change_event equals a running count of changes');

-- retention against bool_or (ClickHouse: [c1, c1 and c2, c1 and c3])
SELECT is((SELECT array_agg(c ORDER BY c) FROM (
    SELECT c, retention(e = 'visit', e = 'cart', e = 'buy') AS r,
           ARRAY[bool_or(e = 'visit')::int, (bool_or(e = 'visit') AND bool_or(e = 'cart'))::int,
                 (bool_or(e = 'visit') AND bool_or(e = 'buy'))::int] AS idiom
    FROM diffj.events GROUP BY c) x WHERE r IS DISTINCT FROM idiom), NULL, 'retention equals bool_or for every customer');

-- journey_path against ordering, dropping repeats, and array_agg (ties by step text)
SELECT is((SELECT array_agg(c ORDER BY c) FROM (
    SELECT c, journey_path(channel, ts) AS p FROM diffj.events GROUP BY c) a
    JOIN (SELECT c, array_agg(channel ORDER BY ts, channel COLLATE "C", i) FILTER (WHERE channel IS DISTINCT FROM prev) AS p
          FROM (SELECT c, i, ts, channel, lag(channel) OVER (PARTITION BY c ORDER BY ts, channel COLLATE "C", i) AS prev
                FROM diffj.events WHERE ts IS NOT NULL) x GROUP BY c) b USING (c)
    WHERE a.p IS DISTINCT FROM b.p), NULL, 'journey_path equals the ordered, collapsed array_agg for every customer');

-- window_funnel (default mode) against the window-function SQL of the benchmark
CREATE TEMP TABLE funnel_sql AS
WITH s1 AS (
    SELECT c, ts, k, max(ts) FILTER (WHERE k = 1) OVER w AS f1
    FROM (SELECT c, ts, CASE e WHEN 'view' THEN 1 WHEN 'cart' THEN 2 WHEN 'buy' THEN 3 END AS k
          FROM diffj.events WHERE e IN ('view', 'cart', 'buy') AND isfinite(ts)) x
    WINDOW w AS (PARTITION BY c ORDER BY ts, k ROWS UNBOUNDED PRECEDING)),
s2 AS (
    SELECT *, max(f1) FILTER (WHERE k = 2 AND ts <= f1 + interval '1 day') OVER w AS f2
    FROM s1 WINDOW w AS (PARTITION BY c ORDER BY ts, k ROWS UNBOUNDED PRECEDING))
SELECT c, CASE WHEN bool_or(k = 3 AND ts <= f2 + interval '1 day') THEN 3 WHEN bool_or(f2 IS NOT NULL) THEN 2
               WHEN bool_or(k = 1) THEN 1 ELSE 0 END AS level
FROM s2 GROUP BY c;
SELECT is((SELECT array_agg(c ORDER BY c) FROM (
    SELECT c, window_funnel(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS level
    FROM diffj.events WHERE isfinite(ts) GROUP BY c) a
    LEFT JOIN funnel_sql b USING (c) WHERE a.level <> coalesce(b.level, 0)), NULL,
    'window_funnel equals the window-function SQL for every customer');
SELECT is((SELECT array_agg(c ORDER BY c) FROM (
    SELECT c, window_funnel(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS level,
           window_funnel_steps(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS steps
    FROM diffj.events GROUP BY c) x
    WHERE coalesce(array_length(steps, 1), 0) <> level
       OR (level >= 2 AND (steps[level] < steps[1] OR steps[level] - steps[1] > interval '1 day'))), NULL,
    'window_funnel_steps: one time per level reached, within the window, in order (infinite times included)');

-- the aggregates under a forced parallel plan equal the serial ones
CREATE TEMP TABLE serial AS
SELECT c, session_count(ts, interval '30 minutes') AS s, window_funnel(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS f,
       journey_path(channel, ts) AS p, retention(e = 'visit', e = 'cart') AS r,
       sequence_count('(?1).*(?2)', ts, e = 'view', e = 'buy') AS q
FROM diffj.events GROUP BY c;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;
CREATE TEMP VIEW parallel_run AS
SELECT c, session_count(ts, interval '30 minutes') AS s, window_funnel(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS f,
       journey_path(channel, ts) AS p, retention(e = 'visit', e = 'cart') AS r,
       sequence_count('(?1).*(?2)', ts, e = 'view', e = 'buy') AS q
FROM diffj.events GROUP BY c;
SELECT matches(pg_temp.plan_of('SELECT * FROM parallel_run'), 'Partial', 'a parallel plan with partial aggregates');
SELECT is((SELECT array_agg(c ORDER BY c) FROM parallel_run p FULL JOIN serial s USING (c)
           WHERE (p.s, p.f, p.p, p.r, p.q) IS DISTINCT FROM (s.s, s.f, s.p, s.r, s.q)), NULL,
          'parallel results equal the serial ones for every customer');
SELECT cmp_ok((SELECT count(*) FROM serial), '>', 1200::bigint, 'every customer with events was compared');

SELECT * FROM finish();
ROLLBACK;
