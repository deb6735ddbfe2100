-- window_funnel and window_funnel_steps: exact errors, properties, spilling.
BEGIN;
SELECT plan(50);
SET LOCAL TimeZone = 'UTC';

-- errors: messages and SQLSTATEs
SELECT throws_ok($$SELECT window_funnel('1 month', now(), true)$$, '22023',
                 'window_funnel window must not have a month or year part', 'a month is ambiguous');
SELECT throws_ok($$SELECT window_funnel('-1 day', now(), true)$$, '22023',
                 'window_funnel window must not be negative', 'negative window');
SELECT throws_ok($$SELECT window_funnel(NULL, now(), true)$$, '22004',
                 'window_funnel window must not be NULL', 'NULL window');
SELECT throws_ok($$SELECT window_funnel('1 day', NULL::text, now(), true)$$, '22004',
                 'window_funnel mode must not be NULL', 'NULL mode');
SELECT throws_ok($$SELECT window_funnel('1 day', 'strict_order, strict_orders', now(), true)$$, '22023',
                 'unknown window_funnel mode "strict_orders"', 'unknown mode, named');
SELECT throws_ok($$SELECT window_funnel('1 day', 'strict', now(), true)$$, '22023',
                 'window_funnel mode "strict" is now called strict_deduplication', 'the renamed mode');
SELECT throws_ok($$SELECT window_funnel('1 day', 'allow_reentry', now(), true)$$, '22023',
                 'window_funnel mode allow_reentry requires strict_order', 'allow_reentry alone');
SELECT throws_ok($$SELECT window_funnel('1 day', 'strict_order,,strict_once', now(), true)$$, '22023',
                 'window_funnel mode "strict_order,,strict_once" has an empty item', 'empty item');
SELECT throws_ok($$SELECT window_funnel('1 day', now(), VARIADIC array_fill(true, ARRAY[65]))$$, '22023',
                 'window_funnel takes 1 to 64 conditions, not 65', '65 steps');
SELECT throws_ok($$SELECT window_funnel('1 day', now(), VARIADIC NULL::boolean[])$$, '22004',
                 'window_funnel conditions must not be a NULL array', 'a NULL array of steps');
SELECT throws_ok(format($$SELECT window_funnel('1 day', now(), %s true)$$, repeat('true, ', 64)), '22023',
                 'window_funnel takes 1 to 64 conditions, not 65', '65 steps as separate arguments');
SELECT throws_ok($$SELECT window_funnel('1 day', now(), true, 2)$$, '42804',
                 'window_funnel condition 2 must be boolean, not integer', 'a step that is not boolean');
SELECT throws_ok($$SELECT window_funnel('1 day', now(), true, 'yes')$$, '42804',
                 'window_funnel condition 2 must be boolean, not unknown', 'an untyped literal step');
SELECT throws_ok($$SELECT window_funnel('1 day', now(), VARIADIC ARRAY[1, 2])$$, '42804',
                 'window_funnel conditions must be boolean[], not integer[]', 'VARIADIC an array that is not boolean[]');
SELECT is(window_funnel('1 day', now(), true, NULL), 1, 'a bare NULL step counts as false');
-- the same rule for a bare NULL as a window function: a step never met
CREATE TEMP TABLE two_days AS SELECT * FROM (VALUES (1, timestamptz '2026-01-01'), (2, '2026-01-02')) v(i, ts);
SELECT is((SELECT array_agg(l ORDER BY i) FROM (SELECT i, window_funnel('1 day', ts, true, NULL) OVER (ORDER BY i) AS l FROM two_days) x),
          '{1,1}'::int[], 'a bare NULL step counts as false in the window form too');
SELECT is((SELECT array_agg(l ORDER BY i) FROM (SELECT i, window_funnel('1 day', 'strict_order', ts, true, NULL) OVER (ORDER BY i) AS l FROM two_days) x),
          '{1,1}'::int[], '... with a mode');
SELECT is((SELECT array_agg(cardinality(s) ORDER BY i) FROM (SELECT i, window_funnel_steps('1 day', ts, true, NULL) OVER (ORDER BY i) AS s FROM two_days) x),
          '{1,1}'::int[], '... and in window_funnel_steps');
