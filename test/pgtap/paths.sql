-- paths: exact errors and SQLSTATEs, properties against plain SQL, schema independence.
BEGIN;
SELECT plan(25);
SET LOCAL timezone = 'UTC';

CREATE TEMP TABLE ev AS
SELECT i, i % 200 AS customer,
       timestamptz '2026-01-01' + (('x' || substr(md5(i::text), 1, 4))::bit(16)::int % 300) * interval '1 hour' AS at,
       (ARRAY['web', 'app', 'store', 'email', 'call centre', 'ad', 'Web', 'wéb'])[1 + ('x' || substr(md5(i::text), 5, 2))::bit(8)::int % 8] AS step
FROM generate_series(1, 12000) i;
CREATE TEMP VIEW expected_paths AS
SELECT customer, array_agg(step ORDER BY at, step COLLATE "C") FILTER (WHERE step IS DISTINCT FROM prev) AS path
FROM (SELECT *, lag(step) OVER (PARTITION BY customer ORDER BY at, step COLLATE "C") AS prev FROM ev) x
GROUP BY customer;

-- exact messages and SQLSTATEs
SELECT throws_ok('SELECT journey_path(step, at, 0) FROM ev', '22023', 'journey_path max_steps must be at least 1, not 0', 'max_steps 0');
SELECT throws_ok('SELECT journey_path(step, at, -5, ''first'') FROM ev', '22023', 'journey_path max_steps must be at least 1, not -5', 'negative max_steps');
SELECT throws_ok('SELECT journey_path(step, at, NULL) FROM ev', '22004', 'journey_path max_steps must not be NULL', 'NULL max_steps');
SELECT throws_ok('SELECT journey_path(step, at, 3, ''Last'') FROM ev', '22023', 'unknown journey_path keep "Last"', 'keep names are exact');
SELECT throws_ok('SELECT journey_path(step, at, (i % 2) + 1) FROM ev', '22023',
                 'journey_path takes the same max_steps and keep on every row of a group', 'max_steps varies');

-- properties
SELECT is((SELECT count(*) FROM (SELECT customer, journey_path(step, at) AS path FROM ev GROUP BY customer) a
           FULL JOIN expected_paths e USING (customer) WHERE a.path IS DISTINCT FROM e.path),
          0::bigint, 'journey_path = sort by (time, step bytes) and drop repeats, for 200 customers');
SELECT is((SELECT count(*) FROM (SELECT customer, journey_path(step, at, 5) AS p, journey_path(step, at, 5, 'first') AS f FROM ev GROUP BY customer) a
           JOIN expected_paths e USING (customer)
           WHERE a.p IS DISTINCT FROM e.path[greatest(cardinality(e.path) - 4, 1):] OR a.f IS DISTINCT FROM e.path[1:5]),
          0::bigint, 'capped paths are the last or first 5 steps of the whole path');
SELECT is((SELECT journey_path(step, at ORDER BY md5(i::text)) FROM ev WHERE customer = 3),
          (SELECT journey_path(step, at ORDER BY at DESC, step) FROM ev WHERE customer = 3), 'any row order gives the same path');
SELECT is((SELECT journey_path(step, at::timestamp) FROM ev WHERE customer = 4),
          (SELECT journey_path(step, at) FROM ev WHERE customer = 4), 'timestamp and timestamptz agree');
SELECT is((SELECT count(*) FROM (
               SELECT customer, journey_path(step, at, 3) OVER (PARTITION BY customer ORDER BY at) AS running,
                      at
               FROM ev WHERE customer < 20) w
           WHERE running IS DISTINCT FROM (SELECT journey_path(step, at, 3) FROM ev e WHERE e.customer = w.customer AND e.at <= w.at)),
          0::bigint, 'as a running window aggregate: the path up to each row''s timestamp (peers included)');
SELECT ok((SELECT bool_and(cardinality(path) BETWEEN 20 AND 60) FROM expected_paths), 'the customers have long paths (20 to 60 steps)');

-- timestamps at the extremes order like any others: -infinity first, infinity last
CREATE TEMP TABLE extreme_points AS
SELECT * FROM (VALUES (0, timestamptz '-infinity'), (1, '4714-11-24 00:00:00+00 BC'), (2, '2026-01-01 00:00:00+00'),
                      (3, '294276-12-31 23:59:59.999999+00'), (4, 'infinity')) v(k, t);
SELECT is((SELECT journey_path(k::text, t ORDER BY md5(k::text)) FROM extreme_points),
          (SELECT array_agg(k::text ORDER BY t) FROM extreme_points), 'journey_path orders the infinities and the ends of time like any timestamps');

