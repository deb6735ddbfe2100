-- sequence: sequence_match and sequence_count, ClickHouse's sequenceMatch
-- and sequenceCount pattern matching over timestamptz or timestamp.

-- SSPACE: what a small group's state takes in the aggregate's memory (the
-- cxm_state header and the state, its first array of events, the
-- allocator's headers), so that the planner sizes hash aggregation honestly.

-- ---------------------------------------------------------------------------
-- Support functions (state: a cxm_state holding one 16-byte entry per row
-- meeting a condition)
-- ---------------------------------------------------------------------------

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

-- ---------------------------------------------------------------------------
-- sequence_match / sequence_count(pattern, ts, VARIADIC conditions)
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'whether the events match the pattern, as ClickHouse''s sequenceMatch: (?N), ., .*, (?t<=N) and friends, N seconds';
COMMENT ON AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'whether the events match the pattern, as ClickHouse''s sequenceMatch: (?N), ., .*, (?t<=N) and friends, N seconds';
COMMENT ON AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'number of non-overlapping matches of the pattern, as ClickHouse''s sequenceCount';
COMMENT ON AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'number of non-overlapping matches of the pattern, as ClickHouse''s sequenceCount';

-- ---------------------------------------------------------------------------
-- The array form: sequence_match / sequence_count(pattern, ts, conditions
-- boolean[]).  Its declared argument types are concrete, so Citus pushes it
-- down as partial aggregates when the query is not grouped by the
-- distribution column (it refuses the VARIADIC "any" list); same state,
-- combine and final functions.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.sequence_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz, boolean[])
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_trans_array' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp, boolean[])
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_trans_array' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sequence_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamptz, boolean[]) IS
    'transition function of sequence_match and sequence_count(pattern, ts, conditions boolean[]): checks the pattern, keeps the rows that meet a condition; a NULL array is a row meeting none';
COMMENT ON FUNCTION @extschema@.sequence_trans(@extschema@.cxm_state, pg_catalog.text, pg_catalog.timestamp, boolean[]) IS
    'transition function of sequence_match and sequence_count(pattern, ts, conditions boolean[]): checks the pattern, keeps the rows that meet a condition; a NULL array is a row meeting none';

CREATE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, boolean[]) (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, boolean[]) (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, boolean[]) (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, boolean[]) (
    SFUNC = @extschema@.sequence_trans, STYPE = @extschema@.cxm_state, SSPACE = 464,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, boolean[]) IS
    'whether the events match the pattern, as ClickHouse''s sequenceMatch, the conditions given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, boolean[]) IS
    'whether the events match the pattern, as ClickHouse''s sequenceMatch, the conditions given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, boolean[]) IS
    'number of non-overlapping matches of the pattern, as ClickHouse''s sequenceCount, the conditions given as one boolean[] (the form Citus pushes down as partial aggregates)';
COMMENT ON AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, boolean[]) IS
    'number of non-overlapping matches of the pattern, as ClickHouse''s sequenceCount, the conditions given as one boolean[] (the form Citus pushes down as partial aggregates)';
