-- sequence_match and sequence_count: exact errors and properties.
BEGIN;
SELECT plan(59);
SET LOCAL TimeZone = 'UTC';

-- malformed patterns: SQLSTATE, 1-based position in characters, what was expected
SELECT throws_ok($$SELECT sequence_match('(?1)(?2', now(), true, true)$$, '42601',
                 'syntax error in sequence pattern at position 8: expected ")", found the end of the pattern', 'unclosed');
SELECT throws_ok($$SELECT sequence_match('(?1) (?2)', now(), true, true)$$, '42601',
                 'syntax error in sequence pattern at position 5: expected "(?", "." or ".*", found " (?2)"', 'no blanks, as in ClickHouse');
SELECT throws_ok($$SELECT sequence_match('(?x)', now(), true)$$, '42601',
                 'syntax error in sequence pattern at position 3: expected a condition number or "t", found "x)"', '(?x)');
SELECT throws_ok($$SELECT sequence_match('(?1)(?t<=)(?1)', now(), true)$$, '42601',
                 'syntax error in sequence pattern at position 10: expected a number of seconds, found ")(?1)"', 'no seconds');
SELECT throws_ok($$SELECT sequence_match('(?1)(?t!=5)', now(), true)$$, '42601',
                 'syntax error in sequence pattern at position 8: expected <=, <, >=, > or == after "(?t", found "!=5)"', 'no != in ClickHouse');
SELECT throws_ok($$SELECT sequence_match('(?1)(?t<1)(?t<2)', now(), true)$$, '42601',
                 'syntax error in sequence pattern at position 11: a time condition must follow (?N), "." or ".*"', 'two time conditions');
SELECT throws_ok($$SELECT sequence_match('é(?1)', now(), true)$$, '42601',
                 'syntax error in sequence pattern at position 1: expected "(?", "." or ".*", found "é(?1)"', 'a multibyte character');
SELECT throws_ok($$SELECT sequence_match('..(?1)ü(?2)', now(), true, true)$$, '42601',
                 'syntax error in sequence pattern at position 7: expected "(?", "." or ".*", found "ü(?2)"', 'positions count characters');
SELECT throws_ok($$SELECT sequence_count('(?0)', now(), true)$$, '22023',
                 'sequence pattern names condition 0 at position 1, but the call has 1 condition', 'condition 0');
SELECT throws_ok($$SELECT sequence_count('(?1).*(?3)', now(), true, false)$$, '22023',
                 'sequence pattern names condition 3 at position 7, but the call has 2 conditions', 'condition 3 of 2');
SELECT throws_ok($$SELECT sequence_match('(?1)(?t<99999999999999999999)', now(), true)$$, '22023',
                 'number at position 9 of the sequence pattern is too large', 'seconds past 2^64');
SELECT throws_ok($$SELECT sequence_match(NULL, now(), true)$$, '22004', 'sequence pattern must not be NULL', 'NULL pattern');
SELECT throws_ok($$SELECT sequence_match(p, now(), true) FROM (VALUES ('(?1)'), ('(?1)(?1)')) v(p)$$, '22023',
                 'sequence pattern changed within a group', 'the pattern must not change within a group');
SELECT throws_ok($$SELECT sequence_count('(?1)', now(), VARIADIC array_fill(true, ARRAY[65]))$$, '22023',
                 'a sequence pattern takes 1 to 64 conditions, not 65', '65 conditions');

SELECT throws_ok($$SELECT sequence_count('(?1)', now(), 1)$$, '42804',
                 'a sequence pattern condition 1 must be boolean, not integer', 'a condition that is not boolean');
-- a bare NULL condition is never met, in the aggregate and in the window form alike
CREATE TEMP TABLE two_days AS SELECT * FROM (VALUES (1, timestamptz '2026-01-01'), (2, '2026-01-02')) v(i, ts);
SELECT is((SELECT sequence_count('(?1)', ts, true, NULL) FROM two_days), 2::bigint, 'a bare NULL condition counts as false');
SELECT is((SELECT sequence_match('.*(?2)', ts, true, NULL) FROM two_days), false, '... and is never met');
SELECT is((SELECT array_agg(c ORDER BY i) FROM (SELECT i, sequence_count('(?1)', ts, true, NULL) OVER (ORDER BY i) AS c FROM two_days) x),
          (SELECT array_agg(c ORDER BY i) FROM (SELECT i, count(*) OVER (ORDER BY i) AS c FROM two_days) x),
          'as a window function too: sequence_count(''(?1)'') counts the rows so far');
