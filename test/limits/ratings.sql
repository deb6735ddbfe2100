-- Huge inputs: one group of 10 million rows through each survey aggregate
-- completes; statement_timeout stops a long aggregate within a second.
BEGIN;
SELECT plan(6);

SELECT is(responses(ratings_agg(i % 11)), 10000000::bigint, 'ratings_agg over one group of 10 million rows')
FROM generate_series(1, 10000000) i;
-- residues 1..10 occur 909,091 times, 0 occurs 909,090 times
SELECT is(nps(i % 11), 100.0 * (2 * 909091 - (909090 + 6 * 909091)) / 10000000, 'nps over 10 million rows')
FROM generate_series(1, 10000000) i;
SELECT is(rollup(r)::text, (SELECT ratings_agg(i % 11)::text FROM generate_series(1, 1000000) i),
          'rollup of a million one-answer summaries')
FROM (SELECT ratings_agg(i % 11) AS r FROM generate_series(1, 1000000) i GROUP BY i) x;
SELECT is(ces(i % 10 + 1, 1.5), 5.5, 'weighted ces over 10 million rows')
FROM generate_series(1, 10000000) i;

-- cancel: statement_timeout interrupts a 100-million-row aggregate promptly
CREATE FUNCTION pg_temp.cancel_latency(query text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    BEGIN
        EXECUTE query;
    EXCEPTION WHEN query_canceled THEN
        RETURN extract(epoch FROM clock_timestamp() - started);
    END;
    RETURN NULL;   -- finished: not interrupted
END
$$;
SET LOCAL statement_timeout = '300ms';
SELECT cmp_ok(pg_temp.cancel_latency('SELECT nps(i % 11) FROM generate_series(1, 100000000) i'), '<', 1.3::double precision,
              'statement_timeout of 300 ms stops nps within a second of it');
SELECT cmp_ok(pg_temp.cancel_latency('SELECT rollup(r) FROM (SELECT ratings_agg(i % 11) AS r FROM generate_series(1, 50000000) i GROUP BY i % 1000) x'),
              '<', 1.3::double precision, 'and a grouped ratings_agg');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
