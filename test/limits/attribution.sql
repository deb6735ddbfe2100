-- Huge inputs: 10 million journeys into one Markov chain; a long rule-based
-- attribution run; a cancel stops removal_effects inside its solver.
BEGIN;
SELECT plan(3);

SELECT is((SELECT sum(conversions)::bigint FROM removal_effects(markov_model(
              CASE i % 3 WHEN 0 THEN '{search,email}'::text[] WHEN 1 THEN '{social}' ELSE '{search,direct,email}' END, i % 3 <> 1))),
          -- removal credits add up to the conversions: i % 3 <> 1 for 6,666,666 of them
          6666666::bigint, 'markov_model over 10 million journeys')
FROM generate_series(1, 10000000) i;
SELECT is(count(*), 3000000::bigint, 'attribute over a million journeys of three touches')
FROM generate_series(1, 1000000) i,
     attribute('linear', '{search,email,direct}', ARRAY[timestamptz '2026-01-01', '2026-01-02', '2026-01-03'], timestamptz '2026-01-04', 10) a;

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
-- attribute() and attribution_weights() do at most 10,000 touches per call, and
-- markov_model's transitions one row each: between calls and rows PostgreSQL's
-- executor checks for a cancel itself, so no test of cxm's checks is needed there.

SELECT * FROM finish();
ROLLBACK;
