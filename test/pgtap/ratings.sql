-- ratings: exact errors, properties and schema independence.
BEGIN;
SELECT plan(56);

-- seed examples
SELECT is(nps(s), 80::numeric, 'NPS 80 from 88 promoters, 4 passives, 8 detractors')
FROM (SELECT CASE WHEN i <= 88 THEN 9 + i % 2 WHEN i <= 92 THEN 7 ELSE 3 END FROM generate_series(1, 100) i) v(s);
SELECT is(csat(s), 74::numeric, 'CSAT 74 from 37 satisfied of 50')
FROM (SELECT CASE WHEN i <= 37 THEN 5 ELSE 2 END FROM generate_series(1, 50) i) v(s);
SELECT is(ces(s), 8.6, 'CES 8.6 from 10, 10, 8, 6, 9') FROM (VALUES (10), (10), (8), (6), (9)) v(s);

-- exact messages and SQLSTATEs
SELECT throws_ok('SELECT nps(11)', '22003', 'nps score 11 is out of range 0..10', 'nps: above the scale');
SELECT throws_ok('SELECT nps(-3::smallint)', '22003', 'nps score -3 is out of range 0..10', 'nps: negative smallint');
SELECT throws_ok('SELECT nps(42::bigint)', '22003', 'nps score 42 is out of range 0..10', 'nps: bigint');
SELECT throws_ok('SELECT nps(8.25)', '22003', 'nps score 8.25 is not a whole number in the range 0..10', 'nps: fraction');
SELECT throws_ok('SELECT nps(10.01)', '22003', 'nps score 10.01 is out of range 0..10', 'nps: fraction past the top');
-- numeric has no infinity before PostgreSQL 14: there the value cannot be written
SELECT current_setting('server_version_num')::int >= 140000 AS numeric_has_infinity \gset
\if :numeric_has_infinity
SELECT throws_ok($$SELECT nps('Infinity'::numeric)$$, '22003', 'nps score Infinity is out of range 0..10', 'nps: infinity');
\else
SELECT skip('numeric has no infinity before PostgreSQL 14', 1);
\endif
SELECT throws_ok('SELECT csat(0)', '22003', 'csat score 0 is out of range 1..5', 'csat: zero');
SELECT throws_ok('SELECT csat(7::bigint, 1)', '22003', 'csat score 7 is out of range 1..5', 'csat weighted: above');
SELECT throws_ok('SELECT ces(0::smallint)', '22003', 'ces score 0 is out of range 1..10', 'ces: zero');
SELECT throws_ok('SELECT ces(3.5, 1)', '22003', 'ces score 3.5 is not a whole number in the range 1..10', 'ces weighted: fraction');
SELECT throws_ok('SELECT ratings_agg(-1)', '22003', 'ratings_agg score -1 is out of range 0..10', 'ratings_agg: negative');
SELECT throws_ok('SELECT nps(5, -0.5)', '22003', 'survey weight -0.5 is negative', 'negative weight');
SELECT throws_ok($$SELECT nps(5, 'NaN')$$, '22003', 'survey weight NaN is not a number', 'NaN weight');
SELECT throws_ok($$SELECT ces(5, '-Infinity')$$, '22003', 'survey weight -Infinity is infinite', 'minus infinity weight');
SELECT throws_ok($$SELECT ratings_agg(5, 'Infinity')$$, '22003', 'survey weight Infinity is infinite', 'infinite weight');
SELECT throws_ok('SELECT nps(9, 1e160) FROM generate_series(1, 2)', '22003', 'sum of survey weights out of range', 'weights overflowing');
SELECT throws_ok('SELECT nps_category(12)', '22003', 'nps score 12 is out of range 0..10', 'nps_category: out of range');
SELECT throws_ok('SELECT csat(ratings_agg(0))', '22003',
                 'csat needs answers on the scale 1..5, but this summary holds 1 answer outside it', 'csat(r): wrong scale');
SELECT throws_ok('SELECT ces(ratings_agg(s)) FROM (VALUES (0), (0)) v(s)', '22003',
                 'ces needs answers on the scale 1..10, but this summary holds 2 answers outside it', 'ces(r): wrong scale');
