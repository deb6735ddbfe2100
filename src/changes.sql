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
-- The business aggregates (issue 10): referral_rate, avg_resolution_time,
-- unresolved_count, median_resolution_time, resolution_time_percentile, rfm,
-- clv_summary, bgnbd_fit, gamma_gamma_fit.  The same three steps per family:
-- the cxm_state support functions, the aggregates replaced in place, the
-- internal-state support functions dropped.
-- ---------------------------------------------------------------------------

-- referral_rate
CREATE FUNCTION @extschema@.referral_rate_trans(@extschema@.cxm_state, boolean) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_share_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.referral_rate_trans(@extschema@.cxm_state, boolean) IS
    'transition function of referral_rate(): counts one customer';
CREATE FUNCTION @extschema@.referral_rate_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_share_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.referral_rate_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of referral_rate()';
CREATE FUNCTION @extschema@.referral_rate_final(@extschema@.cxm_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_referral_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.referral_rate_final(@extschema@.cxm_state) IS
    'final function of referral_rate(): 100 * referred / customers';

CREATE OR REPLACE AGGREGATE @extschema@.referral_rate(referred boolean) (
    SFUNC = @extschema@.referral_rate_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 80,
    FINALFUNC = @extschema@.referral_rate_final,
    COMBINEFUNC = @extschema@.referral_rate_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.referral_rate_trans(pg_catalog.internal, boolean);
DROP FUNCTION @extschema@.referral_rate_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.referral_rate_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.referral_rate_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.referral_rate_final(pg_catalog.internal);

-- avg_resolution_time, unresolved_count
CREATE FUNCTION @extschema@.resolution_time_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.timestamptz) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_durations_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'transition function of avg_resolution_time() and unresolved_count() over timestamptz values: adds one ticket';
CREATE FUNCTION @extschema@.resolution_time_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.timestamp) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_durations_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'transition function of avg_resolution_time() and unresolved_count() over timestamp values: adds one ticket';
CREATE FUNCTION @extschema@.resolution_time_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_durations_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of avg_resolution_time() and unresolved_count()';
CREATE FUNCTION @extschema@.avg_resolution_time_final(@extschema@.cxm_state) RETURNS pg_catalog.interval
    AS 'MODULE_PATHNAME', 'pgcxm_avg_resolution_time_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_resolution_time_final(@extschema@.cxm_state) IS
    'final function of avg_resolution_time(): the exact mean, to the microsecond';
CREATE FUNCTION @extschema@.unresolved_count_final(@extschema@.cxm_state) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgcxm_unresolved_count_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.unresolved_count_final(@extschema@.cxm_state) IS
    'final function of unresolved_count(): 0 for a group without tickets, like count()';

CREATE OR REPLACE AGGREGATE @extschema@.avg_resolution_time(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 96,
    FINALFUNC = @extschema@.avg_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.unresolved_count(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 96,
    FINALFUNC = @extschema@.unresolved_count_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.avg_resolution_time(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 96,
    FINALFUNC = @extschema@.avg_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.unresolved_count(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 96,
    FINALFUNC = @extschema@.unresolved_count_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.resolution_time_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz);
DROP FUNCTION @extschema@.resolution_time_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp);
DROP FUNCTION @extschema@.resolution_time_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.resolution_time_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.resolution_time_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.avg_resolution_time_final(pg_catalog.internal);
DROP FUNCTION @extschema@.unresolved_count_final(pg_catalog.internal);

-- median_resolution_time, resolution_time_percentile
CREATE FUNCTION @extschema@.resolution_time_list_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.timestamptz) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'transition function of median_resolution_time() over timestamptz values: keeps the resolution time of one ticket';
CREATE FUNCTION @extschema@.resolution_time_list_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.timestamptz, double precision) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_trans(@extschema@.cxm_state, pg_catalog.timestamptz, pg_catalog.timestamptz, double precision) IS
    'transition function of resolution_time_percentile() over timestamptz values: keeps the resolution time of one ticket';
CREATE FUNCTION @extschema@.resolution_time_list_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.timestamp) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'transition function of median_resolution_time() over timestamp values: keeps the resolution time of one ticket';
CREATE FUNCTION @extschema@.resolution_time_list_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.timestamp, double precision) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_trans(@extschema@.cxm_state, pg_catalog.timestamp, pg_catalog.timestamp, double precision) IS
    'transition function of resolution_time_percentile() over timestamp values: keeps the resolution time of one ticket';
CREATE FUNCTION @extschema@.resolution_time_list_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_duration_list_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_list_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS
    'combine function of median_resolution_time() and resolution_time_percentile()';