SELECT is((SELECT array_agg(l ORDER BY i) FROM (SELECT i, window_funnel('1 day', ts, VARIADIC ARRAY[true, i = 2]) OVER (ORDER BY i) AS l FROM two_days) x),
          '{1,2}'::int[], 'steps as VARIADIC ARRAY[...] work in the window form too');
SELECT is((SELECT window_funnel('1 day', ts, ARRAY[true, i = 2]) FROM two_days), 2,
          'a lone boolean[] is the array of steps, with or without VARIADIC (as a window function PostgreSQL drops the mark)');
SELECT throws_ok($$SELECT window_funnel('1 day', ts, true, 'yes') OVER (ORDER BY i) FROM two_days$$, '42804',
                 'window_funnel condition 2 must be boolean, not unknown', 'an untyped literal step is refused in the window form too');
SELECT throws_ok($$SELECT window_funnel(w, now(), true) FROM (VALUES (interval '1 day'), ('2 days')) v(w)$$, '22023',
                 'window_funnel window changed within a group', 'the window must not change within a group');
SELECT throws_ok($$SELECT window_funnel('1 day', m, now(), true) FROM (VALUES ('strict_order'), ('')) v(m)$$, '22023',
                 'window_funnel mode changed within a group', 'the mode must not change within a group');

-- properties over random groups in every mode
CREATE TEMP TABLE ev AS
SELECT i, i % 300 AS g, to_timestamp(abs(hashint4(i)) % 5000) AS ts, abs(hashint4(-i)) % 5 AS e
FROM generate_series(1, 30000) i;
CREATE TEMP TABLE modes (mode text);
INSERT INTO modes VALUES (''), ('strict_deduplication'), ('strict_order'), ('strict_increase'), ('strict_once'),
    ('strict_order, allow_reentry'), ('strict_once, strict_increase'), ('strict_order, strict_deduplication, strict_increase');
CREATE TEMP TABLE results AS
SELECT mode, g,
       window_funnel('20 minutes', mode, ts, e = 1, e = 2, e = 3, e = 4 ORDER BY ts, i) AS level,
       window_funnel('20 minutes', mode, ts, e = 1, e = 2, e = 3, e = 4 ORDER BY ts DESC, i DESC) AS level_reversed,
       window_funnel('20 minutes', mode, ts::timestamp, e = 1, e = 2, e = 3, e = 4) AS level_ts,
       window_funnel_steps('20 minutes', mode, ts, e = 1, e = 2, e = 3, e = 4) AS steps
FROM ev, modes GROUP BY mode, g;
SELECT is((SELECT count(*) FROM results WHERE level IS DISTINCT FROM coalesce(cardinality(steps), 0)), 0::bigint,
          'window_funnel_steps has one time per step window_funnel counts, in every mode');
SELECT is((SELECT count(*) FROM results WHERE level <> level_reversed), 0::bigint,
          'the arrival order of rows does not change the level');
SELECT is((SELECT count(*) FROM results WHERE level <> level_ts), 0::bigint, 'timestamp and timestamptz agree');
SELECT is((SELECT count(*) FROM results WHERE level > 0 AND
                  (steps[cardinality(steps)] - steps[1] > interval '20 minutes'
                   OR EXISTS (SELECT FROM generate_subscripts(steps, 1) k WHERE k > 1 AND steps[k] < steps[k - 1]))),
          0::bigint, 'every chain reported is ordered and fits in the window');
SELECT is((SELECT count(*) FROM results r WHERE mode IN ('strict_increase', 'strict_once, strict_increase') AND
                  EXISTS (SELECT FROM generate_subscripts(steps, 1) k WHERE k > 1 AND steps[k] <= steps[k - 1])),
          0::bigint, 'under strict_increase the step times rise strictly');
SELECT ok((SELECT bool_and(level <= (SELECT level FROM results d WHERE d.mode = '' AND d.g = r.g)) FROM results r),
          'no mode reaches deeper than the default mode: each only adds constraints');
