-- clv: customer lifetime value.  Historic (rfm), closed forms (clv,
-- clv_simple), and the predictive BG/NBD and Gamma-Gamma models (Fader,
-- Hardie & Lee) with the definitions of the lifetimes library.
-- Rates given to a formula are fractions (retention 0.8); percentages that
-- cxm returns (churn_rate) are converted by expected_lifetime.

-- ---------------------------------------------------------------------------
-- Closed forms
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.clv(margin numeric, retention numeric, discount numeric, acquisition_cost numeric DEFAULT 0)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_clv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv(numeric, numeric, numeric, numeric) IS
    'Gupta-Lehmann customer lifetime value margin * retention / (1 + discount - retention) - acquisition_cost; rates as fractions per period';

CREATE FUNCTION @extschema@.clv_simple(average_order_value numeric, purchase_frequency numeric, lifespan numeric,
                                       gross_margin numeric DEFAULT 1)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_clv_simple' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clv_simple(numeric, numeric, numeric, numeric) IS
    'simple lifetime value: average order value * purchases per period * lifespan in periods * gross margin (a fraction)';

CREATE FUNCTION @extschema@.expected_lifetime(churn_rate numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_expected_lifetime' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_lifetime(numeric) IS
    'expected customer lifetime in periods, 100 / churn_rate (a percentage per period): 2.5 gives 40';

-- ---------------------------------------------------------------------------
-- rfm: recency, frequency and monetary value as of a date
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.rfm AS (
    recency pg_catalog.interval,
    frequency bigint,
    monetary numeric
);
COMMENT ON TYPE @extschema@.rfm IS
    'recency (as_of - last order), frequency (orders) and monetary value (sum of amounts) of one customer';

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

CREATE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.timestamptz, as_of pg_catalog.timestamptz) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm(numeric, pg_catalog.timestamptz, pg_catalog.timestamptz) IS
    'recency, frequency and monetary value of the orders at or before as_of (later orders are left out)';
CREATE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.timestamp, as_of pg_catalog.timestamp) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm(numeric, pg_catalog.timestamp, pg_catalog.timestamp) IS
    'recency, frequency and monetary value of the orders at or before as_of (later orders are left out)';
