-- Huge inputs: 10 million journeys into one Markov chain; many wide chains
-- at once; a long rule-based attribution run; a cancel stops removal_effects
-- inside its solver.
BEGIN;
SELECT plan(7);

SELECT is((SELECT sum(conversions)::bigint FROM removal_effects(markov_model(
              CASE i % 3 WHEN 0 THEN '{search,email}'::text[] WHEN 1 THEN '{social}' ELSE '{search,direct,email}' END, i % 3 <> 1))),
          -- removal credits add up to the conversions: i % 3 <> 1 for 6,666,666 of them
          6666666::bigint, 'markov_model over 10 million journeys')
FROM generate_series(1, 10000000) i;
SELECT is(count(*), 3000000::bigint, 'attribute over a million journeys of three touches')
FROM generate_series(1, 1000000) i,
     attribute('linear', '{search,email,direct}', ARRAY[timestamptz '2026-01-01', '2026-01-02', '2026-01-03'], timestamptz '2026-01-04', 10) a;

-- 300 groups of 1,000 single-touch journeys over 1,000 channels, rows
-- interleaved so that hash aggregation creates every group before any grows:
-- each state must stay the size of what it holds (0.2.0 kept a states x
-- channels matrix: 3.5 GB here).  Rows in group order with little work_mem:
-- the states' memory is seen, and hash aggregation spills.
CREATE TEMP TABLE wide_journeys AS
SELECT i % 300 AS g, ARRAY['c' || (i / 300)] AS path, i % 3 = 0 AS converted FROM generate_series(0, 299999) i;
CREATE TEMP TABLE wide_by_group AS SELECT * FROM wide_journeys ORDER BY g, path;
ANALYZE wide_journeys, wide_by_group;
CREATE FUNCTION pg_temp.aggregate_plan(query text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || query INTO plan;
    RETURN plan -> 0 -> 'Plan';
END
$$;
SET LOCAL max_parallel_workers_per_gather = 0;
SET LOCAL enable_sort = off;
SET LOCAL work_mem = '256MB';
SELECT ok(p ->> 'Strategy' = 'Hashed' AND (p ->> 'Peak Memory Usage')::bigint < 100 * 1024,
          'hash aggregation of 300 chains of 1,000 channels stays under 100 MB: ' || (p ->> 'Peak Memory Usage') || ' kB')
FROM pg_temp.aggregate_plan('SELECT g, markov_model(path, converted) FROM wide_journeys GROUP BY g') p;
SELECT is((SELECT count(*) FROM (SELECT g, markov_model(path, converted) AS c FROM wide_journeys GROUP BY g) x
           WHERE (SELECT count(*) FILTER (WHERE from_state = '(start)') FROM transitions(c)) <> 1000
              OR (SELECT sum(journeys) FILTER (WHERE to_state = '(conversion)') FROM transitions(c))
                 <> (SELECT count(*) FILTER (WHERE converted) FROM wide_journeys w WHERE w.g = x.g)),
          0::bigint, 'and each chain holds its 1,000 channels and its conversions');
SET LOCAL work_mem = '1MB';
SELECT ok(p ->> 'Strategy' = 'Hashed' AND (p ->> 'HashAgg Batches')::int > 1 AND (p ->> 'Peak Memory Usage')::bigint < 8 * 1024,
          'with 1 MB of work_mem and rows in group order, hash aggregation sees the states grow and spills: '
          || (p ->> 'HashAgg Batches') || ' batches, ' || (p ->> 'Peak Memory Usage') || ' kB')
FROM pg_temp.aggregate_plan('SELECT g, markov_model(path, converted) FROM wide_by_group GROUP BY g') p;
RESET work_mem;
RESET enable_sort;
RESET max_parallel_workers_per_gather;

-- Cancel: the time must be spent inside cxm, so the input is built first and
-- the timeout falls in cxm's own loop, where only its interrupt checks can
-- stop it (with them made no-ops this test fails: the call runs to its end).
-- A chain of 997 channels, stored; solving its removal effects takes seconds
-- and reads no row.  cancel_latency gives the seconds from the timeout to the
-- error (NULL: the query finished first).
CREATE TEMP TABLE big_chain AS
SELECT markov_model(ARRAY['c' || (i % 997), 'c' || ((i * 7) % 997), 'c' || ((i * 13) % 991)], i % 3 = 0) AS chain
FROM generate_series(1, 300000) i;
CREATE FUNCTION pg_temp.cancel_latency(query text) RETURNS double precision LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN NULL;
EXCEPTION WHEN query_canceled THEN
    RETURN extract(epoch FROM clock_timestamp() - statement_timestamp()) - extract(epoch FROM current_setting('statement_timeout')::interval);
END
$$;
SET LOCAL statement_timeout = '300ms';
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT count(*) FROM removal_effects((SELECT chain FROM big_chain))$$),
              '<', 1.0::double precision, 'statement_timeout stops removal_effects of a stored 997-channel chain within a second');
RESET statement_timeout;
-- The same cancel, timed against the solver itself: the chain has close to
-- the most states a chain may have (CXM_MARKOV_MAX_STATES, 1000), so one
-- solve is all the work one call can do, about a second on a 2-core machine
-- and less on a faster one, where a timeout at 300 ms and a bound of one
-- second could no longer tell a working check from none (the call ends,
-- then the executor checks).  So: time an uncanceled run, arm the timeout a
-- fifth of the way in, and require the cancel within a quarter of the run,
-- which a call that ran on to its end (four fifths later) cannot meet.  cxm
-- checks every 4 million operations, a few milliseconds.
CREATE FUNCTION pg_temp.run_seconds(query text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    EXECUTE query;
    RETURN extract(epoch FROM clock_timestamp() - started);
END
$$;
SELECT set_config('cxm_test.solve_s', pg_temp.run_seconds($$SELECT count(*) FROM removal_effects((SELECT chain FROM big_chain))$$)::text, true);
SELECT set_config('statement_timeout', round(current_setting('cxm_test.solve_s')::numeric * 1000 / 5)::text, true);
SELECT set_config('cxm_test.latency',
                  coalesce(pg_temp.cancel_latency($$SELECT count(*) FROM removal_effects((SELECT chain FROM big_chain))$$)::text, ''), true);
RESET statement_timeout;
SELECT ok(current_setting('cxm_test.solve_s')::float8 >= 0.25 AND current_setting('cxm_test.latency') <> ''
          AND current_setting('cxm_test.latency')::float8 < current_setting('cxm_test.solve_s')::float8 / 4,
          format('statement_timeout a fifth into removal_effects'' %s s solve of the stored chain stops it within a quarter of that: %s s',
                 round(current_setting('cxm_test.solve_s')::numeric, 3),
                 coalesce(round(nullif(current_setting('cxm_test.latency'), '')::numeric, 3)::text, '(finished)')));
-- attribute() and attribution_weights() do at most 10,000 touches per call, and
-- markov_model's transitions one row each: between calls and rows PostgreSQL's
-- executor checks for a cancel itself, so no test of cxm's checks is needed there.

SELECT * FROM finish();
ROLLBACK;