CREATE FUNCTION @extschema@.median_resolution_time_final(@extschema@.cxm_state) RETURNS pg_catalog.interval
    AS 'MODULE_PATHNAME', 'pgcxm_median_resolution_time_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.median_resolution_time_final(@extschema@.cxm_state) IS
    'final function of median_resolution_time()';
CREATE FUNCTION @extschema@.resolution_time_percentile_final(@extschema@.cxm_state) RETURNS pg_catalog.interval
    AS 'MODULE_PATHNAME', 'pgcxm_resolution_time_percentile_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.resolution_time_percentile_final(@extschema@.cxm_state) IS
    'final function of resolution_time_percentile()';

CREATE OR REPLACE AGGREGATE @extschema@.median_resolution_time(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 1088,
    FINALFUNC = @extschema@.median_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.resolution_time_percentile(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz, fraction double precision) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 1088,
    FINALFUNC = @extschema@.resolution_time_percentile_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.median_resolution_time(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 1088,
    FINALFUNC = @extschema@.median_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.resolution_time_percentile(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp, fraction double precision) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 1088,
    FINALFUNC = @extschema@.resolution_time_percentile_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz);
DROP FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.timestamptz, double precision);
DROP FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp);
DROP FUNCTION @extschema@.resolution_time_list_trans(pg_catalog.internal, pg_catalog.timestamp, pg_catalog.timestamp, double precision);
DROP FUNCTION @extschema@.resolution_time_list_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.resolution_time_list_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.resolution_time_list_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.median_resolution_time_final(pg_catalog.internal);
DROP FUNCTION @extschema@.resolution_time_percentile_final(pg_catalog.internal);

-- rfm
CREATE FUNCTION @extschema@.rfm_trans(@extschema@.cxm_state, numeric, pg_catalog.timestamptz, pg_catalog.timestamptz) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_trans_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_trans(@extschema@.cxm_state, numeric, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'transition function of rfm() over timestamptz values: adds one order';
CREATE FUNCTION @extschema@.rfm_trans(@extschema@.cxm_state, numeric, pg_catalog.timestamp, pg_catalog.timestamp) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_trans_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_trans(@extschema@.cxm_state, numeric, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'transition function of rfm() over timestamp values: adds one order';
CREATE FUNCTION @extschema@.rfm_trans(@extschema@.cxm_state, numeric, pg_catalog.date, pg_catalog.date) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_trans_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_trans(@extschema@.cxm_state, numeric, pg_catalog.date, pg_catalog.date) IS
    'transition function of rfm() over date values: adds one order';
CREATE FUNCTION @extschema@.rfm_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS 'combine function of rfm()';
CREATE FUNCTION @extschema@.rfm_final(@extschema@.cxm_state) RETURNS @extschema@.rfm
    AS 'MODULE_PATHNAME', 'pgcxm_rfm_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_final(@extschema@.cxm_state) IS 'final function of rfm(): NULL without orders up to as_of';

CREATE OR REPLACE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.timestamptz, as_of pg_catalog.timestamptz) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.timestamp, as_of pg_catalog.timestamp) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.date, as_of pg_catalog.date) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.timestamptz, pg_catalog.timestamptz);
DROP FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.timestamp, pg_catalog.timestamp);
DROP FUNCTION @extschema@.rfm_trans(pg_catalog.internal, numeric, pg_catalog.date, pg_catalog.date);
DROP FUNCTION @extschema@.rfm_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.rfm_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.rfm_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.rfm_final(pg_catalog.internal);

-- clv_summary
CREATE FUNCTION @extschema@.clv_summary_trans(@extschema@.cxm_state, pg_catalog.date, double precision, pg_catalog.date)
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_trans(@extschema@.cxm_state, pg_catalog.date, double precision, pg_catalog.date) IS
    'transition function of clv_summary(): adds one purchase (daily periods)';
CREATE FUNCTION @extschema@.clv_summary_trans(@extschema@.cxm_state, pg_catalog.date, double precision, pg_catalog.date, pg_catalog.text)
    RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_trans(@extschema@.cxm_state, pg_catalog.date, double precision, pg_catalog.date, pg_catalog.text) IS
    'transition function of clv_summary(): adds one purchase (day or week periods)';
CREATE FUNCTION @extschema@.clv_summary_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS 'combine function of clv_summary()';
CREATE FUNCTION @extschema@.clv_summary_final(@extschema@.cxm_state) RETURNS @extschema@.clv_summary
    AS 'MODULE_PATHNAME', 'pgcxm_clv_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_summary_final(@extschema@.cxm_state) IS
    'final function of clv_summary(): NULL without purchases up to observed_until';

