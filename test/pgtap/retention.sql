-- retention: exact errors and SQLSTATEs, properties against plain SQL, schema independence.
BEGIN;
SELECT plan(79);
SET LOCAL timezone = 'UTC';

CREATE TEMP TABLE ev AS
SELECT i, i % 500 AS customer,
       timestamptz '2026-01-01' + ('x' || substr(md5(i::text), 1, 8))::bit(32)::bigint * interval '2 milliseconds' AS at
FROM generate_series(1, 6000) i;     -- 12 events a customer over 99 days

-- exact messages and SQLSTATEs
SELECT throws_ok('SELECT retention(VARIADIC array_fill(true, ARRAY[65]))', '22023', 'retention takes 1 to 64 conditions, not 65', 'retention: 65 conditions');
SELECT throws_ok(format('SELECT retention(%s true)', repeat('true, ', 64)), '22023', 'retention takes 1 to 64 conditions, not 65',
                 'retention: 65 separate conditions');
SELECT throws_ok('SELECT retention(true, ''a''::text)', '42804', 'retention condition 2 must be boolean, not text', 'retention: a text condition');
SELECT is((SELECT retention(true, NULL, i = 2) FROM generate_series(1, 2) i), '{1,0,1}'::int[], 'retention: a bare NULL condition is never met');
SELECT is((SELECT array_agg(r::text ORDER BY i) FROM (SELECT i, retention(true, NULL, i = 2) OVER (ORDER BY i) AS r FROM generate_series(1, 2) i) x),
          '{"{1,0,0}","{1,0,1}"}'::text[], 'retention: ... in the window form too');
SELECT is((SELECT array_agg(r::text ORDER BY i) FROM (SELECT i, retention(VARIADIC ARRAY[true, i = 2]) OVER (ORDER BY i) AS r FROM generate_series(1, 2) i) x),
          '{"{1,0}","{1,1}"}'::text[], 'retention: VARIADIC ARRAY[...] in the window form too');
SELECT is((SELECT array_agg(r::text ORDER BY i) FROM (SELECT i, retention(i = 1, i = 2) FILTER (WHERE i > 5) OVER (ORDER BY i) AS r FROM generate_series(1, 2) i) x),
          '{"{0,0}","{0,0}"}'::text[], 'retention: over no rows zeros, as a window function (an empty frame) as an aggregate');
SELECT is((SELECT retention(NULL, i = 2) FILTER (WHERE i > 5) FROM generate_series(1, 2) i), '{0,0}'::int[],
          'retention: over no rows zeros, when the first condition is a bare NULL too');
SELECT throws_ok('SELECT retention(true, ''yes'') OVER (ORDER BY i) FROM generate_series(1, 2) i', '42804',
                 'retention condition 2 must be boolean, not unknown', 'retention: an untyped literal is refused in the window form');
SELECT throws_ok('SELECT retention(VARIADIC ''{}''::boolean[])', '22023', 'retention takes 1 to 64 conditions, not 0', 'retention: no conditions');
SELECT throws_ok('SELECT retention(VARIADIC c) FROM (VALUES (''{t,f}''::boolean[]), (''{t}'')) v(c)', '22023',
                 'retention takes the same number of conditions on every row, not 2 and 1', 'retention: a varying count');
SELECT throws_ok('SELECT retention(VARIADIC ''{{t},{f}}''::boolean[])', '2202E', 'retention conditions must be a one-dimensional array',
                 'retention: two dimensions');
SELECT throws_ok('SELECT retention_periods(at, ''1 month'', 4, now()) FROM ev', '22023',
                 'retention_periods period must not have a month or year part', 'retention_periods: a month');
SELECT throws_ok('SELECT retention_periods(at, ''0'', 4, now()) FROM ev', '22023',
                 'retention_periods period must be longer than zero', 'retention_periods: zero period');
SELECT throws_ok('SELECT retention_periods(at, ''1 day'', -1, now()) FROM ev', '22023',
                 'retention_periods periods -1 is out of range 1..10000', 'retention_periods: negative periods');
