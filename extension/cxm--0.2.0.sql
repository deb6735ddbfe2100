-- cxm: customer-experience analytics inside PostgreSQL.
--
-- Built from src/header.sql and src/<room>.sql by the Makefile; edit those.
-- Every object is created in @extschema@ and every reference to one of ours
-- is qualified with it, so nothing here depends on search_path.

\echo Use "CREATE EXTENSION cxm" to load this file. \quit
-- ratings: survey metrics (NPS, CSAT, CES) over a mergeable score histogram.

-- ---------------------------------------------------------------------------
-- The ratings type
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.ratings;

CREATE FUNCTION @extschema@.ratings_in(pg_catalog.cstring) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_out(@extschema@.ratings) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_recv(pg_catalog.internal) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_send(@extschema@.ratings) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.ratings (
    INPUT = @extschema@.ratings_in,
    OUTPUT = @extschema@.ratings_out,
    RECEIVE = @extschema@.ratings_recv,
    SEND = @extschema@.ratings_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = plain
);

COMMENT ON TYPE @extschema@.ratings IS
    'survey answers summarised as counts per score 0..10 (with sums of weights and squared weights when weighted); mergeable with rollup()';
COMMENT ON FUNCTION @extschema@.ratings_in(pg_catalog.cstring) IS 'text input of ratings (a JSON object)';
COMMENT ON FUNCTION @extschema@.ratings_out(@extschema@.ratings) IS 'text output of ratings (a JSON object)';
COMMENT ON FUNCTION @extschema@.ratings_recv(pg_catalog.internal) IS 'binary input of ratings';
COMMENT ON FUNCTION @extschema@.ratings_send(@extschema@.ratings) IS 'binary output of ratings';

CREATE TYPE @extschema@.nps_category AS ENUM ('detractor', 'passive', 'promoter');
COMMENT ON TYPE @extschema@.nps_category IS 'NPS bucket of a 0..10 answer: detractor 0-6, passive 7-8, promoter 9-10';

