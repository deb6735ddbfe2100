-- Randomized differential test of the survey metrics: 3,000 random data sets
-- (NULL scores, empty groups, every score, weights from 1e-300 to 1e150),
-- each cxm aggregate compared with a plain-SQL reference computation, under
-- serial and forced parallel plans.  A fixed seed, so a failing case (named
-- by its case_id) reproduces.
BEGIN;
SELECT plan(21);
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
-- x and y agree to 1e-9 (relative); a NULL agrees only with a NULL, so a
-- NULL from cxm cannot make a comparison vanish
CREATE FUNCTION pg_temp.close(x numeric, y double precision) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN x IS NULL OR y IS NULL THEN x IS NULL AND y IS NULL
                ELSE abs(x::double precision - y) <= 1e-9 * greatest(1, abs(y)) END
$$;
-- the upper tail of the standard normal distribution, written out: the
-- Taylor series of erf below 3, the continued fraction of erfc above
-- (Abramowitz & Stegun 7.1.5 and 7.1.14), to about 1e-13
CREATE FUNCTION pg_temp.normal_upper_tail(z double precision) RETURNS double precision LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    x double precision := abs(z) / sqrt(2.0);
    term double precision;
    total double precision := 0;
    fraction double precision := 0;
    k integer;
BEGIN
    IF x < 3 THEN
        term := x;                       -- x^(2k+1) (-1)^k / k!
        FOR k IN 0 .. 200 LOOP
            total := total + term / (2 * k + 1);
            term := -term * x * x / (k + 1);
            EXIT WHEN abs(term) < 1e-18;
        END LOOP;
        total := 0.5 * (1 - 2 / sqrt(pi()) * total);
    ELSE
        FOR k IN REVERSE 120 .. 1 LOOP   -- erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
            fraction := (k / 2.0) / (x + fraction);
        END LOOP;
        total := 0.5 * exp(-x * x) / sqrt(pi()) / (x + fraction);
    END IF;
    RETURN CASE WHEN z >= 0 THEN total ELSE 1 - total END;
END
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
       count(*) FILTER (WHERE score <= 6)::float8 / nullif(count(score), 0) AS d,
       count(*) FILTER (WHERE score >= 7)::float8 / nullif(count(score), 0) AS top,
       pg_temp.exact(10 * sum(score), count(score)) AS loyalty,
       100 * coalesce(sum(weight) FILTER (WHERE score % 5 + 1 >= 4), 0) / nullif(sum(weight) FILTER (WHERE score IS NOT NULL), 0) AS csat_w,
       sum(weight * (score % 10 + 1)) / nullif(sum(weight) FILTER (WHERE score IS NOT NULL), 0) AS ces_w,
       10 * sum(weight * score) / nullif(sum(weight) FILTER (WHERE score IS NOT NULL), 0) AS loyalty_w,
       coalesce(sum(weight) FILTER (WHERE score IS NOT NULL), 0) AS total_w,
       -- the two halves nps_pvalue compares: answers, promoters, detractors
       count(score) FILTER (WHERE half) AS n_a, count(*) FILTER (WHERE half AND score >= 9) AS p_a,
       count(*) FILTER (WHERE half AND score <= 6) AS d_a,
       count(score) FILTER (WHERE NOT half) AS n_b, count(*) FILTER (WHERE NOT half AND score >= 9) AS p_b,
       count(*) FILTER (WHERE NOT half AND score <= 6) AS d_b
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
       nps_pvalue(ratings_agg(a.score) FILTER (WHERE a.half), ratings_agg(a.score) FILTER (WHERE NOT a.half)) AS p_value,
       loyalty_index(ratings_agg(a.score)) AS loyalty,
       csat_lower(ratings_agg(a.score), 0.9, 7) AS wilson_lower, csat_upper(ratings_agg(a.score), 0.9, 7) AS wilson_upper
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
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM reference r LEFT JOIN serial s USING (case_id)
           WHERE s.loyalty IS DISTINCT FROM r.loyalty), NULL, 'loyalty_index of a summary equals 10 x the mean score, exactly, in every case');
