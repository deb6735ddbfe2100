-- ratings: NPS, CSAT, CES, the ratings summary, intervals and tests.
-- Errors are followed by their SQLSTATE.
\set SHOW_CONTEXT never
SET extra_float_digits = 0;

CREATE TABLE answers (
    id integer PRIMARY KEY,
    channel text NOT NULL,
    day date NOT NULL,
    nps_score integer,
    csat_score smallint,
    ces_score bigint,
    weight double precision
);

-- 100 answers: 88 promoters, 4 passives, 8 detractors (the seed example)
INSERT INTO answers
SELECT i,
       CASE WHEN i % 2 = 0 THEN 'web' ELSE 'app' END,
       date '2026-01-01' + (i % 5),
       CASE WHEN i <= 44 THEN 9 WHEN i <= 88 THEN 10 WHEN i <= 92 THEN 7 + i % 2 ELSE i % 7 END,
       CASE WHEN i <= 37 THEN 4 + i % 2 WHEN i <= 50 THEN 1 + i % 3 END,
       CASE WHEN i <= 5 THEN (ARRAY[10, 10, 8, 6, 9])[i] END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 0.5 + (i % 4) END
FROM generate_series(1, 100) i;

-- 1. one-step aggregates: the seed examples
SELECT nps(nps_score) FROM answers;                      -- 80
SELECT csat(csat_score) FROM answers;                    -- 37 of 50 satisfied: 74
SELECT ces(ces_score) FROM answers;                      -- 10, 10, 8, 6, 9: 8.6
SELECT round(nps(nps_score), 1) AS rounded FROM answers; -- plain numeric
SELECT pg_typeof(nps(nps_score)), pg_typeof(csat(csat_score)), pg_typeof(ces(ces_score)) FROM answers;

-- every score type
SELECT nps(nps_score::smallint) AS int2, nps(nps_score::bigint) AS int8,
       nps(nps_score::numeric) AS numeric, nps(nps_score::numeric(4,2)) AS numeric_scaled
FROM answers;
SELECT csat(csat_score::integer), csat(csat_score::numeric), ces(ces_score::smallint), ces(ces_score::numeric)
FROM answers;

-- per group, NULLs ignored
SELECT channel, nps(nps_score), csat(csat_score), ces(ces_score), count(ces_score) AS ces_answers
FROM answers GROUP BY channel ORDER BY channel;

-- non-terminating fractions: 16 decimals, rounded half up
SELECT nps(s) FROM (VALUES (9), (7), (7)) v(s);
SELECT nps(s) FROM (VALUES (0), (0), (7)) v(s);

-- NULL scores are ignored; a group without a valid answer gives NULL
SELECT nps(s) FROM (VALUES (10), (NULL), (0)) v(s);
SELECT nps(s), csat(s), ces(s) FROM (VALUES (NULL::integer)) v(s);
SELECT nps(nps_score), csat(csat_score), ces(ces_score) FROM answers WHERE false;

-- 2. weighted forms: a NULL weight skips the row
SELECT nps(s, w) FROM (VALUES (10, 3.0), (0, 1.0), (8, 0.0), (0, NULL)) v(s, w);   -- (3 - 1) / 4 = 50
SELECT csat(s, w) FROM (VALUES (5, 1.5), (1, 0.5)) v(s, w);                           -- 75
SELECT ces(s, w) FROM (VALUES (2, 1), (7, 4)) v(s, w);                                -- 6
SELECT nps(nps_score, weight), csat(csat_score, weight), ces(ces_score, weight) FROM answers;
SELECT nps(s, w) FROM (VALUES (10, 0.0)) v(s, w);                                    -- total weight 0: NULL

-- 3. bad input: named value, valid range, SQLSTATE 22003
SELECT nps(11);
\echo :LAST_ERROR_SQLSTATE
SELECT nps(-1::smallint);
\echo :LAST_ERROR_SQLSTATE
SELECT nps(9999999999::bigint);
\echo :LAST_ERROR_SQLSTATE
SELECT nps(7.5);
\echo :LAST_ERROR_SQLSTATE
SELECT nps(10.5);
\echo :LAST_ERROR_SQLSTATE
SELECT nps('NaN'::numeric);
\echo :LAST_ERROR_SQLSTATE
SELECT csat(0);
\echo :LAST_ERROR_SQLSTATE
SELECT csat(6);
\echo :LAST_ERROR_SQLSTATE
SELECT ces(0);
\echo :LAST_ERROR_SQLSTATE
SELECT ces(11::bigint);
\echo :LAST_ERROR_SQLSTATE
SELECT ratings_agg(12);
\echo :LAST_ERROR_SQLSTATE
SELECT nps(9, -1);
\echo :LAST_ERROR_SQLSTATE
SELECT nps(9, 'NaN');
\echo :LAST_ERROR_SQLSTATE
SELECT csat(4, 'Infinity');
\echo :LAST_ERROR_SQLSTATE
-- weights up to the largest double are fine: their sums are kept at a scale
SELECT nps(9, 1e200) FROM generate_series(1, 2);

