-- Changes to objects of earlier releases, for the upgrade script from
-- PREVIOUS_VERSION (see the Makefile).  Empty when there are none.

-- ---------------------------------------------------------------------------
-- 0.3.0: aggregate states move from internal to cxm_state (src/state.sql), so
-- that Citus pushes every aggregate down to its workers.  CREATE OR REPLACE
-- AGGREGATE keeps each aggregate (and every view using it) and changes only
-- its state type and support functions; the old support functions go after.
-- ---------------------------------------------------------------------------

-- churn_rate, retention_rate, customer_flow
CREATE FUNCTION @extschema@.customer_flow_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_flow_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'transition function of churn_rate(), retention_rate() and customer_flow() over timestamptz values: classifies one customer';
CREATE FUNCTION @extschema@.customer_flow_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_flow_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'transition function of churn_rate(), retention_rate() and customer_flow() over timestamp values: classifies one customer';
CREATE FUNCTION @extschema@.customer_flow_trans(@extschema@.cxm_state, pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_flow_trans_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_trans(@extschema@.cxm_state, pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
    'transition function of churn_rate(), retention_rate() and customer_flow() over date values: classifies one customer';
CREATE FUNCTION @extschema@.customer_flow_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_flow_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of churn_rate(), retention_rate() and customer_flow(): adds the counts of two partial states';
CREATE FUNCTION @extschema@.churn_rate_final(@extschema@.cxm_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_churn_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_rate_final(@extschema@.cxm_state) IS
    'final function of churn_rate(): 100 * lost / customers at the start';
CREATE FUNCTION @extschema@.retention_rate_final(@extschema@.cxm_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_retention_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_rate_final(@extschema@.cxm_state) IS
    'final function of retention_rate(): 100 * (customers at the end - new ones still there) / customers at the start';
CREATE FUNCTION @extschema@.customer_flow_final(@extschema@.cxm_state) RETURNS @extschema@.customer_flow
    AS 'MODULE_PATHNAME', 'pgcxm_customer_flow_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_flow_final(@extschema@.cxm_state) IS
    'final function of customer_flow(): the counts behind churn_rate() and retention_rate()';

CREATE OR REPLACE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz);
DROP FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp);
DROP FUNCTION @extschema@.customer_flow_trans(pg_catalog.internal, pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date);
DROP FUNCTION @extschema@.customer_flow_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.customer_flow_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.customer_flow_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.churn_rate_final(pg_catalog.internal);
DROP FUNCTION @extschema@.retention_rate_final(pg_catalog.internal);
DROP FUNCTION @extschema@.customer_flow_final(pg_catalog.internal);

-- ---------------------------------------------------------------------------
-- The journey aggregates (issue 10): window_funnel, window_funnel_steps,
-- sequence_match, sequence_count, retention, retention_periods,
-- cohort_retention, session_count, journey_path.  The same three steps per
-- family: the cxm_state support functions, the aggregates replaced in place,
-- the internal-state support functions dropped.
-- ---------------------------------------------------------------------------

-- window_funnel, window_funnel_steps
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

CREATE OR REPLACE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.window_funnel(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final_ts,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.window_funnel_steps(pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.funnel_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.funnel_steps_final_ts,
    COMBINEFUNC = @extschema@.funnel_combine,
    PARALLEL = SAFE);
DROP FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.timestamptz, VARIADIC pg_catalog."any");
DROP FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.timestamp, VARIADIC pg_catalog."any");
DROP FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any");
DROP FUNCTION @extschema@.funnel_trans(pg_catalog.internal, pg_catalog.interval, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any");
DROP FUNCTION @extschema@.funnel_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.funnel_serialize(pg_catalog.internal);
DROP FUNCTION @extschema@.funnel_deserialize(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.funnel_final(pg_catalog.internal);
DROP FUNCTION @extschema@.funnel_steps_final(pg_catalog.internal);
DROP FUNCTION @extschema@.funnel_steps_final_ts(pg_catalog.internal);

-- sequence_match, sequence_count
CREATE FUNCTION @extschema@.sequence_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any")
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any")
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sequence_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'transition function of sequence_match and sequence_count: checks the pattern, keeps the rows that meet a condition';
COMMENT ON FUNCTION @extschema@.sequence_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'transition function of sequence_match and sequence_count: checks the pattern, keeps the rows that meet a condition';
CREATE FUNCTION @extschema@.sequence_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_match_final(@extschema@.cxm_state) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_match_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_count_final(@extschema@.cxm_state) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_count_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sequence_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of sequence_match and sequence_count: merges two partial states';
COMMENT ON FUNCTION @extschema@.sequence_match_final(@extschema@.cxm_state) IS
    'final function of sequence_match: whether the events match the pattern';
COMMENT ON FUNCTION @extschema@.sequence_count_final(@extschema@.cxm_state) IS
    'final function of sequence_count: the number of non-overlapping matches';

CREATE OR REPLACE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
DROP FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any");
DROP FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any");
DROP FUNCTION @extschema@.sequence_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.sequence_serialize(pg_catalog.internal);
DROP FUNCTION @extschema@.sequence_deserialize(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.sequence_match_final(pg_catalog.internal);
DROP FUNCTION @extschema@.sequence_count_final(pg_catalog.internal);

-- retention, retention_periods, cohort_retention
CREATE FUNCTION @extschema@.retention_trans(@extschema@.cxm_state, VARIADIC pg_catalog."any") RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_final(@extschema@.cxm_state) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'pgcxm_retention_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_trans(@extschema@.cxm_state, VARIADIC pg_catalog."any") IS
    'transition function of retention(): ORs the conditions of one row';
COMMENT ON FUNCTION @extschema@.retention_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of retention(): ORs two partial states';
COMMENT ON FUNCTION @extschema@.retention_final(@extschema@.cxm_state) IS
    'final function of retention(): [c1, c1 and c2, c1 and c3, ...] as 0/1';
CREATE FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text) IS
    'transition function of retention_periods(): adds one event';
COMMENT ON FUNCTION @extschema@.retention_periods_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp) IS
    'transition function of retention_periods(): adds one event';
CREATE FUNCTION @extschema@.retention_periods_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.retention_periods_final(@extschema@.cxm_state) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'pgcxm_retention_periods_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_periods_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of retention_periods(): merges the events of two partial states';
COMMENT ON FUNCTION @extschema@.retention_periods_final(@extschema@.cxm_state) IS
    'final function of retention_periods(): activity in periods 0..N, NULL where the period had not ended by as_of';
CREATE FUNCTION @extschema@.cohort_retention_trans(@extschema@.cxm_state, integer[]) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_retention_trans(@extschema@.cxm_state, integer[], integer) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_retention_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_retention_final(@extschema@.cxm_state) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'pgcxm_cohort_retention_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cohort_retention_trans(@extschema@.cxm_state, integer[]) IS
    'transition function of cohort_retention(): counts one customer''s array';
COMMENT ON FUNCTION @extschema@.cohort_retention_trans(@extschema@.cxm_state, integer[], integer) IS
    'transition function of cohort_retention(): counts one customer''s array';
COMMENT ON FUNCTION @extschema@.cohort_retention_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of cohort_retention(): adds two partial counts';
COMMENT ON FUNCTION @extschema@.cohort_retention_final(@extschema@.cxm_state) IS
    'final function of cohort_retention(): percent retained per period';

CREATE OR REPLACE AGGREGATE @extschema@.retention(VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.retention_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 80,
    FINALFUNC = @extschema@.retention_final,
    COMBINEFUNC = @extschema@.retention_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.cohort_retention(integer[]) (
    SFUNC = @extschema@.cohort_retention_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.cohort_retention_final,
    COMBINEFUNC = @extschema@.cohort_retention_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.cohort_retention(integer[], integer) (
    SFUNC = @extschema@.cohort_retention_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.cohort_retention_final,
    COMBINEFUNC = @extschema@.cohort_retention_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.retention_trans(pg_catalog.internal, VARIADIC pg_catalog."any");
DROP FUNCTION @extschema@.retention_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.retention_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.retention_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.retention_final(pg_catalog.internal);
DROP FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz);
DROP FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text);
DROP FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz);
DROP FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp);
DROP FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text);
DROP FUNCTION @extschema@.retention_periods_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp);
DROP FUNCTION @extschema@.retention_periods_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.retention_periods_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.retention_periods_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.retention_periods_final(pg_catalog.internal);
DROP FUNCTION @extschema@.cohort_retention_trans(pg_catalog.internal, integer[]);
DROP FUNCTION @extschema@.cohort_retention_trans(pg_catalog.internal, integer[], integer);
DROP FUNCTION @extschema@.cohort_retention_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.cohort_retention_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.cohort_retention_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.cohort_retention_final(pg_catalog.internal);

-- session_count
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

CREATE OR REPLACE AGGREGATE @extschema@.session_count(pg_catalog.timestamptz, pg_catalog.interval) (
    SFUNC = @extschema@.session_count_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.session_count_final,
    COMBINEFUNC = @extschema@.session_count_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.session_count(pg_catalog.timestamp, pg_catalog.interval) (
    SFUNC = @extschema@.session_count_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.session_count_final,
    COMBINEFUNC = @extschema@.session_count_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.session_count_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval);
DROP FUNCTION @extschema@.session_count_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.interval);
DROP FUNCTION @extschema@.session_count_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.session_count_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.session_count_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.session_count_final(pg_catalog.internal);

-- journey_path
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

CREATE OR REPLACE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz, integer) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp, integer) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.journey_path(pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text) (
    SFUNC = @extschema@.journey_path_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.journey_path_final,
    COMBINEFUNC = @extschema@.journey_path_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.journey_path_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.journey_path_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.journey_path_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.journey_path_final(pg_catalog.internal);
DROP FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz);
DROP FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, integer);
DROP FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, integer, pg_catalog.text);
DROP FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp);
DROP FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, integer);
DROP FUNCTION @extschema@.journey_path_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, integer, pg_catalog.text);