SELECT is((SELECT array_agg(m ORDER BY i) FROM (SELECT i, sequence_match('.*(?2)', ts, true, NULL) OVER (ORDER BY i) AS m FROM two_days) x),
          '{f,f}'::boolean[], '... and sequence_match never meets it');
SELECT is((SELECT array_agg(c ORDER BY i) FROM (SELECT i, sequence_count('(?1)(?2)', ts, VARIADIC ARRAY[i = 1, i = 2]) OVER (ORDER BY i) AS c FROM two_days) x),
          '{0,1}'::bigint[], 'conditions as VARIADIC ARRAY[...] work in the window form too');
SELECT throws_ok($$SELECT sequence_count('(?1)', ts, true, 'yes') OVER (ORDER BY i) FROM two_days$$, '42804',
                 'a sequence pattern condition 2 must be boolean, not unknown', 'an untyped literal condition is refused in the window form');
-- properties over random groups, with ties
CREATE TEMP TABLE ev AS
SELECT i, i % 300 AS g, to_timestamp(abs(hashint4(i)) % 3000) AS ts, abs(hashint4(-i)) % 4 AS e
FROM generate_series(1, 30000) i;
CREATE TEMP TABLE patterns (pattern text);
INSERT INTO patterns VALUES ('(?1)(?2)'), ('(?1).*(?2).*(?3)'), ('(?1)(?t<=60)(?2)'), ('(?1).(?t>30)(?3)'),
    ('(?2)(?t==0)(?2)'), ('.*(?1)(?t>=100).*(?3)'), ('(?1)(?2)(?t<5)(?3)');
CREATE TEMP TABLE results AS
SELECT pattern, g,
       sequence_match(pattern, ts, e = 1, e = 2, e = 3 ORDER BY ts, i) AS m,
       sequence_match(pattern, ts, e = 1, e = 2, e = 3 ORDER BY ts DESC, i DESC) AS m_reversed,
       sequence_count(pattern, ts, e = 1, e = 2, e = 3 ORDER BY ts, i) AS c,
       sequence_count(pattern, ts, e = 1, e = 2, e = 3 ORDER BY ts DESC, i DESC) AS c_reversed,
       sequence_count(pattern, ts::timestamp, e = 1, e = 2, e = 3) AS c_ts
FROM ev, patterns GROUP BY pattern, g;
SELECT is((SELECT count(*) FROM results WHERE m <> m_reversed OR c <> c_reversed), 0::bigint,
          'the arrival order of rows, ties included, does not change a result');
SELECT is((SELECT count(*) FROM results WHERE m <> (c > 0)), 0::bigint, 'a group matches exactly when it counts a match');
SELECT is((SELECT count(*) FROM results WHERE c <> c_ts), 0::bigint, 'timestamp and timestamptz agree');
SELECT ok((SELECT count(DISTINCT c) FROM results) > 5 AND (SELECT bool_or(m) AND NOT bool_and(m) FROM results),
          'the groups give a range of results');
SELECT is((SELECT array_agg(c ORDER BY g) FROM (SELECT g, sequence_count('(?1)', ts, e = 1, e = 2) AS c FROM ev GROUP BY g) x),
          (SELECT array_agg(c ORDER BY g) FROM (SELECT g, count(*) FILTER (WHERE e = 1) AS c FROM ev GROUP BY g) x),
          'sequence_count(''(?1)'') counts the rows meeting condition 1');