SELECT throws_ok('SELECT retention_periods(at, ''1 day'', 4, now(), ''On'') FROM ev', '22023',
                 'unknown retention_periods mode "On"', 'retention_periods: mode names are exact');
SELECT throws_ok('SELECT retention_periods(at, ''1 day'', 4, NULL) FROM ev', '22004',
                 'retention_periods as_of must not be NULL', 'retention_periods: NULL as_of');
SELECT throws_ok('SELECT retention_periods(at, ''1 day'', 4, now(), NULL) FROM ev', '22004',
                 'retention_periods mode must not be NULL', 'retention_periods: NULL mode');
SELECT throws_ok('SELECT retention_periods(at, ''1 day'', 4, now(), ''on'', ''-infinity'') FROM ev', '22023',
                 'retention_periods origin must be finite', 'retention_periods: infinite origin');
SELECT throws_ok('SELECT retention_periods(''infinity''::timestamptz, ''1 day'', 4, ''infinity'')', '22008',
                 'retention_periods cannot place an event at infinity in a period', 'retention_periods: infinite event');
SELECT throws_ok('SELECT retention_periods(at, ''1 day'', 4, at + ''1 day'') FROM ev', '22023',
                 'retention_periods takes the same period, periods, as_of, mode and origin on every row of a group',
                 'retention_periods: as_of varies');
SELECT throws_ok('SELECT cohort_retention(''{1,-1}''::int[])', '22023', 'cohort_retention element 2 is -1, not 0, 1 or NULL',
                 'cohort_retention: not 0/1');
SELECT throws_ok('SELECT cohort_retention(''{1}''::int[], -1)', '22023', 'cohort_retention decimals -1 is out of range 0..16',
                 'cohort_retention: negative decimals');
SELECT throws_ok('SELECT cohort_retention(''{1}''::int[], 17)', '22023', 'cohort_retention decimals 17 is out of range 0..16',
                 'cohort_retention: 17 decimals');
-- 16 decimals, the most there are: 1 of 3 customers retained in period 1
SELECT is((SELECT cohort_retention(r, 16)::text FROM (VALUES ('{1,1}'::int[]), ('{1,0}'), ('{1,0}')) v(r)),
          ARRAY[round(100::numeric, 16), round(100::numeric / 3, 16)]::text, 'cohort_retention: 16 decimals are taken');
SELECT throws_ok('SELECT cohort_retention(r, d) FROM (VALUES (''{1,1}''::int[], 1), (''{1,0}'', 2)) v(r, d)', '22023',
                 'cohort_retention takes the same decimals on every row of a group', 'cohort_retention: decimals vary');
SELECT throws_ok('SELECT cohort_retention(array_fill(1, ARRAY[10002]))', '54000',
                 'cohort_retention takes arrays of up to 10001 elements, not 10002', 'cohort_retention: too long');

-- retention() properties: ClickHouse's definition written in SQL
SELECT is((SELECT array_agg(r ORDER BY customer) FROM (
               SELECT customer, retention(at < '2026-01-08', at >= '2026-02-01', at >= '2026-03-01') AS r FROM ev GROUP BY customer) x),
          (SELECT array_agg(ARRAY[a::int, (a AND b)::int, (a AND c)::int] ORDER BY customer) FROM (
               SELECT customer, bool_or(at < '2026-01-08') AS a, bool_or(at >= '2026-02-01') AS b, bool_or(at >= '2026-03-01') AS c
               FROM ev GROUP BY customer) y),
          'retention = [bool_or(c1), bool_or(c1) and bool_or(c2), ...] per customer');
SELECT is((SELECT retention(at < '2026-01-08', at >= '2026-02-01' ORDER BY md5(i::text)) FROM ev WHERE customer < 5),
          (SELECT retention(at < '2026-01-08', at >= '2026-02-01' ORDER BY at) FROM ev WHERE customer < 5), 'retention ignores the row order');

