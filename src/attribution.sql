-- attribution: crediting conversions to marketing touchpoints, by rule-based
-- models over one journey's touches and by Markov-chain removal effects
-- over many journeys.

-- ---------------------------------------------------------------------------
-- Rule-based models over one journey (arrays of its touches)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.attribution_weights(
    model pg_catalog.text,
    channels pg_catalog.text[],
    touched_at pg_catalog.timestamptz[],
    converted_at pg_catalog.timestamptz,
    half_life pg_catalog.interval DEFAULT '7 days',
    direct_channel pg_catalog.text DEFAULT 'direct',
    lookback pg_catalog.interval DEFAULT NULL,
    lead_created_at pg_catalog.timestamptz DEFAULT NULL,
    position_shares double precision[] DEFAULT '{0.4,0.2,0.4}',
    w_shares double precision[] DEFAULT '{0.3,0.3,0.1,0.3}')
RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'pgcxm_attribution_weights' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.attribution_weights(pg_catalog.text, pg_catalog.text[], pg_catalog.timestamptz[], pg_catalog.timestamptz, pg_catalog.interval, pg_catalog.text, pg_catalog.interval, pg_catalog.timestamptz, double precision[], double precision[]) IS
    'the weight of each touch of a journey under an attribution model (first_touch, last_touch, last_non_direct, linear, time_decay, position_based, w_shaped), aligned with the input arrays; touches after the conversion or before the lookback get 0';

CREATE FUNCTION @extschema@.attribute(
    model pg_catalog.text,
    channels pg_catalog.text[],
    touched_at pg_catalog.timestamptz[],
    converted_at pg_catalog.timestamptz,
    value pg_catalog.numeric DEFAULT 1,
    half_life pg_catalog.interval DEFAULT '7 days',
    direct_channel pg_catalog.text DEFAULT 'direct',
    lookback pg_catalog.interval DEFAULT NULL,
    lead_created_at pg_catalog.timestamptz DEFAULT NULL,
    position_shares double precision[] DEFAULT '{0.4,0.2,0.4}',
    w_shares double precision[] DEFAULT '{0.3,0.3,0.1,0.3}')
RETURNS TABLE (touch integer, channel pg_catalog.text, weight double precision, credit pg_catalog.numeric)
    AS 'MODULE_PATHNAME', 'pgcxm_attribute' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.attribute(pg_catalog.text, pg_catalog.text[], pg_catalog.timestamptz[], pg_catalog.timestamptz, pg_catalog.numeric, pg_catalog.interval, pg_catalog.text, pg_catalog.interval, pg_catalog.timestamptz, double precision[], double precision[]) IS
    'one row per touch that counts, in journey order: its position in the input arrays, channel, weight under the model, and its credit, a share of value; the credits add up to value exactly';

CREATE FUNCTION @extschema@.attribute_all(
    channels pg_catalog.text[],
    touched_at pg_catalog.timestamptz[],
    converted_at pg_catalog.timestamptz,
    value pg_catalog.numeric DEFAULT 1,
    half_life pg_catalog.interval DEFAULT '7 days',
    direct_channel pg_catalog.text DEFAULT 'direct',
    lookback pg_catalog.interval DEFAULT NULL,
    lead_created_at pg_catalog.timestamptz DEFAULT NULL,
    position_shares double precision[] DEFAULT '{0.4,0.2,0.4}',
    w_shares double precision[] DEFAULT '{0.3,0.3,0.1,0.3}')
RETURNS TABLE (touch integer, channel pg_catalog.text,
               first_touch pg_catalog.numeric, last_touch pg_catalog.numeric, last_non_direct pg_catalog.numeric,
               linear pg_catalog.numeric, time_decay pg_catalog.numeric, position_based pg_catalog.numeric,
               w_shaped pg_catalog.numeric)
    AS 'MODULE_PATHNAME', 'pgcxm_attribute_all' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION @extschema@.attribute_all(pg_catalog.text[], pg_catalog.timestamptz[], pg_catalog.timestamptz, pg_catalog.numeric, pg_catalog.interval, pg_catalog.text, pg_catalog.interval, pg_catalog.timestamptz, double precision[], double precision[]) IS
    'one row per touch that counts, in journey order, with its credit (a share of value) under each of the seven rule-based models; each column adds up to value exactly';

-- ---------------------------------------------------------------------------
-- The markov_chain type: transition counts between channels, mergeable
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.markov_chain;