-- a single customer with many events, most repeated: distinct steps are stored once
SELECT is((SELECT cardinality(journey_path(CASE WHEN g % 1000 = 0 THEN 'app' ELSE 'web' END, timestamptz '2026-01-01' + g * interval '1 second'))
           FROM generate_series(1, 200000) g), 400, '200,000 events collapse to 400 steps (web, app 200 times)');

-- partial states as values (cxm_state, what parallel workers and Citus
-- pass on): read back from their text and binary forms, combined, finished,
-- and refused when damaged, against the paths in plain SQL above.
CREATE AGGREGATE pg_temp.path_state(text, timestamptz) (SFUNC = journey_path_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.path_merge(cxm_state) (SFUNC = journey_path_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.sessions_state(timestamptz, interval) (SFUNC = session_count_trans, STYPE = cxm_state);
CREATE TEMP TABLE rt_halves AS
SELECT customer, i % 2 AS half, pg_temp.path_state(step, at ORDER BY md5(i::text)) AS s FROM ev GROUP BY customer, i % 2;
CREATE TEMP TABLE rt_whole AS SELECT customer, pg_temp.path_merge(s) AS s FROM rt_halves GROUP BY customer;
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN expected_paths e USING (customer) WHERE journey_path_final(w.s) IS DISTINCT FROM e.path),
          0::bigint, 'two half states combined finish to the plain-SQL path of every customer');
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN expected_paths e USING (customer)
           WHERE journey_path_final(w.s::text::cxm_state) IS DISTINCT FROM e.path),
          0::bigint, 'states read back from their text form finish to the plain-SQL path of every customer');
-- binary COPY out and back in, through a file of this backend's, removed as it is read
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_paths_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
CREATE TEMP TABLE rt_copied (customer integer, s cxm_state);
SELECT pg_temp.copy_through('SELECT customer, s FROM rt_whole', 'rt_copied');
SELECT is((SELECT count(*) FROM rt_copied c FULL JOIN expected_paths e USING (customer) WHERE journey_path_final(c.s) IS DISTINCT FROM e.path),
          0::bigint, 'states through binary COPY finish to the plain-SQL path of every customer');
SELECT is((SELECT count(*) FROM rt_whole w FULL JOIN (SELECT customer, journey_path(step, at) AS path FROM ev GROUP BY customer) a
           USING (customer) WHERE journey_path_final(w.s) IS DISTINCT FROM a.path),
          0::bigint, 'combined states equal journey_path over all rows');
SELECT throws_ok((SELECT format('SELECT journey_path_final(%L::cxm_state)', pg_temp.sessions_state(at, '1 hour')::text) FROM ev),
                 '42804', 'cxm_state of session_count passed where a state of journey_path is expected',
                 'a session_count state is refused by journey_path''s final function');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(s::text, -2)) FROM rt_whole WHERE customer = 1), '22P02',
                 'invalid cxm_state value', 'a journey_path state cut short by a byte is refused');
-- the last byte is the low byte of the last event's step number: a step the state does not have
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing 'ff' from length(s::text) - 1 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a journey_path state whose event has an unknown step is refused');
-- a step text that is not UTF-8 (the database encoding): the first step's first byte (byte 26) becomes 0xff
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing 'ff' from 55 for 2)) FROM rt_whole WHERE customer = 1),
                 '22P02', 'invalid cxm_state value', 'a journey_path state with a step text invalid in the database encoding is refused');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(s), 1, 30) FROM rt_whole WHERE customer = 1', 'rt_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a journey_path state cut short in binary COPY is refused');
-- (the extension is dropped below: nothing may depend on its state type)
DROP TABLE rt_halves, rt_whole, rt_copied;
DROP AGGREGATE pg_temp.path_state(text, timestamptz), pg_temp.path_merge(cxm_state), pg_temp.sessions_state(timestamptz, interval);

-- installs into any schema; works schema-qualified with that schema off search_path
DROP EXTENSION cxm;
CREATE SCHEMA cx_paths;
CREATE EXTENSION cxm SCHEMA cx_paths;
SET LOCAL search_path = public;
SELECT is((SELECT cx_paths.journey_path(step, at) FROM ev WHERE customer = 5), (SELECT path FROM expected_paths WHERE customer = 5),
          'journey_path through the schema');
SELECT is((SELECT cx_paths.journey_path(step, at, 2, 'first') FROM ev WHERE customer = 5), (SELECT path[1:2] FROM expected_paths WHERE customer = 5),
          'journey_path with a cap through the schema');
SELECT hasnt_function('public', 'journey_path', ARRAY['text', 'timestamp with time zone'], 'nothing left behind in public');

SELECT * FROM finish();
ROLLBACK;