-- (?1).*(?2) counted in SQL: among the rows meeting a condition, in time
-- order (ties: condition 1 first), each row meeting 2 right after one meeting 1
-- closes a match (a search restarts after it; more 1s or 2s in a row change nothing)
SELECT is((SELECT array_agg(c ORDER BY g) FROM (SELECT g, sequence_count('(?1).*(?2)', ts, VARIADIC ARRAY[e = 1, e = 2]) AS c FROM ev GROUP BY g) x),
          (SELECT array_agg(c ORDER BY g) FROM (
               SELECT g, count(*) FILTER (WHERE e = 2 AND prev = 1) AS c
               FROM (SELECT g, e, lag(e) OVER (PARTITION BY g ORDER BY ts, e) AS prev FROM ev WHERE e IN (1, 2)) x
               GROUP BY g) y),
          'conditions given as one VARIADIC array: (?1).*(?2) counts as counted in SQL');

-- time conditions at the extremes: the infinities are infinitely far from
-- every other timestamp (tied with themselves), finite ones 290,000 years
-- apart compare exactly.  Reference: (?1)(?t op N)(?2) over two events is
-- the time from the first to the second, in exact numeric microseconds.
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
SELECT a, b, op, n, format('(?1)(?t%s%s)(?2)', op, n) AS pattern,
       b >= a AND CASE op WHEN '<=' THEN d <= n * 1000000 WHEN '<' THEN d < n * 1000000 WHEN '>=' THEN d >= n * 1000000
                              WHEN '>' THEN d > n * 1000000 ELSE d = n * 1000000 END AS expected
FROM (SELECT a.t AS a, b.t AS b, CASE WHEN a.t = b.t THEN 0 ELSE pg_temp.us(b.t) - pg_temp.us(a.t) END AS d
      FROM extreme_points a, extreme_points b) x,
     unnest(ARRAY['<=', '<', '>=', '>', '==']) op,
     unnest(ARRAY[0, 86400, 2592000, 9223372036854, 18446744073709551615]::numeric[]) n;
SELECT is((SELECT count(*) FROM extreme_pairs p
           WHERE (SELECT sequence_match(pattern, ts, c = 1, c = 2) FROM (VALUES (p.a, 1), (p.b, 2)) v(ts, c)) IS DISTINCT FROM expected),
          0::bigint, 'sequence_match time conditions at the extremes (infinities, 290,000 years apart) equal the definition on exact microseconds');
SELECT is((SELECT count(*) FROM extreme_pairs p
           WHERE (SELECT sequence_count(pattern, ts, c = 1, c = 2) FROM (VALUES (p.a, 1), (p.b, 2)) v(ts, c)) IS DISTINCT FROM expected::int::bigint),
          0::bigint, '... and sequence_count');