CREATE OR REPLACE AGGREGATE @extschema@.clv_summary(purchased_on pg_catalog.date, amount double precision, observed_until pg_catalog.date) (
    SFUNC = @extschema@.clv_summary_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.clv_summary_final,
    COMBINEFUNC = @extschema@.clv_summary_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.clv_summary(purchased_on pg_catalog.date, amount double precision, observed_until pg_catalog.date,
                                         period pg_catalog.text) (
    SFUNC = @extschema@.clv_summary_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.clv_summary_final,
    COMBINEFUNC = @extschema@.clv_summary_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.clv_summary_trans(pg_catalog.internal, pg_catalog.date, double precision, pg_catalog.date);
DROP FUNCTION @extschema@.clv_summary_trans(pg_catalog.internal, pg_catalog.date, double precision, pg_catalog.date, pg_catalog.text);
DROP FUNCTION @extschema@.clv_summary_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.clv_summary_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.clv_summary_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.clv_summary_final(pg_catalog.internal);

-- bgnbd_fit
CREATE FUNCTION @extschema@.bgnbd_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision) IS
    'transition function of bgnbd_fit(): keeps one customer''s history';
CREATE FUNCTION @extschema@.bgnbd_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision, double precision) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision, double precision) IS
    'transition function of bgnbd_fit(), weighted: keeps one customer''s history';
CREATE FUNCTION @extschema@.bgnbd_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision, double precision, double precision) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision, double precision, double precision) IS
    'transition function of bgnbd_fit(), weighted and penalized: keeps one customer''s history';
CREATE FUNCTION @extschema@.bgnbd_fit_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS 'combine function of bgnbd_fit()';
CREATE FUNCTION @extschema@.bgnbd_fit_final(@extschema@.cxm_state) RETURNS @extschema@.bgnbd_model
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_final(@extschema@.cxm_state) IS
    'final function of bgnbd_fit(): maximum likelihood by BFGS; an error when it does not converge';

CREATE OR REPLACE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision, weight double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision, weight double precision, penalizer double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision);
DROP FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision);
DROP FUNCTION @extschema@.bgnbd_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision, double precision);
DROP FUNCTION @extschema@.bgnbd_fit_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.bgnbd_fit_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.bgnbd_fit_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.bgnbd_fit_final(pg_catalog.internal);

-- gamma_gamma_fit
CREATE FUNCTION @extschema@.gamma_gamma_fit_trans(@extschema@.cxm_state, double precision, double precision) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_trans(@extschema@.cxm_state, double precision, double precision) IS
    'transition function of gamma_gamma_fit(): keeps one customer with repeat purchases';
CREATE FUNCTION @extschema@.gamma_gamma_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision) IS
    'transition function of gamma_gamma_fit(), weighted: keeps one customer with repeat purchases';
CREATE FUNCTION @extschema@.gamma_gamma_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision, double precision) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_trans(@extschema@.cxm_state, double precision, double precision, double precision, double precision) IS
    'transition function of gamma_gamma_fit(), weighted and penalized: keeps one customer with repeat purchases';
CREATE FUNCTION @extschema@.gamma_gamma_fit_combine(@extschema@.cxm_state, @extschema@.cxm_state) RETURNS @extschema@.cxm_state
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_combine(@extschema@.cxm_state, @extschema@.cxm_state) IS 'combine function of gamma_gamma_fit()';
CREATE FUNCTION @extschema@.gamma_gamma_fit_final(@extschema@.cxm_state) RETURNS @extschema@.gamma_gamma_model
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_final(@extschema@.cxm_state) IS
    'final function of gamma_gamma_fit(): maximum likelihood by BFGS; an error when it does not converge';

CREATE OR REPLACE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision, weight double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision, weight double precision, penalizer double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    PARALLEL = SAFE
);
DROP FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision);
DROP FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision, double precision);
DROP FUNCTION @extschema@.gamma_gamma_fit_trans(pg_catalog.internal, double precision, double precision, double precision, double precision);
DROP FUNCTION @extschema@.gamma_gamma_fit_combine(pg_catalog.internal, pg_catalog.internal);
DROP FUNCTION @extschema@.gamma_gamma_fit_serial(pg_catalog.internal);
DROP FUNCTION @extschema@.gamma_gamma_fit_deserial(pg_catalog.bytea, pg_catalog.internal);
DROP FUNCTION @extschema@.gamma_gamma_fit_final(pg_catalog.internal);

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

-- ---------------------------------------------------------------------------
-- The array forms of the journey aggregates (issue 10): window_funnel,
-- window_funnel_steps, sequence_match, sequence_count and retention with the
-- conditions as one boolean[], which Citus pushes down as partial
-- aggregates.  New objects, as src/funnel.sql, src/sequence.sql and
-- src/retention.sql create them.
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
