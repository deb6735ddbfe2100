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

CREATE FUNCTION @extschema@.session_count_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.interval)
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.session_count_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.interval)
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.session_count_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.session_count_final(@extschema@.cxm_state) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_session_count_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.session_count_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.interval) IS
    'transition function of session_count(): adds one event';
COMMENT ON FUNCTION @extschema@.session_count_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.interval) IS
    'transition function of session_count(): adds one event';
COMMENT ON FUNCTION @extschema@.session_count_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of session_count(): merges the sessions of two partial states';
COMMENT ON FUNCTION @extschema@.session_count_final(@extschema@.cxm_state) IS
    'final function of session_count(): the number of sessions';

CREATE AGGREGATE @extschema@.session_count(pg_catalog.timestamptz, pg_catalog.interval) (
    SFUNC = @extschema@.session_count_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.session_count_final,
    COMBINEFUNC = @extschema@.session_count_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.session_count(pg_catalog.timestamp, pg_catalog.interval) (
    SFUNC = @extschema@.session_count_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.session_count_final,
    COMBINEFUNC = @extschema@.session_count_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.session_count(pg_catalog.timestamptz, pg_catalog.interval) IS
    'the number of sessions among the events of a group, whatever order the rows arrive in (same rule as sessionize)';
COMMENT ON AGGREGATE @extschema@.session_count(pg_catalog.timestamp, pg_catalog.interval) IS
    'the number of sessions among the events of a group, whatever order the rows arrive in (same rule as sessionize)';