-- partial states as values (cxm_state, what parallel workers and Citus
-- pass on): read back from their text and binary forms, combined, finished,
-- and refused when damaged.  Reference in plain SQL: (?1)(?2) counts a view
-- right before a buy among the rows meeting a condition (every time is
-- distinct, so the order is the time's).
CREATE TEMP TABLE rt AS
SELECT i, i % 150 AS customer, timestamptz '2026-01-01' + (i * 7919 % 1800) * interval '1 minute' AS ts,
       (ARRAY['view', 'buy', 'other'])[1 + abs(hashint4(-i)) % 3] AS e
FROM generate_series(1, 1800) i;
CREATE TEMP TABLE rt_reference AS
SELECT c.customer, count(*) FILTER (WHERE x.e = 'buy' AND x.previous = 'view') AS pairs
FROM (SELECT DISTINCT customer FROM rt) c
LEFT JOIN (SELECT customer, e, lag(e) OVER (PARTITION BY customer ORDER BY ts) AS previous FROM rt WHERE e IN ('view', 'buy')) x
     USING (customer)
GROUP BY c.customer;
SELECT ok((SELECT count(DISTINCT pairs) >= 3 AND bool_or(pairs = 0) FROM rt_reference), 'the round-trip customers have various counts, none too');
-- aggregates over the extension's support functions with no final function return the state itself
CREATE AGGREGATE pg_temp.sequence_state(text, timestamptz, VARIADIC "any") (SFUNC = sequence_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.sequence_merge(cxm_state) (SFUNC = sequence_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.funnel_state(interval, timestamptz, VARIADIC "any") (SFUNC = funnel_trans, STYPE = cxm_state);
CREATE TEMP TABLE rt_whole AS
SELECT customer, pg_temp.sequence_state('(?1)(?2)', ts, e = 'view', e = 'buy') AS s FROM rt GROUP BY customer;
CREATE TEMP TABLE rt_halves AS
SELECT customer, i % 2 AS half, pg_temp.sequence_state('(?1)(?2)', ts, e = 'view', e = 'buy') AS s FROM rt GROUP BY customer, i % 2;
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN rt_reference r USING (customer)
           WHERE sequence_count_final(w.s::text::cxm_state) IS DISTINCT FROM r.pairs
              OR sequence_match_final(w.s::text::cxm_state) IS DISTINCT FROM (r.pairs > 0)),
          0::bigint, 'states read back from their text form finish to the plain-SQL count and match of every customer');
-- binary COPY out and back in, through a file of this backend's, removed as it is read
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_sequence_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
CREATE TEMP TABLE rt_copied (customer integer, s cxm_state);
SELECT pg_temp.copy_through('SELECT customer, s FROM rt_whole', 'rt_copied');
SELECT is((SELECT count(*) FROM rt_copied c FULL JOIN rt_reference r USING (customer)
           WHERE sequence_count_final(c.s) IS DISTINCT FROM r.pairs),
          0::bigint, 'states through binary COPY finish to the plain-SQL count of every customer');
SELECT is((SELECT count(*) FROM (SELECT customer, sequence_count_final(pg_temp.sequence_merge(s)) AS pairs
                                 FROM (SELECT customer, s FROM rt_halves WHERE half = 0
                                       UNION ALL SELECT customer, s FROM rt_halves WHERE half = 1) u GROUP BY customer) m
           FULL JOIN rt_reference r USING (customer)
           FULL JOIN (SELECT customer, sequence_count('(?1)(?2)', ts, e = 'view', e = 'buy') AS pairs FROM rt GROUP BY customer) a
                USING (customer)
           WHERE m.pairs IS DISTINCT FROM r.pairs OR m.pairs IS DISTINCT FROM a.pairs),
          0::bigint, 'two half states combined equal the plain-SQL count and sequence_count over all rows');
-- a stored state resumed: an aggregate whose INITCOND is a state of two
-- events (condition 1 in 2026, condition 3 at infinity) takes one more row
-- (condition 2 at the last finite microsecond), earlier than the state's
-- last event.  In time order the events are 1, 2, 3: (?1)(?2)(?3) matches,
-- once.  The row arrives out of order: the state read back must know its
-- last event to see that it is no longer sorted.  (1,000 groups, each
-- reading the state back into memory of its own.)
DO $do$
DECLARE
    stored text := (SELECT pg_temp.sequence_state('(?1)(?2)(?3)', ts, c = 1, c = 2, c = 3)::text
                    FROM (VALUES (timestamptz '2026-01-01', 1), ('infinity', 3)) v(ts, c));
    final text;
BEGIN
    FOREACH final IN ARRAY ARRAY['match', 'count'] LOOP
        EXECUTE format($f$CREATE AGGREGATE pg_temp.sequence_resumed_%s(text, timestamptz, VARIADIC "any")
                          (SFUNC = sequence_trans, STYPE = cxm_state, FINALFUNC = sequence_%s_final, INITCOND = %L)$f$,
                       final, final, stored);
    END LOOP;
END $do$;
SELECT is((SELECT count(*) FROM (SELECT g, pg_temp.sequence_resumed_match('(?1)(?2)(?3)', timestamptz '294276-12-31 23:59:59.999999', false, true, false) AS m,
                                       pg_temp.sequence_resumed_count('(?1)(?2)(?3)', timestamptz '294276-12-31 23:59:59.999999', false, true, false) AS c
                                FROM generate_series(1, 1000) g GROUP BY g) x
           WHERE (m, c) IS NOT DISTINCT FROM (true, 1::bigint)),
          1000::bigint, 'a stored state resumed by an aggregate takes a row earlier than its last event: (?1)(?2)(?3) matches once, in 1,000 groups');
SELECT throws_ok((SELECT format('SELECT sequence_match_final(%L::cxm_state)', pg_temp.funnel_state('1 day', ts, e = 'view')::text) FROM rt),
                 '42804', 'cxm_state of window_funnel passed where a state of sequence_match is expected',
                 'a funnel state is refused by sequence_match''s final function');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(s::text, -2)) FROM rt_whole WHERE customer = 1), '22P02',
                 'invalid cxm_state value', 'a sequence state cut short by a byte is refused');
