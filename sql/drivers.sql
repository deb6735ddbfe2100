-- Key driver analysis: which ratings explain an outcome, and by how much.
-- Reference values are in test/pgtap/drivers.sql; this file shows the
-- documented behaviour.
CREATE TABLE swiss (province text, fertility float8, agriculture float8, examination float8, education float8,
                    catholic float8, infant_mortality float8);
\copy swiss FROM 'test/fixtures/swiss.csv' CSV HEADER

-- relaimpo's example: R's datasets::swiss, Fertility on five drivers
CREATE TABLE swiss_summary AS
SELECT driver_stats(fertility, ARRAY[agriculture, examination, education, catholic, infant_mortality]) AS s FROM swiss;
SELECT driver_responses(s), round(driver_r2(s), 6) AS r2 FROM swiss_summary;
SELECT driver, name, round(mean, 3) AS mean, round(correlation, 4) AS correlation, round(beta, 4) AS beta,
       round(relative_weight, 6) AS relative_weight, round(shapley, 6) AS shapley, round(share, 2) AS share
FROM key_drivers((SELECT s FROM swiss_summary), '{agriculture,examination,education,catholic,infant_mortality}');
SELECT round(sum(shapley), 12) = round(driver_r2((SELECT s FROM swiss_summary)), 12) AS shapley_adds_up,
       round(sum(relative_weight), 12) = round(driver_r2((SELECT s FROM swiss_summary)), 12) AS weights_add_up,
       round(sum(share), 9) AS shares
FROM key_drivers((SELECT s FROM swiss_summary));

-- without names, and with a NULL name
SELECT driver, name, round(share, 1) FROM key_drivers((SELECT s FROM swiss_summary));
SELECT driver, name FROM key_drivers((SELECT s FROM swiss_summary), ARRAY['a', NULL, 'c', 'd', 'e']);

-- one driver: R² is regr_r2, and all of it goes to the driver
SELECT round(driver_r2(driver_stats(fertility, ARRAY[education])), 12) = round(regr_r2(fertility, education)::numeric, 12) AS same_r2
FROM swiss;

-- text form: JSON, reads back exactly
SELECT driver_stats(y, ARRAY[a, b]) FROM (VALUES (1, 2, 3), (2, 4, 1), (4, 4, 4), (3, 1, 2)) v(y, a, b);
SELECT s::text::driver_stats::text = s::text AS reads_back FROM swiss_summary;
SELECT '{"version": 1, "drivers": 1, "rows": 2, "weight": 2, "origin": [1, 2], "means": [0.5, 0], "comoments": [0.5, 0, 0]}'::driver_stats;

-- listwise deletion, weights, empty groups
SELECT driver_responses(driver_stats(y, x)) AS rows_used
FROM (VALUES (1.0, '{1,2}'::float8[]), (NULL, '{3,4}'), (2, NULL), (3, '{5,NULL}'), (4, '{6,7}')) v(y, x);
SELECT driver_responses(driver_stats(y, x, w)) AS rows_used
FROM (VALUES (1.0, '{1,2}'::float8[], 1.0), (2, '{3,4}', NULL), (3, '{5,6}', 0), (4, '{6,7}', 2.5)) v(y, x, w);
SELECT driver_stats(y, x) FROM (VALUES (1.0, '{1,2}'::float8[])) v(y, x) WHERE false;
SELECT count(*) FROM key_drivers((SELECT driver_stats(y, x) FROM (VALUES (1.0, '{1,2}'::float8[])) v(y, x) WHERE false));

-- too few rows: means only
SELECT driver, mean, correlation, shapley, share
FROM key_drivers((SELECT driver_stats(y, ARRAY[a, b]) FROM (VALUES (1, 2, 3), (2, 4, 1), (4, 4, 4)) v(y, a, b)));

-- rollup of stored summaries equals one pass
CREATE TABLE swiss_parts AS
SELECT catholic > 50 AS catholic_majority,
       driver_stats(fertility, ARRAY[agriculture, examination, education, catholic, infant_mortality]) AS s
FROM swiss GROUP BY 1;
SELECT driver_responses(rollup(s)), round(driver_r2(rollup(s)), 12) = round(driver_r2((SELECT s FROM swiss_summary)), 12) AS same_r2
FROM swiss_parts;

-- errors
\set VERBOSITY terse
SELECT driver_stats('NaN', ARRAY[1.0]);
SELECT driver_stats(1, ARRAY[1, '-Infinity'::float8]);
SELECT driver_stats(1, ARRAY[1.0], -2);
SELECT driver_stats(1, '{}');
SELECT driver_stats(y, x) FROM (VALUES (1, '{1,2}'::float8[]), (2, '{1,2,3}')) v(y, x);
SELECT driver_stats(1, '{{1,2},{3,4}}');
SELECT * FROM key_drivers((SELECT driver_stats(fertility, ARRAY[agriculture, 3, education]) FROM swiss), '{agriculture,constant,education}');
SELECT driver_r2(driver_stats(fertility, ARRAY[agriculture, education, agriculture + 2 * education])) FROM swiss;
SELECT * FROM key_drivers((SELECT s FROM swiss_summary), '{a}');
SELECT '{"version": 9, "drivers": 0, "rows": 0, "weight": 0, "origin": [], "means": [], "comoments": []}'::driver_stats;
SELECT '{"version": 1, "drivers": 1, "rows": 2, "weight": 2, "origin": [1, 2], "means": [0.5], "comoments": [0.5, 0, 0]}'::driver_stats;
SELECT '{"version": 1, "drivers": 1, "rows": 2, "weight": 2, "origin": [1, 2], "means": [0.5, 0], "comoments": [0.5, 0, -0.5]}'::driver_stats;
\set VERBOSITY default
DROP TABLE swiss, swiss_summary, swiss_parts;
