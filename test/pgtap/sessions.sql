-- sessions: exact errors and SQLSTATEs, properties against plain SQL, schema independence.
BEGIN;
SELECT plan(44);
SET LOCAL timezone = 'UTC';

CREATE TEMP TABLE ev AS
SELECT i, i % 40 AS customer,
       timestamptz '2026-01-01' + (('x' || substr(md5(i::text), 1, 6))::bit(24)::int % 20000) * interval '1 minute' AS at,
       (('x' || substr(md5(i::text), 7, 2))::bit(8)::int % 3) AS v
FROM generate_series(1, 8000) i;
UPDATE ev SET v = NULL WHERE i % 11 = 0;

-- exact messages and SQLSTATEs
SELECT throws_ok('SELECT sessionize(at, ''30 minutes'') OVER (PARTITION BY customer) FROM ev',
                 '42P20', 'sessionize needs an ORDER BY in its window', 'sessionize: no ORDER BY');
SELECT throws_ok($$SELECT sessionize(t, '1 hour') OVER (ORDER BY i) FROM (VALUES (1, timestamptz '2026-01-02'), (2, '2026-01-01')) v(i, t)$$,
                 '42P20', 'sessionize needs the rows of each partition in timestamp order', 'sessionize: rows out of timestamp order');
SELECT throws_ok('SELECT sessionize(at, ''1 mon'') OVER (ORDER BY at) FROM ev',
                 '22023', 'sessionize gap must not have a month or year part', 'sessionize: a month');
SELECT throws_ok('SELECT sessionize(at, ''-1 second'') OVER (ORDER BY at) FROM ev',
                 '22023', 'sessionize gap must not be negative', 'sessionize: negative gap');
SELECT throws_ok('SELECT sessionize(at, NULL) OVER (ORDER BY at) FROM ev',
                 '22004', 'sessionize gap must not be NULL', 'sessionize: NULL gap');
SELECT throws_ok('SELECT session_count(at, ''2 years'') FROM ev',
                 '22023', 'session_count gap must not have a month or year part', 'session_count: years');
SELECT throws_ok('SELECT session_count(at, NULL) FROM ev', '22004', 'session_count gap must not be NULL', 'session_count: NULL gap');
SELECT throws_ok('SELECT session_count(at, CASE WHEN i % 2 = 0 THEN interval ''1 hour'' ELSE ''2 hours'' END) FROM ev',
                 '22023', 'session_count gap must be the same for every row of a group', 'session_count: gap varies');
SELECT throws_ok('SELECT sessionize(at, CASE WHEN i % 3 = 0 THEN interval ''1 hour'' ELSE ''2 hours'' END) OVER (PARTITION BY customer ORDER BY at) FROM ev',
                 '22023', 'sessionize gap must be the same on every row of a partition', 'sessionize: gap varies within a partition');
SELECT throws_ok('SELECT session_count(at, CASE WHEN at IS NULL THEN interval ''1 hour'' ELSE ''2 hours'' END) FROM (VALUES (now()), (NULL)) v(at)',
                 '22023', 'session_count gap must be the same for every row of a group', 'session_count: gap varies on a row without a timestamp');
SELECT is((SELECT array_agg(s ORDER BY c, t) FROM (
              SELECT c, t, sessionize(t, CASE c WHEN 1 THEN interval '1 hour' ELSE '3 hours' END) OVER (PARTITION BY c ORDER BY t) AS s
              FROM (VALUES (1, timestamptz '2026-01-01 00:00'), (1, '2026-01-01 02:00'), (2, '2026-01-01 00:00'), (2, '2026-01-01 02:00')) v(c, t)) x),
          '{1,2,1,1}'::bigint[], 'sessionize: the gap may differ between partitions (2 hours apart: two sessions with a 1-hour gap, one with 3 hours)');
SELECT throws_ok('SELECT conditional_true_event(v = 1) OVER (PARTITION BY customer) FROM ev',
                 '42P20', 'conditional_true_event needs an ORDER BY in its window', 'conditional_true_event: no ORDER BY');
SELECT throws_ok('SELECT conditional_change_event(v) OVER () FROM ev',
                 '42P20', 'conditional_change_event needs an ORDER BY in its window', 'conditional_change_event: no ORDER BY');
SELECT throws_ok('SELECT conditional_change_event(''{"a": 1}''::json) OVER (ORDER BY i) FROM ev',
                 '42883', 'conditional_change_event cannot compare values of type json', 'conditional_change_event: no equality');

