-- Randomized differential test of key driver analysis: 600 random data sets
-- (1 to 4 drivers, NULLs, weights from 1e-100 to 1e100, scales from 1e-3 to 1e6,
-- large offsets), each compared with a reference computed in plain SQL and
-- PL/pgSQL: two-pass weighted means and co-moments, subset R² by solving the
-- normal equations (Gauss-Jordan), Shapley values by their definition.
-- Then the same aggregate under a parallel plan proved from the plan of the
-- statement that produced it.  A fixed seed, so a failing case reproduces.
--
-- Tolerance 1e-9 against the two-pass reference, in every case: cxm's
-- one-pass summary runs on the distance from the first row, so drivers like
-- 1e6 + 0.001 u keep their digits.  PostgreSQL's own regr_r2 does not: it
-- loses about log10(|mean| / sd) digits, so the comparison with it allows
-- 1e-15 times the case's condition number max |mean| / sd on top.
BEGIN;
SELECT plan(16);
SELECT setseed(0.1212);
CREATE SCHEMA diff;   -- regular tables: parallel workers cannot read temporary ones

CREATE TABLE diff.cases AS
SELECT c AS case_id, 1 + floor(random() * 4)::int AS k,
       (ARRAY[0, 1, 3, 5, 8, 20, 80, 300])[1 + floor(random() * 8)::int] AS rows,
       random() * 0.3 AS null_share,
       (ARRAY['none', 'one', 'uniform', 'dyadic', 'tiny', 'huge'])[1 + floor(random() * 6)::int] AS weights,
       ARRAY[10 ^ floor(random() * 10 - 3), 10 ^ floor(random() * 10 - 3), 10 ^ floor(random() * 10 - 3), 10 ^ floor(random() * 10 - 3)] AS scale,
       CASE WHEN random() < 0.2 THEN 1e6 ELSE 0 END AS offset_
FROM generate_series(1, 600) c;

CREATE TABLE diff.rows AS
SELECT case_id, i, y, x,
       CASE weights WHEN 'none' THEN NULL WHEN 'one' THEN 1.0 WHEN 'uniform' THEN random() * 5
                    WHEN 'dyadic' THEN floor(random() * 8) / 4 WHEN 'tiny' THEN 1e-100 * (1 + random())
                    ELSE 1e100 * (1 + random()) END::float8 AS w
FROM (SELECT c.*, i, u,
             CASE WHEN random() < null_share THEN NULL
                  ELSE (u[1] * 2 + u[2] - u[3] * 0.5 + random() * 3) * 10 + offset_ END AS y,
             CASE WHEN random() < null_share / 3 THEN NULL
                  ELSE ARRAY(SELECT CASE WHEN random() < null_share / 5 THEN NULL ELSE u[j] * scale[j] + offset_ END
                             FROM generate_series(1, k) j) END AS x
      FROM diff.cases c, generate_series(1, rows) i,
           LATERAL (SELECT ARRAY[random(), random() + 0.3 * random(), random(), random()] AS u WHERE i > 0) r) d;
UPDATE diff.rows SET w = 1 WHERE w IS NULL AND case_id IN (SELECT case_id FROM diff.cases WHERE weights = 'none');
ANALYZE diff.cases, diff.rows;

-- the rows each summary should use: complete rows with a positive weight
CREATE TEMP TABLE used AS
SELECT r.case_id, r.i, r.y, r.x, r.w FROM diff.rows r
WHERE r.y IS NOT NULL AND r.x IS NOT NULL AND array_position(r.x, NULL) IS NULL AND r.w > 0;
CREATE TEMP TABLE vals AS
SELECT case_id, i, 0 AS var, y AS v, w FROM used
UNION ALL
SELECT case_id, i, j, x[j], w FROM used, generate_subscripts(x, 1) j;
CREATE TEMP TABLE means AS SELECT case_id, var, sum(w * v) / sum(w) AS m FROM vals GROUP BY 1, 2;
CREATE TEMP TABLE comoments AS
SELECT a.case_id, a.var AS va, b.var AS vb, sum(a.w * (a.v - ma.m) * (b.v - mb.m)) AS c
FROM vals a JOIN vals b ON a.case_id = b.case_id AND a.i = b.i
JOIN means ma ON ma.case_id = a.case_id AND ma.var = a.var
JOIN means mb ON mb.case_id = b.case_id AND mb.var = b.var
GROUP BY 1, 2, 3;
-- correlation matrices, variable 0 the outcome, flattened row by row
CREATE TEMP TABLE corr AS
SELECT c.case_id, c.k, (SELECT count(*) FROM used u WHERE u.case_id = c.case_id) AS n,
       array_agg(x.c / nullif(sqrt(dx.c * dy.c), 0) ORDER BY x.va, x.vb) AS r
