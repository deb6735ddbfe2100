
-- drivers: key driver analysis (relative importance of touchpoint ratings
-- for an outcome such as the NPS answer) over a mergeable summary.

-- ---------------------------------------------------------------------------
-- The driver_stats type
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.driver_stats;

CREATE FUNCTION @extschema@.driver_stats_in(pg_catalog.cstring) RETURNS @extschema@.driver_stats
    AS 'MODULE_PATHNAME', 'pgcxm_driver_stats_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.driver_stats_out(@extschema@.driver_stats) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'pgcxm_driver_stats_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.driver_stats_recv(pg_catalog.internal) RETURNS @extschema@.driver_stats
    AS 'MODULE_PATHNAME', 'pgcxm_driver_stats_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.driver_stats_send(@extschema@.driver_stats) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_driver_stats_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- STORAGE extended: a summary of 64 drivers takes 18 kB, more than a page.
CREATE TYPE @extschema@.driver_stats (
    INPUT = @extschema@.driver_stats_in,
    OUTPUT = @extschema@.driver_stats_out,
    RECEIVE = @extschema@.driver_stats_recv,
    SEND = @extschema@.driver_stats_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.driver_stats IS
    'an outcome and its drivers summarised as rows, total weight, means and co-moment matrix; mergeable with rollup(), read with key_drivers()';
COMMENT ON FUNCTION @extschema@.driver_stats_in(pg_catalog.cstring) IS 'text input of driver_stats (a JSON object)';
COMMENT ON FUNCTION @extschema@.driver_stats_out(@extschema@.driver_stats) IS 'text output of driver_stats (a JSON object)';
COMMENT ON FUNCTION @extschema@.driver_stats_recv(pg_catalog.internal) IS 'binary input of driver_stats';
COMMENT ON FUNCTION @extschema@.driver_stats_send(@extschema@.driver_stats) IS 'binary output of driver_stats';

-- ---------------------------------------------------------------------------
-- Transition and combine functions
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.driver_stats_trans(@extschema@.driver_stats, double precision, double precision[])
    RETURNS @extschema@.driver_stats
    AS 'MODULE_PATHNAME', 'pgcxm_driver_stats_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_stats_trans(@extschema@.driver_stats, double precision, double precision[]) IS
    'transition function of driver_stats(): adds one row (outcome, drivers)';
CREATE FUNCTION @extschema@.driver_stats_trans(@extschema@.driver_stats, double precision, double precision[], double precision)
    RETURNS @extschema@.driver_stats
    AS 'MODULE_PATHNAME', 'pgcxm_driver_stats_trans_w' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_stats_trans(@extschema@.driver_stats, double precision, double precision[], double precision) IS
    'transition function of weighted driver_stats(): adds one weighted row (outcome, drivers, weight)';

CREATE FUNCTION @extschema@.driver_stats_combine(@extschema@.driver_stats, @extschema@.driver_stats)
    RETURNS @extschema@.driver_stats
    AS 'MODULE_PATHNAME', 'pgcxm_driver_stats_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_stats_combine(@extschema@.driver_stats, @extschema@.driver_stats) IS
    'merges two driver_stats summaries of the same drivers exactly (Chan, Golub and LeVeque pairwise co-moment update)';

-- ---------------------------------------------------------------------------
-- Aggregates.  The state is the driver_stats type itself (not internal), so
-- partial states travel as ordinary values between parallel workers and
-- Citus nodes, and merge with driver_stats_combine.
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.driver_stats(outcome double precision, drivers double precision[]) (
    SFUNC = @extschema@.driver_stats_trans,
    STYPE = @extschema@.driver_stats,
    COMBINEFUNC = @extschema@.driver_stats_combine,
    INITCOND = '{"version": 1, "drivers": 0, "rows": 0, "weight": 0, "origin": [], "means": [], "comoments": []}',
    SSPACE = 288,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.driver_stats(double precision, double precision[]) IS
    'a driver_stats summary of an outcome and its drivers (1 to 64, the same number in every row); rows with a NULL are left out';
CREATE AGGREGATE @extschema@.driver_stats(outcome double precision, drivers double precision[], weight double precision) (
    SFUNC = @extschema@.driver_stats_trans,
    STYPE = @extschema@.driver_stats,
    COMBINEFUNC = @extschema@.driver_stats_combine,
    INITCOND = '{"version": 1, "drivers": 0, "rows": 0, "weight": 0, "origin": [], "means": [], "comoments": []}',
    SSPACE = 288,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.driver_stats(double precision, double precision[], double precision) IS
    'a weighted driver_stats summary (survey weights; a weight of 2 counts like the row twice)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.driver_stats) (
    SFUNC = @extschema@.driver_stats_combine,
    STYPE = @extschema@.driver_stats,
    COMBINEFUNC = @extschema@.driver_stats_combine,
    INITCOND = '{"version": 1, "drivers": 0, "rows": 0, "weight": 0, "origin": [], "means": [], "comoments": []}',
    SSPACE = 288,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.driver_stats) IS
    'merges stored driver_stats summaries into one, as if it had been built from all their rows';

-- ---------------------------------------------------------------------------
-- Statistics
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.key_drivers(s @extschema@.driver_stats)
RETURNS TABLE (driver integer, name pg_catalog.text, mean numeric, correlation numeric, beta numeric,
               relative_weight numeric, shapley numeric, share numeric)
    AS 'MODULE_PATHNAME', 'pgcxm_key_drivers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.key_drivers(@extschema@.driver_stats) IS
    'one row per driver: its mean, correlation with the outcome, standardized beta, relative weight (Johnson), Shapley value of R2 (LMG, up to 20 drivers) and share of R2 in percent';
CREATE FUNCTION @extschema@.key_drivers(s @extschema@.driver_stats, names pg_catalog.text[])
RETURNS TABLE (driver integer, name pg_catalog.text, mean numeric, correlation numeric, beta numeric,
               relative_weight numeric, shapley numeric, share numeric)
    AS 'MODULE_PATHNAME', 'pgcxm_key_drivers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.key_drivers(@extschema@.driver_stats, pg_catalog.text[]) IS
    'key_drivers(s) with each driver named from names (one per driver, in order)';

CREATE FUNCTION @extschema@.driver_r2(s @extschema@.driver_stats) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_driver_r2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_r2(@extschema@.driver_stats) IS
    'R2 of the linear model of the outcome on all the drivers; NULL with too few rows';
CREATE FUNCTION @extschema@.driver_responses(s @extschema@.driver_stats) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_driver_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_responses(@extschema@.driver_stats) IS
    'number of rows in the summary';