-- the pattern starts at byte 30: "(?1)(?2)" becomes "(?3)(?2)", a condition the call does not have
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing '33' from 67 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a sequence state whose pattern names a condition the call lacks is refused');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(s), 1, 40) FROM rt_whole WHERE customer = 1', 'rt_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a sequence state cut short in binary COPY is refused');

-- The array form: sequence_match / sequence_count(pattern, ts, conditions
-- boolean[]), declared with concrete types so that Citus can push them down
-- as partial aggregates.  PostgreSQL resolves ARRAY[...] calls to it and
-- separate conditions to the VARIADIC "any" form.
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
SELECT is(pg_temp.resolves_to($$SELECT sequence_match('(?1)', now(), ARRAY[true, false])$$),
          'sequence_match(text,timestamp with time zone,boolean[])', 'ARRAY[...] resolves to the array form');
SELECT is(pg_temp.resolves_to($$SELECT sequence_count('(?1)', localtimestamp, ARRAY[true])$$),
          'sequence_count(text,timestamp without time zone,boolean[])', '... over timestamp too');
SELECT is(pg_temp.resolves_to($$SELECT sequence_count('(?1)', now(), true)$$),
          'sequence_count(text,timestamp with time zone,"any")', 'one separate condition still resolves to the VARIADIC "any" form');

-- every pattern of the random groups above, both timestamp types: the array
-- form equals the variadic one (in results)
CREATE TEMP TABLE results_array AS
SELECT pattern, g, sequence_match(pattern, ts, ARRAY[e = 1, e = 2, e = 3]) AS m,
       sequence_count(pattern, ts, ARRAY[e = 1, e = 2, e = 3]) AS c,
       sequence_match(pattern, ts::timestamp, ARRAY[e = 1, e = 2, e = 3]) AS m_ts,
       sequence_count(pattern, ts::timestamp, ARRAY[e = 1, e = 2, e = 3]) AS c_ts
FROM ev, patterns GROUP BY pattern, g;
SELECT is((SELECT count(*) FROM results r FULL JOIN results_array a USING (pattern, g)
           WHERE (a.m, a.c, a.m_ts, a.c_ts) IS DISTINCT FROM (r.m, r.c, r.m, r.c)),
          0::bigint, 'the array form gives the matches and counts of the variadic form, over both timestamp types');
SELECT is((SELECT array_agg(c ORDER BY g) FROM (SELECT g, sequence_count('(?1).*(?2)', ts, ARRAY[e = 1, e = 2]) AS c FROM ev GROUP BY g) x),
          (SELECT array_agg(c ORDER BY g) FROM (
               SELECT g, count(*) FILTER (WHERE e = 2 AND prev = 1) AS c
               FROM (SELECT g, e, lag(e) OVER (PARTITION BY g ORDER BY ts, e) AS prev FROM ev WHERE e IN (1, 2)) x
               GROUP BY g) y),
          'the array form: (?1).*(?2) counts as counted in SQL');
-- one row in ten has a NULL array, one in seven a NULL second condition; in
-- 20 more groups every array is NULL.  The NULL arrays are fed first, so
-- that a group's state starts before its number of conditions is known.  A
-- NULL array is a row meeting no condition: the variadic form given every
-- condition NULL.  '.*' and '' match a group whose rows meet no condition.
CREATE TEMP TABLE ev_null AS
SELECT i, g, ts, CASE WHEN abs(hashint4(3 * i)) % 10 = 0 THEN NULL
                      ELSE ARRAY[e = 1, CASE WHEN i % 7 = 0 THEN NULL ELSE e = 2 END, e = 3] END AS conds
