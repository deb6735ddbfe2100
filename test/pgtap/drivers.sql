-- drivers: reference values, properties, exact errors.
BEGIN;
SELECT plan(61);

CREATE TEMP TABLE swiss (province text, fertility float8, agriculture float8, examination float8, education float8,
                         catholic float8, infant_mortality float8);
\copy swiss FROM 'test/fixtures/swiss.csv' CSV HEADER
CREATE TEMP TABLE swiss_stats AS
SELECT driver_stats(fertility, ARRAY[agriculture, examination, education, catholic, infant_mortality]) AS s FROM swiss;
CREATE TEMP TABLE swiss_drivers AS
SELECT * FROM key_drivers((SELECT s FROM swiss_stats), '{agriculture,examination,education,catholic,infant_mortality}');

-- Reference: test/tools/drivers_reference.py (NumPy 1.24: least squares with an
-- intercept over all 120 orders of entry for LMG; numpy.linalg.eigh for
-- Johnson's relative weights), on R's datasets::swiss, relaimpo's example.
CREATE TEMP TABLE swiss_reference (driver int, name text, mean float8, correlation float8, beta float8,
                                   relative_weight float8, shapley float8);
INSERT INTO swiss_reference VALUES
(1, 'agriculture', 50.65957446808509, 0.35307918361997476, -0.31292128249991952, 0.048416895811900625, 0.057091220768091137),
(2, 'examination', 16.48936170212766, -0.6458827064572874, -0.16477822253934726, 0.1547082498061601, 0.17117302890023406),
(3, 'education', 10.978723404255319, -0.66378885703506907, -0.67040078010607329, 0.27196410464599874, 0.26013467862438427),
(4, 'catholic', 41.143829787234047, 0.46368470065179368, 0.34760002814421836, 0.1146800299475612, 0.10557015037349353),
(5, 'infant_mortality', 19.94255319148936, 0.41655603143498254, 0.2511359762987096, 0.11696572138110461, 0.11276592292652175);
CREATE FUNCTION pg_temp.off(got numeric, want float8, tolerance float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT got IS NULL OR abs(got::float8 - want) > tolerance * abs(want)
$$;

SELECT is((SELECT array_agg(r.name ORDER BY r.driver) FROM swiss_drivers d FULL JOIN swiss_reference r USING (driver)
           WHERE pg_temp.off(d.shapley, r.shapley, 1e-9)), NULL, 'swiss: LMG (Shapley) within 1e-9 of the reference');
SELECT is((SELECT array_agg(r.name ORDER BY r.driver) FROM swiss_drivers d FULL JOIN swiss_reference r USING (driver)
           WHERE pg_temp.off(d.relative_weight, r.relative_weight, 1e-9)), NULL, 'swiss: relative weights within 1e-9 of the reference');
SELECT is((SELECT array_agg(r.name ORDER BY r.driver) FROM swiss_drivers d FULL JOIN swiss_reference r USING (driver)
           WHERE pg_temp.off(d.beta, r.beta, 1e-9)), NULL, 'swiss: standardized betas within 1e-9 of the reference');
SELECT is((SELECT array_agg(r.name ORDER BY r.driver) FROM swiss_drivers d FULL JOIN swiss_reference r USING (driver)
           WHERE pg_temp.off(d.correlation, r.correlation, 1e-9)), NULL, 'swiss: correlations within 1e-9 of the reference');
SELECT is((SELECT array_agg(name ORDER BY driver) FROM swiss_drivers
           WHERE name IS DISTINCT FROM (SELECT r.name FROM swiss_reference r WHERE r.driver = swiss_drivers.driver)),
          NULL, 'swiss: drivers named in order');
SELECT ok(abs(driver_r2(s)::float8 - 0.7067350015927254) < 1e-12, 'swiss: R² 0.70673500159272540 (reference)') FROM swiss_stats;
-- R's summary(lm(Fertility ~ ., data = swiss)) prints "Multiple R-squared:  0.7067"
SELECT is(round(driver_r2(s), 4), 0.7067, 'swiss: R² as R''s lm() prints it') FROM swiss_stats;
SELECT ok(abs(sum(shapley) - driver_r2((SELECT s FROM swiss_stats))) < 1e-14, 'swiss: LMG adds up to R²') FROM swiss_drivers;
SELECT ok(abs(sum(relative_weight) - driver_r2((SELECT s FROM swiss_stats))) < 1e-14, 'swiss: relative weights add up to R²') FROM swiss_drivers;
SELECT ok(abs(sum(share) - 100) < 1e-12, 'swiss: shares add up to 100') FROM swiss_drivers;

-- independent references in plain SQL
SELECT is((SELECT array_agg(driver) FROM swiss_drivers d JOIN (
               SELECT 1 AS driver, avg(agriculture) AS m, corr(fertility, agriculture) AS c FROM swiss UNION ALL
               SELECT 2, avg(examination), corr(fertility, examination) FROM swiss UNION ALL
               SELECT 3, avg(education), corr(fertility, education) FROM swiss UNION ALL
               SELECT 4, avg(catholic), corr(fertility, catholic) FROM swiss UNION ALL
               SELECT 5, avg(infant_mortality), corr(fertility, infant_mortality) FROM swiss) r USING (driver)
           WHERE abs(d.mean::float8 - r.m) > 1e-12 * abs(r.m) OR abs(d.correlation::float8 - r.c) > 1e-12),
          NULL, 'means and correlations equal avg() and corr()');
SELECT ok(abs(driver_r2(driver_stats(fertility, ARRAY[education]))::float8 - regr_r2(fertility, education)) < 1e-12,
          'one driver: R² equals regr_r2') FROM swiss;
SELECT ok(abs((SELECT shapley FROM key_drivers(driver_stats(fertility, ARRAY[education])))::float8 - regr_r2(fertility, education)) < 1e-12
          AND (SELECT relative_weight FROM key_drivers(driver_stats(fertility, ARRAY[education]))) = driver_r2(driver_stats(fertility, ARRAY[education])),
          'one driver: its Shapley value and relative weight are the whole R²') FROM swiss;
-- two drivers: R² = (r1² + r2² - 2 r1 r2 r12) / (1 - r12²); LMG = half of each order's increment
SELECT ok(abs(driver_r2(s)::float8 - (r1 ^ 2 + r2 ^ 2 - 2 * r1 * r2 * r12) / (1 - r12 ^ 2)) < 1e-12,
          'two drivers: R² equals the closed form')
FROM (SELECT corr(fertility, agriculture) AS r1, corr(fertility, catholic) AS r2, corr(agriculture, catholic) AS r12 FROM swiss) c,
     (SELECT driver_stats(fertility, ARRAY[agriculture, catholic]) FROM swiss) t(s);
SELECT ok(abs(k.shapley::float8 - (r1 ^ 2 + ((r1 ^ 2 + r2 ^ 2 - 2 * r1 * r2 * r12) / (1 - r12 ^ 2) - r2 ^ 2)) / 2) < 1e-12,
          'two drivers: Shapley value equals the mean of both orders of entry')
FROM (SELECT corr(fertility, agriculture) AS r1, corr(fertility, catholic) AS r2, corr(agriculture, catholic) AS r12 FROM swiss) c,
     key_drivers((SELECT driver_stats(fertility, ARRAY[agriculture, catholic]) FROM swiss)) k WHERE k.driver = 1;

-- properties
CREATE TEMP TABLE raw AS
SELECT i, i % 7 AS day, (i * 37 % 11)::float8 AS y,
       ARRAY[(i * 13 % 10)::float8, (i * 7 % 5 + i % 3)::float8, (i * i % 9)::float8] AS x,
       CASE WHEN i % 11 = 0 THEN NULL ELSE 0.5 + i % 4 END AS w
FROM generate_series(1, 3000) i;
UPDATE raw SET y = y + x[1] * 0.4 + x[3] * 0.2;
CREATE FUNCTION pg_temp.same_drivers(a driver_stats, b driver_stats, tolerance float8) RETURNS boolean LANGUAGE sql AS $$
    SELECT count(*) = 0 FROM key_drivers(a) p FULL JOIN key_drivers(b) q USING (driver)
    WHERE p.driver IS NULL OR q.driver IS NULL
       OR abs(p.mean - q.mean) > tolerance * greatest(1, abs(q.mean))
       OR abs(p.correlation - q.correlation) > tolerance OR abs(p.beta - q.beta) > tolerance
       OR abs(p.relative_weight - q.relative_weight) > tolerance OR abs(p.shapley - q.shapley) > tolerance
$$;
SELECT ok(pg_temp.same_drivers((SELECT driver_stats(y, x ORDER BY i) FROM raw), (SELECT driver_stats(y, x ORDER BY i DESC) FROM raw), 1e-12),
          'row order does not matter');
SELECT ok(pg_temp.same_drivers((SELECT driver_stats(y, x ORDER BY md5(i::text)) FROM raw), (SELECT driver_stats(y, x ORDER BY i) FROM raw), 1e-12),
          'shuffled rows give the same statistics');
SELECT ok(pg_temp.same_drivers((SELECT rollup(s) FROM (SELECT driver_stats(y, x) AS s FROM raw GROUP BY day) d),
                               (SELECT driver_stats(y, x) FROM raw), 1e-12), 'rollup of 7 daily summaries equals one pass');
SELECT ok(pg_temp.same_drivers((SELECT rollup(s) FROM (SELECT driver_stats(y, x) AS s FROM raw GROUP BY i) d),
                               (SELECT driver_stats(y, x) FROM raw), 1e-11), 'rollup of 3,000 one-row summaries equals one pass');
SELECT ok(pg_temp.same_drivers((SELECT rollup(s) FROM (SELECT rollup(s) AS s FROM (SELECT day, driver_stats(y, x) AS s FROM raw GROUP BY day, i % 3) a GROUP BY day) d),
                               (SELECT driver_stats(y, x) FROM raw), 1e-12), 'rollup of rollups equals one pass');
SELECT is(driver_responses(rollup(s)), 3000::bigint, 'rollup adds up the rows') FROM (SELECT driver_stats(y, x) AS s FROM raw GROUP BY day) d;
SELECT ok(pg_temp.same_drivers((SELECT driver_stats(y, x, 2) FROM raw), (SELECT driver_stats(y, x) FROM raw, generate_series(1, 2)), 1e-12),
          'a weight of 2 equals duplicating every row');
SELECT ok(pg_temp.same_drivers((SELECT driver_stats(y, x, CASE WHEN i % 2 = 0 THEN 2 ELSE 1 END) FROM raw),
                               (SELECT driver_stats(y, x) FROM raw, generate_series(1, 2) c WHERE c = 1 OR i % 2 = 0), 1e-12),
          'weights of 2 on some rows equal duplicating those rows');
SELECT ok(pg_temp.same_drivers((SELECT driver_stats(y, x, w) FROM raw), (SELECT driver_stats(y, x, w) FROM raw WHERE w IS NOT NULL), 0),
          'a NULL weight leaves the row out');
SELECT is(driver_responses(driver_stats(y, x, w)), (SELECT count(*) FROM raw WHERE w IS NOT NULL), 'rows with a weight are counted') FROM raw;
SELECT ok(abs(mean - (SELECT sum(w * x[2]) / sum(w) FROM raw)) < 1e-12, 'weighted mean equals sum(w x) / sum(w)')
FROM key_drivers((SELECT driver_stats(y, x, w) FROM raw)) WHERE driver = 2;
SELECT is(driver_stats(y, x, w)::text, driver_stats(y, x, w) FILTER (WHERE w > 0)::text, 'a zero weight leaves the row out')
FROM (SELECT y, x, CASE WHEN i % 5 = 0 THEN 0 ELSE w END AS w FROM raw) r;

-- affine rescaling of a driver: importance unchanged; correlation and beta change sign with it
CREATE TEMP TABLE rescaled AS
SELECT k.driver, k.correlation, k.beta, k.relative_weight, k.shapley, k.share,
       r.correlation AS r_correlation, r.beta AS r_beta, r.relative_weight AS r_weight, r.shapley AS r_shapley, r.share AS r_share
FROM key_drivers((SELECT driver_stats(y, x) FROM raw)) k
JOIN key_drivers((SELECT driver_stats(y, ARRAY[x[1], 1000 - 0.001 * x[2], x[3] * 1e6 + 5e9]) FROM raw)) r USING (driver);
SELECT is((SELECT array_agg(driver) FROM rescaled WHERE abs(shapley - r_shapley) > 1e-9 OR abs(relative_weight - r_weight) > 1e-9
                                                      OR abs(share - r_share) > 1e-7), NULL,
          'affine rescaling of drivers leaves Shapley values, relative weights and shares unchanged');
SELECT is((SELECT array_agg(driver) FROM rescaled
           WHERE abs(correlation - CASE driver WHEN 2 THEN -r_correlation ELSE r_correlation END) > 1e-9
              OR abs(beta - CASE driver WHEN 2 THEN -r_beta ELSE r_beta END) > 1e-9), NULL,
          'a negative scale flips the sign of that driver''s correlation and beta only');

-- listwise deletion
SELECT is(driver_stats(y, x)::text,
          (SELECT driver_stats(y, x)::text FROM raw WHERE i % 13 <> 0 AND i % 17 <> 0 AND i % 19 <> 0),
          'rows with a NULL outcome, array or driver are left out')
FROM (SELECT CASE WHEN i % 13 = 0 THEN NULL ELSE y END AS y,
             CASE WHEN i % 17 = 0 THEN NULL WHEN i % 19 = 0 THEN ARRAY[x[1], NULL, x[3]] ELSE x END AS x
      FROM raw ORDER BY i) r;

-- small groups, empty groups, many drivers
SELECT is((SELECT array_agg(driver) FROM key_drivers((SELECT driver_stats(y, ARRAY[a, b]) FROM (VALUES (1.0, 2.0, 3.0), (2, 4, 1), (4, 4, 4)) v(y, a, b)))
           WHERE NOT abs(mean::float8 - CASE driver WHEN 1 THEN 10 / 3.0::float8 ELSE 8 / 3.0::float8 END) < 1e-15
              OR correlation IS NOT NULL OR beta IS NOT NULL OR relative_weight IS NOT NULL OR shapley IS NOT NULL OR share IS NOT NULL),
          NULL, '3 rows for 2 drivers: NULL statistics, means given');
SELECT is(driver_r2(driver_stats(y, ARRAY[a, b])), NULL, '3 rows for 2 drivers: R² is NULL')
FROM (VALUES (1.0, 2.0, 3.0), (2, 4, 1), (4, 4, 4)) v(y, a, b);
SELECT ok(driver_r2(driver_stats(y, ARRAY[a, b])) IS NOT NULL, '4 rows for 2 drivers: fitted')
FROM (VALUES (1.0, 2.0, 3.0), (2, 4, 1), (4, 4, 4), (3, 1, 2)) v(y, a, b);
SELECT is(driver_r2(driver_stats(7, ARRAY[a, b])), NULL, 'an outcome that never varies: R² is NULL')
FROM (VALUES (1.0, 2.0, 3.0), (2, 4, 1), (4, 4, 4), (3, 1, 2)) v(y, a, b);
SELECT is(driver_stats(y, x)::text, '{"version": 1, "drivers": 0, "rows": 0, "weight": 0, "origin": [], "means": [], "comoments": []}',
          'no rows: the empty summary') FROM raw WHERE false;
SELECT is((SELECT count(*) FROM key_drivers((SELECT driver_stats(y, x) FROM raw WHERE false))), 0::bigint, 'no rows: no drivers');
SELECT is(driver_r2(driver_stats(y, x)), NULL, 'no rows: R² is NULL') FROM raw WHERE false;
SELECT is(driver_responses(driver_stats(y, x)), 0::bigint, 'no rows: 0 responses') FROM raw WHERE false;
CREATE TEMP TABLE wide AS
SELECT i, ARRAY(SELECT ((i * 7919 + j * 104729) % 1009 + (i % 10) * j)::float8 FROM generate_series(1, 21) j) AS x FROM generate_series(1, 400) i;
SELECT is((SELECT count(*) FILTER (WHERE shapley IS NULL) FROM key_drivers((SELECT driver_stats(x[1] + x[3] + (i % 7), x) FROM wide))),
          21::bigint, '21 drivers: no Shapley values');
SELECT ok((SELECT abs(sum(share) - 100) < 1e-9 AND bool_and(abs(share - 100 * relative_weight / driver_r2((SELECT driver_stats(x[1] + x[3] + (i % 7), x) FROM wide))) < 1e-9)
           FROM key_drivers((SELECT driver_stats(x[1] + x[3] + (i % 7), x) FROM wide))),
          '21 drivers: shares come from the relative weights');
SELECT ok((SELECT abs(sum(shapley) - driver_r2((SELECT driver_stats(x[1] + x[3] + (i % 7), x[1:20]) FROM wide))) < 1e-12
           FROM key_drivers((SELECT driver_stats(x[1] + x[3] + (i % 7), x[1:20]) FROM wide))),
          '20 drivers: exact Shapley values add up to R²');

-- the text and binary forms
SELECT is(s::text::driver_stats::text, s::text, 'the text form reads back to itself') FROM swiss_stats;
SELECT is(length(driver_stats_send(s)), 20 + 8 * (6 + 6 + 21), 'binary form: 20 bytes of header and 33 numbers') FROM swiss_stats;
SELECT is(get_byte(driver_stats_send(s), 0), 1, 'binary form: version byte 1 first') FROM swiss_stats;

-- exact errors
SELECT throws_ok($$SELECT driver_stats('NaN', ARRAY[1.0])$$, '22003', 'driver_stats outcome NaN is not a finite number', 'NaN outcome');
SELECT throws_ok($$SELECT driver_stats(1, ARRAY[1, 'Infinity'::float8])$$, '22003', 'driver_stats driver 2 value Infinity is not a finite number', 'infinite driver');
SELECT throws_ok($$SELECT driver_stats(1, ARRAY[1.0], -1)$$, '22003', 'driver_stats weight -1 is negative', 'negative weight');
SELECT throws_ok($$SELECT driver_stats(1, ARRAY[1.0], 'NaN')$$, '22003', 'driver_stats weight NaN is not a number', 'NaN weight');
SELECT throws_ok($$SELECT driver_stats(1, ARRAY[1.0], '-Infinity')$$, '22003', 'driver_stats weight -Infinity is infinite', 'infinite weight');
SELECT throws_ok($$SELECT driver_stats(1, '{}')$$, '22023', 'driver_stats takes 1 to 64 drivers, not 0', 'no drivers');
SELECT throws_ok($$SELECT driver_stats(1, array_fill(1.0::float8, ARRAY[65]))$$, '22023', 'driver_stats takes 1 to 64 drivers, not 65', '65 drivers');
SELECT throws_ok($$SELECT driver_stats(y, x) FROM (VALUES (1, '{1,2}'::float8[]), (2, '{1,2,3}')) v(y, x)$$, '22023',
                 'driver_stats got a row of 3 drivers in a group whose earlier rows have 2', 'different numbers of drivers in a group');
SELECT throws_ok($$SELECT driver_stats(1, '{{1,2},{3,4}}')$$, '2202E', 'driver_stats drivers must be a one-dimensional array, not 2-dimensional', 'a matrix of drivers');
SELECT throws_ok($$SELECT * FROM key_drivers((SELECT driver_stats(y, ARRAY[x[1], 4, x[2], 4]) FROM raw), '{a,b,c,d}')$$, '22023',
                 'drivers 2 (b) and 4 (d) have zero variance', 'drivers that never vary, named');
SELECT throws_ok($$SELECT driver_r2(driver_stats(y, ARRAY[x[1], x[2], 2 * x[1] - x[3], x[3]])) FROM raw$$, '22023',
                 'drivers 1, 3 and 4 are perfectly collinear', 'collinear drivers, named');
SELECT throws_ok($$SELECT * FROM key_drivers((SELECT s FROM swiss_stats), '{a,b}')$$, '22023',
                 'key_drivers got 2 names for a summary of 5 drivers', 'names must match the drivers');
SELECT throws_ok($$SELECT rollup(s) FROM (SELECT driver_stats(1, ARRAY[i, i]) FROM generate_series(1, 3) i UNION ALL SELECT driver_stats(1, ARRAY[2.0])) v(s)$$,
                 '22023', 'cannot merge driver_stats of 2 and 1 drivers', 'rollup of different drivers');
SELECT throws_ok($$SELECT 'nonsense'::driver_stats$$, '22P02', 'invalid input syntax for type driver_stats: "nonsense"', 'malformed text');
SELECT throws_ok($$SELECT '{"version": 2, "drivers": 0, "rows": 0, "weight": 0, "origin": [], "means": [], "comoments": []}'::driver_stats$$, '22P02',
                 'unsupported driver_stats format version: "{"version": 2, "drivers": 0, "rows": 0, "weight": 0, "origin": [], "means": [], "comoments": []}"',
                 'a value from a newer cxm');
SELECT throws_ok($$SELECT '{"version": 1, "drivers": 1, "rows": 3, "weight": 3, "origin": [1, 2], "means": [0, 0], "comoments": [-1, 0, 1]}'::driver_stats$$, '22003',
                 'driver_stats value out of range: "{"version": 1, "drivers": 1, "rows": 3, "weight": 3, "origin": [1, 2], "means": [0, 0], "comoments": [-1, 0, 1]}"',
                 'a negative variance');

-- driver_stats_combine called directly: two halves merged give the R² and the
-- rows of all the rows (reference: PostgreSQL's regr_r2 and count, one driver)
CREATE TEMP TABLE combine_rows AS
SELECT i, (i * 37 % 101)::float8 AS x, ((i * 37 % 101) * 0.5 + (i * 53 % 17))::float8 AS y FROM generate_series(1, 200) i;
SELECT ok((SELECT abs(driver_r2(driver_stats_combine((SELECT driver_stats(y, ARRAY[x]) FROM combine_rows WHERE i <= 80),
                                                     (SELECT driver_stats(y, ARRAY[x]) FROM combine_rows WHERE i > 80)))::float8
                      - (SELECT regr_r2(y, x) FROM combine_rows)) < 1e-12
          AND driver_responses(driver_stats_combine((SELECT driver_stats(y, ARRAY[x]) FROM combine_rows WHERE i <= 80),
                                                    (SELECT driver_stats(y, ARRAY[x]) FROM combine_rows WHERE i > 80)))
              IS NOT DISTINCT FROM (SELECT count(*) FROM combine_rows)),
          'driver_stats_combine of two halves: the R² and rows of all the rows (regr_r2, count)');

SELECT * FROM finish();
ROLLBACK;