-- 4. nps_category
SELECT s, nps_category(s) FROM generate_series(0, 10) s WHERE s IN (0, 6, 7, 8, 9, 10);
SELECT nps_category(9::smallint), nps_category(7::bigint), nps_category(3.0), pg_typeof(nps_category(3));
SELECT nps_category(s) AS category, count(*) FROM answers, LATERAL (SELECT nps_score) x(s)
GROUP BY 1 ORDER BY 1;
SELECT nps_category(11);
\echo :LAST_ERROR_SQLSTATE

-- 5. the ratings summary and its accessors
SELECT ratings_agg(nps_score) FROM answers;
SELECT r, nps(r), responses(r), promoters(r), passives(r), detractors(r), responses(r, 7, 8) AS sevens_eights,
       total_weight(r), effective_responses(r), is_weighted(r)
FROM (SELECT ratings_agg(nps_score) AS r FROM answers) s;
SELECT csat(r), csat(r, 4) AS csat_4_of_10, csat(r, 9) AS top_two_box FROM (SELECT ratings_agg(csat_score) AS r FROM answers) s;
SELECT ratings_agg(s, w) FROM (VALUES (10, 3.0), (0, 1.0), (8, 0.0), (0, NULL)) v(s, w);
SELECT nps(r), responses(r), total_weight(r), effective_responses(r), is_weighted(r)
FROM (SELECT ratings_agg(nps_score, weight) AS r FROM answers) s;
SELECT ratings_agg(s) IS NULL AS is_null, responses(ratings_agg(s)), nps(ratings_agg(s))
FROM (VALUES (NULL::integer)) v(s);

-- csat(r) and ces(r) check the scale of what the summary holds
SELECT csat(ratings_agg(s)) FROM (VALUES (9)) v(s);
\echo :LAST_ERROR_SQLSTATE
SELECT ces(ratings_agg(s)) FROM (VALUES (0)) v(s);
\echo :LAST_ERROR_SQLSTATE
SELECT csat(ratings_agg(s), 11) FROM (VALUES (9)) v(s);
\echo :LAST_ERROR_SQLSTATE

-- 6. roll-up: daily summaries merged give exactly what the raw rows give
CREATE TABLE daily AS
SELECT day, channel, ratings_agg(nps_score) AS r, ratings_agg(nps_score, weight) AS rw
FROM answers GROUP BY day, channel;
SELECT (SELECT rollup(r)::text FROM daily) = (SELECT ratings_agg(nps_score)::text FROM answers) AS rollup_equals_raw,
       (SELECT nps(rollup(rw)) FROM daily) = (SELECT nps(nps_score, weight) FROM answers) AS weighted_equal;
SELECT channel, nps(rollup(r)) AS rolled_up, sum(responses(r)) AS answers
FROM daily GROUP BY channel ORDER BY channel;
-- the pitfall from the brief: n=10 NPS 80 and n=100 NPS -30 pool to -20, not 25
CREATE TABLE groups AS
SELECT 'A' AS name, ratings_agg(s) AS r FROM (SELECT CASE WHEN i <= 8 THEN 10 ELSE 7 END FROM generate_series(1, 10) i) x(s)
UNION ALL
SELECT 'B', ratings_agg(s) FROM (SELECT CASE WHEN i <= 20 THEN 10 WHEN i <= 50 THEN 7 ELSE 0 END FROM generate_series(1, 100) i) x(s);
SELECT name, nps(r), responses(r) FROM groups ORDER BY name;
SELECT avg(nps(r)) AS averaged_wrong, nps(rollup(r)) AS pooled FROM groups;
-- mixing weighted and unweighted summaries: unweighted answers weigh 1
SELECT rollup(x) FROM (SELECT ratings_agg(9) UNION ALL SELECT ratings_agg(0, 2)) v(x);
-- rollup over no summaries is an empty summary, like ratings_agg over no rows
SELECT rollup(x), responses(rollup(x)), nps(rollup(x)) FROM (VALUES (NULL::ratings)) v(x);
SELECT ratings_combine(ratings_agg(9), ratings_agg(0)) FROM (VALUES (1)) v(i);

