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
