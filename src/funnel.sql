-- funnel: window_funnel and window_funnel_steps, ClickHouse's windowFunnel
-- in every mode, over timestamptz or timestamp.

-- SSPACE: what a small group's state takes in the aggregate's memory (the
-- cxm_state header and the state, its first array of events, the
-- allocator's headers), so that the planner sizes hash aggregation honestly.

-- ---------------------------------------------------------------------------
-- Support functions (state: a cxm_state holding one 16-byte entry per row
-- meeting a step)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any")
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any")
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any")
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any")
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'transition function of window_funnel(window, ts, steps): keeps the rows that meet a step';
COMMENT ON FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'transition function of window_funnel(window, ts, steps): keeps the rows that meet a step';
COMMENT ON FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'transition function of window_funnel(window, mode, ts, steps): keeps the rows that meet a step (under strict_order, the others too)';
COMMENT ON FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'transition function of window_funnel(window, mode, ts, steps): keeps the rows that meet a step (under strict_order, the others too)';

CREATE FUNCTION @extschema@.funnel_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_final(@extschema@.cxm_state) RETURNS integer
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_steps_final(@extschema@.cxm_state) RETURNS pg_catalog.timestamptz[]
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_steps_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_steps_final_ts(@extschema@.cxm_state) RETURNS pg_catalog.timestamp[]
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_steps_final_ts' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of window_funnel and window_funnel_steps: merges two partial states';
COMMENT ON FUNCTION @extschema@.funnel_final(@extschema@.cxm_state) IS
    'final function of window_funnel: the deepest step reached';
COMMENT ON FUNCTION @extschema@.funnel_steps_final(@extschema@.cxm_state) IS
    'final function of window_funnel_steps over timestamptz: when each step of the deepest chain was reached';
COMMENT ON FUNCTION @extschema@.funnel_steps_final_ts(@extschema@.cxm_state) IS
    'final function of window_funnel_steps over timestamp: when each step of the deepest chain was reached';

-- ---------------------------------------------------------------------------
-- window_funnel(window, [mode,] ts, VARIADIC steps): the deepest step reached
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
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
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final_ts,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final_ts,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'when each step of the chain window_funnel counts was reached (its length is window_funnel''s result)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'when each step of the chain window_funnel counts was reached (its length is window_funnel''s result)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'when each step of the chain window_funnel counts in the given mode was reached (its length is window_funnel''s result)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'when each step of the chain window_funnel counts in the given mode was reached (its length is window_funnel''s result)';

-- ---------------------------------------------------------------------------
-- The array form: window_funnel / window_funnel_steps(window, [mode,] ts,
-- steps boolean[]).  Its declared argument types are concrete, so Citus
-- pushes it down as partial aggregates when the query is not grouped by
-- the distribution column (it refuses the VARIADIC "any" list); same
-- state, combine and final functions.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.timestamptz, boolean[])
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans_array' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.timestamp, boolean[])
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans_array' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, boolean[])
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans_array' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, boolean[])
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_funnel_trans_array' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.timestamptz, boolean[]) IS
    'transition function of window_funnel(window, ts, steps boolean[]): keeps the rows that meet a step; a NULL array is a row meeting none';
COMMENT ON FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.timestamp, boolean[]) IS
    'transition function of window_funnel(window, ts, steps boolean[]): keeps the rows that meet a step; a NULL array is a row meeting none';
COMMENT ON FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, boolean[]) IS
    'transition function of window_funnel(window, mode, ts, steps boolean[]): keeps the rows that meet a step (under strict_order, the others too); a NULL array is a row meeting none';
COMMENT ON FUNCTION @extschema@.funnel_trans(@extschema@.cxm_state, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, boolean[]) IS
    'transition function of window_funnel(window, mode, ts, steps boolean[]): keeps the rows that meet a step (under strict_order, the others too); a NULL array is a row meeting none';

CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamptz, boolean[]) (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamp, boolean[]) (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, boolean[]) (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, boolean[]) (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamptz, boolean[]) IS
    'deepest step of the funnel reached within the window, the steps given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamp, boolean[]) IS
    'deepest step of the funnel reached within the window, the steps given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, boolean[]) IS
    'deepest step of the funnel reached in a mode, the steps given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, boolean[]) IS
    'deepest step of the funnel reached in a mode, the steps given as one boolean[] (the form Citus pushes down as partial aggregates)';

CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamptz, boolean[]) (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamp, boolean[]) (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final_ts,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, boolean[]) (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, boolean[]) (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final_ts,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamptz, boolean[]) IS
    'when each step of the chain window_funnel counts was reached, the steps given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamp, boolean[]) IS
    'when each step of the chain window_funnel counts was reached, the steps given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, boolean[]) IS
    'when each step of the chain window_funnel counts in the given mode was reached, the steps given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, boolean[]) IS
    'when each step of the chain window_funnel counts in the given mode was reached, the steps given as one boolean[] (the form Citus pushes down as partial aggregates)';
