-- ratings: exact errors, properties and schema independence.
BEGIN;
SELECT plan(75);

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
SELECT is(nps(s, w), 25::numeric, 'weights whose squares pass the range of double: two promoters, a passive, a detractor of 1e160 each')
FROM (VALUES (9, 1e160::float8), (10, 1e160), (0, 1e160), (8, 1e160)) v(s, w);
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

-- issue 8: hostile but valid input.  Helpers that turn an error into a value,
-- so that each check fails on its own instead of ending the file.
CREATE FUNCTION pg_temp.value_or_error(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE query INTO result;
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
CREATE FUNCTION pg_temp.input_error(value text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    PERFORM value::ratings;
    RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || detail;
END
$$;
-- got (text, maybe an error) is within 1e-9 (relative past 1) of ref; NULL or an error is not
CREATE FUNCTION pg_temp.near(got text, ref numeric) RETURNS boolean LANGUAGE sql AS $$
    SELECT coalesce(got ~ '^-?[0-9]+(\.[0-9]*)?$' AND abs(got::numeric - ref) <= 1e-9 * greatest(1, abs(ref)), false)
$$;

-- item 5: the scale of the weights does not matter.  The same answers weighted
-- w, w * 1e154, w * 1e-154, w * 1e300 and w * 1e-300 give the intervals and
-- the p-value of a reference computed in numeric from the unscaled weights
-- (the proportions and Kish's n_eff = (sum w)^2 / sum w^2 do not depend on the
-- scale); z = qnorm(0.975) = 1.959963984540054.
CREATE TEMP TABLE scaled AS
SELECT i, (i * 37) % 11 AS s, 0.5 + (i % 7) * 0.375 AS w, i % 4 < 2 AS first_half FROM generate_series(1, 60) i;
CREATE TEMP TABLE factors AS SELECT f FROM (VALUES (1::float8), (1e154), (1e-154), (1e300), (1e-300)) v(f);
CREATE TEMP TABLE scaled_ref AS
SELECT p, d, n, (p * n + 0.75) / (n + 3) AS pa, (d * n + 0.75) / (n + 3) AS da, 1.959963984540054 AS z
FROM (SELECT sum(w::numeric) FILTER (WHERE s >= 9) / sum(w::numeric) AS p,
             sum(w::numeric) FILTER (WHERE s <= 6) / sum(w::numeric) AS d,
             sum(w::numeric) ^ 2 / sum(w::numeric ^ 2) AS n FROM scaled) x;
CREATE TEMP TABLE scaled_check AS
SELECT f, expr, ref,
       pg_temp.value_or_error(format('SELECT %s FROM (SELECT ratings_agg(s, w * %s) AS r, '
                                     'ratings_agg(s, w * %s) FILTER (WHERE first_half) AS a, '
                                     'ratings_agg(s, w * %s) FILTER (WHERE NOT first_half) AS b FROM scaled) x',
                                     expr, f, f, f)) AS got
FROM factors, scaled_ref, LATERAL (VALUES
    ('effective_responses(r)', n),
    ('nps(r)', 100 * (p - d)),
    ($$nps_lower(r, 0.95, 'wald')$$, 100 * ((p - d) - z * sqrt((p + d - (p - d) ^ 2) / n))),
    ('nps_upper(r)', 100 * ((pa - da) + z * sqrt((pa + da - (pa - da) ^ 2) / (n + 3)))),
    ('nps_moe(r)', 100 * z * sqrt((pa + da - (pa - da) ^ 2) / (n + 3))),
    ('csat_lower(r, 0.95, 9)', 100 * ((p + z ^ 2 / (2 * n)) - z * sqrt(p * (1 - p) / n + z ^ 2 / (4 * n ^ 2))) / (1 + z ^ 2 / n)),
    -- mpmath, 40 digits, from the adjusted-Wald z test with exact fractions of these weights
    ('nps_pvalue(a, b)', 0.6137810646043019555)
) v(expr, ref);
SELECT is((SELECT array_agg(f || ' ' || expr || ': ' || coalesce(got, 'NULL') ORDER BY f, expr) FROM scaled_check
           WHERE NOT pg_temp.near(got, ref)), NULL,
          'weights times 1, 1e154, 1e-154, 1e300, 1e-300: every interval, n_eff and the p-value as the numeric reference');
-- CES with equal weights: n_eff = n = 10, ces_lower = mean - t(0.975, 9) s / sqrt(10), t = 2.2621571627982053
SELECT is((SELECT array_agg(f ORDER BY f) FROM factors
           WHERE NOT pg_temp.near(pg_temp.value_or_error(format('SELECT ces_lower(ratings_agg(e, %s)) FROM (SELECT i %% 10 + 1 FROM generate_series(1, 10) i) v(e)', f)),
                                  (SELECT avg(e) - 2.2621571627982053 * stddev_samp(e) / sqrt(10::numeric) FROM generate_series(1, 10) e))),
          NULL, 'ces_lower with equal weights of any scale: the t interval of the unweighted answers');

-- item 6: input that no aggregation produces is refused, naming the broken rule
SELECT is(pg_temp.input_error('{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4]}'),
          '22P02: The squared weights of score 9 add up to more than the square of its weights: sum(w^2) <= sum(w)^2 fails.',
          'sum of squared weights above the squared sum');
SELECT is(pg_temp.input_error('{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]}'),
          '22P02: The squared weights of score 9 add up to less than the square of its weights over its count of 2: sum(w^2) >= sum(w)^2 / n fails.',
          'sum of squared weights below the squared sum over the count');
SELECT is(pg_temp.input_error('{"version": 1, "counts": [0, 0, 0, 0, 4611686018427387904, 4611686018427387903, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 1e308, 1e308, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 1e308, 1e308, 0, 0, 0, 0, 0]}'),
          '22P02: The weights add up to more than the largest double precision number.',
          'per-score weights whose total overflows');
-- whatever the aggregates write reads back: random weights of every magnitude
-- (and zeros), per group, rolled up in random groupings and mixed with
-- unweighted summaries, through text and binary COPY
SELECT setseed(0.31);
CREATE TEMP TABLE random_answers AS
SELECT g, floor(random() * 11)::int AS s,
       CASE WHEN random() < 0.1 THEN 0
            WHEN g % 2 = 0 THEN (0.5 + random()) * 10 ^ (g % 601 - 300)
            ELSE random() * 10 ^ (floor(random() * 601) - 300) END AS w
FROM generate_series(1, 600) g, LATERAL generate_series(1, 1 + (g * 7) % 23) i;
CREATE TEMP TABLE random_summaries AS
SELECT 'group ' || g AS what, ratings_agg(s, w) AS r FROM random_answers GROUP BY g;
INSERT INTO random_summaries
SELECT 'rollup ' || k, rollup(r) FROM (SELECT r, (hashtext(what) & 65535) % 40 AS k FROM random_summaries) x GROUP BY k;
INSERT INTO random_summaries
SELECT 'mixed ' || w.g, ratings_combine(w.r, u.r)
FROM (SELECT g, ratings_agg(s, w) AS r FROM random_answers GROUP BY g) w
JOIN (SELECT g, ratings_agg(s) AS r FROM random_answers GROUP BY g) u ON u.g = w.g % 600 + 1;
SELECT is((SELECT array_agg(what) FROM random_summaries WHERE pg_temp.input_error(r::text) <> 'accepted'
           OR r::text::ratings::text IS DISTINCT FROM r::text), NULL,
          'every aggregated, rolled-up and mixed summary reads back from its text form');
CREATE TEMP TABLE random_back (what text, r ratings);
SELECT lives_ok(format($$COPY random_summaries TO %L WITH (FORMAT binary)$$, '/tmp/cxm_tap_ratings_' || pg_backend_pid() || '.bin'),
                'binary COPY out of every summary');
SELECT lives_ok(format($$COPY random_back FROM PROGRAM %L WITH (FORMAT binary)$$,
                       'cat /tmp/cxm_tap_ratings_' || pg_backend_pid() || '.bin && rm -f /tmp/cxm_tap_ratings_' || pg_backend_pid() || '.bin'),
                'binary COPY back in: every value accepted by ratings_recv');
SELECT is((SELECT count(*) FROM random_back b JOIN random_summaries s USING (what) WHERE b.r::text = s.r::text),
          (SELECT count(*) FROM random_summaries), 'binary COPY gives back every value unchanged');

-- item 8: counts are exact, also as the total weight of an unweighted summary
SELECT is(total_weight('{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9007199254740993]}'::ratings),
          9007199254740993::numeric, 'total_weight of 2^53 + 1 unweighted answers is exact');
SELECT ok(pg_temp.near(pg_temp.value_or_error('SELECT total_weight(ratings_agg(9, 1.5e308)) / 3e308 FROM generate_series(1, 2)'), 1),
          'total_weight past the range of double precision: 2 x 1.5e308');
SELECT ok(pg_temp.near(pg_temp.value_or_error('SELECT total_weight(ratings_agg(9, 1e-310)) * 1e310 FROM generate_series(1, 3)'), 3),
          'total_weight of subnormal weights: 3 x 1e-310');

-- item 8: what rolls up exactly (README, "The ratings summary type").  In 50
-- groupings: counts, and so every unweighted result, equal one pass to the
-- last digit; weighted sums of n answers differ from one pass by at most
-- n x 5e-14 NPS points, and one pass from the numeric sum by half that;
-- weights that are multiples of 1/8 sum exactly, so their summaries too.
CREATE TEMP TABLE rolled AS
SELECT i, (i * 7919) % 11 AS s, 0.1 + (i % 13) * 0.37 AS w, 0.125 * (i % 9) AS w8 FROM generate_series(1, 20000) i;
CREATE TEMP TABLE rolled_ref AS
SELECT ratings_agg(s)::text AS r, nps(s) AS nps, nps(s, w) AS nps_w, ratings_agg(s, w8)::text AS r8, count(*) AS n,
       100 * (sum(w::numeric) FILTER (WHERE s >= 9) - sum(w::numeric) FILTER (WHERE s <= 6)) / sum(w::numeric) AS nps_exact
FROM rolled;
CREATE TEMP TABLE rollups AS
SELECT m, rollup(r)::text AS r, nps(rollup(r)) AS nps, nps(rollup(rw)) AS nps_w, responses(rollup(rw)) AS n_w,
       rollup(r8)::text AS r8
FROM (SELECT m, ratings_agg(s) AS r, ratings_agg(s, w) AS rw, ratings_agg(s, w8) AS r8
      FROM rolled, generate_series(2, 51) m GROUP BY m, i % m) g
GROUP BY m;
SELECT is((SELECT array_agg(m ORDER BY m) FROM rollups, rolled_ref f
           WHERE rollups.r IS DISTINCT FROM f.r OR rollups.nps IS DISTINCT FROM f.nps OR rollups.n_w IS DISTINCT FROM f.n),
          NULL, 'rollups in 50 groupings: the counts and the unweighted NPS of one pass, to the last digit');
SELECT is((SELECT array_agg(m ORDER BY m) FROM rollups, rolled_ref f
           WHERE NOT coalesce(abs(rollups.nps_w - f.nps_w) <= f.n * 5e-14, false)),
          NULL, 'weighted NPS of the rollups within n x 5e-14 points of one pass');
SELECT ok(abs((SELECT nps_w FROM rolled_ref) - (SELECT nps_exact FROM rolled_ref)) <= 20000 * 2.5e-14,
          'weighted NPS of one pass within n x 2.5e-14 points of the numeric sum');
SELECT is((SELECT array_agg(m ORDER BY m) FROM rollups, rolled_ref f WHERE rollups.r8 IS DISTINCT FROM f.r8),
          NULL, 'weights in eighths: every rollup equals one pass exactly');

-- item 9: valid but extreme confidence levels give numbers, not errors.
-- 0.9999999999999999 is 1 - 2^-53: z = 8.292361075813595538 (mpmath:
-- sqrt(2) erfinv(1 - 2^-53)); Student's t with 999 degrees of freedom,
-- 8.439296383073587665 (mpmath, inverting the regularized incomplete beta);
-- Tango's score interval 2.773803683884670 .. 32.111887677732006 (mpmath, bisection).
CREATE TEMP TABLE extreme AS
SELECT (SELECT ratings_agg(CASE WHEN i <= 250 THEN 10 WHEN i <= 325 THEN 0 ELSE 7 END) FROM generate_series(1, 1000) i) AS nps_r,
       (SELECT ratings_agg(CASE WHEN i <= 37 THEN 5 ELSE 2 END) FROM generate_series(1, 50) i) AS csat_r,
       (SELECT ratings_agg(i % 10 + 1) FROM generate_series(1, 1000) i) AS ces_r;
CREATE TEMP TABLE extreme_ref AS
SELECT 8.292361075813595538 AS z, 8.439296383073587665 AS t, 0.25 AS p, 0.075 AS d, 1000::numeric AS n,
       250.75 / 1003 AS pa, 75.75 / 1003 AS da, 0.74 AS c, 50::numeric AS cn,
       (SELECT avg(i % 10 + 1) FROM generate_series(1, 1000) i) AS mean,
       (SELECT stddev_samp(i % 10 + 1) FROM generate_series(1, 1000) i) AS sd;
CREATE TEMP TABLE extreme_check AS
SELECT expr, ref, pg_temp.value_or_error('SELECT ' || expr || ' FROM extreme') AS got
FROM extreme_ref, LATERAL (VALUES
    ($$nps_lower(nps_r, 0.9999999999999999, 'wald')$$, 100 * ((p - d) - z * sqrt((p + d - (p - d) ^ 2) / n))),
    ($$nps_upper(nps_r, 0.9999999999999999, 'wald')$$, 100 * ((p - d) + z * sqrt((p + d - (p - d) ^ 2) / n))),
    ('nps_lower(nps_r, 0.9999999999999999)', 100 * ((pa - da) - z * sqrt((pa + da - (pa - da) ^ 2) / (n + 3)))),
    ('nps_upper(nps_r, 0.9999999999999999)', 100 * ((pa - da) + z * sqrt((pa + da - (pa - da) ^ 2) / (n + 3)))),
    ('nps_moe(nps_r, 0.9999999999999999)', 100 * z * sqrt((pa + da - (pa - da) ^ 2) / (n + 3))),
    ($$nps_lower(nps_r, 0.9999999999999999, 'score')$$, 2.773803683884670037),
    ($$nps_upper(nps_r, 0.9999999999999999, 'score')$$, 32.111887677732005934),
    ($$nps_moe(nps_r, 0.9999999999999999, 'score')$$, 14.669041996923667949),
    ('csat_lower(csat_r, 0.9999999999999999)', 100 * ((c + z ^ 2 / (2 * cn)) - z * sqrt(c * (1 - c) / cn + z ^ 2 / (4 * cn ^ 2))) / (1 + z ^ 2 / cn)),
    ('csat_upper(csat_r, 0.9999999999999999)', 100 * ((c + z ^ 2 / (2 * cn)) + z * sqrt(c * (1 - c) / cn + z ^ 2 / (4 * cn ^ 2))) / (1 + z ^ 2 / cn)),
    ('csat_lower(nps_r, 0.9999999999999999, 9)', 100 * ((p + z ^ 2 / (2 * n)) - z * sqrt(p * (1 - p) / n + z ^ 2 / (4 * n ^ 2))) / (1 + z ^ 2 / n)),
    ('ces_lower(ces_r, 0.9999999999999999)', mean - t * sd / sqrt(1000::numeric)),
    ('ces_upper(ces_r, 0.9999999999999999)', mean + t * sd / sqrt(1000::numeric)),
    -- the smallest confidence level: an interval of width zero around the estimate
    ($$nps_lower(nps_r, 5e-324, 'wald')$$, 100 * (p - d)),
    ('nps_moe(nps_r, 5e-324)', 0),
    ('csat_upper(csat_r, 5e-324)', 100 * c),
    ('ces_lower(ces_r, 5e-324)', mean)
) v(expr, ref);
SELECT is((SELECT array_agg(expr || ': ' || coalesce(got, 'NULL') ORDER BY expr) FROM extreme_check WHERE NOT pg_temp.near(got, ref)),
          NULL, 'confidence 1 - 2^-53 and 5e-324: every interval as its reference');
-- a t interval with less than one effective degree of freedom: its quantile
-- is past every double, so the interval is the whole scale, or the point
-- when every answer agrees
SELECT is(pg_temp.value_or_error('SELECT ces_lower(ratings_agg(s, w)) || '' '' || ces_upper(ratings_agg(s, w)) FROM (VALUES (5, 1), (6, 1e-10)) v(s, w)'),
          '1 10', 'ces interval at 2e-10 degrees of freedom: the whole scale');
SELECT is(pg_temp.value_or_error('SELECT ces_lower(ratings_agg(s, w), 0.9999999999999999) || '' '' || ces_upper(ratings_agg(s, w), 0.9999999999999999) FROM (VALUES (5, 1), (5, 1e-10)) v(s, w)'),
          '5 5', 'ces interval at 2e-10 degrees of freedom, all answers alike: the point');
DROP TABLE random_summaries, random_back, extreme;

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
