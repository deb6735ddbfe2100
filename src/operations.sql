-- operations: operational metrics over CRM tables (customers, tickets, spend).
-- Rates are percentages, like nps() and csat(): churn_rate() = 0.8 means 0.8%.

-- ---------------------------------------------------------------------------
-- Customer flow over a period: churn_rate, retention_rate, customer_flow
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.customer_flow AS (
    at_start bigint,
    acquired bigint,
    lost bigint,
    acquired_and_lost bigint,
    at_end bigint
);
COMMENT ON TYPE @extschema@.customer_flow IS
    'customers of a period: at its start, acquired during it, lost of those at the start, acquired and lost inside it, at its end';

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

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'percent of the customers at the start of [period_start, period_end) lost during it; customers acquired and lost inside the period are not counted';
CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'percent of the customers at the start of [period_start, period_end) lost during it; customers acquired and lost inside the period are not counted';
CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.churn_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
    'percent of the customers at the start of [period_start, period_end) lost during it; customers acquired and lost inside the period are not counted';

CREATE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'percent retention (E - N) / S * 100 over [period_start, period_end): S customers at the start, E at the end, N acquired during it and still there';
CREATE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention_rate(pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'percent retention (E - N) / S * 100 over [period_start, period_end): S customers at the start, E at the end, N acquired during it and still there';
CREATE AGGREGATE @extschema@.retention_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.retention_rate_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.retention_rate(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
    'percent retention (E - N) / S * 100 over [period_start, period_end): S customers at the start, E at the end, N acquired during it and still there';

CREATE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period_start pg_catalog.timestamptz, period_end pg_catalog.timestamptz) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.customer_flow(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'the customers of [period_start, period_end): at its start, acquired, lost, acquired and lost, at its end';
CREATE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.timestamp, ended_at pg_catalog.timestamp, period_start pg_catalog.timestamp, period_end pg_catalog.timestamp) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.customer_flow(pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'the customers of [period_start, period_end): at its start, acquired, lost, acquired and lost, at its end';
CREATE AGGREGATE @extschema@.customer_flow(started_at pg_catalog.date, ended_at pg_catalog.date, period_start pg_catalog.date, period_end pg_catalog.date) (
    SFUNC = @extschema@.customer_flow_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 64,
    FINALFUNC = @extschema@.customer_flow_final,
    COMBINEFUNC = @extschema@.customer_flow_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.customer_flow(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
    'the customers of [period_start, period_end): at its start, acquired, lost, acquired and lost, at its end';

-- ---------------------------------------------------------------------------
-- referral_rate
-- ---------------------------------------------------------------------------

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
CREATE AGGREGATE @extschema@.referral_rate(referred boolean) (
    SFUNC = @extschema@.referral_rate_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 80,
    FINALFUNC = @extschema@.referral_rate_final,
    COMBINEFUNC = @extschema@.referral_rate_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.referral_rate(boolean) IS
    'percent of the customers (rows with a non-NULL referred) acquired by referral';

-- ---------------------------------------------------------------------------
-- Resolution times: avg_resolution_time, unresolved_count,
-- median_resolution_time, resolution_time_percentile
-- ---------------------------------------------------------------------------

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

CREATE AGGREGATE @extschema@.avg_resolution_time(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 96,
    FINALFUNC = @extschema@.avg_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_resolution_time(pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'mean time from opened_at to resolved_at of the resolved tickets; unresolved tickets (resolved_at NULL) are left out';
CREATE AGGREGATE @extschema@.unresolved_count(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 96,
    FINALFUNC = @extschema@.unresolved_count_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.unresolved_count(pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'number of tickets opened (opened_at not NULL) and not resolved (resolved_at NULL): the ones avg_resolution_time() leaves out';
CREATE AGGREGATE @extschema@.avg_resolution_time(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 96,
    FINALFUNC = @extschema@.avg_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_resolution_time(pg_catalog.timestamp, pg_catalog.timestamp) IS
    'mean time from opened_at to resolved_at of the resolved tickets; unresolved tickets (resolved_at NULL) are left out';
CREATE AGGREGATE @extschema@.unresolved_count(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 96,
    FINALFUNC = @extschema@.unresolved_count_final,
    COMBINEFUNC = @extschema@.resolution_time_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.unresolved_count(pg_catalog.timestamp, pg_catalog.timestamp) IS
    'number of tickets opened (opened_at not NULL) and not resolved (resolved_at NULL): the ones avg_resolution_time() leaves out';

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

CREATE AGGREGATE @extschema@.median_resolution_time(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 1088,
    FINALFUNC = @extschema@.median_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.median_resolution_time(pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'median time from opened_at to resolved_at of the resolved tickets (as percentile_cont(0.5)); unresolved tickets are left out';
CREATE AGGREGATE @extschema@.resolution_time_percentile(opened_at pg_catalog.timestamptz, resolved_at pg_catalog.timestamptz, fraction double precision) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 1088,
    FINALFUNC = @extschema@.resolution_time_percentile_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.resolution_time_percentile(pg_catalog.timestamptz, pg_catalog.timestamptz, double precision) IS
    'continuous percentile (as percentile_cont(fraction)) of the resolution times of the resolved tickets; fraction in 0..1, the same on every row';
CREATE AGGREGATE @extschema@.median_resolution_time(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 1088,
    FINALFUNC = @extschema@.median_resolution_time_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.median_resolution_time(pg_catalog.timestamp, pg_catalog.timestamp) IS
    'median time from opened_at to resolved_at of the resolved tickets (as percentile_cont(0.5)); unresolved tickets are left out';
CREATE AGGREGATE @extschema@.resolution_time_percentile(opened_at pg_catalog.timestamp, resolved_at pg_catalog.timestamp, fraction double precision) (
    SFUNC = @extschema@.resolution_time_list_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 1088,
    FINALFUNC = @extschema@.resolution_time_percentile_final,
    COMBINEFUNC = @extschema@.resolution_time_list_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.resolution_time_percentile(pg_catalog.timestamp, pg_catalog.timestamp, double precision) IS
    'continuous percentile (as percentile_cont(fraction)) of the resolution times of the resolved tickets; fraction in 0..1, the same on every row';

-- ---------------------------------------------------------------------------
-- Plain functions: cac, annual_rate, periodic_rate
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.cac(spend numeric, new_customers bigint) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_cac' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cac(numeric, bigint) IS
    'customer acquisition cost: sales and marketing spend of a period / customers acquired in it; an error when there are none';

CREATE FUNCTION @extschema@.annual_rate(periodic_rate numeric, periods_per_year integer DEFAULT 12) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_annual_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.annual_rate(numeric, integer) IS
    'a periodic rate in percent compounded to a year: 100 * (1 - (1 - rate/100)^periods_per_year); monthly 3 gives 30.62';

CREATE FUNCTION @extschema@.periodic_rate(annual_rate numeric, periods_per_year integer DEFAULT 12) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_periodic_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.periodic_rate(numeric, integer) IS
    'the periodic rate in percent that compounds to an annual one: 100 * (1 - (1 - rate/100)^(1/periods_per_year)); 80 a year gives 12.55 a month';
