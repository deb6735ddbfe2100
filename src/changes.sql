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

-- markov_model
CREATE FUNCTION @extschema@.markov_model_trans(@extschema@.cxm_state, pg_catalog.text[], boolean) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_trans(@extschema@.cxm_state, pg_catalog.text[], boolean, pg_catalog.numeric) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_trans(@extschema@.cxm_state, pg_catalog.text[], boolean, pg_catalog.numeric, integer) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_model_final(@extschema@.cxm_state) RETURNS @extschema@.markov_chain
    AS 'MODULE_PATHNAME', 'pgcxm_markov_model_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.markov_model_trans(@extschema@.cxm_state, pg_catalog.text[], boolean) IS 'transition function of markov_model(path, converted): adds one journey';
COMMENT ON FUNCTION @extschema@.markov_model_trans(@extschema@.cxm_state, pg_catalog.text[], boolean, pg_catalog.numeric) IS 'transition function of markov_model(path, converted, value): adds one journey';
COMMENT ON FUNCTION @extschema@.markov_model_trans(@extschema@.cxm_state, pg_catalog.text[], boolean, pg_catalog.numeric, integer) IS 'transition function of markov_model(path, converted, value, chain_order): adds one journey';
COMMENT ON FUNCTION @extschema@.markov_model_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS 'combine function of markov_model(): adds the transition counts of two partial chains';
COMMENT ON FUNCTION @extschema@.markov_model_final(@extschema@.cxm_state) IS 'final function of markov_model(): the markov_chain value';

CREATE OR REPLACE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 2560,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean, value pg_catalog.numeric) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 2560,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean, value pg_catalog.numeric, chain_order integer) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 2560,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean);
DROP FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean, pg_catalog.numeric);
DROP FUNCTION @extschema@.markov_model_trans(pg_catalog.internal, pg_catalog.text[], boolean, pg_catalog.numeric, integer);
DROP FUNCTION @extschema@.markov_model_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.markov_model_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.markov_model_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.markov_model_final(pg_catalog.internal);