-- properties
SELECT is((SELECT count(*) FROM (
              SELECT sessionize(at, g) OVER w AS s, coalesce(sum((at - prev > g)::int) OVER w + 1, 1) AS idiom
              FROM (SELECT customer, at, lag(at) OVER (PARTITION BY customer ORDER BY at) AS prev FROM ev) x,
                   (VALUES (interval '0'), (interval '45 minutes'), (interval '1 day')) gaps(g)
              WINDOW w AS (PARTITION BY customer, g ORDER BY at)) y WHERE s <> idiom),
          0::bigint, 'sessionize equals lag() + running sum for gaps 0, 45 minutes and 1 day');
SELECT is((SELECT array_agg(n ORDER BY customer) FROM (SELECT customer, session_count(at, '45 minutes') AS n FROM ev GROUP BY customer) a),
          (SELECT array_agg(n ORDER BY customer) FROM (
               SELECT customer, count(*) FILTER (WHERE prev IS NULL OR at - prev > interval '45 minutes') AS n
               FROM (SELECT customer, at, lag(at) OVER (PARTITION BY customer ORDER BY at) AS prev FROM ev) x GROUP BY customer) b),
          'session_count equals the number of session starts (lag() in SQL), per customer');
SELECT is((SELECT session_count(at, '45 minutes' ORDER BY md5(i::text)) FROM ev),
          (SELECT session_count(at, '45 minutes' ORDER BY at) FROM ev), 'session_count ignores the row order');
SELECT is((SELECT session_count(at, '45 minutes' ORDER BY at DESC) FROM ev),
          (SELECT session_count(at, '45 minutes' ORDER BY at) FROM ev), 'session_count backwards equals forwards');
SELECT is((SELECT session_count(at, '0') FROM ev), (SELECT count(DISTINCT at) FROM ev),
          'a zero gap: one session per distinct timestamp');
SELECT is((SELECT session_count(at, '36500 days') FROM ev), 1::bigint,
          'a gap longer than the data: one session');
SELECT is((SELECT session_count(at::timestamp, '45 minutes') FROM ev), (SELECT session_count(at, '45 minutes') FROM ev),
          'timestamp and timestamptz agree');
SELECT is((SELECT array_agg(s ORDER BY at, i) FROM (SELECT i, at, sessionize(at, '1 hour') OVER (ORDER BY at NULLS FIRST) AS s
                                                    FROM (SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE at END AS at FROM ev WHERE customer = 3) e) x
           WHERE at IS NOT NULL),
          (SELECT array_agg(s ORDER BY at, i) FROM (SELECT i, at, sessionize(at, '1 hour') OVER (ORDER BY at) AS s
                                                    FROM (SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE at END AS at FROM ev WHERE customer = 3) e) x
           WHERE at IS NOT NULL),
          'NULL timestamps are skipped wherever they sort');
SELECT is((SELECT count(*) FROM (SELECT sessionize(at, '1 hour') OVER (ORDER BY at) AS s FROM (VALUES (NULL::timestamptz)) v(at)) x WHERE s IS NULL),
          1::bigint, 'a NULL timestamp gets a NULL session');
SELECT is((SELECT count(*) FROM (
              SELECT conditional_true_event(v = 1) OVER w AS cte,
                     count(*) FILTER (WHERE v = 1) OVER (PARTITION BY customer ORDER BY at, i ROWS UNBOUNDED PRECEDING) AS running
              FROM ev WINDOW w AS (PARTITION BY customer ORDER BY at, i)) x WHERE cte <> running),
          0::bigint, 'conditional_true_event equals a running count of true rows (NULL is not true)');
SELECT is((SELECT count(*) FROM (
              SELECT conditional_change_event(v) OVER w AS cce,
                     count(*) FILTER (WHERE v <> prev) OVER (w ROWS UNBOUNDED PRECEDING) AS by_definition
              FROM (SELECT *, lag(v) OVER (PARTITION BY customer ORDER BY at, i) AS prev FROM ev) x
              WINDOW w AS (PARTITION BY customer ORDER BY at, i)) y WHERE cce IS DISTINCT FROM by_definition),
          0::bigint, 'conditional_change_event equals a running count of v <> lag(v) (Snowflake''s definition) with NULLs in the data');
SELECT is((SELECT count(*) FROM (
              SELECT conditional_change_event(v::text) OVER w AS by_text, conditional_change_event(v) OVER w AS by_int
              FROM ev WINDOW w AS (PARTITION BY customer ORDER BY at, i)) y WHERE by_text <> by_int),
          0::bigint, 'conditional_change_event on text (copied values) equals on integers');
-- a nondeterministic collation needs ICU (and a database encoding ICU
-- supports); a server without them skips this test
CREATE FUNCTION pg_temp.case_insensitive_collation() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    CREATE COLLATION pg_temp.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
    RETURN true;
