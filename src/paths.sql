-- paths: journey_path, a customer's steps in time order with repeats collapsed.

CREATE FUNCTION @extschema@.journey_path_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_final(@extschema@.cxm_state) RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_path_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of journey_path(): merges the events of two partial states';
COMMENT ON FUNCTION @extschema@.journey_path_final(@extschema@.cxm_state) IS
    'final function of journey_path(): the steps in time order, repeats collapsed, capped';

CREATE FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz, integer) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp, integer) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_journey_path_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz, integer) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp, integer) IS
    'transition function of journey_path(): adds one event';
COMMENT ON FUNCTION @extschema@.journey_path_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text) IS
    'transition function of journey_path(): adds one event';

CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz, integer) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp, integer) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
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
