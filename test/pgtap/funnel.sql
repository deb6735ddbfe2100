-- window_funnel and window_funnel_steps: exact errors, properties, spilling.
BEGIN;
SELECT plan(79);
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
SELECT is(window_funnel('1 day', now(), VARIADIC NULL::boolean[]), 0,
          'VARIADIC NULL::boolean[] is a NULL array of steps: a row meeting none (the array form, below)');
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
-- a row meeting no step is checked too once its parameters differ from the
-- query's first row: a mode alone differing (the same number of steps) ...
SELECT throws_ok($$SELECT window_funnel('1 day', m, now(), c) FROM (VALUES ('', true), ('strict_deduplication', false)) v(m, c)$$,
                 '22023', 'window_funnel mode changed within a group', 'the mode must not change within a group, on a row meeting no step');
-- ... or the number of steps alone (the same mode)
SELECT throws_ok($$SELECT window_funnel('1 day', now(), c) FROM (VALUES ('{t,f}'::boolean[]), ('{f,f,f}')) v(c)$$,
                 '22023', 'window_funnel number of conditions changed within a group', 'the number of steps must not change within a group, on a row meeting no step');
-- the mode of the previous group is kept for the query: one of the same
-- length, one byte apart ('s' = 'r' + 1), is still read and refused
SELECT throws_ok($$SELECT window_funnel('1 day', m, now(), true) FROM (VALUES (1, 'strict_order'), (2, 'strict_ordes')) v(g, m) GROUP BY g$$,
                 '22023', 'unknown window_funnel mode "strict_ordes"', 'a bad mode after a good one of the same length, in another group');

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
-- exact microseconds of an interval of days and time (as timestamp
-- subtraction gives): the fields are exact in double precision, while
-- extract(epoch ...) is a double before PostgreSQL 14
CREATE FUNCTION pg_temp.iv_us(i interval) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT date_part('day', i)::numeric * 86400000000 + date_part('hour', i)::numeric * 3600000000
           + date_part('minute', i)::numeric * 60000000 + date_part('microseconds', i)::numeric $$;
-- (±infinity: ±1e40 µs, beyond every distance and bound here by 10^14, as
-- numeric has no infinity before PostgreSQL 14)
CREATE FUNCTION pg_temp.us(t timestamptz) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t = 'infinity' THEN 1e40 WHEN t = '-infinity' THEN -1e40
                ELSE pg_temp.iv_us(t - timestamptz '2000-01-01 00:00+00') END $$;
CREATE TEMP TABLE extreme_points (k int, t timestamptz);
INSERT INTO extreme_points VALUES (0, '-infinity'), (1, '4714-11-24 00:00:00+00 BC'), (2, '4714-11-25 00:00:00+00 BC'),
    (3, '2026-01-01 00:00:00+00'), (4, '294276-12-30 00:00:00+00'), (5, '294276-12-31 23:59:59.999999+00'), (6, 'infinity');
CREATE TEMP TABLE extreme_pairs AS
SELECT a.t AS a, b.t AS b, w, mode,
       CASE WHEN b.t >= a.t AND (b.t = a.t OR pg_temp.us(b.t) - pg_temp.us(a.t) <= pg_temp.iv_us(w))
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
CREATE TEMP TABLE many_reference AS
WITH s1 AS (SELECT customer, ts, e, max(ts) FILTER (WHERE e = 0) OVER w AS f1
            FROM many WINDOW w AS (PARTITION BY customer ORDER BY ts, e ROWS UNBOUNDED PRECEDING)),
     s2 AS (SELECT *, max(f1) FILTER (WHERE e = 1 AND ts <= f1 + interval '1 hour') OVER w AS f2
            FROM s1 WINDOW w AS (PARTITION BY customer ORDER BY ts, e ROWS UNBOUNDED PRECEDING))
SELECT customer, CASE WHEN bool_or(e = 2 AND ts <= f2 + interval '1 hour') THEN 3 WHEN bool_or(f2 IS NOT NULL) THEN 2
                      WHEN bool_or(e = 0) THEN 1 ELSE 0 END AS level