-- The array form: retention(conditions boolean[]), declared with a concrete
-- type so that Citus can push it down as a partial aggregate.  PostgreSQL
-- resolves ARRAY[...] calls to it and separate conditions to the VARIADIC
-- "any" form.
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
SELECT is(pg_temp.resolves_to('SELECT retention(ARRAY[true, false])'), 'retention(boolean[])', 'retention: ARRAY[...] resolves to the array form');
SELECT is(pg_temp.resolves_to('SELECT retention(true)'), 'retention("any")', 'retention: one separate condition still resolves to the VARIADIC "any" form');
SELECT throws_ok('SELECT retention(NULL)', '42725', NULL, 'retention: a bare NULL as the only condition is ambiguous');
SELECT is((SELECT array_agg(r ORDER BY customer) FROM (
               SELECT customer, retention(ARRAY[at < '2026-01-08', at >= '2026-02-01', at >= '2026-03-01']) AS r FROM ev GROUP BY customer) x),
          (SELECT array_agg(ARRAY[a::int, (a AND b)::int, (a AND c)::int] ORDER BY customer) FROM (
               SELECT customer, bool_or(at < '2026-01-08') AS a, bool_or(at >= '2026-02-01') AS b, bool_or(at >= '2026-03-01') AS c
               FROM ev GROUP BY customer) y),
          'retention: the array form = [bool_or(c1), bool_or(c1) and bool_or(c2), ...] per customer');
-- one row in five has a NULL array, one in three a NULL second condition;
-- in 20 more groups every array is NULL.  A NULL array is a row meeting no
-- condition (the variadic form given every condition NULL), except that a
-- group of NULL arrays alone, whose number of conditions nothing tells, gives
-- NULL (as no rows do with an array that is not written ARRAY[...]).
CREATE TEMP TABLE ev_null AS
SELECT i, customer, CASE WHEN abs(hashint4(3 * i)) % 5 = 0 THEN NULL
                         ELSE ARRAY[at < '2026-01-20', CASE WHEN i % 3 = 0 THEN NULL ELSE at >= '2026-02-01' END, at >= '2026-03-01'] END AS conds
FROM ev
UNION ALL SELECT i, 1000 + i % 20, NULL FROM ev WHERE i <= 200;
CREATE TEMP TABLE results_null AS
SELECT customer, retention(conds ORDER BY conds IS NOT NULL, i) AS r, retention(conds[1], conds[2], conds[3]) AS r_variadic
FROM ev_null GROUP BY customer;
SELECT is((SELECT count(*) FROM results_null WHERE r IS DISTINCT FROM CASE WHEN customer < 1000 THEN r_variadic END),
          0::bigint, 'retention: NULL elements count as false, a NULL array as a row meeting none; NULL arrays alone give NULL');
SELECT ok((SELECT count(DISTINCT r) >= 4 AND bool_and(r_variadic = '{0,0,0}') FILTER (WHERE customer >= 1000) FROM results_null),
          'retention: the customers give a range of results (the variadic form gives zeros for the all-NULL groups)');
SELECT throws_ok('SELECT retention(c) FROM (VALUES (''{t,f}''::boolean[]), (NULL), (''{t}'')) v(c)', '22023',
                 'retention takes the same number of conditions on every row, not 2 and 1', 'retention: arrays of two lengths');
SELECT throws_ok('SELECT retention(''{{t},{f}}''::boolean[])', '2202E', 'retention conditions must be a one-dimensional array',
                 'retention: a two-dimensional array');
SELECT throws_ok('SELECT retention(''{}''::boolean[])', '22023', 'retention takes 1 to 64 conditions, not 0', 'retention: an empty array');
SELECT is((SELECT retention(NULL::boolean[])), NULL, 'retention: a NULL array alone gives NULL');
SELECT is((SELECT retention(ARRAY[i = 1, i = 2]) FILTER (WHERE i > 5) FROM generate_series(1, 2) i), '{0,0}'::int[],
          'retention: over no rows zeros, when the call writes ARRAY[...]');
SELECT is((SELECT array_agg(r::text ORDER BY i) FROM (SELECT i, retention(ARRAY[true, i = 2]) OVER (ORDER BY i) AS r FROM generate_series(1, 2) i) x),
          '{"{1,0}","{1,1}"}'::text[], 'retention: the array form as a window function');