SELECT ok((SELECT count(DISTINCT level) FROM results) >= 4, 'the groups reach a range of levels');
-- the steps of the default mode are reachable: each time is a row meeting that step
SELECT is((SELECT count(*) FROM results r, generate_subscripts(r.steps, 1) k
           WHERE r.mode = '' AND NOT EXISTS (SELECT FROM ev WHERE ev.g = r.g AND ev.ts = r.steps[k] AND ev.e = k)),
          0::bigint, 'each step time is the time of a row meeting that step');

-- timestamps at the extremes: the infinities are infinitely far from every
-- other timestamp (tied with themselves), finite ones 290,000 years apart
-- compare exactly.  Reference: every pair of points as step 1 and step 2,
-- reached when step 2 is not earlier and at most the window after, in exact
-- numeric microseconds.
-- (extract(epoch FROM t) goes through a double near the end of time; an
-- interval from 2000 stays exact)
CREATE FUNCTION pg_temp.us(t timestamptz) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t = 'infinity' THEN 'Infinity'::numeric WHEN t = '-infinity' THEN '-Infinity'::numeric
                ELSE extract(epoch FROM t - timestamptz '2000-01-01 00:00+00') * 1000000 END $$;
CREATE TEMP TABLE extreme_points (k int, t timestamptz);
INSERT INTO extreme_points VALUES (0, '-infinity'), (1, '4714-11-24 00:00:00+00 BC'), (2, '4714-11-25 00:00:00+00 BC'),
    (3, '2026-01-01 00:00:00+00'), (4, '294276-12-30 00:00:00+00'), (5, '294276-12-31 23:59:59.999999+00'), (6, 'infinity');
CREATE TEMP TABLE extreme_pairs AS
SELECT a.t AS a, b.t AS b, w, mode,
       CASE WHEN b.t >= a.t AND (b.t = a.t OR pg_temp.us(b.t) - pg_temp.us(a.t) <= extract(epoch FROM w) * 1000000)
                 AND (mode = '' OR b.t > a.t) THEN 2 ELSE 1 END AS expected
FROM extreme_points a, extreme_points b, (VALUES (interval '0'), ('1 day'), ('30 days'), ('106751991 days')) ws(w),
     (VALUES (''), ('strict_increase')) ms(mode);
SELECT is((SELECT count(*) FROM extreme_pairs p
           WHERE (SELECT window_funnel(w, mode, ts, s = 1, s = 2) FROM (VALUES (p.a, 1), (p.b, 2)) v(ts, s)) IS DISTINCT FROM expected),
          0::bigint, 'window_funnel at the extremes (infinities, 290,000 years apart) equals the definition on exact microseconds');
SELECT is((SELECT count(*) FROM extreme_pairs p
           WHERE (SELECT window_funnel_steps(w, mode, ts, s = 1, s = 2) FROM (VALUES (p.a, 1), (p.b, 2)) v(ts, s))
                 IS DISTINCT FROM (CASE expected WHEN 2 THEN ARRAY[p.a, p.b] ELSE ARRAY[p.a] END)),
          0::bigint, 'window_funnel_steps at the extremes gives the two times exactly when both steps count');
SELECT is((SELECT window_funnel('30 days', ts, s = 1, s = 2) FROM (VALUES (timestamptz '294276-12-31 00:00+00', 1), ('infinity', 2)) v(ts, s)),
          1, 'infinity is not within 30 days of the last day there is');

-- hash aggregation over many groups spills to disk instead of failing
CREATE TEMP TABLE many AS
SELECT i % 20000 AS customer, to_timestamp(i / 20) AS ts, abs(hashint4(i)) % 3 AS e   -- 10 events 17 minutes apart per customer
FROM generate_series(1, 200000) i;
ANALYZE many;
CREATE FUNCTION pg_temp.hashagg_batches(query text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'HashAgg Batches')::integer;
END $$;
SET LOCAL work_mem = '64kB';
SET LOCAL enable_sort = off;
SET LOCAL max_parallel_workers_per_gather = 0;
SELECT cmp_ok(pg_temp.hashagg_batches($$SELECT customer, window_funnel('1 hour', ts, e = 0, e = 1, e = 2) FROM many GROUP BY customer$$),
              '>', 1, 'a GROUP BY over 20,000 customers with 64kB of work_mem spills');
