-- Randomized differential test of the survey metrics: 3,000 random data sets
-- (NULL scores, empty groups, every score, weights from 1e-300 to 1e150),
-- each cxm aggregate compared with a plain-SQL reference computation, under
-- serial and forced parallel plans.  A fixed seed, so a failing case (named
-- by its case_id) reproduces.
BEGIN;
SELECT plan(15);
SELECT setseed(0.20261124);
CREATE SCHEMA diff;   -- regular tables: parallel workers cannot read temporary ones

CREATE TABLE diff.cases AS
SELECT c AS case_id,
       (ARRAY[0, 1, 2, 5, 20, 60, 300])[1 + floor(random() * 7)::int] AS rows,
       random() * random() AS null_share,
       (ARRAY['one', 'uniform', 'tiny', 'huge', 'mixed', 'zeros', 'dyadic'])[1 + floor(random() * 7)::int] AS weights
FROM generate_series(1, 3000) c;

CREATE TABLE diff.answers AS
SELECT case_id, i,
       CASE WHEN random() < null_share THEN NULL ELSE floor(random() * 11)::int END AS score,
       CASE weights WHEN 'one' THEN 1.0
                    WHEN 'uniform' THEN random() * 5
                    WHEN 'tiny' THEN 1e-300 * (1 + random())
                    WHEN 'huge' THEN 1e150 * (1 + random())
                    WHEN 'mixed' THEN CASE WHEN random() < 0.5 THEN 1e-5 ELSE 1e5 END * random()
                    WHEN 'zeros' THEN CASE WHEN random() < 0.7 THEN 0 ELSE 1 END
                    ELSE floor(random() * 8) / 4 END::double precision AS weight,
       random() < 0.5 AS half
FROM diff.cases, LATERAL generate_series(1, rows) i;
ANALYZE diff.cases, diff.answers;

-- exact reference: a / n rounded half up at 16 decimals, in integers
-- (parallel safe, or a query using it would not run in parallel)
CREATE FUNCTION pg_temp.exact(a numeric, n numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN n = 0 THEN NULL ELSE sign(a) * div(2 * abs(a) * 10000000000000000::numeric + n, 2 * n) / 10000000000000000::numeric END
$$;
CREATE FUNCTION pg_temp.close(x numeric, y double precision) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (x IS NULL AND y IS NULL) OR abs(x::double precision - y) <= 1e-9 * greatest(1, abs(y))
$$;

CREATE TEMP TABLE reference AS
SELECT c.case_id,
       pg_temp.exact(100 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)), count(score)) AS nps,
       pg_temp.exact(100 * count(*) FILTER (WHERE score % 5 + 1 >= 4), count(score)) AS csat,
       pg_temp.exact(sum(score % 10 + 1), count(score)) AS ces,
       100 * (coalesce(sum(weight) FILTER (WHERE score >= 9), 0) - coalesce(sum(weight) FILTER (WHERE score <= 6), 0))
           / nullif(sum(weight) FILTER (WHERE score IS NOT NULL), 0) AS nps_w,
       count(score) AS n,
       count(*) FILTER (WHERE score >= 9)::float8 / nullif(count(score), 0) AS p,
       count(*) FILTER (WHERE score <= 6)::float8 / nullif(count(score), 0) AS d
FROM diff.cases c LEFT JOIN diff.answers a USING (case_id)
GROUP BY c.case_id;
CREATE TEMP TABLE reference_counts AS
SELECT c.case_id, format('{"version": 1, "counts": [%s]}', string_agg(coalesce(k.answers, 0)::text, ', ' ORDER BY s)) AS counts_text
FROM diff.cases c CROSS JOIN generate_series(0, 10) s
LEFT JOIN (SELECT case_id, score, count(*) AS answers FROM diff.answers GROUP BY case_id, score) k
       ON k.case_id = c.case_id AND k.score = s
GROUP BY c.case_id;

CREATE TEMP TABLE serial AS
SELECT c.case_id, nps(a.score), csat(a.score % 5 + 1), ces(a.score % 10 + 1), nps(a.score, a.weight) AS nps_w,
       ratings_agg(a.score)::text AS r, ratings_agg(a.score, a.weight)::text AS rw,
       nps_lower(ratings_agg(a.score), 0.95, 'wald') AS wald_lower, nps_upper(ratings_agg(a.score)) AS adj_upper,
       nps_pvalue(ratings_agg(a.score) FILTER (WHERE a.half), ratings_agg(a.score) FILTER (WHERE NOT a.half)) AS p_value