CREATE FUNCTION @extschema@.markov_chain_in(pg_catalog.cstring) RETURNS @extschema@.markov_chain
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_chain_out(@extschema@.markov_chain) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_chain_recv(pg_catalog.internal) RETURNS @extschema@.markov_chain
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.markov_chain_send(@extschema@.markov_chain) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.markov_chain (
    INPUT = @extschema@.markov_chain_in,
    OUTPUT = @extschema@.markov_chain_out,
    RECEIVE = @extschema@.markov_chain_recv,
    SEND = @extschema@.markov_chain_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.markov_chain IS
    'a Markov chain of marketing channels fitted from journeys: for each state (the start, a channel, or a tuple of the last channels for higher orders) how many journeys went on to each next channel, to a conversion, or to the end without one; mergeable with rollup()';
COMMENT ON FUNCTION @extschema@.markov_chain_in(pg_catalog.cstring) IS 'text input of markov_chain (a JSON object)';
COMMENT ON FUNCTION @extschema@.markov_chain_out(@extschema@.markov_chain) IS 'text output of markov_chain (a JSON object)';
COMMENT ON FUNCTION @extschema@.markov_chain_recv(pg_catalog.internal) IS 'binary input of markov_chain';
COMMENT ON FUNCTION @extschema@.markov_chain_send(@extschema@.markov_chain) IS 'binary output of markov_chain';

-- ---------------------------------------------------------------------------
-- Building chains: markov_model(path, converted [, value [, chain_order]])
-- ---------------------------------------------------------------------------

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

-- SSPACE: what a new group's chain takes in the aggregate's memory, its
-- first tables and the state's header (2.5 kB measured); a chain then grows
-- with its channels, states and transitions (20 channels at order 1: ~50 kB).
CREATE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 2560,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean, value pg_catalog.numeric) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 2560,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.markov_model(path pg_catalog.text[], converted boolean, value pg_catalog.numeric, chain_order integer) (
    SFUNC = @extschema@.markov_model_trans,
    STYPE = @extschema@.cxm_state,
    SSPACE = 2560,
    FINALFUNC = @extschema@.markov_model_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.markov_model_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.markov_model(pg_catalog.text[], boolean) IS
    'a first-order markov_chain from journeys: each row a path of channels (in touch order) and whether it converted';
COMMENT ON AGGREGATE @extschema@.markov_model(pg_catalog.text[], boolean, pg_catalog.numeric) IS
    'a first-order markov_chain from journeys, keeping the total value of the converted ones';
COMMENT ON AGGREGATE @extschema@.markov_model(pg_catalog.text[], boolean, pg_catalog.numeric, integer) IS
    'a markov_chain of order 1 to 4 (states are the last chain_order channels) from journeys, keeping the total value of the converted ones';

-- ---------------------------------------------------------------------------
-- Merging and reading chains
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.markov_chain_combine(@extschema@.markov_chain, @extschema@.markov_chain) RETURNS @extschema@.markov_chain
    AS 'MODULE_PATHNAME', 'pgcxm_markov_chain_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.markov_chain_combine(@extschema@.markov_chain, @extschema@.markov_chain) IS
    'merges two markov chains of the same order (adds their transition counts and values)';

CREATE AGGREGATE @extschema@.rollup(@extschema@.markov_chain) (
    SFUNC = @extschema@.markov_chain_combine,
    STYPE = @extschema@.markov_chain,
    COMBINEFUNC = @extschema@.markov_chain_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.markov_chain) IS
    'merges stored markov chains into one, exactly as if it had been built from all their journeys';

CREATE FUNCTION @extschema@.removal_effects(chain @extschema@.markov_chain)
RETURNS TABLE (channel pg_catalog.text, removal_effect double precision, share double precision,
               conversions double precision, value double precision)
    AS 'MODULE_PATHNAME', 'pgcxm_removal_effects' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION @extschema@.removal_effects(@extschema@.markov_chain) IS
    'per channel: the removal effect (share of conversions lost if the channel were removed), its share of all removal effects, and the conversions and value credited to it';

CREATE FUNCTION @extschema@.transitions(chain @extschema@.markov_chain)
RETURNS TABLE (from_state pg_catalog.text, to_state pg_catalog.text, journeys bigint, probability double precision)
    AS 'MODULE_PATHNAME', 'pgcxm_markov_transitions' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION @extschema@.transitions(@extschema@.markov_chain) IS
    'the transitions of a markov chain: from and to which state, how many journeys took it, and its probability';
