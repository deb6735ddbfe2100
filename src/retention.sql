-- retention: ClickHouse-compatible retention(), per-customer activity by
-- period with right-censoring (retention_periods) and cohort shares
-- (cohort_retention).

-- ---------------------------------------------------------------------------
-- retention(VARIADIC conds "any": boolean conditions) -> integer[]
-- ---------------------------------------------------------------------------

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

CREATE AGGREGATE @extschema@.retention(VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.retention_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 80,
    FINALFUNC = @extschema@.retention_final,
    COMBINEFUNC = @extschema@.retention_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention(VARIADIC pg_catalog."any") IS
    'ClickHouse retention(): r[1] = condition 1 held on some row, r[k] = conditions 1 and k each held on some row (0/1)';

-- retention(conditions boolean[]): the array form, with concrete declared
-- argument types, so Citus pushes it down as partial aggregates when the
-- query is not grouped by the distribution column (it refuses the VARIADIC
-- "any" list); same state, combine and final functions.
CREATE FUNCTION @extschema@.retention_trans(@extschema@.cxm_state, boolean[]) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_retention_trans_array' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_trans(@extschema@.cxm_state, boolean[]) IS
    'transition function of retention(conditions boolean[]): ORs the conditions of one row; a NULL array changes nothing';
CREATE AGGREGATE @extschema@.retention(boolean[]) (
    SFUNC = @extschema@.retention_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 80,
    FINALFUNC = @extschema@.retention_final,
    COMBINEFUNC = @extschema@.retention_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention(boolean[]) IS
    'ClickHouse retention() with the conditions given as one boolean[] (the form Citus pushes down as partial aggregates): r[1] = condition 1 held on some row, r[k] = conditions 1 and k each held on some row (0/1)';

-- ---------------------------------------------------------------------------
-- retention_periods(ts, period, periods, as_of [, mode [, origin]]) -> integer[]
-- ---------------------------------------------------------------------------

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

CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamptz, pg_catalog.interval, integer, pg_catalog.timestamptz, pg_catalog.text, pg_catalog.timestamptz) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.retention_periods(pg_catalog.timestamp, pg_catalog.interval, integer, pg_catalog.timestamp, pg_catalog.text, pg_catalog.timestamp) (
    SFUNC = @extschema@.retention_periods_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 192,
    FINALFUNC = @extschema@.retention_periods_final,
    COMBINEFUNC = @extschema@.retention_periods_combine,
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

CREATE AGGREGATE @extschema@.cohort_retention(integer[]) (
    SFUNC = @extschema@.cohort_retention_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.cohort_retention_final,
    COMBINEFUNC = @extschema@.cohort_retention_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.cohort_retention(integer[], integer) (
    SFUNC = @extschema@.cohort_retention_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.cohort_retention_final,
    COMBINEFUNC = @extschema@.cohort_retention_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cohort_retention(integer[]) IS
    'per period k: percent of the customers with r[1] = 1 that have r[k] = 1, among those whose r[k] is known (not NULL)';
COMMENT ON AGGREGATE @extschema@.cohort_retention(integer[], integer) IS
    'per period k: percent of the customers with r[1] = 1 that have r[k] = 1, among those whose r[k] is known, rounded to decimals';