FROM diff.cases c JOIN comoments x USING (case_id)
JOIN comoments dx ON dx.case_id = x.case_id AND dx.va = x.va AND dx.vb = x.va
JOIN comoments dy ON dy.case_id = x.case_id AND dy.va = x.vb AND dy.vb = x.vb
GROUP BY c.case_id, c.k;

-- R² of the outcome on the drivers in mask: normal equations on correlations, Gauss-Jordan
CREATE FUNCTION pg_temp.subset_r2(r float8[], p int, mask int) RETURNS float8 LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    cols int[] := ARRAY(SELECT j FROM generate_series(1, p - 1) j WHERE mask & (1 << (j - 1)) <> 0);
    m int := cardinality(cols);
    a float8[];
    f float8;
    r2 float8 := 0;
BEGIN
    IF m = 0 THEN RETURN 0; END IF;
    a := array_fill(0::float8, ARRAY[m, m + 1]);
    FOR i IN 1 .. m LOOP
        FOR j IN 1 .. m LOOP a[i][j] := r[cols[i] * p + cols[j] + 1]; END LOOP;
        a[i][m + 1] := r[cols[i] * p + 1];
    END LOOP;
    FOR c IN 1 .. m LOOP
        FOR i IN 1 .. m LOOP
            IF i <> c THEN
                f := a[i][c] / a[c][c];
                FOR j IN c .. m + 1 LOOP a[i][j] := a[i][j] - f * a[c][j]; END LOOP;
            END IF;
        END LOOP;
    END LOOP;
    FOR i IN 1 .. m LOOP r2 := r2 + a[i][m + 1] / a[i][i] * r[cols[i] * p + 1]; END LOOP;
    RETURN r2;
END
$$;
-- Shapley value of driver j: its R² increment averaged over the k! orders of entry
CREATE FUNCTION pg_temp.shapley(r float8[], p int, j int) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    -- size: the drivers in the subset (its set bits; bit_count is PostgreSQL 14+)
    SELECT sum(factorial(size) * factorial(p - 2 - size) / factorial(p - 1)
               * (pg_temp.subset_r2(r, p, mask | (1 << (j - 1))) - pg_temp.subset_r2(r, p, mask)))
    FROM generate_series(0, (1 << (p - 1)) - 1) mask,
         LATERAL (SELECT length(replace(mask::bit(8)::text, '0', '')) AS size) s
    WHERE mask & (1 << (j - 1)) = 0
$$;
CREATE TEMP TABLE tolerance AS
SELECT m.case_id, 1e-9 + 1e-15 * max(abs(m.m) / nullif(sqrt(c.c / (SELECT sum(w) FROM used u WHERE u.case_id = m.case_id)), 0)) AS tol
FROM means m JOIN comoments c ON c.case_id = m.case_id AND c.va = m.var AND c.vb = m.var
GROUP BY m.case_id;
CREATE TEMP TABLE reference AS
SELECT case_id, k, n, j AS driver,
       CASE WHEN n > k + 1 THEN pg_temp.subset_r2(r, k + 1, (1 << k) - 1) END AS r2,
       CASE WHEN n > k + 1 THEN r[j + 1] END AS correlation,
       CASE WHEN n > k + 1 THEN pg_temp.shapley(r, k + 1, j) END AS shapley,
       (SELECT m FROM means m WHERE m.case_id = corr.case_id AND m.var = j) AS mean