-- under a parallel plan proven by the statement's own EXPLAIN ANALYZE, equal
-- to the variadic form run serially
\ir ../tools/parallel.sql
-- (eight copies of the rows as groups of their own: a scan long enough for
-- both workers to start and find rows of every group)
CREATE TABLE public.retention_array_rows AS SELECT i, customer + 2000 * copy AS customer, conds FROM ev_null, generate_series(0, 7) copy ORDER BY md5(i::text || copy::text || customer::text);
ANALYZE public.retention_array_rows;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('retention_array_parallel', $q$
    SELECT customer, retention(conds) AS r FROM public.retention_array_rows GROUP BY customer $q$), 'retention: the array form');
SELECT pg_temp.serial_run('retention_variadic_serial', $q$
    SELECT customer, retention(conds[1], conds[2], conds[3]) AS r FROM public.retention_array_rows GROUP BY customer $q$);
SELECT is((SELECT count(*) FROM retention_array_parallel p FULL JOIN retention_variadic_serial v USING (customer)
           WHERE p.r IS DISTINCT FROM CASE WHEN customer % 2000 < 1000 THEN v.r END),
          0::bigint, 'retention: ... equal to the variadic form run serially, every customer');
SELECT is((SELECT array_agg(DISTINCT aggregate) FROM pg_temp.parallel_verified), '{retention(boolean[])}', 'retention: ... ran partial in the workers');

-- retention_periods against the definition written in SQL: rolling weeks, N = 10, as_of 2026-03-15
CREATE TEMP TABLE expected_periods AS
WITH firsts AS (SELECT customer, min(at) AS first FROM ev WHERE at < '2026-03-15' GROUP BY customer),
     weeks AS (SELECT f.customer, k, f.first + (k + 1) * interval '7 days' <= '2026-03-15' AS complete,
                      EXISTS (SELECT FROM ev e WHERE e.customer = f.customer AND e.at < '2026-03-15'
                              AND e.at >= f.first + k * interval '7 days' AND e.at < f.first + (k + 1) * interval '7 days') AS active,
                      EXISTS (SELECT FROM ev e WHERE e.customer = f.customer AND e.at < '2026-03-15'
                              AND e.at >= f.first + k * interval '7 days') AS active_after
               FROM firsts f CROSS JOIN generate_series(0, 10) k)
SELECT customer,
       array_agg(CASE WHEN k = 0 THEN 1 WHEN complete THEN active::int END ORDER BY k) AS on_week,
       array_agg(CASE WHEN k = 0 THEN 1 WHEN complete THEN active_after::int END ORDER BY k) AS on_or_after
FROM weeks GROUP BY customer;
SELECT is((SELECT count(*) FROM (SELECT customer, retention_periods(at, '7 days', 10, '2026-03-15') AS r FROM ev GROUP BY customer) a
           FULL JOIN expected_periods e USING (customer) WHERE a.r IS DISTINCT FROM e.on_week),
          0::bigint, 'retention_periods on: equals the definition in SQL for 500 customers');
SELECT is((SELECT count(*) FROM (SELECT customer, retention_periods(at, '7 days', 10, '2026-03-15', 'on_or_after') AS r FROM ev GROUP BY customer) a
           FULL JOIN expected_periods e USING (customer) WHERE a.r IS DISTINCT FROM e.on_or_after),
          0::bigint, 'retention_periods on_or_after: equals the definition in SQL');
SELECT ok((SELECT count(DISTINCT on_week) FROM expected_periods) > 50, 'the customers have many different activity patterns');

-- calendar periods: day k is the k-th day after the first event's day, counted from midnight
SELECT is((SELECT count(*) FROM (
               SELECT customer, retention_periods(at, '1 day', 30, '2026-02-20', 'on', '2026-01-01') AS r FROM ev GROUP BY customer) a
           JOIN (SELECT customer,
                        array_agg(CASE WHEN k = 0 THEN 1 WHEN d + k + 1 <= date '2026-02-20' THEN
                                       (EXISTS (SELECT FROM ev e WHERE e.customer = f.customer AND e.at < '2026-02-20' AND e.at::date = d + k))::int END
                                  ORDER BY k) AS r
                 FROM (SELECT customer, min(at)::date AS d FROM ev WHERE at < '2026-02-20' GROUP BY customer) f, generate_series(0, 30) k
                 GROUP BY customer) b USING (customer)
           WHERE a.r IS DISTINCT FROM b.r),
          0::bigint, 'calendar days from a midnight origin equal the days of the dates');