-- Wilson's score interval of the share scoring 7 or more, 90%:
-- (p + z^2/2n -/+ z sqrt(p(1 - p)/n + z^2/4n^2)) / (1 + z^2/n), in percent
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM reference r LEFT JOIN serial s USING (case_id),
                  LATERAL (SELECT 1.6448536269514722::float8 AS z) q
           WHERE NOT (pg_temp.close(s.wilson_lower, CASE WHEN r.n > 0 THEN 100 * (r.top + z * z / (2 * r.n)
                                                         - z * sqrt(r.top * (1 - r.top) / r.n + z * z / (4.0 * r.n * r.n))) / (1 + z * z / r.n) END)
                      AND pg_temp.close(s.wilson_upper, CASE WHEN r.n > 0 THEN 100 * (r.top + z * z / (2 * r.n)
                                                         + z * sqrt(r.top * (1 - r.top) / r.n + z * z / (4.0 * r.n * r.n))) / (1 + z * z / r.n) END))),
          NULL, 'csat_lower and csat_upper with satisfied_min 7 equal the Wilson interval written out, in every case');
-- MeasuringU's test (cx-metrics.md, "Comparing two NPS values"): adjust each
-- half by 3/4 promoter, 3/4 detractor and 3/2 passives, z = difference of
-- the adjusted NPS over its standard error, two-sided normal p-value
SELECT is((SELECT array_agg(case_id ORDER BY case_id)
           FROM (SELECT case_id, n_a, n_b, pa - da - (pb - db) AS diff,
                        sqrt((pa + da - (pa - da) ^ 2) / (n_a + 3) + (pb + db - (pb - db) ^ 2) / (n_b + 3)) AS se
                 FROM (SELECT case_id, n_a, n_b, (p_a + 0.75) / (n_a + 3.0) AS pa, (d_a + 0.75) / (n_a + 3.0) AS da,
                              (p_b + 0.75) / (n_b + 3.0) AS pb, (d_b + 0.75) / (n_b + 3.0) AS db
                       FROM reference) x) r
           LEFT JOIN serial s USING (case_id)
           WHERE CASE WHEN r.n_a = 0 OR r.n_b = 0 THEN s.p_value IS NOT NULL
                      ELSE s.p_value IS NULL
                           OR abs(s.p_value - 2 * pg_temp.normal_upper_tail(abs(r.diff) / r.se)) > 1e-12 + 1e-9 * s.p_value END),
          NULL, 'nps_pvalue equals the adjusted-Wald z test written out, in every case (NULL when a half is empty)');
SELECT cmp_ok((SELECT count(*) FROM serial WHERE p_value IS NOT NULL), '>', 1000::bigint, 'most cases have two halves to test');
SELECT cmp_ok((SELECT count(*) FROM serial WHERE p_value > 0.001 AND p_value < 0.999), '>', 500::bigint,
              'hundreds of p-values lie strictly between 0 and 1');

