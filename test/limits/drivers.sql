-- Huge inputs: one group of 10 million rows into driver_stats; 64 drivers;
-- cancel stops key_drivers' subset search and a long aggregate promptly.
BEGIN;
SELECT plan(5);

-- R² of two drivers from corr() in the same pass: (r1² + r2² - 2 r1 r2 r12) / (1 - r12²)
CREATE TEMP TABLE big AS
SELECT driver_stats(y, ARRAY[a, b]) AS s, corr(y, a) AS r1, corr(y, b) AS r2, corr(a, b) AS r12
FROM (SELECT (i % 11 + i % 13 * 0.5 + (i * 7) % 5)::float8 AS y, (i % 13)::float8 AS a, ((i * 7) % 5 + i % 3)::float8 AS b
      FROM generate_series(1, 10000000) i) g;
SELECT ok(abs(driver_r2(s) - ((r1 ^ 2 + r2 ^ 2 - 2 * r1 * r2 * r12) / (1 - r12 ^ 2))::numeric) < 1e-9 AND driver_responses(s) = 10000000,
          'driver_stats over one group of 10 million rows: R² as corr() gives it')
FROM big;

SELECT setseed(0.12);
CREATE TEMP TABLE wide AS
SELECT driver_stats(y + x[3] + 2 * x[40], x) AS s
FROM (SELECT i, (i * 31 % 17)::float8 AS y, ARRAY(SELECT random() + (i % 10) * (j % 3) * 0.1 FROM generate_series(1, 64) j WHERE i > 0) AS x
      FROM generate_series(1, 5000) i) d;
SELECT ok((SELECT count(*) = 64 AND abs(sum(relative_weight) - driver_r2((SELECT s FROM wide))) < 1e-12 AND bool_and(shapley IS NULL)
           FROM key_drivers((SELECT s FROM wide))), '64 drivers: relative weights add up to R², no Shapley values');
SELECT throws_ok($$SELECT driver_stats(1, array_fill(1.0::float8, ARRAY[65]))$$, '22023', 'driver_stats takes 1 to 64 drivers, not 65',
                 '65 drivers are refused');

-- cancel: the time is spent inside cxm, on input already stored
CREATE TEMP TABLE twenty AS
SELECT k, driver_stats(y, x) AS s
FROM (SELECT k, i, (i * 31 % 17 + k)::float8 AS y,
             ARRAY(SELECT random() + (i % 10) * (j % 3) * 0.1 FROM generate_series(1, 20) j WHERE i > 0) AS x
      FROM generate_series(1, 40) k, generate_series(1, 200) i) d
GROUP BY k;
CREATE TEMP TABLE rows_20 AS
SELECT (i * 31 % 17)::float8 AS y, ARRAY(SELECT random() FROM generate_series(1, 20) j WHERE i > 0) AS x
FROM generate_series(1, 300000) i;
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
SET LOCAL jit = off;   -- compiling the plan takes a quarter of a second that no timeout can interrupt
SET LOCAL statement_timeout = '300ms';
SELECT cmp_ok(pg_temp.cancel_latency('SELECT count(*) FROM twenty, key_drivers(s)'), '<', 1.3::double precision,
              'statement_timeout stops 40 exact Shapley decompositions of 20 drivers within a second of it');
SELECT cmp_ok(pg_temp.cancel_latency('SELECT driver_stats(y, x) FROM rows_20, generate_series(1, 100)'), '<', 1.3::double precision,
              'and driver_stats over 30 million stored rows of 20 drivers');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