EXCEPTION WHEN feature_not_supported THEN
    RETURN false;
END $$;
SELECT pg_temp.case_insensitive_collation() AS has_icu \gset
\if :has_icu
SELECT is((SELECT array_agg(e ORDER BY i) FROM (SELECT i, conditional_change_event(c COLLATE pg_temp.case_insensitive) OVER (ORDER BY i) AS e
                                                FROM (VALUES (1, 'a'), (2, 'A'), (3, 'b')) v(i, c)) x),
          '{0,0,1}'::bigint[], 'conditional_change_event compares with the collation: a and A are equal case-insensitively');
\else
SELECT skip('no ICU collation here (a server built without ICU, or a database encoding ICU does not support)', 1);
\endif
SELECT is((SELECT array_agg(e ORDER BY i) FROM (SELECT i, conditional_change_event(c COLLATE "C") OVER (ORDER BY i) AS e
                                                FROM (VALUES (1, 'a'), (2, 'A'), (3, 'b')) v(i, c)) x),
          '{0,1,2}'::bigint[], '... and differ in the C collation');

-- timestamps at the extremes: the infinities are infinitely far from every
-- other timestamp (and tied with themselves); finite ones 290,000 years apart
-- are compared exactly.  Reference: the lag() idiom on exact numeric
-- microseconds (timestamp subtraction overflows or fails there).
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
-- every subset of the points (a partition each), under gaps from 0 to the largest one
CREATE TEMP TABLE extremes AS
SELECT p, g, e.t FROM generate_series(1, 127) p, extreme_points e,
       (VALUES (interval '0'), ('1 day'), ('30 days'), ('106751991 days')) gaps(g)
WHERE p & (1 << e.k) <> 0;
SELECT is((SELECT count(*) FROM (
              SELECT sessionize(t, g) OVER w AS s,
                     1 + sum((prev IS NOT NULL AND t > prev AND pg_temp.us(t) - pg_temp.us(prev) > pg_temp.iv_us(g))::int) OVER w AS expected
              FROM (SELECT *, lag(t) OVER (PARTITION BY p, g ORDER BY t) AS prev FROM extremes) x
              WINDOW w AS (PARTITION BY p, g ORDER BY t)) y WHERE s IS DISTINCT FROM expected),
          0::bigint, 'sessionize at the extremes (infinities, 290,000 years apart) equals the lag() idiom on exact microseconds');
SELECT is((SELECT count(*) FROM (
              SELECT p, g, session_count(t, g ORDER BY md5(t::text)) AS n FROM extremes GROUP BY p, g) a
           JOIN (SELECT p, g, 1 + count(*) FILTER (WHERE t > prev AND pg_temp.us(t) - pg_temp.us(prev) > pg_temp.iv_us(g)) AS n
                 FROM (SELECT *, lag(t) OVER (PARTITION BY p, g ORDER BY t) AS prev FROM extremes) x GROUP BY p, g) b USING (p, g)
           WHERE a.n IS DISTINCT FROM b.n),
          0::bigint, 'session_count at the extremes, in any row order, equals the count by the same rule');
SELECT is((SELECT array_agg(s ORDER BY t) FROM (SELECT t, sessionize(t, '30 days') OVER (ORDER BY t) AS s FROM extreme_points) x),
          '{1,2,2,3,4,4,5}'::bigint[], 'sessionize: -infinity and infinity each start their own session, even 30 days from the last finite time');

-- partial states as values (cxm_state, what parallel workers and Citus
-- pass on): read back from their text and binary forms, combined, finished,
-- and refused when damaged.  Reference: the lag() idiom, a session starting
-- at each customer's first event and after each gap of more than 45 minutes.
CREATE TEMP TABLE rt_reference AS
SELECT customer, count(*) FILTER (WHERE prev IS NULL OR at - prev > interval '45 minutes') AS n
FROM (SELECT customer, at, lag(at) OVER (PARTITION BY customer ORDER BY at) AS prev FROM ev) x GROUP BY customer;
-- aggregates over the extension's support functions with no final function return the state itself
CREATE AGGREGATE pg_temp.sessions_state(timestamptz, interval) (SFUNC = session_count_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.sessions_merge(cxm_state) (SFUNC = session_count_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.path_state(text, timestamptz) (SFUNC = journey_path_trans, STYPE = cxm_state);
-- halves of rows in a random order, so that events wait unmerged in the state
CREATE TEMP TABLE rt_halves AS
SELECT customer, i % 2 AS half, pg_temp.sessions_state(at, '45 minutes' ORDER BY md5(i::text)) AS s FROM ev GROUP BY customer, i % 2;
CREATE TEMP TABLE rt_whole AS SELECT customer, pg_temp.sessions_merge(s) AS s FROM rt_halves GROUP BY customer;
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN rt_reference r USING (customer) WHERE session_count_final(w.s) IS DISTINCT FROM r.n),
          0::bigint, 'two half states combined finish to the lag() count of every customer');
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN rt_reference r USING (customer)
           WHERE session_count_final(w.s::text::cxm_state) IS DISTINCT FROM r.n),
          0::bigint, 'states read back from their text form finish to the lag() count of every customer');
