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