FROM ev
UNION ALL SELECT i, 1000 + i % 20, ts, NULL FROM ev WHERE i <= 200;
INSERT INTO patterns VALUES ('.*'), ('');
CREATE TEMP TABLE results_null AS
SELECT pattern, g,
       sequence_match(pattern, ts, conds ORDER BY conds IS NOT NULL, i) AS m,
       sequence_count(pattern, ts::timestamp, conds ORDER BY conds IS NOT NULL, i) AS c,
       sequence_match(pattern, ts, conds[1], conds[2], conds[3]) AS m_variadic,
       sequence_count(pattern, ts, conds[1], conds[2], conds[3]) AS c_variadic
FROM ev_null, patterns GROUP BY pattern, g;
SELECT is((SELECT count(*) FROM results_null WHERE (m, c) IS DISTINCT FROM (m_variadic, c_variadic)),
          0::bigint, 'NULL elements count as false and a NULL array as a row meeting no condition, for every pattern');
SELECT ok((SELECT count(DISTINCT c) > 5 AND bool_and(m) FILTER (WHERE g >= 1000 AND pattern IN ('.*', ''))
                  AND NOT bool_or(m) FILTER (WHERE g >= 1000 AND pattern NOT IN ('.*', ''))
           FROM results_null),
          'the groups give a range of counts; those of NULL arrays alone match only the patterns needing no event');
SELECT throws_ok($$SELECT sequence_count('(?1)', ts, c) FROM (VALUES (now(), '{t,f}'::boolean[]), (now(), NULL), (now(), '{t}')) v(ts, c)$$,
                 '22023', 'sequence number of conditions changed within a group', 'arrays of two lengths in a group');
SELECT throws_ok($$SELECT sequence_match('(?1)', now(), '{{t},{f}}'::boolean[])$$, '2202E',
                 'a sequence pattern conditions must be a one-dimensional array', 'a two-dimensional array');
SELECT throws_ok($$SELECT sequence_match('(?1)', now(), '{}'::boolean[])$$, '22023',
                 'a sequence pattern takes 1 to 64 conditions, not 0', 'an empty array');
SELECT throws_ok($$SELECT sequence_count('(?1)(?3)', ts, c) FROM (VALUES (now(), NULL), (now(), '{t,f}'::boolean[])) v(ts, c)$$,
                 '22023', 'sequence pattern names condition 3 at position 5, but the call has 2 conditions',
                 'the pattern is checked against the number of conditions once a row brings it');
SELECT throws_ok($$SELECT sequence_count('(?1', now(), NULL::boolean[])$$, '42601',
                 'syntax error in sequence pattern at position 4: expected ")", found the end of the pattern',
                 'a malformed pattern fails on a row with a NULL array too');
-- the pattern of a NULL-array row is read unless it is the very text checked
-- before: one of the same length ('(?1)(?x)' after '(?1)(?2)') is not that
SELECT throws_ok($$SELECT sequence_count(p, now(), c) FROM (VALUES ('(?1)(?2)', '{t,f}'::boolean[]), ('(?1)(?x)', NULL)) v(p, c)$$, '42601',
                 'syntax error in sequence pattern at position 7: expected a condition number or "t", found "x)"',
                 'a malformed pattern of the same length as the one checked before fails on its NULL-array row');
SELECT is((SELECT sequence_count('(?1)', now(), NULL::boolean[])), 0::bigint, 'a NULL array alone: no match');
SELECT is((SELECT array_agg(c ORDER BY i) FROM (SELECT i, sequence_count('(?1)(?2)', ts, ARRAY[i = 1, i = 2]) OVER (ORDER BY i) AS c FROM two_days) x),
          '{0,1}'::bigint[], 'the array form as a window function');

