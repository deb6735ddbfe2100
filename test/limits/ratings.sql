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

-- Cancel.  The survey aggregates do O(1) work per row and have no loop over
-- a group (a summary is eleven counts), so there is no cxm loop to test: a
-- cancel is caught by PostgreSQL's executor between rows.  What is checked
-- here is that it is prompt with the rows already stored (not while they are
-- still being generated): 8 million rows read through nps and ratings_agg.
\ir ../tools/cancel.sql
CREATE TEMP TABLE stored_answers AS SELECT i % 11 AS score FROM generate_series(1, 2000000) i;
SET LOCAL statement_timeout = '300ms';
SELECT cmp_ok(pg_temp.cancel_latency('SELECT nps(score) FROM stored_answers, generate_series(1, 4) copy'), '<', 1.0::double precision,
              'statement_timeout of 300 ms stops nps over stored rows within a second of it');
SELECT cmp_ok(pg_temp.cancel_latency('SELECT rollup(r) FROM (SELECT ratings_agg(score) AS r FROM stored_answers, generate_series(1, 4) copy GROUP BY score) x'),
              '<', 1.0::double precision, 'and a grouped ratings_agg');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