CREATE TEMP TABLE hashed AS
SELECT customer, window_funnel('1 hour', ts, e = 0, e = 1, e = 2) AS level FROM many GROUP BY customer;
SET LOCAL enable_sort = on;
SET LOCAL enable_hashagg = off;
SELECT is((SELECT count(*) FROM hashed h JOIN (SELECT customer, window_funnel('1 hour', ts, e = 0, e = 1, e = 2) AS level
                                               FROM many GROUP BY customer) s USING (customer) WHERE h.level = s.level),
          20000::bigint, '... and gives the answers of a sorted aggregation');
-- the funnel in plain SQL (window functions carrying, per step, the latest
-- entry of a chain reaching it; test/differential/journeys.sql checks it in depth)
SELECT is((SELECT count(*) FROM (SELECT customer, window_funnel('1 hour', ts, VARIADIC ARRAY[e = 0, e = 1, e = 2]) AS level
                                 FROM many GROUP BY customer) a
           FULL JOIN (WITH s1 AS (SELECT customer, ts, e, max(ts) FILTER (WHERE e = 0) OVER w AS f1
                                  FROM many WINDOW w AS (PARTITION BY customer ORDER BY ts, e ROWS UNBOUNDED PRECEDING)),
                           s2 AS (SELECT *, max(f1) FILTER (WHERE e = 1 AND ts <= f1 + interval '1 hour') OVER w AS f2
                                  FROM s1 WINDOW w AS (PARTITION BY customer ORDER BY ts, e ROWS UNBOUNDED PRECEDING))
                      SELECT customer, CASE WHEN bool_or(e = 2 AND ts <= f2 + interval '1 hour') THEN 3 WHEN bool_or(f2 IS NOT NULL) THEN 2
                                            WHEN bool_or(e = 0) THEN 1 ELSE 0 END AS level
                      FROM s2 GROUP BY customer) r USING (customer)
           WHERE a.level IS NOT DISTINCT FROM r.level),
          20000::bigint, 'steps given as one VARIADIC array: the levels of the funnel written in SQL');
RESET enable_hashagg;
RESET work_mem;

-- a cancel stopping a funnel inside its sort and scan, with its latency:
-- test/limits/journeys.sql (here it would fall in the reading of the rows)

-- partial states as values (cxm_state, what parallel workers and Citus
-- pass on): read back from their text and binary forms, combined, finished,
-- and refused when damaged.  Reference: the default mode in plain SQL (per
-- step, the latest entry of a chain reaching it so far; rows of one
-- timestamp in step order).
CREATE TEMP TABLE rt AS
SELECT i, i % 60 AS customer, timestamptz '2026-01-01' + (abs(hashint4(i)) % 20000) * interval '1 minute' AS ts,
       (ARRAY['visit', 'view', 'buy', 'other'])[1 + abs(hashint4(-i)) % 4] AS e
FROM generate_series(1, 1200) i;
CREATE TEMP TABLE rt_reference AS
WITH s1 AS (
    SELECT customer, ts, k, max(ts) FILTER (WHERE k = 1) OVER w AS f1
    FROM (SELECT customer, ts, array_position(ARRAY['visit', 'view', 'buy'], e) AS k FROM rt) x
    WINDOW w AS (PARTITION BY customer ORDER BY ts, k ROWS UNBOUNDED PRECEDING)),
s2 AS (
    SELECT *, max(f1) FILTER (WHERE k = 2 AND ts <= f1 + interval '1 day') OVER w AS f2
    FROM s1 WINDOW w AS (PARTITION BY customer ORDER BY ts, k ROWS UNBOUNDED PRECEDING))
SELECT customer,
       CASE WHEN bool_or(k = 3 AND ts <= f2 + interval '1 day') THEN 3 WHEN bool_or(f2 IS NOT NULL) THEN 2
            WHEN bool_or(k = 1) THEN 1 ELSE 0 END AS level
