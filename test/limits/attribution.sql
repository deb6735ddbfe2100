-- Huge inputs: 10 million journeys into one Markov chain; many wide chains
-- at once; a long rule-based attribution run; cancel stops both.
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