FROM corr, generate_series(1, k) j;

CREATE TEMP TABLE serial AS
SELECT c.case_id, driver_stats(r.y, r.x, r.w) AS s
FROM diff.cases c LEFT JOIN diff.rows r USING (case_id) GROUP BY c.case_id;
CREATE TEMP TABLE serial_drivers AS
SELECT case_id, driver_responses(s) AS n, driver_r2(s) AS r2, d.*
FROM serial, key_drivers(s) d;

SELECT is((SELECT count(*) FROM serial), 600::bigint, '600 random cases');
SELECT cmp_ok((SELECT count(DISTINCT case_id) FROM reference WHERE r2 IS NOT NULL), '>', 250::bigint, 'hundreds of them can be fitted');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s
           WHERE driver_responses(s) IS DISTINCT FROM (SELECT count(*) FROM used u WHERE u.case_id = s.case_id)),
          NULL, 'rows used equal the complete rows with a positive weight, in every case');
SELECT is((SELECT array_agg(DISTINCT case_id ORDER BY case_id) FROM reference r FULL JOIN serial_drivers d USING (case_id, driver)
           WHERE d.mean IS NULL OR r.mean IS NULL OR abs(d.mean::float8 - r.mean) > 1e-9 * greatest(1, abs(r.mean))),
          NULL, 'means equal the two-pass weighted means in every case');
SELECT is((SELECT array_agg(DISTINCT case_id ORDER BY case_id) FROM reference r JOIN serial_drivers d USING (case_id, driver)
           WHERE (r.r2 IS NULL) <> (d.r2 IS NULL) OR abs(d.r2::float8 - r.r2) > 1e-9),
          NULL, 'R² equals the normal equations'' in every case (NULL when rows <= drivers + 1)');
SELECT is((SELECT array_agg(DISTINCT case_id ORDER BY case_id) FROM reference r JOIN serial_drivers d USING (case_id, driver)
           WHERE (r.correlation IS NULL) <> (d.correlation IS NULL) OR abs(d.correlation::float8 - r.correlation) > 1e-9),
          NULL, 'correlations equal the two-pass ones in every case');
SELECT is((SELECT array_agg(DISTINCT case_id ORDER BY case_id) FROM reference r JOIN serial_drivers d USING (case_id, driver)
           WHERE (r.shapley IS NULL) <> (d.shapley IS NULL) OR abs(d.shapley::float8 - r.shapley) > 1e-9),
          NULL, 'Shapley values equal the average over all orders of entry in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s JOIN diff.cases c USING (case_id)
           JOIN tolerance t USING (case_id)
           WHERE c.k = 1 AND c.weights IN ('none', 'one')
             AND abs(driver_r2(s)::float8 - (SELECT regr_r2(y, x[1]) FROM used u WHERE u.case_id = s.case_id)) > t.tol),
          NULL, 'one driver, unweighted: R² equals regr_r2 in every case (to regr_r2''s precision)');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM (
               SELECT case_id, abs(sum(relative_weight) - min(r2)) > 1e-12 OR abs(sum(shapley) - min(r2)) > 1e-12 AS off
               FROM serial_drivers WHERE r2 IS NOT NULL GROUP BY case_id) x WHERE off),
          NULL, 'relative weights and Shapley values add up to R² in every case');

-- rollup of any split equals one pass
CREATE TEMP TABLE thirds AS
SELECT c.case_id, rollup(t.s) AS s
FROM diff.cases c LEFT JOIN (SELECT case_id, driver_stats(y, x, w) AS s FROM diff.rows GROUP BY case_id, i % 3) t USING (case_id)
GROUP BY c.case_id;
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s FULL JOIN thirds t USING (case_id)
           WHERE driver_responses(t.s) IS DISTINCT FROM driver_responses(s.s)
              OR abs(driver_r2(t.s) - driver_r2(s.s)) > 1e-9 OR (driver_r2(t.s) IS NULL) <> (driver_r2(s.s) IS NULL)),
          NULL, 'rollup of three parts equals one pass in every case');