FROM s2 GROUP BY customer;
SELECT is((SELECT count(*) FROM (SELECT customer, window_funnel('1 hour', ts, VARIADIC ARRAY[e = 0, e = 1, e = 2]) AS level
                                 FROM many GROUP BY customer) a
           FULL JOIN many_reference r USING (customer)
           WHERE a.level IS NOT DISTINCT FROM r.level),
          20000::bigint, 'steps given as one VARIADIC array: the levels of the funnel written in SQL');
SELECT is((SELECT count(*) FROM (SELECT customer, window_funnel('1 hour', ts, ARRAY[e = 0, e = 1, e = 2]) AS level,
                                        window_funnel('1 hour', ts::timestamp, ARRAY[e = 0, e = 1, e = 2]) AS level_ts
                                 FROM many GROUP BY customer) a
           FULL JOIN many_reference r USING (customer)
           WHERE (a.level, a.level_ts) IS NOT DISTINCT FROM (r.level, r.level)),
          20000::bigint, 'the array form (ARRAY[...]): the levels of the funnel written in SQL, over both timestamp types');
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

-- The array form: window_funnel(window, [mode,] ts, steps boolean[]) and
-- window_funnel_steps likewise, declared with concrete types so that Citus
-- can push them down as partial aggregates.  PostgreSQL resolves ARRAY[...]
-- calls to it and separate steps to the VARIADIC "any" form.
CREATE FUNCTION pg_temp.resolves_to(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    found text;
BEGIN
    EXECUTE 'CREATE TEMP VIEW resolved_call AS ' || query;
    SELECT string_agg(d.refobjid::regprocedure::text, ', ') INTO found
    FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_proc'::regclass
    JOIN pg_proc p ON p.oid = d.refobjid AND p.prokind = 'a'
    WHERE r.ev_class = 'resolved_call'::regclass;
    DROP VIEW resolved_call;
    RETURN found;
END $$;
SELECT is(pg_temp.resolves_to($$SELECT window_funnel('1 day', now(), ARRAY[true, false])$$),
          'window_funnel(interval,timestamp with time zone,boolean[])', 'ARRAY[...] resolves to the array form');
SELECT is(pg_temp.resolves_to($$SELECT window_funnel_steps('1 day', 'strict_order', localtimestamp, ARRAY[true])$$),
          'window_funnel_steps(interval,text,timestamp without time zone,boolean[])', '... with a mode, over timestamp');
SELECT is(pg_temp.resolves_to($$SELECT window_funnel('1 day', now(), true)$$),
          'window_funnel(interval,timestamp with time zone,"any")', 'one separate step still resolves to the VARIADIC "any" form');
SELECT is(pg_temp.resolves_to($$SELECT window_funnel('1 day', 'strict_order', now(), true, NULL)$$),
          'window_funnel(interval,text,timestamp with time zone,"any")', '... and several, a bare NULL among them');
-- the one call the two forms both fit: a single untyped literal as the only step
SELECT throws_ok($$SELECT window_funnel('1 day', now(), NULL)$$, '42725', NULL,
                 'a bare NULL as the only step is ambiguous: write NULL::boolean');

-- every mode, both timestamp types: the array form equals the variadic one
-- (in results, computed above), with NULL elements and NULL arrays (a NULL
-- array is a row meeting no step: the variadic form given every step NULL)
CREATE TEMP TABLE results_array AS
SELECT mode, g,
       window_funnel('20 minutes', mode, ts, ARRAY[e = 1, e = 2, e = 3, e = 4]) AS level,
       window_funnel('20 minutes', mode, ts::timestamp, ARRAY[e = 1, e = 2, e = 3, e = 4]) AS level_ts,
       window_funnel_steps('20 minutes', mode, ts, ARRAY[e = 1, e = 2, e = 3, e = 4]) AS steps,
       window_funnel_steps('20 minutes', mode, ts::timestamp, ARRAY[e = 1, e = 2, e = 3, e = 4])::timestamptz[] AS steps_ts
FROM ev, modes GROUP BY mode, g;
SELECT is((SELECT count(*) FROM results r FULL JOIN results_array a USING (mode, g)
           WHERE (a.level, a.level_ts, a.steps, a.steps_ts) IS DISTINCT FROM (r.level, r.level, r.steps, r.steps)),
          0::bigint, 'the array form gives the levels and step times of the variadic form, in every mode, over both timestamp types');
SELECT is((SELECT count(*) FROM (SELECT g, window_funnel('20 minutes', ts, ARRAY[e = 1, e = 2, e = 3, e = 4]) AS a,
                                        window_funnel('20 minutes', ts::timestamp, ARRAY[e = 1, e = 2, e = 3, e = 4]) AS a_ts,
                                        window_funnel_steps('20 minutes', ts, ARRAY[e = 1, e = 2, e = 3, e = 4]) AS s,
                                        window_funnel_steps('20 minutes', ts::timestamp, ARRAY[e = 1, e = 2, e = 3, e = 4])::timestamptz[] AS s_ts
                                 FROM ev GROUP BY g) a
           FULL JOIN (SELECT g, level, steps FROM results WHERE mode = '') r USING (g)
           WHERE (a.a, a.a_ts, a.s, a.s_ts) IS DISTINCT FROM (r.level, r.level, r.steps, r.steps)),
          0::bigint, 'the array form without a mode equals the variadic default mode');
-- one row in ten has a NULL array, one in seven a NULL second step; in 20
-- more groups every array is NULL.  The NULL arrays are fed first, so that
-- a group's state starts before its number of steps is known.
CREATE TEMP TABLE ev_null AS
SELECT i, g, ts, CASE WHEN abs(hashint4(3 * i)) % 10 = 0 THEN NULL
                      ELSE ARRAY[e = 1, CASE WHEN i % 7 = 0 THEN NULL ELSE e = 2 END, e = 3, e = 4] END AS steps
FROM ev
UNION ALL SELECT i, 1000 + i % 20, ts, NULL FROM ev WHERE i <= 200;
SELECT ok((SELECT count(*) FILTER (WHERE steps IS NULL) > 2000 AND count(*) FILTER (WHERE steps[2] IS NULL AND steps IS NOT NULL) > 2000
           FROM ev_null), 'thousands of NULL arrays and NULL elements');
CREATE TEMP TABLE results_null AS
SELECT mode, g,
       window_funnel('20 minutes', mode, ts, steps ORDER BY steps IS NOT NULL, i) AS level,
       window_funnel('20 minutes', mode, ts, steps[1], steps[2], steps[3], steps[4]) AS level_variadic,
       window_funnel_steps('20 minutes', mode, ts::timestamp, steps ORDER BY steps IS NOT NULL, i)::timestamptz[] AS steps,
       window_funnel_steps('20 minutes', mode, ts, steps[1], steps[2], steps[3], steps[4]) AS steps_variadic
FROM ev_null, modes GROUP BY mode, g;
SELECT is((SELECT count(*) FROM results_null WHERE (level, steps) IS DISTINCT FROM (level_variadic, steps_variadic)),
          0::bigint, 'NULL elements count as false and a NULL array as a row meeting no step, in every mode (strict_order included)');
SELECT ok((SELECT count(DISTINCT level) >= 4 AND bool_and(level = 0) FILTER (WHERE g >= 1000)
                  AND count(*) FILTER (WHERE mode = 'strict_order' AND level <> (SELECT level FROM results_null d WHERE d.g = r.g AND d.mode = '')) > 10
           FROM results_null r),
          'the groups reach a range of levels, the all-NULL groups none, and strict_order differs from the default in many');
-- the number of steps is the same in every row of a group, NULL arrays aside
SELECT throws_ok($$SELECT window_funnel('1 day', ts, c) FROM (VALUES (now(), '{t,f}'::boolean[]), (now(), NULL), (now(), '{t}')) v(ts, c)$$,
                 '22023', 'window_funnel number of conditions changed within a group', 'arrays of two lengths in a group');
SELECT throws_ok($$SELECT window_funnel('1 day', now(), '{{t},{f}}'::boolean[])$$, '2202E',
                 'window_funnel conditions must be a one-dimensional array', 'a two-dimensional array');
SELECT throws_ok($$SELECT window_funnel_steps('1 day', now(), '{}'::boolean[])$$, '22023',
                 'window_funnel takes 1 to 64 conditions, not 0', 'an empty array');
SELECT throws_ok($$SELECT window_funnel('1 day', 'strict_order', now(), array_fill(true, ARRAY[65]))$$, '22023',
                 'window_funnel takes 1 to 64 conditions, not 65', '65 steps in an array');
SELECT is((SELECT window_funnel('1 day', now(), NULL::boolean[])), 0, 'a NULL array alone: no step reached');
-- the most steps, 64, as separate arguments: events 1 to 64 a minute apart,
-- step k met by event k, so all 64 are reached in order
SELECT results_eq(format($$SELECT window_funnel('1 day', timestamptz '2026-01-01' + e * interval '1 minute', %s)
                           FROM generate_series(1, 64) e$$,
                         (SELECT string_agg(format('e = %s', k), ', ' ORDER BY k) FROM generate_series(1, 64) k)),
                  ARRAY[64], '64 steps as separate arguments, the most: events 1 to 64 in order reach all 64');
-- the NULL bitmap of an array longer than 8 (its second byte): events 1 to
-- 10 a minute apart, step k met by event k
SELECT is((SELECT window_funnel('1 day', timestamptz '2026-01-01' + e * interval '1 minute',
                                ARRAY[e = 1, e = 2, e = 3, e = 4, e = 5, e = 6, e = 7, e = 8, e = 9, e = 10, NULL])
           FROM generate_series(1, 10) e), 10,
          'an array of 11 steps, the 11th NULL: events 1 to 10 reach the 10 steps before it');
SELECT is((SELECT window_funnel('1 day', timestamptz '2026-01-01' + e * interval '1 minute',
                                ARRAY[e = 1, e = 2, e = 3, e = 4, e = 5, e = 6, e = 7, e = 8, NULL, e = 10])
           FROM generate_series(1, 10) e), 8,
          'an array of 10 steps, the 9th NULL (never met): events 1 to 10 stop at step 8');
SELECT is((SELECT array_agg(l ORDER BY i) FROM (SELECT i, window_funnel('1 day', 'strict_order', ts, ARRAY[true, i = 2]) OVER (ORDER BY i) AS l
                                                FROM two_days) x),
          '{1,2}'::int[], 'the array form as a window function');

-- partial states of the array form: a strict_order state holding only rows
-- with NULL arrays (its number of steps not yet known) through its text and
-- binary forms, combined with the state of the other rows
CREATE AGGREGATE pg_temp.funnel_array_state(interval, text, timestamptz, boolean[]) (SFUNC = funnel_trans, STYPE = cxm_state);
CREATE TEMP TABLE rt_null_halves AS
SELECT customer, steps IS NULL AS unknown, pg_temp.funnel_array_state('1 day', 'strict_order', ts, steps) AS s
FROM (SELECT customer, ts, CASE WHEN e = 'other' THEN NULL ELSE ARRAY[e = 'visit', e = 'view', e = 'buy'] END AS steps FROM rt) x
GROUP BY customer, steps IS NULL;
CREATE TEMP TABLE rt_null_copied (customer integer, unknown boolean, s cxm_state);
SELECT pg_temp.copy_through('SELECT customer, unknown, s FROM rt_null_halves', 'rt_null_copied');
SELECT is((SELECT count(*) FROM (SELECT customer, funnel_final(pg_temp.funnel_merge(s ORDER BY unknown DESC)) AS level,
                                        funnel_final(pg_temp.funnel_merge(s::text::cxm_state ORDER BY unknown)) AS level_text
                                 FROM rt_null_copied GROUP BY customer) m
           FULL JOIN (SELECT customer, window_funnel('1 day', 'strict_order', ts, e = 'visit', e = 'view', e = 'buy') AS level
                      FROM rt GROUP BY customer) a USING (customer)
           WHERE (m.level, m.level_text) IS DISTINCT FROM (a.level, a.level)),
          0::bigint, 'a state of NULL arrays alone travels as a value and combines to the level of the variadic form over all rows');
SELECT ok((SELECT count(*) FILTER (WHERE level_strict <> level_default) > 5
           FROM (SELECT customer, window_funnel('1 day', 'strict_order', ts, e = 'visit', e = 'view', e = 'buy') AS level_strict,
                        window_funnel('1 day', ts, e = 'visit', e = 'view', e = 'buy') AS level_default FROM rt GROUP BY customer) x),
          '... where the rows meeting no step change the strict_order level of several customers');
-- such a state (no number of steps) holding a row that meets a step is refused
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing '00' from 11 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a funnel state of no known steps holding a row meeting one is refused');

-- under a parallel plan proven by the statement's own EXPLAIN ANALYZE,
-- every array overload equals the variadic form run serially
\ir ../tools/parallel.sql
-- (eight copies of the rows as groups of their own: a scan long enough for
-- both workers to start and find rows of every group)
CREATE TABLE public.funnel_array_rows AS SELECT i, g + 2000 * copy AS g, ts, steps FROM ev_null, generate_series(0, 7) copy ORDER BY md5(i::text || copy::text || g::text);
ANALYZE public.funnel_array_rows;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('funnel_array_parallel', $q$
    SELECT g, window_funnel('20 minutes', ts, steps) AS f, window_funnel('20 minutes', ts::timestamp, steps) AS f_ts,
           window_funnel('20 minutes', 'strict_order', ts, steps) AS f_order,
           window_funnel('20 minutes', 'strict_increase', ts::timestamp, steps) AS f_increase,
           window_funnel_steps('20 minutes', ts, steps) AS s, window_funnel_steps('20 minutes', ts::timestamp, steps)::timestamptz[] AS s_ts,
           window_funnel_steps('20 minutes', 'strict_order', ts, steps) AS s_order,
           window_funnel_steps('20 minutes', 'strict_once', ts::timestamp, steps)::timestamptz[] AS s_once
    FROM public.funnel_array_rows GROUP BY g $q$), 'the array forms of window_funnel and window_funnel_steps');