SELECT throws_ok('SELECT csat(ratings_agg(9), -1)', '22023', 'satisfied_min -1 is out of range 0..10', 'csat(r, min): bad threshold');
SELECT throws_ok('SELECT nps_lower(ratings_agg(9), 1)', '22023', 'confidence level 1 is not between 0 and 1', 'confidence 1');
SELECT throws_ok($$SELECT nps_upper(ratings_agg(9), 'NaN')$$, '22023', 'confidence level NaN is not between 0 and 1', 'confidence NaN');
SELECT throws_ok($$SELECT nps_moe(ratings_agg(9), 0.9, 'Wald')$$, '22023', 'unknown nps interval method "Wald"', 'method names are exact');
SELECT throws_ok($$SELECT 'nonsense'::ratings$$, '22P02', 'invalid input syntax for type ratings: "nonsense"', 'malformed text');
SELECT throws_ok($$SELECT '{"version": 3, "counts": [0,0,0,0,0,0,0,0,0,0,0]}'::ratings$$, '22P02',
                 'unsupported ratings format version: "{"version": 3, "counts": [0,0,0,0,0,0,0,0,0,0,0]}"', 'newer format version');
SELECT throws_ok($$SELECT '{"version": 1, "counts": [0,0,0,0,0,0,0,0,0,0,-1]}'::ratings$$, '22003',
                 'ratings value out of range: "{"version": 1, "counts": [0,0,0,0,0,0,0,0,0,0,-1]}"', 'negative count');
SELECT throws_ok($$SELECT rollup(r) FROM (VALUES ('{"version": 1, "counts": [9223372036854775807,0,0,0,0,0,0,0,0,0,0]}'::ratings),
                                                 ('{"version": 1, "counts": [1,0,0,0,0,0,0,0,0,0,0]}')) v(r)$$,
                 '22003', 'ratings count out of range', 'rollup past int64 counts');

-- eNPS and the loyalty index
SELECT throws_ok('SELECT enps(-1)', '22003', 'enps score -1 is out of range 0..10', 'enps: out of range');
SELECT throws_ok('SELECT loyalty_index(10.5)', '22003', 'loyalty_index score 10.5 is out of range 0..10', 'loyalty_index: out of range');
SELECT throws_ok('SELECT loyalty_index(ratings_agg(5), 0, 11)', '22023', 'loyalty_index scale 0..11 is not a scale within 0..10', 'loyalty_index: bad scale');
SELECT throws_ok('SELECT loyalty_index(ratings_agg(s), 1, 6) FROM (VALUES (7), (9)) v(s)', '22003',
                 'loyalty_index needs answers on the scale 1..6, but this summary holds 2 answers outside it', 'loyalty_index: answers off the scale');
SELECT is(loyalty_index(s), 70::numeric, 'loyalty index: 6, 7, 8 average 7 of 10') FROM (VALUES (6), (7), (8)) v(s);

-- properties: roll-ups of any grouping equal direct aggregation
CREATE TEMP TABLE raw AS
SELECT i, i % 7 AS day, i % 3 AS channel, (i * 37) % 11 AS s, CASE WHEN i % 9 = 0 THEN NULL ELSE 0.5 + (i % 5) END AS w
FROM generate_series(1, 5000) i;
SELECT is((SELECT rollup(r)::text FROM (SELECT ratings_agg(s) AS r FROM raw GROUP BY day) d),
          (SELECT ratings_agg(s)::text FROM raw), 'rollup over days equals the raw aggregate');
SELECT is((SELECT rollup(r)::text FROM (SELECT ratings_agg(s) AS r FROM raw GROUP BY day, channel) d),
          (SELECT ratings_agg(s)::text FROM raw), 'rollup over days x channels equals the raw aggregate');
SELECT is((SELECT rollup(r)::text FROM (SELECT rollup(r) AS r FROM (SELECT day, ratings_agg(s) AS r FROM raw GROUP BY day, channel) x GROUP BY day) d),
          (SELECT ratings_agg(s)::text FROM raw), 'rollup of rollups equals the raw aggregate');
SELECT is((SELECT nps(rollup(r)) FROM (SELECT ratings_agg(s, w) AS r FROM raw GROUP BY day) d),
          (SELECT nps(s, w) FROM raw), 'weighted: rollup over days equals the raw weighted NPS');
SELECT is((SELECT nps(s) FROM raw), (SELECT round(100.0 * (count(*) FILTER (WHERE s >= 9) - count(*) FILTER (WHERE s <= 6)) / count(s), 16) FROM raw),
          'nps equals the hand-written formula');
SELECT is((SELECT round(nps(s, w), 10) FROM raw),
          (SELECT round((100 * (sum(w) FILTER (WHERE s >= 9) - sum(w) FILTER (WHERE s <= 6)) / sum(w))::numeric, 10) FROM raw WHERE w IS NOT NULL),
          'weighted nps equals the weighted formula');