-- The same aggregates under a forced parallel plan: every survey aggregate
-- (each score type, weighted and not, and rollup) in one statement,
-- materialised, whose own plan must show partial aggregation in parallel
-- workers; then each value is compared with the reference and the serial
-- result.  The rows are shuffled so that every case is spread over the
-- whole table and reaches both workers.
\ir ../tools/parallel.sql
CREATE TABLE diff.shuffled AS
SELECT case_id, score, score::smallint AS s2, score::bigint AS s8, score::numeric AS sn, weight
FROM diff.answers ORDER BY md5(case_id || '/' || i);
CREATE TABLE diff.summaries AS   -- one stored summary per answer, for rollup
SELECT case_id, ratings_agg(score) AS r FROM diff.answers GROUP BY case_id, i ORDER BY md5(i || '/' || case_id);
ANALYZE diff.shuffled, diff.summaries;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_survey', $$
    SELECT case_id,
           nps(score) AS nps_4, nps(s2) AS nps_2, nps(s8) AS nps_8, nps(sn) AS nps_n,
           nps(score, weight) AS nps_w4, nps(s2, weight) AS nps_w2, nps(s8, weight) AS nps_w8, nps(sn, weight) AS nps_wn,
           enps(score) AS enps_4, enps(s2) AS enps_2, enps(s8) AS enps_8, enps(sn) AS enps_n,
           enps(score, weight) AS enps_w4, enps(s2, weight) AS enps_w2, enps(s8, weight) AS enps_w8, enps(sn, weight) AS enps_wn,
           csat(score % 5 + 1) AS csat_4, csat((s2 % 5 + 1)::smallint) AS csat_2, csat(s8 % 5 + 1) AS csat_8, csat(sn % 5 + 1) AS csat_n,
           csat(score % 5 + 1, weight) AS csat_w4, csat((s2 % 5 + 1)::smallint, weight) AS csat_w2,
           csat(s8 % 5 + 1, weight) AS csat_w8, csat(sn % 5 + 1, weight) AS csat_wn,
           ces(score % 10 + 1) AS ces_4, ces((s2 % 10 + 1)::smallint) AS ces_2, ces(s8 % 10 + 1) AS ces_8, ces(sn % 10 + 1) AS ces_n,
           ces(score % 10 + 1, weight) AS ces_w4, ces((s2 % 10 + 1)::smallint, weight) AS ces_w2,
           ces(s8 % 10 + 1, weight) AS ces_w8, ces(sn % 10 + 1, weight) AS ces_wn,
           loyalty_index(score) AS li_4, loyalty_index(s2) AS li_2, loyalty_index(s8) AS li_8, loyalty_index(sn) AS li_n,
           loyalty_index(score, weight) AS li_w4, loyalty_index(s2, weight) AS li_w2,
           loyalty_index(s8, weight) AS li_w8, loyalty_index(sn, weight) AS li_wn,
           ratings_agg(score)::text AS r_4, ratings_agg(s2)::text AS r_2, ratings_agg(s8)::text AS r_8, ratings_agg(sn)::text AS r_n,
           ratings_agg(score, weight) AS r_w4, ratings_agg(s2, weight) AS r_w2, ratings_agg(s8, weight) AS r_w8, ratings_agg(sn, weight) AS r_wn
    FROM diff.shuffled GROUP BY case_id $$), 'every survey aggregate, each score type, weighted and not');
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_rollup', $$
    SELECT case_id, rollup(r)::text AS rolled FROM diff.summaries GROUP BY case_id $$), 'rollup of stored summaries');