FROM diff.cases c LEFT JOIN diff.answers a USING (case_id)
GROUP BY c.case_id;

CREATE TEMP TABLE halves AS
SELECT case_id, rollup(r)::text AS rolled
FROM (SELECT case_id, ratings_agg(score) AS r FROM diff.answers GROUP BY case_id, half) h
GROUP BY case_id;

SELECT is((SELECT count(*) FROM serial), 3000::bigint, '3,000 random cases');
SELECT cmp_ok((SELECT count(*) FROM diff.cases WHERE rows = 0), '>', 300::bigint, 'hundreds of them are empty');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s JOIN reference r USING (case_id)
           WHERE s.nps IS DISTINCT FROM r.nps), NULL, 'nps equals the exact reference in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s JOIN reference r USING (case_id)
           WHERE s.csat IS DISTINCT FROM r.csat), NULL, 'csat equals the exact reference in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s JOIN reference r USING (case_id)
           WHERE s.ces IS DISTINCT FROM r.ces), NULL, 'ces equals the exact reference in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s JOIN reference r USING (case_id)
           WHERE NOT pg_temp.close(s.nps_w, r.nps_w)), NULL, 'weighted nps matches the float reference (1e-9) in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s JOIN reference_counts r USING (case_id)
           WHERE s.r IS DISTINCT FROM r.counts_text), NULL, 'ratings_agg holds the reference counts in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s JOIN halves h USING (case_id)
           WHERE h.rolled IS DISTINCT FROM s.r), NULL, 'rollup of two halves equals the whole in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial s JOIN reference r USING (case_id)
           WHERE NOT pg_temp.close(s.wald_lower,
                 CASE WHEN r.n > 0 THEN greatest(-100, 100 * ((r.p - r.d) - 1.959963984540054 * sqrt((r.p + r.d - (r.p - r.d) ^ 2) / r.n))) END)),
          NULL, 'the Wald bound matches its formula in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id)
           FROM serial s
           JOIN (SELECT case_id, n, (p * n + 0.75) / (n + 3) AS pa, (d * n + 0.75) / (n + 3) AS da FROM reference) r USING (case_id)
           WHERE NOT pg_temp.close(s.adj_upper,
                 CASE WHEN r.n > 0 THEN least(100, 100 * (pa - da + 1.959963984540054 * sqrt((pa + da - (pa - da) ^ 2) / (r.n + 3)))) END)),
          NULL, 'the adjusted Wald bound matches its formula in every case');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM serial WHERE p_value < 0 OR p_value > 1), NULL,
          'p-values lie in [0, 1]');
SELECT cmp_ok((SELECT count(*) FROM serial WHERE p_value IS NOT NULL), '>', 1000::bigint, 'most cases have two halves to test');

-- the same aggregates under a forced parallel plan equal the serial ones
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END
$$;
CREATE TEMP VIEW compare_parallel AS
SELECT s.case_id,
       s.nps IS NOT DISTINCT FROM p.nps AND s.csat IS NOT DISTINCT FROM p.csat AND s.ces IS NOT DISTINCT FROM p.ces
       AND s.r IS NOT DISTINCT FROM p.r AND pg_temp.close(p.nps_w, s.nps_w::double precision) AS same
FROM serial s
JOIN (SELECT case_id, nps(score), csat(score % 5 + 1), ces(score % 10 + 1), nps(score, weight) AS nps_w, ratings_agg(score)::text AS r
      FROM diff.answers GROUP BY case_id) p USING (case_id);
SELECT matches(pg_temp.plan_of('SELECT * FROM compare_parallel'), 'Partial (Hash|Group)?Aggregate',
               'the comparison runs with partial aggregates in parallel workers');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM compare_parallel WHERE NOT same), NULL,
          'parallel results equal the serial ones in every case');
SELECT cmp_ok((SELECT count(*) FROM compare_parallel), '>', 2500::bigint, 'every non-empty case was compared');

SELECT * FROM finish();
ROLLBACK;