-- The same aggregates under a forced parallel plan (test/tools/parallel.sql):
-- each result materialised by one statement whose own plan must show partial
-- aggregation in two workers with more partial states than groups, so the
-- combine function ran; then compared with the reference.  The rows are
-- shuffled so that every case reaches both workers.
\ir ../tools/parallel.sql
CREATE TABLE diff.shuffled AS SELECT * FROM diff.rows ORDER BY md5(case_id || '/' || i);
CREATE TABLE diff.one_row_summaries AS   -- one stored summary per row, for rollup
SELECT case_id, driver_stats(y, x, w) AS s FROM diff.rows GROUP BY case_id, i ORDER BY md5(i || '/' || case_id);
ANALYZE diff.shuffled, diff.one_row_summaries;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_drivers', $$
    SELECT case_id, driver_stats(y, x, w) AS s, driver_stats(y, x) AS s_unweighted FROM diff.shuffled GROUP BY case_id $$),
    'driver_stats, weighted and not');
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_drivers_rollup', $$
    SELECT case_id, rollup(s) AS s FROM diff.one_row_summaries GROUP BY case_id $$), 'rollup of stored one-row summaries');
-- driven from the reference: a case missing from a parallel result is a mismatch
SELECT is((SELECT array_agg(DISTINCT r.case_id ORDER BY r.case_id) FROM reference r
           LEFT JOIN (SELECT case_id, driver_r2(s) AS r2, d.driver, d.shapley FROM parallel_drivers, key_drivers(s) d) p USING (case_id, driver)
           WHERE p.case_id IS NULL OR (r.r2 IS NULL) <> (p.r2 IS NULL) OR abs(p.r2::float8 - r.r2) > 1e-9
              OR (r.shapley IS NULL) <> (p.shapley IS NULL) OR abs(p.shapley::float8 - r.shapley) > 1e-9),
          NULL, 'parallel weighted R² and Shapley values equal the reference in every case');
SELECT is((SELECT array_agg(DISTINCT r.case_id ORDER BY r.case_id) FROM reference r JOIN diff.cases c USING (case_id)
           LEFT JOIN (SELECT case_id, driver_r2(s_unweighted) AS r2, d.driver, d.shapley FROM parallel_drivers, key_drivers(s_unweighted) d) p
                USING (case_id, driver)
           WHERE c.weights IN ('none', 'one')
             AND (p.case_id IS NULL OR (r.r2 IS NULL) <> (p.r2 IS NULL) OR abs(p.r2::float8 - r.r2) > 1e-9
                  OR (r.shapley IS NULL) <> (p.shapley IS NULL) OR abs(p.shapley::float8 - r.shapley) > 1e-9)),
          NULL, 'parallel unweighted R² and Shapley values equal the reference where every weight is 1');
SELECT is((SELECT array_agg(DISTINCT r.case_id ORDER BY r.case_id) FROM reference r
           LEFT JOIN (SELECT case_id, driver_r2(s) AS r2, d.driver, d.shapley FROM parallel_drivers_rollup, key_drivers(s) d) p USING (case_id, driver)
           WHERE p.case_id IS NULL OR (r.r2 IS NULL) <> (p.r2 IS NULL) OR abs(p.r2::float8 - r.r2) > 1e-9
              OR (r.shapley IS NULL) <> (p.shapley IS NULL) OR abs(p.shapley::float8 - r.shapley) > 1e-9),
          NULL, 'parallel rollup of one-row summaries gives the reference R² and Shapley values in every case');
SELECT is((SELECT array_agg(u.case_id ORDER BY u.case_id)
           FROM (SELECT case_id, count(*) AS n FROM used GROUP BY case_id) u LEFT JOIN parallel_drivers p USING (case_id)
           WHERE driver_responses(p.s) IS DISTINCT FROM u.n),
          NULL, 'parallel rows used equal the reference in every non-empty case');

SELECT * FROM finish();
SELECT coalesce(string_agg(aggregate, ';'), '') AS parallel_verified, 'drivers' AS parallel_file FROM pg_temp.parallel_verified \gset
ROLLBACK;
\ir ../tools/parallel_record.sql