SELECT is((SELECT retention_periods(at::timestamp, '7 days', 5, '2026-03-01', 'on_or_after', '2025-12-29') FROM ev WHERE customer = 7),
          (SELECT retention_periods(at, '7 days', 5, '2026-03-01', 'on_or_after', '2025-12-29') FROM ev WHERE customer = 7),
          'timestamp and timestamptz agree in UTC');
SELECT is((SELECT retention_periods(at, '1 day', 3, 'infinity') FROM (VALUES (timestamptz '2026-01-01'), ('2026-01-03')) v(at)),
          '{1,0,1,0}'::int[], 'as_of infinity: nothing is censored');
SELECT is((SELECT retention_periods(at, '1 day', 3, '-infinity') FROM (VALUES (timestamptz '2026-01-01')) v(at)),
          NULL::int[], 'as_of -infinity: nothing is observed (NULL)');

-- retention_periods at the extremes: events 290,000 years apart, periods up
-- to the longest interval, origins at either end of time, as_of at the last
-- microsecond there is or infinity.  Reference: the definition on exact
-- numeric microseconds (timestamp arithmetic overflows or fails there).
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
-- floor(a / b) for b > 0, exactly (numeric division rounds its quotient)
CREATE FUNCTION pg_temp.floor_div(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS
    'SELECT div(a, b) - CASE WHEN mod(a, b) < 0 THEN 1 ELSE 0 END';
CREATE TEMP TABLE rp_points (k int, t timestamptz);
INSERT INTO rp_points VALUES (0, '4714-11-24 00:00:00+00 BC'), (1, '4714-11-25 00:00:00+00 BC'), (2, '2026-01-01 00:00:00+00'),
    (3, '294276-12-30 00:00:00+00'), (4, '294276-12-31 23:59:59.999999+00');
CREATE TEMP TABLE rp_cases AS
SELECT row_number() OVER () AS id, p, period, pg_temp.iv_us(period) AS pus, origin, as_of, mode
FROM generate_series(1, 31) p,
     (VALUES (interval '1 day'), ('100000 days'), ('106751991 days')) ps(period),
     (VALUES (NULL::timestamptz), ('4714-11-24 00:00:00+00 BC'), ('2026-01-01 00:00:00+00'), ('294276-12-31 23:59:59.999999+00')) os(origin),
     (VALUES (timestamptz '294276-12-31 23:59:59.999999+00'), ('infinity'), ('2026-06-01 00:00:00+00')) a(as_of),
     (VALUES ('on'), ('on_or_after')) m(mode);
CREATE TEMP TABLE rp_events AS SELECT c.id, e.t FROM rp_cases c JOIN rp_points e ON c.p & (1 << e.k) <> 0;
CREATE TEMP TABLE rp_expected AS
WITH observed AS (SELECT c.*, pg_temp.us(e.t) AS u FROM rp_cases c JOIN rp_events e USING (id) WHERE e.t < c.as_of),
     placed AS (SELECT *, CASE WHEN origin IS NULL THEN u ELSE pg_temp.floor_div(u - pg_temp.us(origin), pus) END AS pos FROM observed),
     firsts AS (SELECT id, min(pos) AS f, min(u) AS fu FROM placed GROUP BY id),
     periods AS (SELECT p.id, CASE WHEN p.origin IS NULL THEN pg_temp.floor_div(p.u - f.fu, p.pus) ELSE p.pos - f.f END AS k
                 FROM placed p JOIN firsts f USING (id))
SELECT c.id,
       array_agg(CASE WHEN k = 0 THEN 1
                      WHEN NOT CASE WHEN c.origin IS NULL THEN f.fu + (k + 1) * c.pus <= pg_temp.us(c.as_of)
                                    ELSE pg_temp.us(c.origin) + (f.f + k + 1) * c.pus <= pg_temp.us(c.as_of) END THEN NULL
                      WHEN c.mode = 'on' THEN (EXISTS (SELECT FROM periods q WHERE q.id = c.id AND q.k = g.k))::int
                      ELSE (EXISTS (SELECT FROM periods q WHERE q.id = c.id AND q.k >= g.k))::int END ORDER BY k) AS r
FROM rp_cases c JOIN firsts f USING (id), generate_series(0, 3) g(k)
GROUP BY c.id;
SELECT is((SELECT count(*) FROM rp_cases c LEFT JOIN rp_expected e USING (id)
           WHERE e.r IS DISTINCT FROM (SELECT CASE WHEN c.origin IS NULL THEN retention_periods(t, c.period, 3, c.as_of, c.mode) END
                                       FROM rp_events v WHERE v.id = c.id) AND c.origin IS NULL),
          0::bigint, 'retention_periods at the extremes, rolling periods: the definition on exact microseconds (558 cases)');
SELECT is((SELECT count(*) FROM rp_cases c LEFT JOIN rp_expected e USING (id)
           WHERE c.origin IS NOT NULL AND e.r IS DISTINCT FROM
                 (SELECT retention_periods(t, c.period, 3, c.as_of, c.mode, c.origin) FROM rp_events v WHERE v.id = c.id)),
          0::bigint, 'retention_periods at the extremes, calendar periods from origins at either end of time (1,674 cases)');
SELECT throws_ok($$SELECT retention_periods('294276-12-30 00:00+00'::timestamptz, '0.000001 seconds', 1, 'infinity', 'on', '4714-11-24 00:00+00 BC')$$,
                 '22008', 'retention_periods event is too far from the origin',
                 'retention_periods: a 1-microsecond period more than 292,000 years from the origin has no bucket number');

-- cohort_retention equals avg() over the non-NULL elements, in percent
SELECT is((SELECT cohort_retention(r, 10) FROM (SELECT retention_periods(at, '7 days', 10, '2026-03-15') AS r FROM ev GROUP BY customer) x),
          (SELECT array_agg(share ORDER BY k) FROM (
               SELECT k, round(100 * avg(v), 10) AS share
               FROM (SELECT retention_periods(at, '7 days', 10, '2026-03-15') AS r FROM ev GROUP BY customer) x,
                    unnest(r) WITH ORDINALITY u(v, k)
               GROUP BY k) y),
          'cohort_retention = avg of each period''s known values (one cohort)');
SELECT is((SELECT cohort_retention(r) FROM (VALUES ('{1,1}'::int[]), ('{1,0,1}'), ('{1}')) v(r)),
          '{100,50,100}'::numeric[], 'arrays of different lengths: a missing element is unknown');
SELECT is((SELECT cohort_retention(r) FROM (VALUES ('{1,1,1}'::int[]), ('{0,1,1}'), (NULL), ('{NULL,1,1}')) v(r)),
          '{100,100,100}'::numeric[], 'only customers with r[1] = 1 form the cohort');

-- partial states as values (cxm_state, what parallel workers and Citus
-- pass on), for each of the three aggregates: read back from their text and
-- binary forms, combined, finished, and refused when damaged, against the
-- definitions in SQL above.
CREATE AGGREGATE pg_temp.retention_state(VARIADIC "any") (SFUNC = retention_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.retention_merge(cxm_state) (SFUNC = retention_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.periods_state(timestamptz, interval, integer, timestamptz) (SFUNC = retention_periods_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.periods_merge(cxm_state) (SFUNC = retention_periods_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.cohort_state(integer[], integer) (SFUNC = cohort_retention_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.cohort_merge(cxm_state) (SFUNC = cohort_retention_combine, STYPE = cxm_state);
CREATE TEMP TABLE rt_reference AS
SELECT customer, ARRAY[a::int, (a AND b)::int, (a AND c)::int] AS r, p.on_week AS p
FROM (SELECT customer, bool_or(at < '2026-01-08') AS a, bool_or(at >= '2026-02-01') AS b, bool_or(at >= '2026-03-01') AS c
      FROM ev GROUP BY customer) f
FULL JOIN expected_periods p USING (customer);
CREATE TEMP TABLE rt_cohort_reference AS
SELECT array_agg(share ORDER BY k) AS shares
FROM (SELECT k, round(100 * avg(v), 10) AS share FROM rt_reference, unnest(p) WITH ORDINALITY u(v, k) GROUP BY k) y;
CREATE TEMP TABLE rt_states AS
SELECT customer, i % 2 AS half,
       pg_temp.retention_state(at < '2026-01-08', at >= '2026-02-01', at >= '2026-03-01') AS r,
       pg_temp.periods_state(at, '7 days', 10, '2026-03-15') AS p
FROM ev GROUP BY customer, i % 2;
CREATE TEMP TABLE rt_whole AS
SELECT customer, pg_temp.retention_merge(r) AS r, pg_temp.periods_merge(p) AS p FROM rt_states GROUP BY customer;
CREATE TEMP TABLE rt_cohort AS
SELECT customer % 2 AS half, pg_temp.cohort_state(p, 10) AS c FROM rt_reference GROUP BY customer % 2;
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN rt_reference e USING (customer)
           WHERE retention_final(w.r) IS DISTINCT FROM e.r OR retention_periods_final(w.p) IS DISTINCT FROM e.p),
          0::bigint, 'retention and retention_periods: two half states combined finish to the definitions in SQL for every customer');
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN rt_reference e USING (customer)
           WHERE retention_final(w.r::text::cxm_state) IS DISTINCT FROM e.r OR retention_periods_final(w.p::text::cxm_state) IS DISTINCT FROM e.p),
          0::bigint, 'retention and retention_periods: states read back from their text form finish to the definitions in SQL');
SELECT is((SELECT cohort_retention_final(pg_temp.cohort_merge(c::text::cxm_state)) FROM rt_cohort), (SELECT shares FROM rt_cohort_reference),
          'cohort_retention: two half states read back from their text form and combined finish to the average in SQL');
-- binary COPY out and back in, through a file of this backend's, removed as it is read
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_retention_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
CREATE TEMP TABLE rt_copied (customer integer, r cxm_state, p cxm_state);
SELECT pg_temp.copy_through('SELECT customer, r, p FROM rt_whole', 'rt_copied');
SELECT is((SELECT count(*) FROM rt_copied c FULL JOIN rt_reference e USING (customer)
           WHERE retention_final(c.r) IS DISTINCT FROM e.r OR retention_periods_final(c.p) IS DISTINCT FROM e.p),
          0::bigint, 'retention and retention_periods: states through binary COPY finish to the definitions in SQL');
CREATE TEMP TABLE rt_cohort_copied (half integer, c cxm_state);
SELECT pg_temp.copy_through('SELECT half, c FROM rt_cohort', 'rt_cohort_copied');
SELECT is((SELECT cohort_retention_final(pg_temp.cohort_merge(c)) FROM rt_cohort_copied), (SELECT shares FROM rt_cohort_reference),
          'cohort_retention: states through binary COPY finish to the average in SQL');
-- a NULL partial state (a parallel worker that read no row of the group)
-- adds nothing, first, between and last
SELECT is((SELECT cohort_retention_final(pg_temp.cohort_merge(c ORDER BY k))
           FROM (SELECT 0 AS k, NULL::cxm_state AS c UNION ALL SELECT 1 + 2 * half, c FROM rt_cohort UNION ALL SELECT 2, NULL UNION ALL SELECT 9, NULL) x),
          (SELECT shares FROM rt_cohort_reference), 'cohort_retention: NULL partial states combine to nothing');
SELECT is((SELECT count(*) FROM (SELECT customer, retention(at < '2026-01-08', at >= '2026-02-01', at >= '2026-03-01') AS r,
                                        retention_periods(at, '7 days', 10, '2026-03-15') AS p FROM ev GROUP BY customer) a
           FULL JOIN rt_whole w USING (customer)
           WHERE a.r IS DISTINCT FROM retention_final(w.r) OR a.p IS DISTINCT FROM retention_periods_final(w.p)),
          0::bigint, 'retention and retention_periods: combined states equal the aggregates over all rows');
-- each kind refuses the others' states
SELECT throws_ok((SELECT format('SELECT cohort_retention_final(%L::cxm_state)', p::text) FROM rt_whole WHERE customer = 1), '42804',
                 'cxm_state of retention_periods passed where a state of cohort_retention is expected',
                 'a retention_periods state is refused by cohort_retention''s final function');
SELECT throws_ok((SELECT format('SELECT retention_periods_final(%L::cxm_state)', r::text) FROM rt_whole WHERE customer = 1), '42804',
                 'cxm_state of retention passed where a state of retention_periods is expected',
                 'a retention state is refused by retention_periods'' final function');
SELECT throws_ok((SELECT format('SELECT retention_final(%L::cxm_state)', c::text) FROM rt_cohort WHERE half = 0), '42804',
                 'cxm_state of cohort_retention passed where a state of retention is expected',
                 'a cohort_retention state is refused by retention''s final function');
-- damaged states
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(r::text, -2)) FROM rt_whole WHERE customer = 1), '22P02',
                 'invalid cxm_state value', 'a retention state cut short by a byte is refused');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(p::text, -2)) FROM rt_whole WHERE customer = 1), '22P02',
                 'invalid cxm_state value', 'a retention_periods state cut short by a byte is refused');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(c::text, -2)) FROM rt_cohort WHERE half = 0), '22P02',
                 'invalid cxm_state value', 'a cohort_retention state cut short by a byte is refused');