-- 7. text form: round trip, whitespace and key order, rejections
SELECT r::text::ratings::text = r::text AS round_trip FROM daily ORDER BY day, channel LIMIT 3;
SELECT bool_and(rw::text::ratings::text = rw::text) AS weighted_round_trip FROM daily;
SELECT ' { "counts" : [0,0,0,0,0,0,0,0,0,2,1] , "version":1 } '::ratings;
SELECT '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.010000000000000002]}'::ratings;
SELECT ''::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 1, "counts": [0, 0, 0]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 3, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 2, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}'::ratings;   -- version 2 carries a scale
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -4]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 99999999999999999999]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 1, "counts": [9223372036854775807, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "colour": "red"}'::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 1, "counts": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
-- sums that no weights give: sum w^2 above (sum w)^2, or below (sum w)^2 / n
SELECT '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]}'::ratings;
\echo :LAST_ERROR_SQLSTATE
-- weights of any size: the sums are kept in units of 2^scale (version 2 when the scale is not 0)
SELECT ratings_agg(s, w) FROM (VALUES (10, 1e300), (10, 1e300), (0, 1e299)) v(s, w);
SELECT ratings_agg(s, w) FROM (VALUES (10, 1e-300), (0, 3e-300)) v(s, w);
SELECT r::text::ratings::text = r::text AS round_trip, nps(r), effective_responses(r), total_weight(r)::float8
FROM (SELECT ratings_agg(s, w) AS r FROM (VALUES (10, 1e300), (10, 1e300), (0, 1e299)) v(s, w)) x;

-- 8. binary form: send, and recv through binary COPY (every byte validated)
SELECT ratings_send(ratings_agg(s)) FROM (VALUES (9), (10), (0)) v(s);
SELECT ratings_send(ratings_agg(s, 0.5)) FROM (VALUES (9)) v(s);
CREATE FUNCTION pg_temp.copy_binary_file(payload bytea) RETURNS bytea LANGUAGE sql AS $$
    SELECT '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
        || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea
$$;
CREATE TEMP TABLE received (r ratings);
CREATE FUNCTION pg_temp.recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    path text := '/tmp/cxm_regress_ratings_' || pg_backend_pid() || '.bin';
    loid oid;
    result text;
    detail text;
BEGIN
    loid := lo_from_bytea(0, pg_temp.copy_binary_file(payload));
    PERFORM lo_export(loid, path);
    PERFORM lo_unlink(loid);
    TRUNCATE received;
    BEGIN
        EXECUTE format('COPY received FROM %L WITH (FORMAT binary)', path);
        SELECT r::text INTO result FROM received;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
        result := SQLSTATE || ': ' || SQLERRM || ' (' || detail || ')';
    END;
    RETURN result;