SELECT is((SELECT round(effective_responses(ratings_agg(s, w)), 9) FROM raw),
          (SELECT round((sum(w) ^ 2 / sum(w * w))::numeric, 9) FROM raw WHERE w IS NOT NULL AND s IS NOT NULL),
          'Kish effective sample size');

-- intervals against the formulas written out in SQL (z = 1.959963984540054)
SELECT is(round(nps_lower(r, 0.95, 'wald'), 9),
          round((100 * ((p - d) - 1.959963984540054 * sqrt((p + d - (p - d) ^ 2) / n)))::numeric, 9), 'Wald lower bound')
FROM (SELECT ratings_agg(s) AS r, count(*) FILTER (WHERE s >= 9)::float8 / count(s) AS p,
             count(*) FILTER (WHERE s <= 6)::float8 / count(s) AS d, count(s)::float8 AS n FROM raw) x;
SELECT is(round(nps_upper(r), 9),
          round((100 * ((pa - da) + 1.959963984540054 * sqrt((pa + da - (pa - da) ^ 2) / (n + 3))))::numeric, 9), 'adjusted Wald upper bound')
FROM (SELECT ratings_agg(s) AS r, (count(*) FILTER (WHERE s >= 9) + 0.75)::float8 / (count(s) + 3) AS pa,
             (count(*) FILTER (WHERE s <= 6) + 0.75)::float8 / (count(s) + 3) AS da, count(s)::float8 AS n FROM raw) x;
SELECT ok(nps_lower(r, 0.95, 'score') < nps(r) AND nps(r) < nps_upper(r, 0.95, 'score'), 'the score interval holds the estimate')
FROM (SELECT ratings_agg(s) AS r FROM raw) x;
SELECT ok(nps_moe(r, 0.99) > nps_moe(r, 0.95) AND nps_moe(r, 0.95) > nps_moe(r, 0.80), 'a higher confidence gives a wider interval')
FROM (SELECT ratings_agg(s) AS r FROM raw) x;
SELECT is(nps_pvalue(a, b), nps_pvalue(b, a), 'the p-value is symmetric')
FROM (SELECT ratings_agg(s) FILTER (WHERE channel = 0) AS a, ratings_agg(s) FILTER (WHERE channel = 1) AS b FROM raw) x;
-- adjusted: p' = 1.75/4, d' = 0.75/4 against the mirror image; z = 0.9428, p = erfc(z / sqrt 2)
SELECT is(round(nps_pvalue(ratings_agg(9), ratings_agg(0)), 6), 0.345779,
          'one promoter against one detractor is no evidence (adjusted test)');

-- the summary's text and binary forms are stable
SELECT is(ratings_agg(s)::text, '{"version": 1, "counts": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]}', 'text form')
FROM (VALUES (10), (0), (10)) v(s);
SELECT is(ratings_send(ratings_agg(s)), '\x0100000000000000000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002'::bytea, 'binary form')
FROM (VALUES (10), (0), (10)) v(s);

-- installs into any schema; works schema-qualified with that schema off search_path
DROP EXTENSION cxm;
CREATE SCHEMA cx_elsewhere;
CREATE EXTENSION cxm SCHEMA cx_elsewhere;
SET LOCAL search_path = public;
SELECT is(cx_elsewhere.nps(s), 80::numeric, 'nps() through the schema')
FROM (SELECT CASE WHEN i <= 88 THEN 10 WHEN i <= 92 THEN 8 ELSE 0 END FROM generate_series(1, 100) i) v(s);
SELECT is(cx_elsewhere.nps(cx_elsewhere.rollup(r)), 50::numeric, 'ratings_agg, rollup and the accessor through the schema')
FROM (SELECT cx_elsewhere.ratings_agg(s, 1.0) AS r FROM (VALUES (10), (7)) v(s)) x;
SELECT isnt(cx_elsewhere.nps_lower(cx_elsewhere.ratings_agg(s)), NULL, 'defaults resolve without search_path')
FROM (VALUES (10), (0), (9)) v(s);
SELECT is(cx_elsewhere.nps_category(9)::text, 'promoter', 'nps_category through the schema');
SELECT is('{"version": 1, "counts": [0,0,0,0,0,0,0,0,0,0,1]}'::cx_elsewhere.ratings::text,
          '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]}', 'the type through the schema');
SELECT hasnt_function('public', 'nps', ARRAY['integer'], 'nothing left behind in public');

SELECT * FROM finish();
ROLLBACK;
