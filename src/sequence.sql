-- sequence: sequence_match and sequence_count, ClickHouse's sequenceMatch
-- and sequenceCount pattern matching over timestamptz or timestamp.

-- SSPACE: what a small group's state takes in the aggregate's memory (the
-- state, its first array of events, the allocator's headers), so that the
-- planner sizes hash aggregation honestly.

-- ---------------------------------------------------------------------------
-- Support functions (state: one 16-byte entry per row meeting a condition)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any")
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any")
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'transition function of sequence_match and sequence_count: checks the pattern, keeps the rows that meet a condition';
COMMENT ON FUNCTION @extschema@.sequence_trans(pg_catalog.internal, pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'transition function of sequence_match and sequence_count: checks the pattern, keeps the rows that meet a condition';

CREATE FUNCTION @extschema@.sequence_combine(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_serialize(pg_catalog.internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_deserialize(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_match_final(pg_catalog.internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_match_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.sequence_count_final(pg_catalog.internal) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_sequence_count_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sequence_combine(pg_catalog.internal, pg_catalog.internal) IS
    'combine function of sequence_match and sequence_count: merges two partial states';
COMMENT ON FUNCTION @extschema@.sequence_serialize(pg_catalog.internal) IS
    'serial function of sequence_match and sequence_count: a partial state as bytes, for parallel workers and Citus';
COMMENT ON FUNCTION @extschema@.sequence_deserialize(pg_catalog.bytea, pg_catalog.internal) IS
    'deserial function of sequence_match and sequence_count: checks and reads a serialized partial state';
COMMENT ON FUNCTION @extschema@.sequence_match_final(pg_catalog.internal) IS
    'final function of sequence_match: whether the events match the pattern';
COMMENT ON FUNCTION @extschema@.sequence_count_final(pg_catalog.internal) IS
    'final function of sequence_count: the number of non-overlapping matches';

-- ---------------------------------------------------------------------------
-- sequence_match / sequence_count(pattern, ts, VARIADIC conditions)
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    SERIALFUNC = @extschema@.sequence_serialize, DESERIALFUNC = @extschema@.sequence_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.sequence_match_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    SERIALFUNC = @extschema@.sequence_serialize, DESERIALFUNC = @extschema@.sequence_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    SERIALFUNC = @extschema@.sequence_serialize, DESERIALFUNC = @extschema@.sequence_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") (
    SFUNC = @extschema@.sequence_trans, STYPE = pg_catalog.internal, SSPACE = 400,
    FINALFUNC = @extschema@.sequence_count_final,
    COMBINEFUNC = @extschema@.sequence_combine,
    SERIALFUNC = @extschema@.sequence_serialize, DESERIALFUNC = @extschema@.sequence_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'whether the events match the pattern, as ClickHouse''s sequenceMatch: (?N), ., .*, (?t<=N) and friends, N seconds';
COMMENT ON AGGREGATE @extschema@.sequence_match(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'whether the events match the pattern, as ClickHouse''s sequenceMatch: (?N), ., .*, (?t<=N) and friends, N seconds';
COMMENT ON AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamptz, VARIADIC pg_catalog."any") IS
    'number of non-overlapping matches of the pattern, as ClickHouse''s sequenceCount';
COMMENT ON AGGREGATE @extschema@.sequence_count(pg_catalog.text, pg_catalog.timestamp, VARIADIC pg_catalog."any") IS
    'number of non-overlapping matches of the pattern, as ClickHouse''s sequenceCount';
