-- Changes to objects of earlier releases, for the upgrade script from
-- PREVIOUS_VERSION (see the Makefile).  Empty when there are none.

-- ---------------------------------------------------------------------------
-- eNPS and the loyalty index (new in 0.2.0; also in src/ratings.sql)
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

