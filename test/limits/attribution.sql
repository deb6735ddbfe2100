-- Huge inputs: 10 million journeys into one Markov chain; a long rule-based
-- attribution run; cancel stops both.
BEGIN;
SELECT plan(4);

SELECT is((SELECT sum(conversions)::bigint FROM removal_effects(markov_model(
              CASE i % 3 WHEN 0 THEN '{search,email}'::text[] WHEN 1 THEN '{social}' ELSE '{search,direct,email}' END, i % 3 <> 1))),
          -- removal credits add up to the conversions: i % 3 <> 1 for 6,666,666 of them
          6666666::bigint, 'markov_model over 10 million journeys')
FROM generate_series(1, 10000000) i;
SELECT is(count(*), 3000000::bigint, 'attribute over a million journeys of three touches')
FROM generate_series(1, 1000000) i,
     attribute('linear', '{search,email,direct}', ARRAY[timestamptz '2026-01-01', '2026-01-02', '2026-01-03'], timestamptz '2026-01-04', 10) a;

CREATE FUNCTION pg_temp.cancel_latency(query text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    BEGIN
        EXECUTE query;
    EXCEPTION WHEN query_canceled THEN
        RETURN extract(epoch FROM clock_timestamp() - started);
    END;
    RETURN NULL;
END
$$;
SET LOCAL statement_timeout = '300ms';
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT markov_model(ARRAY['c' || (i % 50), 'c' || (i % 7)], i % 2 = 0) FROM generate_series(1, 100000000) i$$),
              '<', 1.3::double precision, 'statement_timeout stops markov_model within a second');
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT count(*) FROM generate_series(1, 100000000) i,
        attribute('time_decay', '{search,email}', ARRAY[timestamptz '2026-01-01', '2026-01-02'], timestamptz '2026-01-03') a$$),
              '<', 1.3::double precision, 'and a long attribute run');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
