-- state: cxm_state, the aggregates' state type.  Real partial states are
-- made with test aggregates over the extension's own support functions and
-- no final function (they return the state itself), then read back through
-- the text and binary forms, combined, finished and tampered with.
BEGIN;
SELECT plan(18);
SET LOCAL timezone = 'UTC';

CREATE TEMP TABLE members AS
SELECT i AS id, timestamptz '2025-01-01' + (i % 400) * interval '1 day' AS started,
       CASE WHEN i % 3 = 0 THEN timestamptz '2025-01-01' + (i % 400 + i % 90) * interval '1 day' END AS ended
FROM generate_series(1, 5000) i;

-- the plain-SQL definition of the customer flow over March 2025
CREATE TEMP VIEW flow_reference AS
SELECT count(*) FILTER (WHERE started < '2025-03-01' AND (ended IS NULL OR ended >= '2025-03-01')) AS at_start,
       count(*) FILTER (WHERE started >= '2025-03-01' AND started < '2025-04-01') AS acquired,
       count(*) FILTER (WHERE started < '2025-03-01' AND ended >= '2025-03-01' AND ended < '2025-04-01') AS lost,
       count(*) FILTER (WHERE started >= '2025-03-01' AND ended < '2025-04-01') AS acquired_and_lost
FROM members;

CREATE AGGREGATE pg_temp.flow_state(timestamptz, timestamptz, timestamptz, timestamptz) (
    SFUNC = customer_flow_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.flow_merge(cxm_state) (
    SFUNC = customer_flow_combine, STYPE = cxm_state);

CREATE TEMP TABLE halves AS
SELECT id % 2 AS half, pg_temp.flow_state(started, ended, '2025-03-01', '2025-04-01') AS s
FROM members GROUP BY id % 2;

SELECT ok((SELECT count(*) = 2 AND bool_and(s::text ~ '^\\x0101[0-9a-f]+$') FROM halves),
          'a partial state prints as \x, format 1, kind 1 (customer flow) and hexadecimal digits');

SELECT is((SELECT row(f.at_start, f.acquired, f.lost, f.acquired_and_lost)::text
           FROM (SELECT (customer_flow_final(pg_temp.flow_merge(s::text::cxm_state))).* FROM halves) f),
          (SELECT row(at_start, acquired, lost, acquired_and_lost)::text FROM flow_reference),
          'two partial states read back from text and combined give the plain-SQL customer flow');

SELECT is((SELECT churn_rate_final(pg_temp.flow_merge(s)) FROM halves),
          (SELECT round(100.0 * lost / at_start, 16) FROM flow_reference),
          'the combined state finishes to the plain-SQL churn rate');

-- binary COPY out and back in (through a file of this backend's, removed as it is read)
CREATE TEMP TABLE copied (half integer, s cxm_state);
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_state_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
SELECT pg_temp.copy_through('SELECT half, s FROM halves', 'copied');
SELECT is((SELECT string_agg(s::text, ',' ORDER BY half) FROM copied),
          (SELECT string_agg(s::text, ',' ORDER BY half) FROM halves),
          'binary COPY writes and reads back the same states');

-- what the type refuses
SELECT throws_ok($$SELECT 'abc'::cxm_state$$, '22P02', 'invalid input syntax for type cxm_state',
                 'text without \x');
SELECT throws_ok($$SELECT '\x010'::cxm_state$$, '22P02', 'invalid input syntax for type cxm_state',
                 'an odd number of digits');
SELECT throws_ok($$SELECT '\x01'::cxm_state$$, '22P02', 'invalid cxm_state value', 'a value of one byte');
SELECT throws_ok($$SELECT '\x0001'::cxm_state$$, '22P02', 'invalid cxm_state value', 'format 0');
SELECT throws_ok($$SELECT '\x0100'::cxm_state$$, '22P02', 'invalid cxm_state value', 'kind 0');
SELECT throws_ok($$SELECT '\x0201'::cxm_state$$, '22P02', 'cxm_state value from a newer version of cxm',
                 'format 2 is from a newer cxm');
SELECT throws_ok($$SELECT '\x01ff'::cxm_state$$, '22P02', 'cxm_state value from a newer version of cxm',
                 'an unknown kind is from a newer cxm');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(s::text, -2)) FROM halves WHERE half = 0), '22P02',
                 'invalid cxm_state value', 'a real state cut short by a byte');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', s::text || '00') FROM halves WHERE half = 0), '22P02',
                 'invalid cxm_state value', 'a real state with a byte too many');
-- a flipped byte inside the counts makes them inconsistent or is caught by the flow's own checks
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', overlay(s::text placing 'ff' from 9 for 2)) FROM halves WHERE half = 0),
                 '22P02', 'invalid cxm_state value', 'a real state with a byte changed');

-- binary input is checked too: a bytea column's binary form is its raw
-- bytes, so a state's send form cut short arrives at cxm_state_recv as it is
SELECT ok((SELECT bool_and(length(cxm_state_send(s)) = length(s::text) / 2 - 1) FROM halves),
          'the binary form is the bytes of the text form');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(s), 1, 10) FROM halves WHERE half = 0', 'copied')$$,
                 '22P03', 'invalid cxm_state value', 'a real state cut short in binary COPY');

SELECT throws_ok($$SELECT customer_flow_trans(NULL, timestamptz '2025-01-01', NULL, timestamptz '2025-03-01', timestamptz '2025-04-01')$$,
                 '0A000', 'customer_flow_trans can only be called as part of an aggregate',
                 'support functions refuse to run outside an aggregate');

-- States are carved from slabs, one 64-byte line each for a small state
-- (state.c): referral_rate's (two counters) is one.  Hash aggregation over
-- 20,000 groups counts the states' memory in its peak; beyond the peak of
-- count(*) over the same groups (the hash table alone), the 20,000 states
-- take 20,000 x 64 bytes = 1,250 kB, at most twice that with the doubling
-- blocks of the allocator: well under 256 bytes a group, 5,000 kB.  (A state
-- with a slab of its own, 1 kB each, would take over 20 MB.)
CREATE FUNCTION pg_temp.hashagg_peak_kb(query text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, FORMAT JSON) ' || query INTO plan;
    IF plan -> 0 -> 'Plan' ->> 'Strategy' IS DISTINCT FROM 'Hashed' OR (plan -> 0 -> 'Plan' ->> 'HashAgg Batches')::int IS DISTINCT FROM 1 THEN
        RAISE EXCEPTION 'not one batch of hash aggregation: %', plan;
    END IF;
    RETURN (plan -> 0 -> 'Plan' ->> 'Peak Memory Usage')::integer;
END $$;
SET LOCAL work_mem = '256MB';
SET LOCAL enable_sort = off;
SET LOCAL max_parallel_workers_per_gather = 0;
SELECT cmp_ok(pg_temp.hashagg_peak_kb('SELECT i, referral_rate(i % 3 = 0) FROM generate_series(1, 20000) i GROUP BY i')
              - pg_temp.hashagg_peak_kb('SELECT i, count(*) FROM generate_series(1, 20000) i GROUP BY i'),
              '<', 5000, 'the states of 20,000 groups share slabs: under 256 bytes a group beyond the hash table');
RESET work_mem;
RESET enable_sort;
RESET max_parallel_workers_per_gather;

SELECT * FROM finish();
ROLLBACK;