-- the last byte of a retention state holds conditions 1 to 8: condition 8 of a 3-condition call
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(r::text placing '80' from length(r::text) - 1 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a retention state meeting a condition the call lacks is refused');
-- byte 3 holds the flags of a retention_periods state: bits no cxm writes
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(p::text placing 'f0' from 9 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a retention_periods state with unknown flags is refused');
-- the last byte is the low byte of the last period's known count: more customers than period 0 has
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(c::text placing 'ff' from length(c::text) - 1 for 2)) FROM rt_cohort WHERE half = 0),
                 '22P02', 'invalid cxm_state value', 'a cohort_retention state whose period is known to more customers than the cohort has is refused');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(r), 1, 8), p FROM rt_whole WHERE customer = 1', 'rt_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a retention state cut short in binary COPY is refused');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, r, substr(cxm_state_send(p), 1, 30) FROM rt_whole WHERE customer = 1', 'rt_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a retention_periods state cut short in binary COPY is refused');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(c), 1, 20) FROM rt_cohort WHERE half = 0', 'rt_cohort_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a cohort_retention state cut short in binary COPY is refused');
-- (the extension is dropped below: nothing may depend on its state type)
DROP TABLE rt_states, rt_whole, rt_cohort, rt_copied, rt_cohort_copied;
DROP AGGREGATE pg_temp.retention_state(VARIADIC "any"), pg_temp.retention_merge(cxm_state),
    pg_temp.periods_state(timestamptz, interval, integer, timestamptz), pg_temp.periods_merge(cxm_state),
    pg_temp.cohort_state(integer[], integer), pg_temp.cohort_merge(cxm_state);

-- installs into any schema; works schema-qualified with that schema off search_path
DROP EXTENSION cxm;
CREATE SCHEMA cx_retention;
CREATE EXTENSION cxm SCHEMA cx_retention;
SET LOCAL search_path = public;
SELECT is((SELECT cx_retention.retention(at < '2026-01-08', at >= '2026-03-01') FROM ev WHERE customer = 1), '{1,1}'::int[],
          'retention through the schema');
SELECT is((SELECT cx_retention.cohort_retention(r, 1) FROM (
               SELECT cx_retention.retention_periods(at, '7 days', 2, '2026-01-10', 'on', '2025-12-29') AS r FROM ev GROUP BY customer) x),
          '{100.0,NULL,NULL}'::numeric[], 'retention_periods and cohort_retention through the schema');
SELECT hasnt_function('public', 'retention', ARRAY['"any"'], 'nothing left behind in public');

SELECT * FROM finish();
ROLLBACK;