-- ---------------------------------------------------------------------------
-- Transition and combine functions (used by the aggregates below)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.nps_trans(@extschema@.ratings, smallint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_nps_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_trans(@extschema@.ratings, smallint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_nps_trans_int2_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_trans(@extschema@.ratings, integer) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_nps_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_trans(@extschema@.ratings, integer, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_nps_trans_int4_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_trans(@extschema@.ratings, bigint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_nps_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_trans(@extschema@.ratings, bigint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_nps_trans_int8_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_trans(@extschema@.ratings, numeric) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_nps_trans_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_trans(@extschema@.ratings, numeric, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_nps_trans_numeric_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_trans(@extschema@.ratings, smallint) IS 'transition function of nps(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.nps_trans(@extschema@.ratings, smallint, double precision) IS 'transition function of weighted nps(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.nps_trans(@extschema@.ratings, integer) IS 'transition function of nps(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.nps_trans(@extschema@.ratings, integer, double precision) IS 'transition function of weighted nps(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.nps_trans(@extschema@.ratings, bigint) IS 'transition function of nps(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.nps_trans(@extschema@.ratings, bigint, double precision) IS 'transition function of weighted nps(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.nps_trans(@extschema@.ratings, numeric) IS 'transition function of nps(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.nps_trans(@extschema@.ratings, numeric, double precision) IS 'transition function of weighted nps(): adds one weighted answer (valid 0..10)';

CREATE FUNCTION @extschema@.csat_trans(@extschema@.ratings, smallint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_csat_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_trans(@extschema@.ratings, smallint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_csat_trans_int2_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_trans(@extschema@.ratings, integer) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_csat_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_trans(@extschema@.ratings, integer, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_csat_trans_int4_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_trans(@extschema@.ratings, bigint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_csat_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_trans(@extschema@.ratings, bigint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_csat_trans_int8_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_trans(@extschema@.ratings, numeric) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_csat_trans_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_trans(@extschema@.ratings, numeric, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_csat_trans_numeric_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_trans(@extschema@.ratings, smallint) IS 'transition function of csat(): adds one answer (valid 1..5)';
COMMENT ON FUNCTION @extschema@.csat_trans(@extschema@.ratings, smallint, double precision) IS 'transition function of weighted csat(): adds one weighted answer (valid 1..5)';
COMMENT ON FUNCTION @extschema@.csat_trans(@extschema@.ratings, integer) IS 'transition function of csat(): adds one answer (valid 1..5)';
COMMENT ON FUNCTION @extschema@.csat_trans(@extschema@.ratings, integer, double precision) IS 'transition function of weighted csat(): adds one weighted answer (valid 1..5)';
COMMENT ON FUNCTION @extschema@.csat_trans(@extschema@.ratings, bigint) IS 'transition function of csat(): adds one answer (valid 1..5)';
COMMENT ON FUNCTION @extschema@.csat_trans(@extschema@.ratings, bigint, double precision) IS 'transition function of weighted csat(): adds one weighted answer (valid 1..5)';
COMMENT ON FUNCTION @extschema@.csat_trans(@extschema@.ratings, numeric) IS 'transition function of csat(): adds one answer (valid 1..5)';
COMMENT ON FUNCTION @extschema@.csat_trans(@extschema@.ratings, numeric, double precision) IS 'transition function of weighted csat(): adds one weighted answer (valid 1..5)';

CREATE FUNCTION @extschema@.ces_trans(@extschema@.ratings, smallint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ces_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_trans(@extschema@.ratings, smallint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ces_trans_int2_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_trans(@extschema@.ratings, integer) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ces_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_trans(@extschema@.ratings, integer, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ces_trans_int4_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_trans(@extschema@.ratings, bigint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ces_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_trans(@extschema@.ratings, bigint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ces_trans_int8_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_trans(@extschema@.ratings, numeric) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ces_trans_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_trans(@extschema@.ratings, numeric, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ces_trans_numeric_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_trans(@extschema@.ratings, smallint) IS 'transition function of ces(): adds one answer (valid 1..10)';
COMMENT ON FUNCTION @extschema@.ces_trans(@extschema@.ratings, smallint, double precision) IS 'transition function of weighted ces(): adds one weighted answer (valid 1..10)';
COMMENT ON FUNCTION @extschema@.ces_trans(@extschema@.ratings, integer) IS 'transition function of ces(): adds one answer (valid 1..10)';
COMMENT ON FUNCTION @extschema@.ces_trans(@extschema@.ratings, integer, double precision) IS 'transition function of weighted ces(): adds one weighted answer (valid 1..10)';
COMMENT ON FUNCTION @extschema@.ces_trans(@extschema@.ratings, bigint) IS 'transition function of ces(): adds one answer (valid 1..10)';
COMMENT ON FUNCTION @extschema@.ces_trans(@extschema@.ratings, bigint, double precision) IS 'transition function of weighted ces(): adds one weighted answer (valid 1..10)';
COMMENT ON FUNCTION @extschema@.ces_trans(@extschema@.ratings, numeric) IS 'transition function of ces(): adds one answer (valid 1..10)';
COMMENT ON FUNCTION @extschema@.ces_trans(@extschema@.ratings, numeric, double precision) IS 'transition function of weighted ces(): adds one weighted answer (valid 1..10)';

CREATE FUNCTION @extschema@.ratings_trans(@extschema@.ratings, smallint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_trans(@extschema@.ratings, smallint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_trans_int2_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_trans(@extschema@.ratings, integer) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_trans(@extschema@.ratings, integer, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_trans_int4_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_trans(@extschema@.ratings, bigint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_trans(@extschema@.ratings, bigint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_trans_int8_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_trans(@extschema@.ratings, numeric) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_trans_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ratings_trans(@extschema@.ratings, numeric, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_trans_numeric_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ratings_trans(@extschema@.ratings, smallint) IS 'transition function of ratings_agg(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.ratings_trans(@extschema@.ratings, smallint, double precision) IS 'transition function of weighted ratings_agg(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.ratings_trans(@extschema@.ratings, integer) IS 'transition function of ratings_agg(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.ratings_trans(@extschema@.ratings, integer, double precision) IS 'transition function of weighted ratings_agg(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.ratings_trans(@extschema@.ratings, bigint) IS 'transition function of ratings_agg(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.ratings_trans(@extschema@.ratings, bigint, double precision) IS 'transition function of weighted ratings_agg(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.ratings_trans(@extschema@.ratings, numeric) IS 'transition function of ratings_agg(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.ratings_trans(@extschema@.ratings, numeric, double precision) IS 'transition function of weighted ratings_agg(): adds one weighted answer (valid 0..10)';

CREATE FUNCTION @extschema@.ratings_combine(@extschema@.ratings, @extschema@.ratings) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ratings_combine(@extschema@.ratings, @extschema@.ratings) IS
    'merges two ratings summaries (adds their counts and weights); the combine function of every survey aggregate';

-- ---------------------------------------------------------------------------
-- Accessors: plain numbers from a summary
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.nps(r @extschema@.ratings) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_nps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps(@extschema@.ratings) IS 'Net Promoter Score in -100..100: percent promoters (9-10) minus percent detractors (0-6); NULL without answers';
CREATE FUNCTION @extschema@.csat(r @extschema@.ratings) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_csat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.ratings) IS 'CSAT: percent of answers scoring 4 or 5 on a 1..5 scale; NULL without answers';
CREATE FUNCTION @extschema@.csat(r @extschema@.ratings, satisfied_min integer) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_csat_min' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.ratings, integer) IS 'CSAT on any 0..10 scale: percent of answers scoring satisfied_min or more';
CREATE FUNCTION @extschema@.ces(r @extschema@.ratings) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_ces' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces(@extschema@.ratings) IS 'Customer Effort Score: mean answer on a 1..10 scale (CES 1.0 1..5, CES 2.0 1..7)';
CREATE FUNCTION @extschema@.responses(r @extschema@.ratings) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.responses(@extschema@.ratings) IS 'number of answers in the summary';
CREATE FUNCTION @extschema@.responses(r @extschema@.ratings, lo integer, hi integer) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_count_between' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.responses(@extschema@.ratings, integer, integer) IS 'number of answers scoring lo..hi';
CREATE FUNCTION @extschema@.promoters(r @extschema@.ratings) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_promoters' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.promoters(@extschema@.ratings) IS 'number of answers scoring 9 or 10';
CREATE FUNCTION @extschema@.passives(r @extschema@.ratings) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_passives' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.passives(@extschema@.ratings) IS 'number of answers scoring 7 or 8';
CREATE FUNCTION @extschema@.detractors(r @extschema@.ratings) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_detractors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.detractors(@extschema@.ratings) IS 'number of answers scoring 0 to 6';
CREATE FUNCTION @extschema@.total_weight(r @extschema@.ratings) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_total_weight' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_weight(@extschema@.ratings) IS 'sum of the survey weights (the number of answers when unweighted)';
CREATE FUNCTION @extschema@.effective_responses(r @extschema@.ratings) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_effective_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effective_responses(@extschema@.ratings) IS 'Kish''s effective sample size (sum w)^2 / sum w^2 (the number of answers when unweighted)';
CREATE FUNCTION @extschema@.is_weighted(r @extschema@.ratings) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_is_weighted' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_weighted(@extschema@.ratings) IS 'true when the summary carries survey weights';

-- ---------------------------------------------------------------------------
-- Intervals and significance
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.nps_lower(r @extschema@.ratings, confidence double precision DEFAULT 0.95, method pg_catalog.text DEFAULT 'adjusted_wald') RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_nps_lower' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_lower(@extschema@.ratings, double precision, pg_catalog.text) IS 'lower confidence bound of NPS (method adjusted_wald, wald or score), clipped to -100';
CREATE FUNCTION @extschema@.nps_upper(r @extschema@.ratings, confidence double precision DEFAULT 0.95, method pg_catalog.text DEFAULT 'adjusted_wald') RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_nps_upper' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_upper(@extschema@.ratings, double precision, pg_catalog.text) IS 'upper confidence bound of NPS (method adjusted_wald, wald or score), clipped to 100';
CREATE FUNCTION @extschema@.nps_moe(r @extschema@.ratings, confidence double precision DEFAULT 0.95, method pg_catalog.text DEFAULT 'adjusted_wald') RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_nps_moe' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_moe(@extschema@.ratings, double precision, pg_catalog.text) IS 'margin of error of NPS: half the width of the confidence interval, in NPS points';
CREATE FUNCTION @extschema@.csat_lower(r @extschema@.ratings, confidence double precision DEFAULT 0.95) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_csat_lower' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_lower(@extschema@.ratings, double precision) IS 'lower Wilson confidence bound of CSAT (4-5 of 1..5), percent';
CREATE FUNCTION @extschema@.csat_upper(r @extschema@.ratings, confidence double precision DEFAULT 0.95) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_csat_upper' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_upper(@extschema@.ratings, double precision) IS 'upper Wilson confidence bound of CSAT (4-5 of 1..5), percent';
CREATE FUNCTION @extschema@.csat_lower(r @extschema@.ratings, confidence double precision, satisfied_min integer) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_csat_lower' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_lower(@extschema@.ratings, double precision, integer) IS 'lower Wilson confidence bound of the percent of answers scoring satisfied_min or more';
CREATE FUNCTION @extschema@.csat_upper(r @extschema@.ratings, confidence double precision, satisfied_min integer) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_csat_upper' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_upper(@extschema@.ratings, double precision, integer) IS 'upper Wilson confidence bound of the percent of answers scoring satisfied_min or more';
CREATE FUNCTION @extschema@.ces_lower(r @extschema@.ratings, confidence double precision DEFAULT 0.95) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ces_lower' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_lower(@extschema@.ratings, double precision) IS 'lower Student t confidence bound of the mean effort score, clipped to 1';
CREATE FUNCTION @extschema@.ces_upper(r @extschema@.ratings, confidence double precision DEFAULT 0.95) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ces_upper' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_upper(@extschema@.ratings, double precision) IS 'upper Student t confidence bound of the mean effort score, clipped to 10';
CREATE FUNCTION @extschema@.nps_pvalue(a @extschema@.ratings, b @extschema@.ratings) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_nps_pvalue' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_pvalue(@extschema@.ratings, @extschema@.ratings) IS 'two-sided p-value of the test that two NPS differ (adjusted Wald z test, MeasuringU)';

-- ---------------------------------------------------------------------------
-- nps_category
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.nps_category(score smallint) RETURNS @extschema@.nps_category
    AS 'MODULE_PATHNAME', 'pgcxm_nps_category_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_category(smallint) IS 'NPS bucket of a 0..10 answer: detractor (0-6), passive (7-8) or promoter (9-10)';
CREATE FUNCTION @extschema@.nps_category(score integer) RETURNS @extschema@.nps_category
    AS 'MODULE_PATHNAME', 'pgcxm_nps_category_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_category(integer) IS 'NPS bucket of a 0..10 answer: detractor (0-6), passive (7-8) or promoter (9-10)';
CREATE FUNCTION @extschema@.nps_category(score bigint) RETURNS @extschema@.nps_category
    AS 'MODULE_PATHNAME', 'pgcxm_nps_category_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_category(bigint) IS 'NPS bucket of a 0..10 answer: detractor (0-6), passive (7-8) or promoter (9-10)';
CREATE FUNCTION @extschema@.nps_category(score numeric) RETURNS @extschema@.nps_category
    AS 'MODULE_PATHNAME', 'pgcxm_nps_category_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_category(numeric) IS 'NPS bucket of a 0..10 answer: detractor (0-6), passive (7-8) or promoter (9-10)';

-- ---------------------------------------------------------------------------
-- Aggregates.  The state is the ratings type itself (not pg_catalog.internal), so
-- partial states travel as ordinary values: parallel workers and Citus
-- workers ship them through ratings_out/ratings_in and merge them with
-- ratings_combine.
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.nps(score smallint) (
    SFUNC = @extschema@.nps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.nps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(smallint) IS 'Net Promoter Score of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.nps(score smallint, weight double precision) (
    SFUNC = @extschema@.nps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.nps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(smallint, double precision) IS 'weighted Net Promoter Score of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.nps(score integer) (
    SFUNC = @extschema@.nps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.nps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(integer) IS 'Net Promoter Score of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.nps(score integer, weight double precision) (
    SFUNC = @extschema@.nps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.nps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(integer, double precision) IS 'weighted Net Promoter Score of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.nps(score bigint) (
    SFUNC = @extschema@.nps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.nps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(bigint) IS 'Net Promoter Score of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.nps(score bigint, weight double precision) (
    SFUNC = @extschema@.nps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.nps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(bigint, double precision) IS 'weighted Net Promoter Score of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.nps(score numeric) (
    SFUNC = @extschema@.nps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.nps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(numeric) IS 'Net Promoter Score of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.nps(score numeric, weight double precision) (
    SFUNC = @extschema@.nps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.nps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(numeric, double precision) IS 'weighted Net Promoter Score of 0..10 answers, -100..100';

CREATE AGGREGATE @extschema@.csat(score smallint) (
    SFUNC = @extschema@.csat_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.csat,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(smallint) IS 'CSAT: percent of 1..5 answers scoring 4 or 5';
CREATE AGGREGATE @extschema@.csat(score smallint, weight double precision) (
    SFUNC = @extschema@.csat_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.csat,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(smallint, double precision) IS 'weighted CSAT: percent of 1..5 answers scoring 4 or 5';
CREATE AGGREGATE @extschema@.csat(score integer) (
    SFUNC = @extschema@.csat_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.csat,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(integer) IS 'CSAT: percent of 1..5 answers scoring 4 or 5';
CREATE AGGREGATE @extschema@.csat(score integer, weight double precision) (
    SFUNC = @extschema@.csat_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.csat,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(integer, double precision) IS 'weighted CSAT: percent of 1..5 answers scoring 4 or 5';
CREATE AGGREGATE @extschema@.csat(score bigint) (
    SFUNC = @extschema@.csat_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.csat,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(bigint) IS 'CSAT: percent of 1..5 answers scoring 4 or 5';
CREATE AGGREGATE @extschema@.csat(score bigint, weight double precision) (
    SFUNC = @extschema@.csat_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.csat,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(bigint, double precision) IS 'weighted CSAT: percent of 1..5 answers scoring 4 or 5';
CREATE AGGREGATE @extschema@.csat(score numeric) (
    SFUNC = @extschema@.csat_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.csat,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(numeric) IS 'CSAT: percent of 1..5 answers scoring 4 or 5';
CREATE AGGREGATE @extschema@.csat(score numeric, weight double precision) (
    SFUNC = @extschema@.csat_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.csat,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(numeric, double precision) IS 'weighted CSAT: percent of 1..5 answers scoring 4 or 5';

CREATE AGGREGATE @extschema@.ces(score smallint) (
    SFUNC = @extschema@.ces_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.ces,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(smallint) IS 'Customer Effort Score: mean of 1..10 answers';
CREATE AGGREGATE @extschema@.ces(score smallint, weight double precision) (
    SFUNC = @extschema@.ces_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.ces,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(smallint, double precision) IS 'weighted Customer Effort Score: mean of 1..10 answers';
CREATE AGGREGATE @extschema@.ces(score integer) (
    SFUNC = @extschema@.ces_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.ces,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(integer) IS 'Customer Effort Score: mean of 1..10 answers';
CREATE AGGREGATE @extschema@.ces(score integer, weight double precision) (
    SFUNC = @extschema@.ces_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.ces,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(integer, double precision) IS 'weighted Customer Effort Score: mean of 1..10 answers';
CREATE AGGREGATE @extschema@.ces(score bigint) (
    SFUNC = @extschema@.ces_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.ces,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(bigint) IS 'Customer Effort Score: mean of 1..10 answers';
CREATE AGGREGATE @extschema@.ces(score bigint, weight double precision) (
    SFUNC = @extschema@.ces_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.ces,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(bigint, double precision) IS 'weighted Customer Effort Score: mean of 1..10 answers';
CREATE AGGREGATE @extschema@.ces(score numeric) (
    SFUNC = @extschema@.ces_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.ces,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(numeric) IS 'Customer Effort Score: mean of 1..10 answers';
CREATE AGGREGATE @extschema@.ces(score numeric, weight double precision) (
    SFUNC = @extschema@.ces_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.ces,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(numeric, double precision) IS 'weighted Customer Effort Score: mean of 1..10 answers';

CREATE AGGREGATE @extschema@.ratings_agg(score smallint) (
    SFUNC = @extschema@.ratings_trans,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ratings_agg(smallint) IS 'summary of 0..10 answers, for storing and rolling up';
CREATE AGGREGATE @extschema@.ratings_agg(score smallint, weight double precision) (
    SFUNC = @extschema@.ratings_trans,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ratings_agg(smallint, double precision) IS 'weighted summary of 0..10 answers, for storing and rolling up';
CREATE AGGREGATE @extschema@.ratings_agg(score integer) (
    SFUNC = @extschema@.ratings_trans,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ratings_agg(integer) IS 'summary of 0..10 answers, for storing and rolling up';
CREATE AGGREGATE @extschema@.ratings_agg(score integer, weight double precision) (
    SFUNC = @extschema@.ratings_trans,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ratings_agg(integer, double precision) IS 'weighted summary of 0..10 answers, for storing and rolling up';
CREATE AGGREGATE @extschema@.ratings_agg(score bigint) (
    SFUNC = @extschema@.ratings_trans,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ratings_agg(bigint) IS 'summary of 0..10 answers, for storing and rolling up';
CREATE AGGREGATE @extschema@.ratings_agg(score bigint, weight double precision) (
    SFUNC = @extschema@.ratings_trans,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ratings_agg(bigint, double precision) IS 'weighted summary of 0..10 answers, for storing and rolling up';
CREATE AGGREGATE @extschema@.ratings_agg(score numeric) (
    SFUNC = @extschema@.ratings_trans,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ratings_agg(numeric) IS 'summary of 0..10 answers, for storing and rolling up';
CREATE AGGREGATE @extschema@.ratings_agg(score numeric, weight double precision) (
    SFUNC = @extschema@.ratings_trans,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ratings_agg(numeric, double precision) IS 'weighted summary of 0..10 answers, for storing and rolling up';

CREATE AGGREGATE @extschema@.rollup(@extschema@.ratings) (
    SFUNC = @extschema@.ratings_combine,
    STYPE = @extschema@.ratings,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.ratings) IS 'merges stored ratings summaries: equal to aggregating their raw answers';

-- ---------------------------------------------------------------------------
-- eNPS and the loyalty index (0.2.0)
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.enps_trans(@extschema@.ratings, smallint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_enps_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.enps_trans(@extschema@.ratings, smallint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_enps_trans_int2_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.enps_trans(@extschema@.ratings, integer) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_enps_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.enps_trans(@extschema@.ratings, integer, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_enps_trans_int4_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.enps_trans(@extschema@.ratings, bigint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_enps_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.enps_trans(@extschema@.ratings, bigint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_enps_trans_int8_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.enps_trans(@extschema@.ratings, numeric) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_enps_trans_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.enps_trans(@extschema@.ratings, numeric, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_enps_trans_numeric_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.enps_trans(@extschema@.ratings, smallint) IS 'transition function of enps(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.enps_trans(@extschema@.ratings, smallint, double precision) IS 'transition function of weighted enps(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.enps_trans(@extschema@.ratings, integer) IS 'transition function of enps(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.enps_trans(@extschema@.ratings, integer, double precision) IS 'transition function of weighted enps(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.enps_trans(@extschema@.ratings, bigint) IS 'transition function of enps(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.enps_trans(@extschema@.ratings, bigint, double precision) IS 'transition function of weighted enps(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.enps_trans(@extschema@.ratings, numeric) IS 'transition function of enps(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.enps_trans(@extschema@.ratings, numeric, double precision) IS 'transition function of weighted enps(): adds one weighted answer (valid 0..10)';

CREATE FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, smallint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_loyalty_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, smallint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_loyalty_trans_int2_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, integer) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_loyalty_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, integer, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_loyalty_trans_int4_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, bigint) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_loyalty_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, bigint, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_loyalty_trans_int8_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, numeric) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_loyalty_trans_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, numeric, double precision) RETURNS @extschema@.ratings
    AS 'MODULE_PATHNAME', 'pgcxm_loyalty_trans_numeric_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, smallint) IS 'transition function of loyalty_index(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, smallint, double precision) IS 'transition function of weighted loyalty_index(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, integer) IS 'transition function of loyalty_index(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, integer, double precision) IS 'transition function of weighted loyalty_index(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, bigint) IS 'transition function of loyalty_index(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, bigint, double precision) IS 'transition function of weighted loyalty_index(): adds one weighted answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, numeric) IS 'transition function of loyalty_index(): adds one answer (valid 0..10)';
COMMENT ON FUNCTION @extschema@.loyalty_trans(@extschema@.ratings, numeric, double precision) IS 'transition function of weighted loyalty_index(): adds one weighted answer (valid 0..10)';

CREATE FUNCTION @extschema@.enps(r @extschema@.ratings) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_nps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.enps(@extschema@.ratings) IS 'employee NPS in -100..100: the NPS of employees'' answers to "would you recommend us as a place to work"';
CREATE FUNCTION @extschema@.loyalty_index(r @extschema@.ratings) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_loyalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_index(@extschema@.ratings) IS 'customer loyalty index 0..100: the mean 0..10 answer rescaled so 0 is 0 and 10 is 100';
CREATE FUNCTION @extschema@.loyalty_index(r @extschema@.ratings, scale_min integer, scale_max integer) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_ratings_loyalty_scale' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_index(@extschema@.ratings, integer, integer) IS 'customer loyalty index 0..100 on the scale scale_min..scale_max: 100 * (mean - scale_min) / (scale_max - scale_min)';

CREATE AGGREGATE @extschema@.enps(score smallint) (
    SFUNC = @extschema@.enps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.enps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.enps(smallint) IS 'employee NPS of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.enps(score smallint, weight double precision) (
    SFUNC = @extschema@.enps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.enps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.enps(smallint, double precision) IS 'weighted employee NPS of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.enps(score integer) (
    SFUNC = @extschema@.enps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.enps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.enps(integer) IS 'employee NPS of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.enps(score integer, weight double precision) (
    SFUNC = @extschema@.enps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.enps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.enps(integer, double precision) IS 'weighted employee NPS of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.enps(score bigint) (
    SFUNC = @extschema@.enps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.enps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.enps(bigint) IS 'employee NPS of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.enps(score bigint, weight double precision) (
    SFUNC = @extschema@.enps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.enps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.enps(bigint, double precision) IS 'weighted employee NPS of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.enps(score numeric) (
    SFUNC = @extschema@.enps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.enps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.enps(numeric) IS 'employee NPS of 0..10 answers, -100..100';
CREATE AGGREGATE @extschema@.enps(score numeric, weight double precision) (
    SFUNC = @extschema@.enps_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.enps,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.enps(numeric, double precision) IS 'weighted employee NPS of 0..10 answers, -100..100';

CREATE AGGREGATE @extschema@.loyalty_index(score smallint) (
    SFUNC = @extschema@.loyalty_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.loyalty_index,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.loyalty_index(smallint) IS 'customer loyalty index of 0..10 answers, 0..100';
CREATE AGGREGATE @extschema@.loyalty_index(score smallint, weight double precision) (
    SFUNC = @extschema@.loyalty_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.loyalty_index,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.loyalty_index(smallint, double precision) IS 'weighted customer loyalty index of 0..10 answers, 0..100';
CREATE AGGREGATE @extschema@.loyalty_index(score integer) (
    SFUNC = @extschema@.loyalty_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.loyalty_index,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.loyalty_index(integer) IS 'customer loyalty index of 0..10 answers, 0..100';
CREATE AGGREGATE @extschema@.loyalty_index(score integer, weight double precision) (
    SFUNC = @extschema@.loyalty_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.loyalty_index,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.loyalty_index(integer, double precision) IS 'weighted customer loyalty index of 0..10 answers, 0..100';
CREATE AGGREGATE @extschema@.loyalty_index(score bigint) (
    SFUNC = @extschema@.loyalty_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.loyalty_index,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.loyalty_index(bigint) IS 'customer loyalty index of 0..10 answers, 0..100';
CREATE AGGREGATE @extschema@.loyalty_index(score bigint, weight double precision) (
    SFUNC = @extschema@.loyalty_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.loyalty_index,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.loyalty_index(bigint, double precision) IS 'weighted customer loyalty index of 0..10 answers, 0..100';
CREATE AGGREGATE @extschema@.loyalty_index(score numeric) (
    SFUNC = @extschema@.loyalty_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.loyalty_index,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 32,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.loyalty_index(numeric) IS 'customer loyalty index of 0..10 answers, 0..100';
CREATE AGGREGATE @extschema@.loyalty_index(score numeric, weight double precision) (
    SFUNC = @extschema@.loyalty_trans,
    STYPE = @extschema@.ratings,
    FINALFUNC = @extschema@.loyalty_index,
    COMBINEFUNC = @extschema@.ratings_combine,
    INITCOND = '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "squared_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}',
    SSPACE = 208,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.loyalty_index(numeric, double precision) IS 'weighted customer loyalty index of 0..10 answers, 0..100';

-- attribution: crediting conversions to marketing touchpoints, by rule-based
-- models over one journey's touches and by Markov-chain removal effects
-- over many journeys.

-- ---------------------------------------------------------------------------
-- Rule-based models over one journey (arrays of its touches)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.attribution_weights(
    model pg_catalog.text,
    channels pg_catalog.text[],
    touched_at pg_catalog.timestamptz[],
    converted_at pg_catalog.timestamptz,
    half_life pg_catalog.interval DEFAULT '7 days',
    direct_channel pg_catalog.text DEFAULT 'direct',
    lookback pg_catalog.interval DEFAULT NULL,
    lead_created_at pg_catalog.timestamptz DEFAULT NULL,
    position_shares double precision[] DEFAULT '{0.4,0.2,0.4}',
    w_shares double precision[] DEFAULT '{0.3,0.3,0.1,0.3}')
RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'pgcxm_attribution_weights' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.attribution_weights(pg_catalog.text, pg_catalog.text[], pg_catalog.timestamptz[], pg_catalog.timestamptz, pg_catalog.interval, pg_catalog.text, pg_catalog.interval, pg_catalog.timestamptz, double precision[], double precision[]) IS
    'the weight of each touch of a journey under an attribution model (first_touch, last_touch, last_non_direct, linear, time_decay, position_based, w_shaped), aligned with the input arrays; touches after the conversion or before the lookback get 0';

CREATE FUNCTION @extschema@.attribute(
    model pg_catalog.text,
    channels pg_catalog.text[],
    touched_at pg_catalog.timestamptz[],
    converted_at pg_catalog.timestamptz,
    value pg_catalog.numeric DEFAULT 1,
    half_life pg_catalog.interval DEFAULT '7 days',
    direct_channel pg_catalog.text DEFAULT 'direct',
    lookback pg_catalog.interval DEFAULT NULL,
    lead_created_at pg_catalog.timestamptz DEFAULT NULL,
    position_shares double precision[] DEFAULT '{0.4,0.2,0.4}',
    w_shares double precision[] DEFAULT '{0.3,0.3,0.1,0.3}')
RETURNS TABLE (touch integer, channel pg_catalog.text, weight double precision, credit pg_catalog.numeric)
    AS 'MODULE_PATHNAME', 'pgcxm_attribute' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.attribute(pg_catalog.text, pg_catalog.text[], pg_catalog.timestamptz[], pg_catalog.timestamptz, pg_catalog.numeric, pg_catalog.interval, pg_catalog.text, pg_catalog.interval, pg_catalog.timestamptz, double precision[], double precision[]) IS
    'one row per touch that counts, in journey order: its position in the input arrays, channel, weight under the model, and its credit, a share of value; the credits add up to value exactly';

CREATE FUNCTION @extschema@.attribute_all(
    channels pg_catalog.text[],
    touched_at pg_catalog.timestamptz[],
    converted_at pg_catalog.timestamptz,
    value pg_catalog.numeric DEFAULT 1,
    half_life pg_catalog.interval DEFAULT '7 days',
    direct_channel pg_catalog.text DEFAULT 'direct',
    lookback pg_catalog.interval DEFAULT NULL,
    lead_created_at pg_catalog.timestamptz DEFAULT NULL,
    position_shares double precision[] DEFAULT '{0.4,0.2,0.4}',
    w_shares double precision[] DEFAULT '{0.3,0.3,0.1,0.3}')
RETURNS TABLE (touch integer, channel pg_catalog.text,
               first_touch pg_catalog.numeric, last_touch pg_catalog.numeric, last_non_direct pg_catalog.numeric,
               linear pg_catalog.numeric, time_decay pg_catalog.numeric, position_based pg_catalog.numeric,
               w_shaped pg_catalog.numeric)
    AS 'MODULE_PATHNAME', 'pgcxm_attribute_all' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.attribute_all(pg_catalog.text[], pg_catalog.timestamptz[], pg_catalog.timestamptz, pg_catalog.numeric, pg_catalog.interval, pg_catalog.text, pg_catalog.interval, pg_catalog.timestamptz, double precision[], double precision[]) IS
    'one row per touch that counts, in journey order, with its credit (a share of value) under each of the seven rule-based models; each column adds up to value exactly';

-- ---------------------------------------------------------------------------
-- The markov_chain type: transition counts between channels, mergeable
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.markov_chain;

CREATE FUNCTION @extschema@.markov_chain_in(pg_catalog.cstring) RETURNS @extschema@.markov_chain
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_chain_out(@extschema@.markov_chain) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_chain_recv(pg_catalog.internal) RETURNS @extschema@.markov_chain
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_chain_send(@extschema@.markov_chain) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.markov_chain (
    INPUT = @extschema@.markov_chain_in,
    OUTPUT = @extschema@.markov_chain_out,
    RECEIVE = @extschema@.markov_chain_recv,
    SEND = @extschema@.markov_chain_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.markov_chain IS
    'a Markov chain of marketing channels fitted from journeys: for each state (the start, a channel, or a tuple of the last channels for higher orders) how many journeys went on to each next channel, to a conversion, or to the end without one; mergeable with rollup()';
COMMENT ON FUNCTION @extschema@.markov_chain_in(pg_catalog.cstring) IS 'text input of markov_chain (a JSON object)';
COMMENT ON FUNCTION @extschema@.markov_chain_out(@extschema@.markov_chain) IS 'text output of markov_chain (a JSON object)';
COMMENT ON FUNCTION @extschema@.markov_chain_recv(pg_catalog.internal) IS 'binary input of markov_chain';
COMMENT ON FUNCTION @extschema@.markov_chain_send(@extschema@.markov_chain) IS 'binary output of markov_chain';

-- ---------------------------------------------------------------------------
-- Building chains: markov_model(path, converted [, value [, chain_order]])
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean, pg_catalog.numeric) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean, pg_catalog.numeric, integer) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_final(pg_catalog.internal) RETURNS @extschema@.markov_chain
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean) IS 'transition function of markov_model(path, converted): adds one journey';
COMMENT ON FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean, pg_catalog.numeric) IS 'transition function of markov_model(path, converted, value): adds one journey';
COMMENT ON FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean, pg_catalog.numeric, integer) IS 'transition function of markov_model(path, converted, value, chain_order): adds one journey';
COMMENT ON FUNCTION @extschema@.markov_model_combine(pg_catalog.internal, pg_catalog.internal) IS 'combine function of markov_model(): adds the transition counts of two partial chains';
COMMENT ON FUNCTION @extschema@.markov_model_serial(pg_catalog.internal) IS 'serial function of markov_model(): a partial chain in the binary form of markov_chain';
COMMENT ON FUNCTION @extschema@.markov_model_deserial(pg_catalog.bytea, pg_catalog.internal) IS 'deserial function of markov_model(): reads and validates a partial chain';
COMMENT ON FUNCTION @extschema@.markov_model_final(pg_catalog.internal) IS 'final function of markov_model(): the markov_chain value';

CREATE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = pg_catalog.internal,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    SERIALFUNC = @extschema@.markov_model_serial,
    DESERIALFUNC = @extschema@.markov_model_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean, value pg_catalog.numeric) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = pg_catalog.internal,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    SERIALFUNC = @extschema@.markov_model_serial,
    DESERIALFUNC = @extschema@.markov_model_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean, value pg_catalog.numeric, chain_order integer) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = pg_catalog.internal,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    SERIALFUNC = @extschema@.markov_model_serial,
    DESERIALFUNC = @extschema@.markov_model_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.markov_model(pg_catalog.text[], boolean) IS
    'a first-order markov_chain from journeys: each row a path of channels (in touch order) and whether it converted';
COMMENT ON AGGREGATE @extschema@.markov_model(pg_catalog.text[], boolean, pg_catalog.numeric) IS
    'a first-order markov_chain from journeys, keeping the total value of the converted ones';
COMMENT ON AGGREGATE @extschema@.markov_model(pg_catalog.text[], boolean, pg_catalog.numeric, integer) IS
    'a markov_chain of order 1 to 4 (states are the last chain_order channels) from journeys, keeping the total value of the converted ones';

-- ---------------------------------------------------------------------------
-- Merging and reading chains
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.markov_chain_combine(@extschema@.markov_chain, @extschema@.markov_chain) RETURNS @extschema@.markov_chain
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.markov_chain_combine(@extschema@.markov_chain, @extschema@.markov_chain) IS
    'merges two markov chains of the same order (adds their transition counts and values)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.markov_chain) (
    SFUNC = @extschema@.markov_chain_combine,
    STYPE = @extschema@.markov_chain,
    COMBINEFUNC = @extschema@.markov_chain_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.markov_chain) IS
    'merges stored markov chains into one, exactly as if it had been built from all their journeys';

CREATE FUNCTION @extschema@.removal_effects(chain @extschema@.markov_chain)
RETURNS TABLE (channel pg_catalog.text, removal_effect double precision, share double precision,
               conversions double precision, value double precision)
    AS 'MODULE_PATHNAME', 'pgcxm_removal_effects' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION @extschema@.removal_effects(@extschema@.markov_chain) IS
    'per channel: the removal effect (share of conversions lost if the channel were removed), its share of all removal effects, and the conversions and value credited to it';

CREATE FUNCTION @extschema@.transitions(chain @extschema@.markov_chain)
RETURNS TABLE (from_state pg_catalog.text, to_state pg_catalog.text, journeys bigint, probability double precision)
    AS 'MODULE_PATHNAME', 'pgcxm_markov_transitions' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION @extschema@.transitions(@extschema@.markov_chain) IS
    'the transitions of a markov chain: from and to which state, how many journeys took it, and its probability';
-- clv: customer lifetime value.  Historic (rfm), closed forms (clv,
-- clv_simple), and the predictive BG/NBD and Gamma-Gamma models (Fader,
-- Hardie & Lee) with the definitions of the lifetimes library.
-- Rates given to a formula are fractions (retention 0.8); percentages that
-- cxm returns (churn_rate) are converted by expected_lifetime.

-- ---------------------------------------------------------------------------
-- Closed forms
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.clv(margin numeric, retention numeric, discount numeric, acquisition_cost numeric DEFAULT 0)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_clv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv(numeric, numeric, numeric, numeric) IS
    'Gupta-Lehmann customer lifetime value margin * retention / (1 + discount - retention) - acquisition_cost; rates as fractions per period';

CREATE FUNCTION @extschema@.clv_simple(average_order_value numeric, purchase_frequency numeric, lifespan numeric,
                                       gross_margin numeric DEFAULT 1)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_clv_simple' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_simple(numeric, numeric, numeric, numeric) IS
    'simple lifetime value: average order value * purchases per period * lifespan in periods * gross margin (a fraction)';

CREATE FUNCTION @extschema@.expected_lifetime(churn_rate numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_expected_lifetime' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_lifetime(numeric) IS
    'expected customer lifetime in periods, 100 / churn_rate (a percentage per period): 2.5 gives 40';

-- ---------------------------------------------------------------------------
-- rfm: recency, frequency and monetary value as of a date
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.rfm AS (
    recency pg_catalog.interval,
    frequency bigint,
    monetary numeric
);
COMMENT ON TYPE @extschema@.rfm IS
    'recency (as_of - last order), frequency (orders) and monetary value (sum of amounts) of one customer';

CREATE FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.timestamptz, pg_catalog.timestamptz) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'transition function of rfm() over timestamptz values: adds one order';
CREATE FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.timestamp, pg_catalog.timestamp) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'transition function of rfm() over timestamp values: adds one order';
CREATE FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.date, pg_catalog.date) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_trans_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.date, pg_catalog.date) IS
    'transition function of rfm() over date values: adds one order';
CREATE FUNCTION @extschema@.rfm_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_combine(pg_catalog.internal, pg_catalog.internal) IS 'combine function of rfm()';
CREATE FUNCTION @extschema@.rfm_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_serial(pg_catalog.internal) IS 'serialize function of rfm()';
CREATE FUNCTION @extschema@.rfm_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserialize function of rfm(): validates every byte';
CREATE FUNCTION @extschema@.rfm_final(pg_catalog.internal) RETURNS @extschema@.rfm
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_final(pg_catalog.internal) IS 'final function of rfm(): NULL without orders up to as_of';

CREATE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.timestamptz, as_of pg_catalog.timestamptz) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    SERIALFUNC = @extschema@.rfm_serial,
    DESERIALFUNC = @extschema@.rfm_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm(numeric, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'recency, frequency and monetary value of the orders at or before as_of (later orders are left out)';
CREATE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.timestamp, as_of pg_catalog.timestamp) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    SERIALFUNC = @extschema@.rfm_serial,
    DESERIALFUNC = @extschema@.rfm_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm(numeric, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'recency, frequency and monetary value of the orders at or before as_of (later orders are left out)';
CREATE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.date, as_of pg_catalog.date) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    SERIALFUNC = @extschema@.rfm_serial,
    DESERIALFUNC = @extschema@.rfm_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm(numeric, pg_catalog.date, pg_catalog.date) IS
    'recency, frequency and monetary value of the orders at or before as_of (later orders are left out)';

-- ---------------------------------------------------------------------------
-- clv_summary: the per-customer history the BG/NBD and Gamma-Gamma models read
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.clv_summary AS (
    frequency bigint,
    recency integer,
    age integer,
    monetary_value numeric
);
COMMENT ON TYPE @extschema@.clv_summary IS
    'one customer as the BG/NBD and Gamma-Gamma models see them: repeat purchase periods, recency and age in periods, mean value of the repeat periods';

CREATE FUNCTION @extschema@.clv_summary_trans(pg_catalog.internal, pg_catalog.date, double precision, pg_catalog.date)
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_trans(pg_catalog.internal, pg_catalog.date, double precision, pg_catalog.date) IS
    'transition function of clv_summary(): adds one purchase (daily periods)';
CREATE FUNCTION @extschema@.clv_summary_trans(pg_catalog.internal, pg_catalog.date, double precision, pg_catalog.date, pg_catalog.text)
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_trans(pg_catalog.internal, pg_catalog.date, double precision, pg_catalog.date, pg_catalog.text) IS
    'transition function of clv_summary(): adds one purchase (day or week periods)';
CREATE FUNCTION @extschema@.clv_summary_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_combine(pg_catalog.internal, pg_catalog.internal) IS 'combine function of clv_summary()';
CREATE FUNCTION @extschema@.clv_summary_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_serial(pg_catalog.internal) IS 'serialize function of clv_summary()';
CREATE FUNCTION @extschema@.clv_summary_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserialize function of clv_summary(): validates every byte';
CREATE FUNCTION @extschema@.clv_summary_final(pg_catalog.internal) RETURNS @extschema@.clv_summary
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_final(pg_catalog.internal) IS
    'final function of clv_summary(): NULL without purchases up to observed_until';
CREATE AGGREGATE @extschema@.clv_summary(purchased_on pg_catalog.date, amount double precision, observed_until pg_catalog.date) (
    SFUNC = @extschema@.clv_summary_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.clv_summary_final,
    COMBINEFUNC = @extschema@.clv_summary_combine,
    SERIALFUNC = @extschema@.clv_summary_serial,
    DESERIALFUNC = @extschema@.clv_summary_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.clv_summary(pg_catalog.date, double precision, pg_catalog.date) IS
    'a customer''s purchases summarised in days, as lifetimes'' summary_data_from_transaction_data: purchases on one day count once';
CREATE AGGREGATE @extschema@.clv_summary(purchased_on pg_catalog.date, amount double precision, observed_until pg_catalog.date,
                                         period pg_catalog.text) (
    SFUNC = @extschema@.clv_summary_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.clv_summary_final,
    COMBINEFUNC = @extschema@.clv_summary_combine,
    SERIALFUNC = @extschema@.clv_summary_serial,
    DESERIALFUNC = @extschema@.clv_summary_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.clv_summary(pg_catalog.date, double precision, pg_catalog.date, pg_catalog.text) IS
    'a customer''s purchases summarised in periods of a ''day'' or a ''week'' (Monday to Sunday): purchases in one period count once';

-- ---------------------------------------------------------------------------
-- BG/NBD: fit and predictions
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.bgnbd_model AS (
    r numeric,
    alpha numeric,
    a numeric,
    b numeric,
    customers numeric,
    log_likelihood numeric
);
COMMENT ON TYPE @extschema@.bgnbd_model IS
    'a BG/NBD model: purchase rates Gamma(r, alpha), dropout probabilities Beta(a, b); with the customers (sum of weights) and log-likelihood of its fit';

CREATE FUNCTION @extschema@.bgnbd_model(r double precision, alpha double precision, a double precision, b double precision)
    RETURNS @extschema@.bgnbd_model
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_model' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_model(double precision, double precision, double precision, double precision) IS
    'a BG/NBD model from known parameters (all > 0), e.g. published ones';

CREATE FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision) IS
    'transition function of bgnbd_fit(): keeps one customer''s history';
CREATE FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision) IS
    'transition function of bgnbd_fit(), weighted: keeps one customer''s history';
CREATE FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision, double precision) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision, double precision) IS
    'transition function of bgnbd_fit(), weighted and penalized: keeps one customer''s history';
CREATE FUNCTION @extschema@.bgnbd_fit_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_combine(pg_catalog.internal, pg_catalog.internal) IS 'combine function of bgnbd_fit()';
CREATE FUNCTION @extschema@.bgnbd_fit_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_serial(pg_catalog.internal) IS 'serialize function of bgnbd_fit()';
CREATE FUNCTION @extschema@.bgnbd_fit_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserialize function of bgnbd_fit(): validates every byte';
CREATE FUNCTION @extschema@.bgnbd_fit_final(pg_catalog.internal) RETURNS @extschema@.bgnbd_model
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_final(pg_catalog.internal) IS
    'final function of bgnbd_fit(): maximum likelihood by BFGS; an error when it does not converge';

CREATE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 4096,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    SERIALFUNC = @extschema@.bgnbd_fit_serial,
    DESERIALFUNC = @extschema@.bgnbd_fit_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(double precision, double precision, double precision) IS
    'BG/NBD model fitted by maximum likelihood to one row per customer (repeat purchases, recency, age)';
CREATE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision, weight double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 4096,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    SERIALFUNC = @extschema@.bgnbd_fit_serial,
    DESERIALFUNC = @extschema@.bgnbd_fit_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(double precision, double precision, double precision, double precision) IS
    'BG/NBD model fitted by maximum likelihood; weight = customers with this history';
CREATE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision, weight double precision, penalizer double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 4096,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    SERIALFUNC = @extschema@.bgnbd_fit_serial,
    DESERIALFUNC = @extschema@.bgnbd_fit_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(double precision, double precision, double precision, double precision, double precision) IS
    'BG/NBD model fitted by penalized maximum likelihood (penalizer * sum of squared parameters, as lifetimes)';

CREATE FUNCTION @extschema@.probability_alive(model @extschema@.bgnbd_model, frequency double precision,
                                              recency double precision, age double precision) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_probability_alive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.probability_alive(@extschema@.bgnbd_model, double precision, double precision, double precision) IS
    'probability that a customer with this history is still active (has not dropped out), 0..1';

CREATE FUNCTION @extschema@.expected_purchases(model @extschema@.bgnbd_model, t double precision, frequency double precision,
                                               recency double precision, age double precision) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_purchases(@extschema@.bgnbd_model, double precision, double precision, double precision, double precision) IS
    'expected purchases of a customer with this history in the next t units of time';

CREATE FUNCTION @extschema@.expected_purchases(model @extschema@.bgnbd_model, t double precision) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_purchases(@extschema@.bgnbd_model, double precision) IS
    'expected repeat purchases of a new customer in their first t units of time';

CREATE FUNCTION @extschema@.probability_of_purchases(model @extschema@.bgnbd_model, t double precision, n integer) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_probability_of_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.probability_of_purchases(@extschema@.bgnbd_model, double precision, integer) IS
    'probability that a new customer makes exactly n repeat purchases in their first t units of time';

-- ---------------------------------------------------------------------------
-- Gamma-Gamma: fit and expected value
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.gamma_gamma_model AS (
    p numeric,
    q numeric,
    v numeric,
    customers numeric,
    log_likelihood numeric
);
COMMENT ON TYPE @extschema@.gamma_gamma_model IS
    'a Gamma-Gamma model of the mean value of repeat purchases (p, q, v), with the customers (sum of weights) and log-likelihood of its fit';

CREATE FUNCTION @extschema@.gamma_gamma_model(p double precision, q double precision, v double precision)
    RETURNS @extschema@.gamma_gamma_model
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_model' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_model(double precision, double precision, double precision) IS
    'a Gamma-Gamma model from known parameters (all > 0), e.g. published ones';

CREATE FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision) IS
    'transition function of gamma_gamma_fit(): keeps one customer with repeat purchases';
CREATE FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision, double precision) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision, double precision) IS
    'transition function of gamma_gamma_fit(), weighted: keeps one customer with repeat purchases';
CREATE FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision) IS
    'transition function of gamma_gamma_fit(), weighted and penalized: keeps one customer with repeat purchases';
CREATE FUNCTION @extschema@.gamma_gamma_fit_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_combine(pg_catalog.internal, pg_catalog.internal) IS 'combine function of gamma_gamma_fit()';
CREATE FUNCTION @extschema@.gamma_gamma_fit_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_serial(pg_catalog.internal) IS 'serialize function of gamma_gamma_fit()';
CREATE FUNCTION @extschema@.gamma_gamma_fit_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserialize function of gamma_gamma_fit(): validates every byte';
CREATE FUNCTION @extschema@.gamma_gamma_fit_final(pg_catalog.internal) RETURNS @extschema@.gamma_gamma_model
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_final(pg_catalog.internal) IS
    'final function of gamma_gamma_fit(): maximum likelihood by BFGS; an error when it does not converge';

CREATE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 4096,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    SERIALFUNC = @extschema@.gamma_gamma_fit_serial,
    DESERIALFUNC = @extschema@.gamma_gamma_fit_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(double precision, double precision) IS
    'Gamma-Gamma model fitted by maximum likelihood to one row per customer (repeat purchases, their mean value); customers without repeat purchases are left out';
CREATE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision, weight double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 4096,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    SERIALFUNC = @extschema@.gamma_gamma_fit_serial,
    DESERIALFUNC = @extschema@.gamma_gamma_fit_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(double precision, double precision, double precision) IS
    'Gamma-Gamma model fitted by maximum likelihood; weight = customers with this history';
CREATE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision, weight double precision, penalizer double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 4096,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    SERIALFUNC = @extschema@.gamma_gamma_fit_serial,
    DESERIALFUNC = @extschema@.gamma_gamma_fit_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(double precision, double precision, double precision, double precision) IS
    'Gamma-Gamma model fitted by penalized maximum likelihood (penalizer * sum of squared parameters, as lifetimes)';

CREATE FUNCTION @extschema@.expected_average_value(model @extschema@.gamma_gamma_model, frequency double precision,
                                                   monetary_value double precision) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_expected_average_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_average_value(@extschema@.gamma_gamma_model, double precision, double precision) IS
    'expected mean value of a customer''s future purchases: their own mean shrunk toward the population mean';

CREATE FUNCTION @extschema@.predicted_clv(purchases @extschema@.bgnbd_model, spend @extschema@.gamma_gamma_model,
                                          frequency double precision, recency double precision, age double precision,
                                          monetary_value double precision, months integer DEFAULT 12,
                                          monthly_discount double precision DEFAULT 0.01,
                                          periods_per_month double precision DEFAULT 30) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_predicted_clv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.predicted_clv(@extschema@.bgnbd_model, @extschema@.gamma_gamma_model, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
    'discounted value of a customer''s purchases over the next months (lifetimes'' customer_lifetime_value): expected purchases of each month times the expected average value, discounted monthly';
-- funnel: window_funnel and window_funnel_steps, ClickHouse's windowFunnel
-- in every mode, over timestamptz or timestamp.

-- SSPACE: what a small group's state takes in the aggregate's memory (the
-- state, its first array of events, the allocator's headers), so that the
-- planner sizes hash aggregation honestly.

-- ---------------------------------------------------------------------------
-- Support functions (state: one 16-byte entry per row meeting a step)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any")
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any")
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any")
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any")
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'transition function of window_funnel(window, ts, steps): keeps the rows that meet a step';
COMMENT ON FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'transition function of window_funnel(window, ts, steps): keeps the rows that meet a step';
COMMENT ON FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'transition function of window_funnel(window, mode, ts, steps): keeps the rows that meet a step (under strict_order, the others too)';
COMMENT ON FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'transition function of window_funnel(window, mode, ts, steps): keeps the rows that meet a step (under strict_order, the others too)';

CREATE FUNCTION @extschema@.funnel_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_serialize(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_deserialize(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_final(pg_catalog.internal) RETURNS integer
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_steps_final(pg_catalog.internal) RETURNS pg_catalog.timestamptz[]
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_steps_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_steps_final_ts(pg_catalog.internal) RETURNS pg_catalog.timestamp[]
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_steps_final_ts' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of window_funnel and window_funnel_steps: merges two partial states';
COMMENT ON FUNCTION @extschema@.funnel_serialize(pg_catalog.internal) IS
    'serial function of window_funnel and window_funnel_steps: a partial state as bytes, for parallel workers and Citus';
COMMENT ON FUNCTION @extschema@.funnel_deserialize(pg_catalog.bytea, pg_catalog.internal) IS
    'deserial function of window_funnel and window_funnel_steps: checks and reads a serialized partial state';
COMMENT ON FUNCTION @extschema@.funnel_final(pg_catalog.internal) IS
    'final function of window_funnel: the deepest step reached';
COMMENT ON FUNCTION @extschema@.funnel_steps_final(pg_catalog.internal) IS
    'final function of window_funnel_steps over timestamptz: when each step of the deepest chain was reached';
COMMENT ON FUNCTION @extschema@.funnel_steps_final_ts(pg_catalog.internal) IS
    'final function of window_funnel_steps over timestamp: when each step of the deepest chain was reached';

-- ---------------------------------------------------------------------------
-- window_funnel(window, [mode,] ts, VARIADIC steps): the deepest step reached
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    SERIALFUNC = @extschema@.funnel_serialize, DESERIALFUNC = @extschema@.funnel_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    SERIALFUNC = @extschema@.funnel_serialize, DESERIALFUNC = @extschema@.funnel_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    SERIALFUNC = @extschema@.funnel_serialize, DESERIALFUNC = @extschema@.funnel_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    SERIALFUNC = @extschema@.funnel_serialize, DESERIALFUNC = @extschema@.funnel_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'deepest step of the funnel reached within the window opened by the first step, as ClickHouse''s windowFunnel';
COMMENT ON AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'deepest step of the funnel reached within the window opened by the first step, as ClickHouse''s windowFunnel';
COMMENT ON AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'deepest step of the funnel reached, with ClickHouse''s modes: strict_deduplication, strict_order, strict_increase, strict_once, allow_reentry';
COMMENT ON AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'deepest step of the funnel reached, with ClickHouse''s modes: strict_deduplication, strict_order, strict_increase, strict_once, allow_reentry';

-- ---------------------------------------------------------------------------
-- window_funnel_steps(...): when each step of the deepest chain was reached
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.funnel_steps_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    SERIALFUNC = @extschema@.funnel_serialize, DESERIALFUNC = @extschema@.funnel_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.funnel_steps_final_ts,
    COMBINEFUNC = @extschema@.funnel_combine,
    SERIALFUNC = @extschema@.funnel_serialize, DESERIALFUNC = @extschema@.funnel_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.funnel_steps_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    SERIALFUNC = @extschema@.funnel_serialize, DESERIALFUNC = @extschema@.funnel_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.funnel_steps_final_ts,
    COMBINEFUNC = @extschema@.funnel_combine,
    SERIALFUNC = @extschema@.funnel_serialize, DESERIALFUNC = @extschema@.funnel_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'when each step of the chain window_funnel counts was reached (its length is window_funnel''s result)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'when each step of the chain window_funnel counts was reached (its length is window_funnel''s result)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'when each step of the chain window_funnel counts in the given mode was reached (its length is window_funnel''s result)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'when each step of the chain window_funnel counts in the given mode was reached (its length is window_funnel''s result)';
-- operations: operational metrics over CRM tables (customers, tickets, spend).
-- Rates are percentages, like nps() and csat(): churn_rate() = 0.8 means 0.8%.

-- ---------------------------------------------------------------------------
-- Customer flow over a period: churn_rate, retention_rate, customer_flow
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.customer_flow AS (
    at_start bigint,
    acquired bigint,
    lost bigint,
    acquired_and_lost bigint,
    at_end bigint
);
COMMENT ON TYPE @extschema@.customer_flow IS
    'customers of a period: at its start, acquired during it, lost of those at the start, acquired and lost inside it, at its end';

CREATE FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_flow_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'transition function of churn_rate(), retention_rate() and customer_flow() over timestamptz values: classifies one customer';
CREATE FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_flow_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'transition function of churn_rate(), retention_rate() and customer_flow() over timestamp values: classifies one customer';
CREATE FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_flow_trans_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
    'transition function of churn_rate(), retention_rate() and customer_flow() over date values: classifies one customer';
CREATE FUNCTION @extschema@.customer_flow_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_flow_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of churn_rate(), retention_rate() and customer_flow(): adds the counts of two partial states';
CREATE FUNCTION @extschema@.customer_flow_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_flow_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_serial(pg_catalog.internal) IS
    'serialize function of churn_rate(), retention_rate() and customer_flow()';
CREATE FUNCTION @extschema@.customer_flow_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_flow_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserialize function of churn_rate(), retention_rate() and customer_flow(): validates every byte';
CREATE FUNCTION @extschema@.churn_rate_final(pg_catalog.internal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_churn_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_rate_final(pg_catalog.internal) IS
    'final function of churn_rate(): 100 * lost / customers at the start';
CREATE FUNCTION @extschema@.retention_rate_final(pg_catalog.internal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_retention_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_rate_final(pg_catalog.internal) IS
    'final function of retention_rate(): 100 * (customers at the end - new ones still there) / customers at the start';
CREATE FUNCTION @extschema@.customer_flow_final(pg_catalog.internal) RETURNS @extschema@.customer_flow
    AS 'MODULE_PATHNAME', 'pgcxm_customer_flow_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_final(pg_catalog.internal) IS
    'final function of customer_flow(): the counts behind churn_rate() and retention_rate()';

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'percent of the customers at the start of [period_start, period_end) lost during it; customers acquired and lost inside the period are not counted';
CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'percent of the customers at the start of [period_start, period_end) lost during it; customers acquired and lost inside the period are not counted';
CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
    'percent of the customers at the start of [period_start, period_end) lost during it; customers acquired and lost inside the period are not counted';

CREATE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'percent retention (E - N) / S * 100 over [period_start, period_end): S customers at the start, E at the end, N acquired during it and still there';
CREATE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention_rate(pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'percent retention (E - N) / S * 100 over [period_start, period_end): S customers at the start, E at the end, N acquired during it and still there';
CREATE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention_rate(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
    'percent retention (E - N) / S * 100 over [period_start, period_end): S customers at the start, E at the end, N acquired during it and still there';

CREATE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.customer_flow(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'the customers of [period_start, period_end): at its start, acquired, lost, acquired and lost, at its end';
CREATE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.customer_flow(pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'the customers of [period_start, period_end): at its start, acquired, lost, acquired and lost, at its end';
CREATE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    SERIALFUNC = @extschema@.customer_flow_serial,
    DESERIALFUNC = @extschema@.customer_flow_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.customer_flow(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
    'the customers of [period_start, period_end): at its start, acquired, lost, acquired and lost, at its end';

-- ---------------------------------------------------------------------------
-- referral_rate
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.referral_rate_trans(pg_catalog.internal, boolean) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_share_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.referral_rate_trans(pg_catalog.internal, boolean) IS
    'transition function of referral_rate(): counts one customer';
CREATE FUNCTION @extschema@.referral_rate_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_share_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.referral_rate_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of referral_rate()';
CREATE FUNCTION @extschema@.referral_rate_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_share_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.referral_rate_serial(pg_catalog.internal) IS 'serialize function of referral_rate()';
CREATE FUNCTION @extschema@.referral_rate_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_share_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.referral_rate_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserialize function of referral_rate(): validates every byte';
CREATE FUNCTION @extschema@.referral_rate_final(pg_catalog.internal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_referral_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.referral_rate_final(pg_catalog.internal) IS
    'final function of referral_rate(): 100 * referred / customers';
CREATE AGGREGATE @extschema@.referral_rate(referred boolean) (
    SFUNC = @extschema@.referral_rate_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 16,
    FINALFUNC = @extschema@.referral_rate_final,
    COMBINEFUNC = @extschema@.referral_rate_combine,
    SERIALFUNC = @extschema@.referral_rate_serial,
    DESERIALFUNC = @extschema@.referral_rate_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.referral_rate(boolean) IS
    'percent of the customers (rows with a non-NULL referred) acquired by referral';

-- ---------------------------------------------------------------------------
-- Resolution times: avg_resolution_time, unresolved_count,
-- median_resolution_time, resolution_time_percentile
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.resolution_time_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_durations_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'transition function of avg_resolution_time() and unresolved_count() over timestamptz values: adds one ticket';
CREATE FUNCTION @extschema@.resolution_time_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_durations_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'transition function of avg_resolution_time() and unresolved_count() over timestamp values: adds one ticket';
CREATE FUNCTION @extschema@.resolution_time_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_durations_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of avg_resolution_time() and unresolved_count()';
CREATE FUNCTION @extschema@.resolution_time_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_durations_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_serial(pg_catalog.internal) IS
    'serialize function of avg_resolution_time() and unresolved_count()';
CREATE FUNCTION @extschema@.resolution_time_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_durations_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserialize function of avg_resolution_time() and unresolved_count(): validates every byte';
CREATE FUNCTION @extschema@.avg_resolution_time_final(pg_catalog.internal) RETURNS pg_catalog.interval
    AS 'MODULE_PATHNAME', 'pgcxm_avg_resolution_time_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_resolution_time_final(pg_catalog.internal) IS
    'final function of avg_resolution_time(): the exact mean, to the microsecond';
CREATE FUNCTION @extschema@.unresolved_count_final(pg_catalog.internal) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_unresolved_count_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.unresolved_count_final(pg_catalog.internal) IS
    'final function of unresolved_count(): 0 for a group without tickets, like count()';

CREATE AGGREGATE @extschema@.avg_resolution_time(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 32,
    FINALFUNC = @extschema@.avg_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    SERIALFUNC = @extschema@.resolution_time_serial,
    DESERIALFUNC = @extschema@.resolution_time_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_resolution_time(pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'mean time from opened_at to resolved_at of the resolved tickets; unresolved tickets (resolved_at NULL) are left out';
CREATE AGGREGATE @extschema@.unresolved_count(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 32,
    FINALFUNC = @extschema@.unresolved_count_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    SERIALFUNC = @extschema@.resolution_time_serial,
    DESERIALFUNC = @extschema@.resolution_time_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.unresolved_count(pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'number of tickets opened (opened_at not NULL) and not resolved (resolved_at NULL): the ones avg_resolution_time() leaves out';
CREATE AGGREGATE @extschema@.avg_resolution_time(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 32,
    FINALFUNC = @extschema@.avg_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    SERIALFUNC = @extschema@.resolution_time_serial,
    DESERIALFUNC = @extschema@.resolution_time_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_resolution_time(pg_catalog.timestamp, pg_catalog.timestamp) IS
    'mean time from opened_at to resolved_at of the resolved tickets; unresolved tickets (resolved_at NULL) are left out';
CREATE AGGREGATE @extschema@.unresolved_count(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 32,
    FINALFUNC = @extschema@.unresolved_count_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    SERIALFUNC = @extschema@.resolution_time_serial,
    DESERIALFUNC = @extschema@.resolution_time_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.unresolved_count(pg_catalog.timestamp, pg_catalog.timestamp) IS
    'number of tickets opened (opened_at not NULL) and not resolved (resolved_at NULL): the ones avg_resolution_time() leaves out';

CREATE FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'transition function of median_resolution_time() over timestamptz values: keeps the resolution time of one ticket';
CREATE FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz, double precision) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz, double precision) IS
    'transition function of resolution_time_percentile() over timestamptz values: keeps the resolution time of one ticket';
CREATE FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'transition function of median_resolution_time() over timestamp values: keeps the resolution time of one ticket';
CREATE FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp, double precision) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp, double precision) IS
    'transition function of resolution_time_percentile() over timestamp values: keeps the resolution time of one ticket';
CREATE FUNCTION @extschema@.resolution_time_list_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of median_resolution_time() and resolution_time_percentile()';
CREATE FUNCTION @extschema@.resolution_time_list_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_serial(pg_catalog.internal) IS
    'serialize function of median_resolution_time() and resolution_time_percentile()';
CREATE FUNCTION @extschema@.resolution_time_list_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserialize function of median_resolution_time() and resolution_time_percentile(): validates every byte';
CREATE FUNCTION @extschema@.median_resolution_time_final(pg_catalog.internal) RETURNS pg_catalog.interval
    AS 'MODULE_PATHNAME', 'pgcxm_median_resolution_time_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.median_resolution_time_final(pg_catalog.internal) IS
    'final function of median_resolution_time()';
CREATE FUNCTION @extschema@.resolution_time_percentile_final(pg_catalog.internal) RETURNS pg_catalog.interval
    AS 'MODULE_PATHNAME', 'pgcxm_resolution_time_percentile_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_percentile_final(pg_catalog.internal) IS
    'final function of resolution_time_percentile()';

CREATE AGGREGATE @extschema@.median_resolution_time(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 1024,
    FINALFUNC = @extschema@.median_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    SERIALFUNC = @extschema@.resolution_time_list_serial,
    DESERIALFUNC = @extschema@.resolution_time_list_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.median_resolution_time(pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'median time from opened_at to resolved_at of the resolved tickets (as percentile_cont(0.5)); unresolved tickets are left out';
CREATE AGGREGATE @extschema@.resolution_time_percentile(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz, fraction double precision) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 1024,
    FINALFUNC = @extschema@.resolution_time_percentile_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    SERIALFUNC = @extschema@.resolution_time_list_serial,
    DESERIALFUNC = @extschema@.resolution_time_list_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.resolution_time_percentile(pg_catalog.timestamptz, pg_catalog.timestamptz, double precision) IS
    'continuous percentile (as percentile_cont(fraction)) of the resolution times of the resolved tickets; fraction in 0..1, the same on every row';
CREATE AGGREGATE @extschema@.median_resolution_time(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 1024,
    FINALFUNC = @extschema@.median_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    SERIALFUNC = @extschema@.resolution_time_list_serial,
    DESERIALFUNC = @extschema@.resolution_time_list_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.median_resolution_time(pg_catalog.timestamp, pg_catalog.timestamp) IS
    'median time from opened_at to resolved_at of the resolved tickets (as percentile_cont(0.5)); unresolved tickets are left out';
CREATE AGGREGATE @extschema@.resolution_time_percentile(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp, fraction double precision) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 1024,
    FINALFUNC = @extschema@.resolution_time_percentile_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    SERIALFUNC = @extschema@.resolution_time_list_serial,
    DESERIALFUNC = @extschema@.resolution_time_list_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.resolution_time_percentile(pg_catalog.timestamp, pg_catalog.timestamp, double precision) IS
    'continuous percentile (as percentile_cont(fraction)) of the resolution times of the resolved tickets; fraction in 0..1, the same on every row';

-- ---------------------------------------------------------------------------
-- Plain functions: cac, annual_rate, periodic_rate
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.cac(spend numeric, new_customers bigint) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_cac' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cac(numeric, bigint) IS
    'customer acquisition cost: sales and marketing spend of a period / customers acquired in it; an error when there are none';

CREATE FUNCTION @extschema@.annual_rate(periodic_rate numeric, periods_per_year integer DEFAULT 12) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_annual_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.annual_rate(numeric, integer) IS
    'a periodic rate in percent compounded to a year: 100 * (1 - (1 - rate/100)^periods_per_year); monthly 3 gives 30.62';

CREATE FUNCTION @extschema@.periodic_rate(annual_rate numeric, periods_per_year integer DEFAULT 12) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_periodic_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.periodic_rate(numeric, integer) IS
    'the periodic rate in percent that compounds to an annual one: 100 * (1 - (1 - rate/100)^(1/periods_per_year)); 80 a year gives 12.55 a month';
-- paths: journey_path, a customer's steps in time order with repeats collapsed.

CREATE FUNCTION @extschema@.journey_path_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_final(pg_catalog.internal) RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_path_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of journey_path(): merges the events of two partial states';
COMMENT ON FUNCTION @extschema@.journey_path_serial(pg_catalog.internal) IS
    'serial function of journey_path(): the state as bytes';
COMMENT ON FUNCTION @extschema@.journey_path_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserial function of journey_path(): reads and validates a serialized state';
COMMENT ON FUNCTION @extschema@.journey_path_final(pg_catalog.internal) IS
    'final function of journey_path(): the steps in time order, repeats collapsed, capped';

CREATE FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, integer) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, integer) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, integer) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, integer) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text) IS
    'transition function of journey_path(): adds one event';

CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    SERIALFUNC = @extschema@.journey_path_serial,
    DESERIALFUNC = @extschema@.journey_path_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz, integer) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    SERIALFUNC = @extschema@.journey_path_serial,
    DESERIALFUNC = @extschema@.journey_path_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    SERIALFUNC = @extschema@.journey_path_serial,
    DESERIALFUNC = @extschema@.journey_path_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    SERIALFUNC = @extschema@.journey_path_serial,
    DESERIALFUNC = @extschema@.journey_path_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp, integer) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    SERIALFUNC = @extschema@.journey_path_serial,
    DESERIALFUNC = @extschema@.journey_path_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    SERIALFUNC = @extschema@.journey_path_serial,
    DESERIALFUNC = @extschema@.journey_path_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz) IS
    'the steps in time order (ties by step text), consecutive repeats collapsed';
COMMENT ON AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz, integer) IS
    'the last max_steps steps of the collapsed path, in time order';
COMMENT ON AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text) IS
    'the first or the last (keep) max_steps steps of the collapsed path';
COMMENT ON AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp) IS
    'the steps in time order (ties by step text), consecutive repeats collapsed';
COMMENT ON AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp, integer) IS
    'the last max_steps steps of the collapsed path, in time order';
COMMENT ON AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text) IS
    'the first or the last (keep) max_steps steps of the collapsed path';
-- retention: ClickHouse-compatible retention(), per-customer activity by
-- period with right-censoring (retention_periods) and cohort shares
-- (cohort_retention).

-- ---------------------------------------------------------------------------
-- retention(VARIADIC conds "any": boolean conditions) -> integer[]
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.retention_trans(pg_catalog.internal, VARIADIC pg_catalog."any") RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_retention_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_final(pg_catalog.internal) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'pgcxm_retention_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_trans(pg_catalog.internal, VARIADIC pg_catalog."any") IS
    'transition function of retention(): ORs the conditions of one row';
COMMENT ON FUNCTION @extschema@.retention_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of retention(): ORs two partial states';
COMMENT ON FUNCTION @extschema@.retention_serial(pg_catalog.internal) IS
    'serial function of retention(): the state as bytes';
COMMENT ON FUNCTION @extschema@.retention_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserial function of retention(): reads and validates a serialized state';
COMMENT ON FUNCTION @extschema@.retention_final(pg_catalog.internal) IS
    'final function of retention(): [c1, c1 and c2, c1 and c3, ...] as 0/1';

CREATE AGGREGATE @extschema@.retention(VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.retention_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 16,
    FINALFUNC = @extschema@.retention_final,
    COMBINEFUNC = @extschema@.retention_combine,
    SERIALFUNC = @extschema@.retention_serial,
    DESERIALFUNC = @extschema@.retention_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention(VARIADIC pg_catalog."any") IS
    'ClickHouse retention(): r[1] = condition 1 held on some row, r[k] = conditions 1 and k each held on some row (0/1)';

-- ---------------------------------------------------------------------------
-- retention_periods(ts, period, periods, as_of [, mode [, origin]]) -> integer[]
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp) IS
    'transition function of retention_periods(): adds one event';
CREATE FUNCTION @extschema@.retention_periods_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_final(pg_catalog.internal) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_periods_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of retention_periods(): merges the events of two partial states';
COMMENT ON FUNCTION @extschema@.retention_periods_serial(pg_catalog.internal) IS
    'serial function of retention_periods(): the state as bytes';
COMMENT ON FUNCTION @extschema@.retention_periods_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserial function of retention_periods(): reads and validates a serialized state';
COMMENT ON FUNCTION @extschema@.retention_periods_final(pg_catalog.internal) IS
    'final function of retention_periods(): activity in periods 0..N, NULL where the period had not ended by as_of';

CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    SERIALFUNC = @extschema@.retention_periods_serial,
    DESERIALFUNC = @extschema@.retention_periods_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    SERIALFUNC = @extschema@.retention_periods_serial,
    DESERIALFUNC = @extschema@.retention_periods_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    SERIALFUNC = @extschema@.retention_periods_serial,
    DESERIALFUNC = @extschema@.retention_periods_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    SERIALFUNC = @extschema@.retention_periods_serial,
    DESERIALFUNC = @extschema@.retention_periods_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    SERIALFUNC = @extschema@.retention_periods_serial,
    DESERIALFUNC = @extschema@.retention_periods_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    SERIALFUNC = @extschema@.retention_periods_serial,
    DESERIALFUNC = @extschema@.retention_periods_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz) IS
    'one customer''s activity in periods 0..N after their first event (1/0), NULL for periods not ended by as_of; rolling periods from the first event, mode on';
COMMENT ON AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text) IS
    'one customer''s activity in periods 0..N after their first event (1/0), NULL for periods not ended by as_of; rolling periods from the first event';
COMMENT ON AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz) IS
    'one customer''s activity in periods 0..N after their first event (1/0), NULL for periods not ended by as_of; periods on a grid from origin';
COMMENT ON AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp) IS
    'one customer''s activity in periods 0..N after their first event (1/0), NULL for periods not ended by as_of; rolling periods from the first event, mode on';
COMMENT ON AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text) IS
    'one customer''s activity in periods 0..N after their first event (1/0), NULL for periods not ended by as_of; rolling periods from the first event';
COMMENT ON AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp) IS
    'one customer''s activity in periods 0..N after their first event (1/0), NULL for periods not ended by as_of; periods on a grid from origin';

-- ---------------------------------------------------------------------------
-- cohort_retention(r integer[] [, decimals]) -> numeric[]
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.cohort_retention_trans(pg_catalog.internal, integer[]) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_retention_trans(pg_catalog.internal, integer[], integer) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_retention_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_retention_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_retention_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_retention_final(pg_catalog.internal) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cohort_retention_trans(pg_catalog.internal, integer[]) IS
    'transition function of cohort_retention(): counts one customer''s array';
COMMENT ON FUNCTION @extschema@.cohort_retention_trans(pg_catalog.internal, integer[], integer) IS
    'transition function of cohort_retention(): counts one customer''s array';
COMMENT ON FUNCTION @extschema@.cohort_retention_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of cohort_retention(): adds two partial counts';
COMMENT ON FUNCTION @extschema@.cohort_retention_serial(pg_catalog.internal) IS
    'serial function of cohort_retention(): the counts as bytes';
COMMENT ON FUNCTION @extschema@.cohort_retention_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserial function of cohort_retention(): reads and validates a serialized state';
COMMENT ON FUNCTION @extschema@.cohort_retention_final(pg_catalog.internal) IS
    'final function of cohort_retention(): percent retained per period';

CREATE AGGREGATE @extschema@.cohort_retention(integer[]) (
    SFUNC = @extschema@.cohort_retention_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.cohort_retention_final,
    COMBINEFUNC = @extschema@.cohort_retention_combine,
    SERIALFUNC = @extschema@.cohort_retention_serial,
    DESERIALFUNC = @extschema@.cohort_retention_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.cohort_retention(integer[], integer) (
    SFUNC = @extschema@.cohort_retention_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.cohort_retention_final,
    COMBINEFUNC = @extschema@.cohort_retention_combine,
    SERIALFUNC = @extschema@.cohort_retention_serial,
    DESERIALFUNC = @extschema@.cohort_retention_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cohort_retention(integer[]) IS
    'per period k: percent of the customers with r[1] = 1 that have r[k] = 1, among those whose r[k] is known (not NULL)';
COMMENT ON AGGREGATE @extschema@.cohort_retention(integer[], integer) IS
    'per period k: percent of the customers with r[1] = 1 that have r[k] = 1, among those whose r[k] is known, rounded to decimals';
-- sequence: sequence_match and sequence_count, ClickHouse's sequenceMatch
-- and sequenceCount pattern matching over timestamptz or timestamp.

-- SSPACE: what a small group's state takes in the aggregate's memory (the
-- state, its first array of events, the allocator's headers), so that the
-- planner sizes hash aggregation honestly.

-- ---------------------------------------------------------------------------
-- Support functions (state: one 16-byte entry per row meeting a condition)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any")
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any")
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'transition function of sequence_match and sequence_count: checks the pattern, keeps the rows that meet a condition';
COMMENT ON FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'transition function of sequence_match and sequence_count: checks the pattern, keeps the rows that meet a condition';

CREATE FUNCTION @extschema@.sequence_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_serialize(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_deserialize(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_match_final(pg_catalog.internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_match_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_count_final(pg_catalog.internal) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_count_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sequence_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of sequence_match and sequence_count: merges two partial states';
COMMENT ON FUNCTION @extschema@.sequence_serialize(pg_catalog.internal) IS
    'serial function of sequence_match and sequence_count: a partial state as bytes, for parallel workers and Citus';
COMMENT ON FUNCTION @extschema@.sequence_deserialize(pg_catalog.bytea, pg_catalog.internal) IS
    'deserial function of sequence_match and sequence_count: checks and reads a serialized partial state';
COMMENT ON FUNCTION @extschema@.sequence_match_final(pg_catalog.internal) IS
    'final function of sequence_match: whether the events match the pattern';
COMMENT ON FUNCTION @extschema@.sequence_count_final(pg_catalog.internal) IS
    'final function of sequence_count: the number of non-overlapping matches';

-- ---------------------------------------------------------------------------
-- sequence_match / sequence_count(pattern, ts, VARIADIC conditions)
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    SERIALFUNC = @extschema@.sequence_serialize, DESERIALFUNC = @extschema@.sequence_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    SERIALFUNC = @extschema@.sequence_serialize, DESERIALFUNC = @extschema@.sequence_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    SERIALFUNC = @extschema@.sequence_serialize, DESERIALFUNC = @extschema@.sequence_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    SERIALFUNC = @extschema@.sequence_serialize, DESERIALFUNC = @extschema@.sequence_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'whether the events match the pattern, as ClickHouse''s sequenceMatch: (?N), ., .*, (?t<=N) and friends, N seconds';
COMMENT ON AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'whether the events match the pattern, as ClickHouse''s sequenceMatch: (?N), ., .*, (?t<=N) and friends, N seconds';
COMMENT ON AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'number of non-overlapping matches of the pattern, as ClickHouse''s sequenceCount';
COMMENT ON AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'number of non-overlapping matches of the pattern, as ClickHouse''s sequenceCount';
-- sessions: sessions and event windows over customer events.

-- ---------------------------------------------------------------------------
-- Window functions
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.sessionize(pg_catalog.timestamptz, pg_catalog.interval) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_sessionize' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sessionize(pg_catalog.timestamp, pg_catalog.interval) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_sessionize' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sessionize(pg_catalog.timestamptz, pg_catalog.interval) IS
    'window function: the session number (from 1) of each row; a new session starts when the time since the previous event exceeds gap; use OVER (PARTITION BY customer ORDER BY ts)';
COMMENT ON FUNCTION @extschema@.sessionize(pg_catalog.timestamp, pg_catalog.interval) IS
    'window function: the session number (from 1) of each row; a new session starts when the time since the previous event exceeds gap; use OVER (PARTITION BY customer ORDER BY ts)';

CREATE FUNCTION @extschema@.conditional_true_event(boolean) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_conditional_true_event' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.conditional_true_event(boolean) IS
    'window function (Vertica semantics): counts from 0, one more on every row where the condition is true';

CREATE FUNCTION @extschema@.conditional_change_event(pg_catalog.anyelement) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_conditional_change_event' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.conditional_change_event(pg_catalog.anyelement) IS
    'window function (Vertica semantics): counts from 0, one more on every row whose value differs from the previous row''s; changes to or from NULL do not count';

-- ---------------------------------------------------------------------------
-- session_count(ts, gap): the number of sessions of a group, any row order
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.session_count_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval)
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.session_count_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval)
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.session_count_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.session_count_serial(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.session_count_deserial(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.session_count_final(pg_catalog.internal) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.session_count_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval) IS
    'transition function of session_count(): adds one event';
COMMENT ON FUNCTION @extschema@.session_count_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval) IS
    'transition function of session_count(): adds one event';
COMMENT ON FUNCTION @extschema@.session_count_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of session_count(): merges the sessions of two partial states';
COMMENT ON FUNCTION @extschema@.session_count_serial(pg_catalog.internal) IS
    'serial function of session_count(): the sessions as bytes';
COMMENT ON FUNCTION @extschema@.session_count_deserial(pg_catalog.bytea, pg_catalog.internal) IS
    'deserial function of session_count(): reads and validates a serialized state';
COMMENT ON FUNCTION @extschema@.session_count_final(pg_catalog.internal) IS
    'final function of session_count(): the number of sessions';

CREATE AGGREGATE @extschema@.session_count(pg_catalog.timestamptz, pg_catalog.interval) (
    SFUNC = @extschema@.session_count_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.session_count_final,
    COMBINEFUNC = @extschema@.session_count_combine,
    SERIALFUNC = @extschema@.session_count_serial,
    DESERIALFUNC = @extschema@.session_count_deserial,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.session_count(pg_catalog.timestamp, pg_catalog.interval) (
    SFUNC = @extschema@.session_count_trans,
    STYPE = pg_catalog.internal,
    SSPACE = 64,
    FINALFUNC = @extschema@.session_count_final,
    COMBINEFUNC = @extschema@.session_count_combine,
    SERIALFUNC = @extschema@.session_count_serial,
    DESERIALFUNC = @extschema@.session_count_deserial,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.session_count(pg_catalog.timestamptz, pg_catalog.interval) IS
    'the number of sessions among the events of a group, whatever order the rows arrive in (same rule as sessionize)';
COMMENT ON AGGREGATE @extschema@.session_count(pg_catalog.timestamp, pg_catalog.interval) IS
    'the number of sessions among the events of a group, whatever order the rows arrive in (same rule as sessionize)';