FROM s2 GROUP BY customer;
SELECT ok((SELECT count(DISTINCT level) >= 3 FROM rt_reference), 'the round-trip customers reach several levels');
-- aggregates over the extension's support functions with no final function return the state itself
CREATE AGGREGATE pg_temp.funnel_state(interval, timestamptz, VARIADIC "any") (SFUNC = funnel_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.funnel_merge(cxm_state) (SFUNC = funnel_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.sequence_state(text, timestamptz, VARIADIC "any") (SFUNC = sequence_trans, STYPE = cxm_state);
CREATE TEMP TABLE rt_whole AS
SELECT customer, pg_temp.funnel_state('1 day', ts, e = 'visit', e = 'view', e = 'buy') AS s FROM rt GROUP BY customer;
CREATE TEMP TABLE rt_halves AS
SELECT customer, i % 2 AS half, pg_temp.funnel_state('1 day', ts, e = 'visit', e = 'view', e = 'buy') AS s
FROM rt GROUP BY customer, i % 2;
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN rt_reference r USING (customer)
           WHERE funnel_final(w.s::text::cxm_state) IS DISTINCT FROM r.level
              OR coalesce(cardinality(funnel_steps_final(w.s::text::cxm_state)), 0) IS DISTINCT FROM r.level),
          0::bigint, 'states read back from their text form finish to the plain-SQL level of every customer (and as many step times)');
-- binary COPY out and back in, through a file of this backend's, removed as it is read
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_funnel_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
CREATE TEMP TABLE rt_copied (customer integer, s cxm_state);
SELECT pg_temp.copy_through('SELECT customer, s FROM rt_whole', 'rt_copied');
SELECT is((SELECT count(*) FROM rt_copied c FULL JOIN rt_reference r USING (customer) WHERE funnel_final(c.s) IS DISTINCT FROM r.level),
          0::bigint, 'states through binary COPY finish to the plain-SQL level of every customer');
SELECT is((SELECT count(*) FROM (SELECT customer, funnel_final(pg_temp.funnel_merge(s)) AS level
                                 FROM (SELECT customer, s FROM rt_halves WHERE half = 0
                                       UNION ALL SELECT customer, s FROM rt_halves WHERE half = 1) u GROUP BY customer) m
           FULL JOIN rt_reference r USING (customer)
           FULL JOIN (SELECT customer, window_funnel('1 day', ts, e = 'visit', e = 'view', e = 'buy') AS level FROM rt GROUP BY customer) a
                USING (customer)
           WHERE m.level IS DISTINCT FROM r.level OR m.level IS DISTINCT FROM a.level),
          0::bigint, 'two half states combined equal the plain-SQL level and window_funnel over all rows');
SELECT throws_ok((SELECT format('SELECT funnel_final(%L::cxm_state)', pg_temp.sequence_state('(?1)', ts, e = 'view')::text) FROM rt),
                 '42804', 'cxm_state of sequence_match passed where a state of window_funnel is expected',
                 'a sequence state is refused by window_funnel''s final function');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(s::text, -2)) FROM rt_whole WHERE customer = 1), '22P02',
                 'invalid cxm_state value', 'a funnel state cut short by a byte is refused');
-- the last byte is the top byte of the last event's condition mask: condition 64 of a 3-step call
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing '80' from length(s::text) - 1 for 2))
                  FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a funnel state whose event names a step the call lacks is refused');
-- byte 6 is the first byte of the mode flags: allow_reentry without strict_order
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing '10' from 15 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a funnel state with modes the parser cannot produce is refused');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(s), 1, 40) FROM rt_whole WHERE customer = 1', 'rt_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a funnel state cut short in binary COPY is refused');

-- the extension's own objects are found whatever the search_path
CREATE SCHEMA elsewhere;
SET LOCAL search_path = elsewhere;
CREATE TEMP TABLE outside AS SELECT public.window_funnel('1 day', now(), true) AS level;
RESET search_path;
SELECT is((SELECT level FROM outside), 1, 'works with cxm outside the search_path');

SELECT has_function('window_funnel', ARRAY['interval', 'text', 'timestamp with time zone', '"any"'], 'window_funnel with a mode');
SELECT has_function('window_funnel_steps', ARRAY['interval', 'timestamp without time zone', '"any"'], 'window_funnel_steps over timestamp');
SELECT is(pg_typeof(window_funnel_steps('1 h', localtimestamp, true))::text, 'timestamp without time zone[]',
          'window_funnel_steps over timestamp gives timestamp[]');
SELECT * FROM finish();
ROLLBACK;
