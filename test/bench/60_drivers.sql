-- Key driver analysis (issue 12).  10 million survey answers with five
-- touchpoint ratings; summaries of 20 and 64 drivers.
\echo '-- drivers: generating 10,000,000 answers with 5 ratings'
CREATE TABLE bench.driver_answers AS
SELECT i AS answer_id, x1, x2, x3, x4, x5,
       (0.9 * x1 + 0.5 * x2 + 0.3 * x3 + 0.1 * x4 + 0.05 * x5 + ((hashint8(-i) & 1023) / 256.0))::float8 AS y
FROM (SELECT i, ((hashint8(i * 8) & 1023) % 11)::float8 AS x1, ((hashint8(i * 8 + 1) & 1023) % 11)::float8 AS x2,
             ((hashint8(i * 8 + 2) & 1023) % 11)::float8 AS x3, ((hashint8(i * 8 + 3) & 1023) % 11)::float8 AS x4,
             ((hashint8(i * 8 + 4) & 1023) % 11)::float8 AS x5
      FROM generate_series(1, 10000000) i) g;
VACUUM ANALYZE bench.driver_answers;

\echo '-- drivers: timing (interleaved runs, medians)'
SELECT bench.compare('drivers',
    ARRAY['count(*)', 'driver_stats(y, 5 drivers)', 'regr_r2(y, x1) + 4 more regr_r2'],
    ARRAY['SELECT count(*) FROM bench.driver_answers',
          'SELECT driver_stats(y, ARRAY[x1, x2, x3, x4, x5]) FROM bench.driver_answers',
          'SELECT regr_r2(y, x1), regr_r2(y, x2), regr_r2(y, x3), regr_r2(y, x4), regr_r2(y, x5) FROM bench.driver_answers'], 7);

-- the same answer both ways: with one regressor, R² is the squared correlation
CREATE TABLE bench.driver_check AS
SELECT k.driver, k.correlation ^ 2 AS r2_from_cxm, r.r2 AS r2_from_sql
FROM key_drivers((SELECT driver_stats(y, ARRAY[x1, x2, x3, x4, x5]) FROM bench.driver_answers)) k
JOIN (SELECT 1 AS driver, regr_r2(y, x1) AS r2 FROM bench.driver_answers UNION ALL
      SELECT 2, regr_r2(y, x2) FROM bench.driver_answers UNION ALL
      SELECT 3, regr_r2(y, x3) FROM bench.driver_answers UNION ALL
      SELECT 4, regr_r2(y, x4) FROM bench.driver_answers UNION ALL
      SELECT 5, regr_r2(y, x5) FROM bench.driver_answers) r USING (driver);
SELECT count(*) = 5 AND bool_and(abs(r2_from_cxm - r2_from_sql::numeric) < 1e-9) AS drivers_same_answer FROM bench.driver_check \gset
\if :drivers_same_answer
\else
\echo 'ERROR: key_drivers correlations disagree with regr_r2'
\endif

\echo '-- drivers: summaries of 20 and 64 drivers'
CREATE TABLE bench.driver_wide AS
SELECT i, ARRAY(SELECT ((hashint8(i * 64 + j) & 65535) / 65536.0 + (i % 10) * (j % 3) * 0.05)::float8
                FROM generate_series(1, 64) j) AS x
FROM generate_series(1, 20000) i;
CREATE TABLE bench.driver_summaries AS
SELECT 20 AS drivers, driver_stats(x[1] + 2 * x[7] + x[13] + (i % 13) * 0.1, x[1:20]) AS s FROM bench.driver_wide
UNION ALL
SELECT 64, driver_stats(x[1] + 2 * x[7] + x[13] + x[50] + (i % 13) * 0.1, x) FROM bench.driver_wide;
SELECT bench.run('drivers', 'key_drivers: 20 drivers, exact Shapley over 2^20 subsets',
                 'SELECT count(*) FROM key_drivers((SELECT s FROM bench.driver_summaries WHERE drivers = 20))', 5);
SELECT bench.run('drivers', 'key_drivers: 64 drivers, relative weights',
                 'SELECT count(*) FROM key_drivers((SELECT s FROM bench.driver_summaries WHERE drivers = 64))', 21);
SELECT bench.run('drivers', 'driver_r2: 64 drivers',
                 'SELECT driver_r2(s) FROM bench.driver_summaries WHERE drivers = 64', 21);
-- the decompositions add up to R² (the plain-SQL R² of a one-driver model is checked above)
SELECT bool_and(abs(shapley_sum - r2) < 1e-9 OR shapley_sum IS NULL) AND bool_and(abs(weight_sum - r2) < 1e-9) AS drivers_add_up
FROM (SELECT drivers, driver_r2(s) AS r2,
             (SELECT sum(shapley) FROM key_drivers(s)) AS shapley_sum, (SELECT sum(relative_weight) FROM key_drivers(s)) AS weight_sum
      FROM bench.driver_summaries) x \gset
\if :drivers_add_up
\else
\echo 'ERROR: Shapley values or relative weights do not add up to R²'
\endif

INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'drivers', what, measured, target, met FROM (VALUES
    ('driver_stats(y, 5 drivers) / five regr_r2 in one query',
        to_char(bench.ms('drivers', 'driver_stats(y, 5 drivers)') / bench.ms('drivers', 'regr_r2(y, x1) + 4 more regr_r2'), 'FM990.00') || 'x',
        '<= 1.50x',
        bench.ms('drivers', 'driver_stats(y, 5 drivers)') / bench.ms('drivers', 'regr_r2(y, x1) + 4 more regr_r2') <= 1.5),
    ('driver_stats(y, 5 drivers) / count(*)',
        to_char(bench.ms('drivers', 'driver_stats(y, 5 drivers)') / bench.ms('drivers', 'count(*)'), 'FM990.00') || 'x', 'report', NULL),
    ('key_drivers, 20 drivers (exact Shapley)',
        to_char(bench.ms('drivers', 'key_drivers: 20 drivers, exact Shapley over 2^20 subsets'), 'FM999,990.0') || ' ms', '< 1000 ms',
        bench.ms('drivers', 'key_drivers: 20 drivers, exact Shapley over 2^20 subsets') < 1000),
    ('key_drivers, 64 drivers (relative weights)',
        to_char(bench.ms('drivers', 'key_drivers: 64 drivers, relative weights'), 'FM990.00') || ' ms', '< 10 ms',
        bench.ms('drivers', 'key_drivers: 64 drivers, relative weights') < 10),
    ('key_drivers answer equals regr_r2 (squared correlation, 5 drivers)',
        CASE WHEN :'drivers_same_answer' THEN 'same' ELSE 'DIFFERENT' END, 'same', :'drivers_same_answer'::boolean),
    ('Shapley values and relative weights add up to R² (20, 64 drivers)',
        CASE WHEN :'drivers_add_up' THEN 'yes' ELSE 'NO' END, 'yes', :'drivers_add_up'::boolean)
) v(what, measured, target, met);
DROP TABLE bench.driver_answers, bench.driver_check, bench.driver_wide, bench.driver_summaries;