-- binary COPY out and back in, through a file of this backend's, removed as it is read
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_sessions_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
CREATE TEMP TABLE rt_copied (customer integer, s cxm_state);
SELECT pg_temp.copy_through('SELECT customer, s FROM rt_whole', 'rt_copied');
SELECT is((SELECT count(*) FROM rt_copied c FULL JOIN rt_reference r USING (customer) WHERE session_count_final(c.s) IS DISTINCT FROM r.n),
          0::bigint, 'states through binary COPY finish to the lag() count of every customer');
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN (SELECT customer, session_count(at, '45 minutes') AS n FROM ev GROUP BY customer) a
           USING (customer) WHERE session_count_final(w.s) IS DISTINCT FROM a.n),
          0::bigint, 'combined states equal session_count over all rows');
SELECT throws_ok((SELECT format('SELECT session_count_final(%L::cxm_state)', pg_temp.path_state('web', at)::text) FROM ev),
                 '42804', 'cxm_state of journey_path passed where a state of session_count is expected',
                 'a journey_path state is refused by session_count''s final function');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(s::text, -2)) FROM rt_whole WHERE customer = 1), '22P02',
                 'invalid cxm_state value', 'a session_count state cut short by a byte is refused');
-- bytes 22 to 29 are the first session's start (big-endian): its top byte 7f puts it after its end
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing '7f' from 47 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a session_count state whose first session ends before it starts is refused');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(s), 1, 30) FROM rt_whole WHERE customer = 1', 'rt_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a session_count state cut short in binary COPY is refused');
-- (the extension is dropped below: nothing may depend on its state type)
DROP TABLE rt_halves, rt_whole, rt_copied;
DROP AGGREGATE pg_temp.sessions_state(timestamptz, interval), pg_temp.sessions_merge(cxm_state), pg_temp.path_state(text, timestamptz);

-- installs into any schema; works schema-qualified with that schema off search_path
DROP EXTENSION cxm;
CREATE SCHEMA cx_sessions;
CREATE EXTENSION cxm SCHEMA cx_sessions;
SET LOCAL search_path = public;
CREATE TEMP TABLE session_starts AS
SELECT customer, count(*) FILTER (WHERE prev IS NULL OR at - prev > interval '45 minutes') AS n
FROM (SELECT customer, at, lag(at) OVER (PARTITION BY customer ORDER BY at) AS prev FROM ev) x GROUP BY customer;
SELECT is((SELECT array_agg(s ORDER BY customer) FROM (
               SELECT customer, max(s) AS s
               FROM (SELECT customer, cx_sessions.sessionize(at, '45 minutes') OVER (PARTITION BY customer ORDER BY at) AS s FROM ev) w
               GROUP BY customer) x),
          (SELECT array_agg(n ORDER BY customer) FROM session_starts), 'sessionize through the schema: the sessions counted in SQL');
SELECT is((SELECT array_agg(n ORDER BY customer) FROM (SELECT customer, cx_sessions.session_count(at, '45 minutes') AS n FROM ev GROUP BY customer) y),
          (SELECT array_agg(n ORDER BY customer) FROM session_starts), 'session_count through the schema: the sessions counted in SQL');
SELECT is((SELECT max(e) FROM (SELECT cx_sessions.conditional_true_event(v = 1) OVER (ORDER BY i) AS e FROM ev) x),
          (SELECT count(*) FROM ev WHERE v = 1), 'conditional_true_event through the schema');
SELECT is((SELECT max(e) FROM (SELECT cx_sessions.conditional_change_event(v) OVER (ORDER BY i) AS e FROM ev) x),
          (SELECT count(*) FILTER (WHERE v <> prev) FROM (SELECT v, lag(v) OVER (ORDER BY i) AS prev FROM ev) y),
          'conditional_change_event through the schema: the changes counted in SQL');
SELECT hasnt_function('public', 'sessionize', ARRAY['timestamp with time zone', 'interval'], 'nothing left behind in public');

SELECT * FROM finish();
ROLLBACK;