-- per case, each aggregate that differs from its reference (driven from the
-- reference: a case missing from the parallel result is a mismatch too)
CREATE TEMP VIEW parallel_mismatches AS
SELECT r.case_id, x.aggregate
FROM reference r JOIN diff.cases c USING (case_id)
LEFT JOIN parallel_survey p USING (case_id)
LEFT JOIN reference_counts k USING (case_id),
LATERAL (VALUES ('(missing)', p.case_id IS NULL),
                ('nps', (p.nps_4, p.nps_2, p.nps_8, p.nps_n) IS DISTINCT FROM (r.nps, r.nps, r.nps, r.nps)),
                ('enps', (p.enps_4, p.enps_2, p.enps_8, p.enps_n) IS DISTINCT FROM (r.nps, r.nps, r.nps, r.nps)),
                ('csat', (p.csat_4, p.csat_2, p.csat_8, p.csat_n) IS DISTINCT FROM (r.csat, r.csat, r.csat, r.csat)),
                ('ces', (p.ces_4, p.ces_2, p.ces_8, p.ces_n) IS DISTINCT FROM (r.ces, r.ces, r.ces, r.ces)),
                ('loyalty_index', (p.li_4, p.li_2, p.li_8, p.li_n) IS DISTINCT FROM (r.loyalty, r.loyalty, r.loyalty, r.loyalty)),
                ('ratings_agg', (p.r_4, p.r_2, p.r_8, p.r_n) IS DISTINCT FROM (k.counts_text, k.counts_text, k.counts_text, k.counts_text)),
                ('weighted nps', NOT (pg_temp.close(p.nps_w4, r.nps_w) AND pg_temp.close(p.nps_w2, r.nps_w)
                                      AND pg_temp.close(p.nps_w8, r.nps_w) AND pg_temp.close(p.nps_wn, r.nps_w))),
                ('weighted enps', NOT (pg_temp.close(p.enps_w4, r.nps_w) AND pg_temp.close(p.enps_w2, r.nps_w)
                                       AND pg_temp.close(p.enps_w8, r.nps_w) AND pg_temp.close(p.enps_wn, r.nps_w))),
                ('weighted csat', NOT (pg_temp.close(p.csat_w4, r.csat_w) AND pg_temp.close(p.csat_w2, r.csat_w)
                                       AND pg_temp.close(p.csat_w8, r.csat_w) AND pg_temp.close(p.csat_wn, r.csat_w))),
                ('weighted ces', NOT (pg_temp.close(p.ces_w4, r.ces_w) AND pg_temp.close(p.ces_w2, r.ces_w)
                                      AND pg_temp.close(p.ces_w8, r.ces_w) AND pg_temp.close(p.ces_wn, r.ces_w))),
                ('weighted loyalty_index', NOT (pg_temp.close(p.li_w4, r.loyalty_w) AND pg_temp.close(p.li_w2, r.loyalty_w)
                                                AND pg_temp.close(p.li_w8, r.loyalty_w) AND pg_temp.close(p.li_wn, r.loyalty_w))),
                -- weighted summaries: the counts, and the total weight to 1e-9
                ('weighted ratings_agg', (p.r_w4::text::jsonb -> 'counts', p.r_w2::text::jsonb -> 'counts',
                                          p.r_w8::text::jsonb -> 'counts', p.r_wn::text::jsonb -> 'counts')
                                         IS DISTINCT FROM (k.counts_text::jsonb -> 'counts', k.counts_text::jsonb -> 'counts',
                                                           k.counts_text::jsonb -> 'counts', k.counts_text::jsonb -> 'counts')
                                         OR NOT (pg_temp.close(total_weight(p.r_w4), r.total_w) AND pg_temp.close(total_weight(p.r_w2), r.total_w)
                                                 AND pg_temp.close(total_weight(p.r_w8), r.total_w) AND pg_temp.close(total_weight(p.r_wn), r.total_w))))
       x(aggregate, bad)
WHERE c.rows > 0 AND x.bad;
SELECT is((SELECT array_agg(format('%s %s', case_id, aggregate) ORDER BY case_id, aggregate) FROM parallel_mismatches), NULL,
          'parallel results equal the references, every aggregate in every case');
SELECT is((SELECT array_agg(r.case_id ORDER BY r.case_id) FROM reference_counts r JOIN diff.cases c USING (case_id)
           LEFT JOIN parallel_rollup p USING (case_id)
           WHERE c.rows > 0 AND p.rolled IS DISTINCT FROM r.counts_text), NULL,
          'parallel rollup of one-answer summaries holds the reference counts in every case');
SELECT is((SELECT array_agg(s.case_id ORDER BY s.case_id) FROM serial s JOIN diff.cases c USING (case_id)
           LEFT JOIN parallel_survey p USING (case_id)
           WHERE c.rows > 0 AND ((s.nps, s.csat, s.ces, s.r) IS DISTINCT FROM (p.nps_4, p.csat_4, p.ces_4, p.r_4)
                                 OR NOT pg_temp.close(p.nps_w4, s.nps_w::double precision))), NULL,
          'parallel results equal the serial ones in every case');
SELECT cmp_ok((SELECT count(*) FROM parallel_survey), '>', 2500::bigint, 'every non-empty case was compared');

SELECT * FROM finish();
SELECT coalesce(string_agg(aggregate, ';'), '') AS parallel_verified, 'ratings' AS parallel_file FROM pg_temp.parallel_verified \gset
ROLLBACK;
\ir ../tools/parallel_record.sql