CREATE AGGREGATE @extschema@.rfm(amount numeric, ordered_at pg_catalog.date, as_of pg_catalog.date) (
    SFUNC = @extschema@.rfm_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 128,
    FINALFUNC = @extschema@.rfm_final,
    COMBINEFUNC = @extschema@.rfm_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm(numeric, pg_catalog.date, pg_catalog.date) IS
    'recency, frequency and monetary value of the orders at or before as_of (later orders are left out)';

-- ---------------------------------------------------------------------------
-- clv_summary: the per-customer history the BG/NBD and Gamma-Gamma models read
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.clv_summary AS (
    frequency bigint,
    recency integer,
    age integer,
    monetary_value numeric
);
COMMENT ON TYPE @extschema@.clv_summary IS
    'one customer as the BG/NBD and Gamma-Gamma models see them: repeat purchase periods, recency and age in periods, mean value of the repeat periods';

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
CREATE AGGREGATE @extschema@.clv_summary(purchased_on pg_catalog.date, amount double precision, observed_until pg_catalog.date) (
    SFUNC = @extschema@.clv_summary_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.clv_summary_final,
    COMBINEFUNC = @extschema@.clv_summary_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.clv_summary(pg_catalog.date, double precision, pg_catalog.date) IS
    'a customer''s purchases summarised in days, as lifetimes'' summary_data_from_transaction_data: purchases on one day count once';
CREATE AGGREGATE @extschema@.clv_summary(purchased_on pg_catalog.date, amount double precision, observed_until pg_catalog.date,
                                         period pg_catalog.text) (
    SFUNC = @extschema@.clv_summary_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 320,
    FINALFUNC = @extschema@.clv_summary_final,
    COMBINEFUNC = @extschema@.clv_summary_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.clv_summary(pg_catalog.date, double precision, pg_catalog.date, pg_catalog.text) IS
    'a customer''s purchases summarised in periods of a ''day'' or a ''week'' (Monday to Sunday): purchases in one period count once';

-- ---------------------------------------------------------------------------
-- BG/NBD: fit and predictions
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.bgnbd_model AS (
    r numeric,
    alpha numeric,
    a numeric,
    b numeric,
    customers numeric,
    log_likelihood numeric
);
COMMENT ON TYPE @extschema@.bgnbd_model IS
    'a BG/NBD model: purchase rates Gamma(r, alpha), dropout probabilities Beta(a, b); with the customers (sum of weights) and log-likelihood of its fit';

CREATE FUNCTION @extschema@.bgnbd_model(r double precision, alpha double precision, a double precision, b double precision)
    RETURNS @extschema@.bgnbd_model
    AS 'MODULE_PATHNAME', 'pgcxm_bgnbd_model' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_model(double precision, double precision, double precision, double precision) IS
    'a BG/NBD model from known parameters (all > 0), e.g. published ones';

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

CREATE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(double precision, double precision, double precision) IS
    'BG/NBD model fitted by maximum likelihood to one row per customer (repeat purchases, recency, age)';
CREATE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision, weight double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(double precision, double precision, double precision, double precision) IS
    'BG/NBD model fitted by maximum likelihood; weight = customers with this history';
CREATE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision, weight double precision, penalizer double precision) (
    SFUNC = @extschema@.bgnbd_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.bgnbd_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(double precision, double precision, double precision, double precision, double precision) IS
    'BG/NBD model fitted by penalized maximum likelihood (penalizer * sum of squared parameters, as lifetimes)';

CREATE FUNCTION @extschema@.probability_alive(model @extschema@.bgnbd_model, frequency double precision,
                                              recency double precision, age double precision) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_probability_alive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.probability_alive(@extschema@.bgnbd_model, double precision, double precision, double precision) IS
    'probability that a customer with this history is still active (has not dropped out), 0..1';

CREATE FUNCTION @extschema@.expected_purchases(model @extschema@.bgnbd_model, t double precision, frequency double precision,
                                               recency double precision, age double precision) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_purchases(@extschema@.bgnbd_model, double precision, double precision, double precision, double precision) IS
    'expected purchases of a customer with this history in the next t units of time';

CREATE FUNCTION @extschema@.expected_purchases(model @extschema@.bgnbd_model, t double precision) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_purchases(@extschema@.bgnbd_model, double precision) IS
    'expected repeat purchases of a new customer in their first t units of time';

CREATE FUNCTION @extschema@.probability_of_purchases(model @extschema@.bgnbd_model, t double precision, n integer) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_probability_of_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.probability_of_purchases(@extschema@.bgnbd_model, double precision, integer) IS
    'probability that a new customer makes exactly n repeat purchases in their first t units of time';

-- ---------------------------------------------------------------------------
-- Gamma-Gamma: fit and expected value
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.gamma_gamma_model AS (
    p numeric,
    q numeric,
    v numeric,
    customers numeric,
    log_likelihood numeric
);
COMMENT ON TYPE @extschema@.gamma_gamma_model IS
    'a Gamma-Gamma model of the mean value of repeat purchases (p, q, v), with the customers (sum of weights) and log-likelihood of its fit';

CREATE FUNCTION @extschema@.gamma_gamma_model(p double precision, q double precision, v double precision)
    RETURNS @extschema@.gamma_gamma_model
    AS 'MODULE_PATHNAME', 'pgcxm_gamma_gamma_model' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_model(double precision, double precision, double precision) IS
    'a Gamma-Gamma model from known parameters (all > 0), e.g. published ones';

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

CREATE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(double precision, double precision) IS
    'Gamma-Gamma model fitted by maximum likelihood to one row per customer (repeat purchases, their mean value); customers without repeat purchases are left out';
CREATE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision, weight double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(double precision, double precision, double precision) IS
    'Gamma-Gamma model fitted by maximum likelihood; weight = customers with this history';
CREATE AGGREGATE @extschema@.gamma_gamma_fit(frequency double precision, monetary_value double precision, weight double precision, penalizer double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 4160,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.gamma_gamma_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(double precision, double precision, double precision, double precision) IS
    'Gamma-Gamma model fitted by penalized maximum likelihood (penalizer * sum of squared parameters, as lifetimes)';

CREATE FUNCTION @extschema@.expected_average_value(model @extschema@.gamma_gamma_model, frequency double precision,
                                                   monetary_value double precision) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_expected_average_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_average_value(@extschema@.gamma_gamma_model, double precision, double precision) IS
    'expected mean value of a customer''s future purchases: their own mean shrunk toward the population mean';

CREATE FUNCTION @extschema@.predicted_clv(purchases @extschema@.bgnbd_model, spend @extschema@.gamma_gamma_model,
                                          frequency double precision, recency double precision, age double precision,
                                          monetary_value double precision, months integer DEFAULT 12,
                                          monthly_discount double precision DEFAULT 0.01,
                                          periods_per_month double precision DEFAULT 30) RETURNS numeric
    AS 'MODULE_PATHNAME', 'pgcxm_predicted_clv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.predicted_clv(@extschema@.bgnbd_model, @extschema@.gamma_gamma_model, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
    'discounted value of a customer''s purchases over the next months (lifetimes'' customer_lifetime_value): expected purchases of each month times the expected average value, discounted monthly';
