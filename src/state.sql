-- state: cxm_state, the state type of every cxm aggregate that has no
-- stored summary type of its own (the survey aggregates use ratings).  A
-- real type rather than internal, so that Citus ships partial states from
-- its workers and parallel workers pass them on as plain values.

CREATE TYPE @extschema@.cxm_state;

CREATE FUNCTION @extschema@.cxm_state_in(pg_catalog.cstring) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cxm_state_out(@extschema@.cxm_state) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'pgcxm_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cxm_state_recv(pg_catalog.internal) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cxm_state_send(@extschema@.cxm_state) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.cxm_state (
    INPUT = @extschema@.cxm_state_in,
    OUTPUT = @extschema@.cxm_state_out,
    RECEIVE = @extschema@.cxm_state_recv,
    SEND = @extschema@.cxm_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.cxm_state IS
    'partial state of a cxm aggregate (format and kind bytes, then the state), as parallel workers and Citus workers pass it on';
COMMENT ON FUNCTION @extschema@.cxm_state_in(pg_catalog.cstring) IS 'text input of cxm_state (\x and hexadecimal digits): checks every byte';
COMMENT ON FUNCTION @extschema@.cxm_state_out(@extschema@.cxm_state) IS 'text output of cxm_state (\x and hexadecimal digits)';
COMMENT ON FUNCTION @extschema@.cxm_state_recv(pg_catalog.internal) IS 'binary input of cxm_state: checks every byte';
COMMENT ON FUNCTION @extschema@.cxm_state_send(@extschema@.cxm_state) IS 'binary output of cxm_state';
