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