END
$$;
SELECT pg_temp.recv(ratings_send(ratings_agg(s))) FROM (VALUES (9), (10), (0)) v(s);
SELECT pg_temp.recv(ratings_send(ratings_agg(s, 0.25))) FROM (VALUES (3)) v(s);
SELECT pg_temp.recv('\x01010000' || decode(repeat('00', 88), 'hex'));   -- flags say weighted, but only counts follow
SELECT pg_temp.recv('\x010000');                       -- truncated header
SELECT pg_temp.recv('\x03000000' || decode(repeat('00', 88), 'hex'));   -- unknown version
SELECT pg_temp.recv('\x01000001' || decode(repeat('00', 88), 'hex'));   -- reserved bits set
SELECT pg_temp.recv('\x01040000' || decode(repeat('00', 88), 'hex'));   -- unknown flag
SELECT pg_temp.recv('\x01000000' || decode(repeat('00', 80), 'hex'));   -- too short
SELECT pg_temp.recv('\x01000000' || decode(repeat('00', 96), 'hex'));   -- too long
SELECT pg_temp.recv('\x01000000' || decode('ffffffffffffffff' || repeat('00', 80), 'hex'));    -- negative count
SELECT pg_temp.recv('\x01000000' || decode('7fffffffffffffff' || '0000000000000001' || repeat('00', 72), 'hex')); -- overflowing total
SELECT pg_temp.recv('\x01010000' || decode('0000000000000001' || repeat('00', 80) || '7ff8000000000000' || repeat('00', 80) || '3ff0000000000000' || repeat('00', 80), 'hex')); -- NaN weight
SELECT pg_temp.recv('\x01010000' || decode('0000000000000001' || repeat('00', 80) || '3ff0000000000000' || repeat('00', 80) || '3ff0000000000000' || repeat('00', 80), 'hex')); -- valid weighted
SELECT pg_temp.recv('\x01010000' || decode(repeat('00', 80) || '0000000000000001' || repeat('00', 80) || '3ff0000000000000' || repeat('00', 80) || '4010000000000000', 'hex')); -- sum w^2 > (sum w)^2
SELECT pg_temp.recv('\x01010000' || decode(repeat('00', 80) || '0000000000000002' || repeat('00', 80) || '4000000000000000' || repeat('00', 80) || '3ff0000000000000', 'hex')); -- sum w^2 < (sum w)^2 / n
SELECT pg_temp.recv('\x01010000' || decode(repeat('00', 32) || '4000000000000000' || '3fffffffffffffff' || repeat('00', 40) || repeat('00', 32) || '7fe1ccf385ebc8a0' || '7fe1ccf385ebc8a0' || repeat('00', 40) || repeat('00', 32) || '7fe1ccf385ebc8a0' || '7fe1ccf385ebc8a0' || repeat('00', 40), 'hex')); -- weights adding up past the range
SELECT pg_temp.recv('\x02010200' || decode(repeat('00', 80) || '0000000000000001' || repeat('00', 80) || '3ff0000000000000' || repeat('00', 80) || '3ff0000000000000', 'hex')); -- version 2, scale 512
SELECT pg_temp.recv('\x02000200' || decode(repeat('00', 88), 'hex'));   -- version 2 unweighted
SELECT pg_temp.recv('\x02010064' || decode(repeat('00', 80) || '0000000000000001' || repeat('00', 80) || '3ff0000000000000' || repeat('00', 80) || '3ff0000000000000', 'hex')); -- scale 100

-- 9. intervals: exact quantiles, three NPS methods, clipping
CREATE TABLE big AS
SELECT CASE WHEN i <= 250 THEN 10 WHEN i <= 325 THEN 3 ELSE 8 END AS s FROM generate_series(1, 1000) i;
SELECT round(nps(r), 4) AS nps,
       round(nps_lower(r, 0.95, 'wald'), 4) AS wald_lower, round(nps_upper(r, 0.95, 'wald'), 4) AS wald_upper,
       round(nps_lower(r), 4) AS adj_lower, round(nps_upper(r), 4) AS adj_upper, round(nps_moe(r), 4) AS adj_moe,
       round(nps_lower(r, 0.95, 'score'), 4) AS score_lower, round(nps_upper(r, 0.95, 'score'), 4) AS score_upper
FROM (SELECT ratings_agg(s) AS r FROM big) x;
SELECT round(nps_moe(r, 0.90), 4) AS moe90, round(nps_moe(r, 0.99), 4) AS moe99 FROM (SELECT ratings_agg(s) AS r FROM big) x;
-- small samples: Wald goes past 100 and is clipped; all promoters
SELECT nps_upper(r, 0.95, 'wald') AS clipped, round(nps_moe(r, 0.95, 'wald'), 4) AS wald_moe
FROM (SELECT ratings_agg(s) AS r FROM (SELECT CASE WHEN i <= 9 THEN 9 ELSE 0 END FROM generate_series(1, 11) i) v(s)) x;
SELECT nps_lower(r, 0.95, 'wald') AS wald_lower, nps_upper(r, 0.95, 'wald') AS wald_upper,
       round(nps_lower(r, 0.95, 'score'), 4) AS score_lower, nps_upper(r, 0.95, 'score') AS score_upper,
       round(nps_lower(r), 4) AS adjusted_lower
FROM (SELECT ratings_agg(10) AS r) x;
SELECT round(csat_lower(r), 4) AS wilson_lower, round(csat_upper(r), 4) AS wilson_upper,
       round(csat_lower(r, 0.95, 4), 4) AS same_via_threshold
FROM (SELECT ratings_agg(csat_score) AS r FROM answers) x;
-- Wilson's bounds at the ends of the scale are exact: none satisfied of 5 gives 0
-- (centre = half = (z^2/2n)/(1 + z^2/n)), all of 3 gives 100 (was 2.8e-15 and 99.99999999999999)
SELECT csat_lower(r) AS none_satisfied_lower, csat_upper(r2, 0.5) AS all_satisfied_upper
FROM (SELECT ratings_agg(s) AS r FROM (VALUES (1), (2), (3), (1), (2)) v(s)) x,
     (SELECT ratings_agg(5) AS r2 FROM generate_series(1, 3)) y;