SELECT pg_temp.serial_run('funnel_variadic_serial', $q$
    SELECT g, window_funnel('20 minutes', ts, steps[1], steps[2], steps[3], steps[4]) AS f,
           window_funnel('20 minutes', 'strict_order', ts, steps[1], steps[2], steps[3], steps[4]) AS f_order,
           window_funnel('20 minutes', 'strict_increase', ts, steps[1], steps[2], steps[3], steps[4]) AS f_increase,
           window_funnel_steps('20 minutes', ts, steps[1], steps[2], steps[3], steps[4]) AS s,
           window_funnel_steps('20 minutes', 'strict_order', ts, steps[1], steps[2], steps[3], steps[4]) AS s_order,
           window_funnel_steps('20 minutes', 'strict_once', ts, steps[1], steps[2], steps[3], steps[4]) AS s_once
    FROM public.funnel_array_rows GROUP BY g $q$);
SELECT is((SELECT count(*) FROM funnel_array_parallel p FULL JOIN funnel_variadic_serial v USING (g)
           WHERE (p.f, p.f_ts, p.f_order, p.f_increase, p.s, p.s_ts, p.s_order, p.s_once)
                 IS DISTINCT FROM (v.f, v.f, v.f_order, v.f_increase, v.s, v.s, v.s_order, v.s_once)),
          0::bigint, '... equal the variadic form run serially, every group');
SELECT is((SELECT array_agg(aggregate ORDER BY aggregate) FROM (SELECT DISTINCT aggregate FROM pg_temp.parallel_verified) x),
          ARRAY['window_funnel(interval,text,timestamp with time zone,boolean[])', 'window_funnel(interval,text,timestamp without time zone,boolean[])',
                'window_funnel(interval,timestamp with time zone,boolean[])', 'window_funnel(interval,timestamp without time zone,boolean[])',
                'window_funnel_steps(interval,text,timestamp with time zone,boolean[])', 'window_funnel_steps(interval,text,timestamp without time zone,boolean[])',
                'window_funnel_steps(interval,timestamp with time zone,boolean[])', 'window_funnel_steps(interval,timestamp without time zone,boolean[])'],
          '... all eight of them ran partial in the workers');

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