-- partial states of the array form: a state of NULL arrays alone (its
-- number of conditions not yet known) through its text and binary forms,
-- combined with the state of the other rows
CREATE AGGREGATE pg_temp.sequence_array_state(text, timestamptz, boolean[]) (SFUNC = sequence_trans, STYPE = cxm_state);
CREATE TEMP TABLE rt_null_halves AS
SELECT customer, conds IS NULL AS unknown, pg_temp.sequence_array_state('(?1)(?2)', ts, conds) AS s
FROM (SELECT customer, ts, CASE WHEN e = 'other' THEN NULL ELSE ARRAY[e = 'view', e = 'buy'] END AS conds FROM rt) x
GROUP BY customer, conds IS NULL;
CREATE TEMP TABLE rt_null_copied (customer integer, unknown boolean, s cxm_state);
SELECT pg_temp.copy_through('SELECT customer, unknown, s FROM rt_null_halves', 'rt_null_copied');
SELECT is((SELECT count(*) FROM (SELECT customer, sequence_count_final(pg_temp.sequence_merge(s ORDER BY unknown DESC)) AS pairs,
                                        sequence_count_final(pg_temp.sequence_merge(s::text::cxm_state ORDER BY unknown)) AS pairs_text
                                 FROM rt_null_copied GROUP BY customer) m
           FULL JOIN rt_reference r USING (customer)
           WHERE (m.pairs, m.pairs_text) IS DISTINCT FROM (r.pairs, r.pairs)),
          0::bigint, 'a state of NULL arrays alone travels as a value and combines to the plain-SQL count');
SELECT is((SELECT sequence_match_final(s::text::cxm_state) FROM rt_null_halves WHERE unknown AND customer = 1), false,
          '... and alone finishes to no match of (?1)(?2)');
-- such a state (no number of conditions) holding a row is refused
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing '00' from 11 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a sequence state of no known conditions holding a row is refused');

-- under a parallel plan proven by the statement's own EXPLAIN ANALYZE,
-- both array overloads of both aggregates equal the variadic form run serially
\ir ../tools/parallel.sql
-- (eight copies of the rows as groups of their own: a scan long enough for
-- both workers to start and find rows of every group)
CREATE TABLE public.sequence_array_rows AS SELECT i, g + 2000 * copy AS g, ts, conds FROM ev_null, generate_series(0, 7) copy ORDER BY md5(i::text || copy::text || g::text);
ANALYZE public.sequence_array_rows;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('sequence_array_parallel', $q$
    SELECT g, sequence_match('(?1)(?t<=60)(?2)', ts, conds) AS m, sequence_match('.*', ts::timestamp, conds) AS m_ts,
           sequence_count('(?1).*(?3)', ts, conds) AS c, sequence_count('(?2)(?3)', ts::timestamp, conds) AS c_ts
    FROM public.sequence_array_rows GROUP BY g $q$), 'the array forms of sequence_match and sequence_count');
SELECT pg_temp.serial_run('sequence_variadic_serial', $q$
    SELECT g, sequence_match('(?1)(?t<=60)(?2)', ts, conds[1], conds[2], conds[3]) AS m,
           sequence_match('.*', ts, conds[1], conds[2], conds[3]) AS m_ts,
           sequence_count('(?1).*(?3)', ts, conds[1], conds[2], conds[3]) AS c,
           sequence_count('(?2)(?3)', ts, conds[1], conds[2], conds[3]) AS c_ts
    FROM public.sequence_array_rows GROUP BY g $q$);
SELECT is((SELECT count(*) FROM sequence_array_parallel p FULL JOIN sequence_variadic_serial v USING (g)
           WHERE (p.m, p.m_ts, p.c, p.c_ts) IS DISTINCT FROM (v.m, v.m_ts, v.c, v.c_ts)),
          0::bigint, '... equal the variadic form run serially, every group');
SELECT is((SELECT array_agg(aggregate ORDER BY aggregate) FROM (SELECT DISTINCT aggregate FROM pg_temp.parallel_verified) x),
          ARRAY['sequence_count(text,timestamp with time zone,boolean[])', 'sequence_count(text,timestamp without time zone,boolean[])',
                'sequence_match(text,timestamp with time zone,boolean[])', 'sequence_match(text,timestamp without time zone,boolean[])'],
          '... all four of them ran partial in the workers');

-- a cancel reaching the matcher, with its latency: test/limits/journeys.sql
SELECT * FROM finish();
ROLLBACK;