SELECT round(ces_lower(r), 4) AS t_lower, ces_upper(r) AS t_upper_clipped, round(ces_lower(r, 0.5), 4) AS t50_lower,
       round(ces_upper(r, 0.5), 4) AS t50_upper
FROM (SELECT ratings_agg(ces_score) AS r FROM answers) x;
SELECT nps_lower(ratings_agg(s)), csat_lower(ratings_agg(s)), ces_lower(ratings_agg(s)) FROM (VALUES (NULL::int)) v(s);
SELECT ces_lower(ratings_agg(5)) AS one_answer_no_t_interval;
-- weighted intervals use Kish's effective sample size
SELECT round(nps(r), 4), round(effective_responses(r), 4), round(nps_lower(r), 4), round(nps_upper(r), 4)
FROM (SELECT ratings_agg(nps_score, weight) AS r FROM answers) x;
-- bad parameters
SELECT nps_lower(ratings_agg(9), 95);
\echo :LAST_ERROR_SQLSTATE
SELECT nps_moe(ratings_agg(9), 0.95, 'bootstrap');
\echo :LAST_ERROR_SQLSTATE
SELECT csat_upper(ratings_agg(9));
\echo :LAST_ERROR_SQLSTATE

-- 10. significance: two channels
-- the first 50 answers (all promoters) against the last 50 (38 promoters, 8
-- detractors): MeasuringU's adjusted-Wald z test computed outside cxm
-- (Python, math.erfc) gives z = 3.38793, p = 0.0007042212606454
SELECT round(nps_pvalue(f.r, l.r), 10) AS first_vs_last, nps_pvalue(f.r, f.r) AS same_sample
FROM (SELECT ratings_agg(nps_score) AS r FROM answers WHERE id <= 50) f,
     (SELECT ratings_agg(nps_score) AS r FROM answers WHERE id > 50) l;
SELECT round(nps_pvalue(x.r, y.r), 6) AS clearly_different
FROM (SELECT ratings_agg(10) AS r FROM generate_series(1, 200)) x,
     (SELECT ratings_agg(0) AS r FROM generate_series(1, 200)) y;
SELECT nps_pvalue(ratings_agg(s), ratings_agg(9)) AS empty_sample FROM (VALUES (NULL::int)) v(s);

-- 11. window use: a running NPS
SELECT id, nps_score, nps(nps_score) OVER (ORDER BY id) AS running_nps
FROM answers WHERE id > 86 AND id <= 95 ORDER BY id;

-- 12. eNPS: the same maths as NPS, for employee surveys
SELECT enps(s) FROM (VALUES (10), (9), (8), (3)) v(s);
SELECT enps(s::smallint, w) FROM (VALUES (10, 1.0), (0, 3.0)) v(s, w);
-- the summary form against the definition written in SQL: 100 (promoters - detractors) / answers
SELECT enps(ratings_agg(nps_score)) AS enps,
       round(100.0 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6)) / count(nps_score), 16) AS by_definition
FROM answers;
SELECT enps(11);
\echo :LAST_ERROR_SQLSTATE

-- 13. loyalty index: answers rescaled to 0..100 and averaged.  The
-- Customer Loyalty Index averages three items (recommend, repurchase, try
-- more): their answers 6, 7 and 8 average 7 of 10, an index of 70.
SELECT loyalty_index(s) FROM (VALUES (6), (7), (8)) v(s);
SELECT loyalty_index(x) FROM (VALUES (1, 9, 10, 8), (2, 5, 6, 4)) r(id, recommend, repurchase, try_more),
     LATERAL unnest(ARRAY[recommend, repurchase, try_more]) x;
-- a six-point scale (1..6)
SELECT loyalty_index(ratings_agg(s), 1, 6) FROM (VALUES (1), (2), (6), (6)) v(s);
SELECT loyalty_index(s, w) FROM (VALUES (10, 1.0), (0, 3.0)) v(s, w);
SELECT loyalty_index(s::numeric) FROM (VALUES (NULL::int)) v(s);
SELECT loyalty_index(ratings_agg(s), 1, 6) FROM (VALUES (0)) v(s);
\echo :LAST_ERROR_SQLSTATE
SELECT loyalty_index(ratings_agg(5), 6, 1);
\echo :LAST_ERROR_SQLSTATE
SELECT loyalty_index(12::bigint);
\echo :LAST_ERROR_SQLSTATE

DROP TABLE answers, daily, big, groups;
