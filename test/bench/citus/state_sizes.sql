-- make bench-citus, part 1: the size of what crosses the network, per
-- aggregate family, on the demo data set (test/demo/data, schema crm) and
-- its distributed copy (test/citus/setup.sql, schema dist: 8 shards by
-- customer_id).
--
-- For each family, a typical query grouped by a column that is not the
-- distribution column, so that every worker sends one partial state per
-- group and shard.  Those states are built here on one node: for every cxm
-- aggregate a twin in pg_temp with the same transition function, state type
-- and initial value and no final function returns the state itself, grouped
-- by the query's group and by the shard Citus keeps each row in
-- (get_shard_id_for_distribution_column).  Measured per state: its binary
-- form (the type's send function; for a cxm_state the same bytes as the
-- value a parallel worker hands the leader) and its text form (the type's
-- output function: what worker_partial_agg returns and Citus ships to the
-- coordinator).  How a
-- state grows: a least-squares line, bytes = a + b x n, through the states
-- of the query, where n is counted by plain SQL over the same rows.
--
-- Checked against Citus: the same query run on the distributed tables, its
-- tasks run again on their workers and the bytes they return summed (as in
-- bench.sql) must equal the group keys and state texts computed here.
SET client_min_messages = error;   -- Citus notes that pg_temp objects stay local
SET citus.coordinator_aggregation_strategy = 'disabled';
SET citus.enable_binary_protocol = off;
SET timezone = 'UTC';

-- a twin of every cxm aggregate that stops at the state: pg_temp.state_<name>
DO $$
DECLARE
    a record;
BEGIN
    FOR a IN
        SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args, g.aggtransfn::regproc::text AS sfunc,
               format_type(g.aggtranstype, NULL) AS stype, g.agginitval
        FROM pg_aggregate g JOIN pg_proc p ON p.oid = g.aggfnoid
        JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cxm'
    LOOP
        EXECUTE format('CREATE AGGREGATE pg_temp.%I(%s) (SFUNC = %s, STYPE = %s%s)', 'state_' || a.proname, a.args, a.sfunc,
                       a.stype, CASE WHEN a.agginitval IS NOT NULL THEN format(', INITCOND = %L', a.agginitval) ELSE '' END);
    END LOOP;
END $$;

CREATE FUNCTION pg_temp.shard_of(tbl regclass, key anyelement) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT pg_catalog.get_shard_id_for_distribution_column(tbl, key)
$$;

-- The families.  states: a query giving one row per group and shard with
-- the group key (grp), the state (s) and the count n of what the state is
-- expected to grow with.  citus: the real aggregate on the distributed
-- tables, its group key first when it has one.
CREATE TEMP TABLE families (seq serial, family text, state_type text, send text, grows_with text, states text, citus text);
INSERT INTO families (family, state_type, send, grows_with, states, citus) VALUES
('nps, csat, ces, enps, loyalty_index, ratings_agg, rollup(ratings)', 'ratings', 'ratings_send', 'answers',
 $$SELECT channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard, pg_temp.state_nps(score) AS s, count(score) AS n
   FROM crm.survey_answers WHERE question = 'nps' GROUP BY 1, 2$$,
 $$SELECT channel, nps(score) FROM dist.survey_answers WHERE question = 'nps' GROUP BY channel$$),
('nps(score, weight) (weighted)', 'ratings', 'ratings_send', 'answers',
 $$SELECT channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard, pg_temp.state_nps(score, weight) AS s, count(score) AS n
   FROM crm.survey_answers WHERE question = 'nps' GROUP BY 1, 2$$,
 $$SELECT channel, nps(score, weight) FROM dist.survey_answers WHERE question = 'nps' GROUP BY channel$$),
('driver_stats (3 drivers)', 'driver_stats', 'driver_stats_send', 'answers',
 $$SELECT channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_driver_stats(recommend, ARRAY[delivery, support, price]) AS s, count(*) AS n
   FROM crm.answer_ratings GROUP BY 1, 2$$,
 $$SELECT channel, driver_stats(recommend, ARRAY[delivery, support, price]) FROM dist.answer_ratings GROUP BY channel$$),
('churn_rate, retention_rate, customer_flow', 'cxm_state kind 1', 'cxm_state_send', 'members',
 $$SELECT c.region AS grp, pg_temp.shard_of('dist.customers', m.customer_id) AS shard,
          pg_temp.state_churn_rate(m.started_at, m.ended_at, '2026-03-01', '2026-04-01') AS s, count(*) AS n
   FROM crm.memberships m JOIN crm.customers c USING (customer_id) GROUP BY 1, 2$$,
 $$SELECT c.region, churn_rate(m.started_at, m.ended_at, '2026-03-01', '2026-04-01')
   FROM dist.memberships m JOIN dist.customers c USING (customer_id) GROUP BY c.region$$),
('referral_rate', 'cxm_state kind 2', 'cxm_state_send', 'customers',
 $$SELECT acquisition_channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_referral_rate(referred) AS s, count(*) AS n
   FROM crm.customers GROUP BY 1, 2$$,
 $$SELECT acquisition_channel, referral_rate(referred) FROM dist.customers GROUP BY acquisition_channel$$),
('avg_resolution_time, unresolved_count', 'cxm_state kind 3', 'cxm_state_send', 'tickets',
 $$SELECT category AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_avg_resolution_time(opened_at, resolved_at) AS s, count(*) AS n
   FROM crm.support_tickets GROUP BY 1, 2$$,
 $$SELECT category, avg_resolution_time(opened_at, resolved_at) FROM dist.support_tickets GROUP BY category$$),
('median_resolution_time, resolution_time_percentile', 'cxm_state kind 4', 'cxm_state_send', 'resolved tickets',
 $$SELECT category AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_median_resolution_time(opened_at, resolved_at) AS s, count(resolved_at) AS n
   FROM crm.support_tickets GROUP BY 1, 2$$,
 $$SELECT category, median_resolution_time(opened_at, resolved_at) FROM dist.support_tickets GROUP BY category$$),
('rfm', 'cxm_state kind 5', 'cxm_state_send', 'orders',
 $$SELECT channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_rfm(amount, ordered_at, '2026-10-31 00:00+00') AS s, count(*) AS n
   FROM crm.orders GROUP BY 1, 2$$,
 $$SELECT channel, rfm(amount, ordered_at, '2026-10-31 00:00+00') FROM dist.orders GROUP BY channel$$),
('clv_summary', 'cxm_state kind 6', 'cxm_state_send', 'orders',
 $$SELECT channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_clv_summary(ordered_at::date, amount::double precision, date '2026-10-31') AS s, count(*) AS n
   FROM crm.orders GROUP BY 1, 2$$,
 $$SELECT channel, clv_summary(ordered_at::date, amount::double precision, date '2026-10-31') FROM dist.orders GROUP BY channel$$),
('bgnbd_fit (over per-customer summaries)', 'cxm_state kind 7', 'cxm_state_send', 'distinct customer histories',
 $$SELECT 'all' AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_bgnbd_fit((c).frequency, (c).recency, (c).age, 1, 0.001) AS s,
          count(DISTINCT ((c).frequency, (c).recency, (c).age)) AS n
   FROM (SELECT customer_id, clv_summary(ordered_at::date, amount::double precision, date '2026-10-31') AS c
         FROM crm.orders GROUP BY customer_id) x GROUP BY 1, 2$$,
 $$SELECT bgnbd_fit((c).frequency, (c).recency, (c).age, 1, 0.001)
   FROM (SELECT customer_id, clv_summary(ordered_at::date, amount::double precision, date '2026-10-31') AS c
         FROM dist.orders GROUP BY customer_id) x$$),
('gamma_gamma_fit (over per-customer summaries)', 'cxm_state kind 7', 'cxm_state_send', 'distinct repeat-customer histories',
 $$SELECT 'all' AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_gamma_gamma_fit((c).frequency, (c).monetary_value) AS s,
          count(DISTINCT ((c).frequency, (c).monetary_value)) AS n
   FROM (SELECT customer_id, clv_summary(ordered_at::date, amount::double precision, date '2026-10-31') AS c
         FROM crm.orders GROUP BY customer_id) x WHERE (c).frequency > 0 GROUP BY 1, 2$$,
 $$SELECT gamma_gamma_fit((c).frequency, (c).monetary_value)
   FROM (SELECT customer_id, clv_summary(ordered_at::date, amount::double precision, date '2026-10-31') AS c
         FROM dist.orders GROUP BY customer_id) x WHERE (c).frequency > 0$$),
('markov_model', 'cxm_state kind 8', 'cxm_state_send', 'distinct transitions',
 $$SELECT j.channels[1] AS grp, pg_temp.shard_of('dist.customers', j.customer_id) AS shard,
          pg_temp.state_markov_model(j.channels, j.order_id IS NOT NULL) AS s,
          (SELECT count(DISTINCT t) FROM unnest(string_to_array(string_agg(j.transitions, ' '), ' ')) t) AS n
   FROM (SELECT customer_id, channels, order_id,
                -- the edges of a first-order chain: start, the channels in order, then conversion or null
                (SELECT string_agg(a || '>' || b, ' ') FROM (
                     SELECT lag(c, 1, '(start)') OVER (ORDER BY i) AS a, c AS b
                     FROM unnest(channels || CASE WHEN order_id IS NOT NULL THEN '(conversion)' ELSE '(null)' END)
                          WITH ORDINALITY u(c, i)) e) AS transitions
         FROM crm.journeys) j
   GROUP BY 1, 2$$,
 $$SELECT channels[1], markov_model(channels, order_id IS NOT NULL) FROM dist.journeys GROUP BY channels[1]$$),
('window_funnel, window_funnel_steps', 'cxm_state kind 9', 'cxm_state_send', 'events meeting a step',
 $$SELECT channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_window_funnel('1 hour', occurred_at, event_type = 'visit', event_type = 'view_product', event_type = 'add_to_cart') AS s,
          count(*) FILTER (WHERE event_type IN ('visit', 'view_product', 'add_to_cart')) AS n
   FROM crm.events GROUP BY 1, 2$$,
 $$SELECT channel, window_funnel('1 hour', occurred_at, event_type = 'visit', event_type = 'view_product', event_type = 'add_to_cart')
   FROM dist.events GROUP BY channel$$),
('sequence_match, sequence_count', 'cxm_state kind 10', 'cxm_state_send', 'events meeting a condition',
 $$SELECT channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_sequence_match('(?1)(?t<=900)(?2)', occurred_at, event_type = 'add_to_cart', event_type = 'purchase') AS s,
          count(*) FILTER (WHERE event_type IN ('add_to_cart', 'purchase')) AS n
   FROM crm.events GROUP BY 1, 2$$,
 $$SELECT channel, sequence_match('(?1)(?t<=900)(?2)', occurred_at, event_type = 'add_to_cart', event_type = 'purchase')
   FROM dist.events GROUP BY channel$$),
('retention', 'cxm_state kind 11', 'cxm_state_send', 'events',
 $$SELECT channel AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_retention(occurred_at < '2025-12-01', occurred_at >= '2026-01-01', occurred_at >= '2026-03-01') AS s, count(*) AS n
   FROM crm.events GROUP BY 1, 2$$,
 $$SELECT channel, retention(occurred_at < '2025-12-01', occurred_at >= '2026-01-01', occurred_at >= '2026-03-01')
   FROM dist.events GROUP BY channel$$),
('retention_periods', 'cxm_state kind 12', 'cxm_state_send', 'distinct event times in periods 0..6',
 $$SELECT channel AS grp, shard, pg_temp.state_retention_periods(occurred_at, '30 days', 6, '2026-10-31') AS s,
          count(DISTINCT occurred_at) FILTER (WHERE occurred_at < '2026-10-31' AND occurred_at < first + 7 * interval '30 days') AS n
   FROM (SELECT channel, occurred_at, pg_temp.shard_of('dist.customers', customer_id) AS shard,
                min(occurred_at) OVER (PARTITION BY channel, pg_temp.shard_of('dist.customers', customer_id)) AS first
         FROM crm.events) e GROUP BY 1, 2$$,
 $$SELECT channel, retention_periods(occurred_at, '30 days', 6, '2026-10-31') FROM dist.events GROUP BY channel$$),
('session_count', 'cxm_state kind 13', 'cxm_state_send', 'sessions',
 $$SELECT channel AS grp, shard, pg_temp.state_session_count(occurred_at, '30 minutes') AS s,
          count(*) FILTER (WHERE previous IS NULL OR occurred_at - previous > interval '30 minutes') AS n
   FROM (SELECT channel, occurred_at, pg_temp.shard_of('dist.customers', customer_id) AS shard,
                lag(occurred_at) OVER (PARTITION BY channel, pg_temp.shard_of('dist.customers', customer_id) ORDER BY occurred_at) AS previous
         FROM crm.events) e GROUP BY 1, 2$$,
 $$SELECT channel, session_count(occurred_at, '30 minutes') FROM dist.events GROUP BY channel$$),
('journey_path', 'cxm_state kind 14', 'cxm_state_send', 'events',
 $$SELECT event_type AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_journey_path(channel, occurred_at, 5, 'first') AS s, count(*) AS n
   FROM crm.events GROUP BY 1, 2$$,
 $$SELECT event_type, journey_path(channel, occurred_at, 5, 'first') FROM dist.events GROUP BY event_type$$),
('cohort_retention (of per-customer retention_periods)', 'cxm_state kind 15', 'cxm_state_send', 'customers',
 $$SELECT cohort::text AS grp, pg_temp.shard_of('dist.customers', customer_id) AS shard,
          pg_temp.state_cohort_retention(r) AS s, count(*) AS n
   FROM (SELECT customer_id, date_trunc('month', min(occurred_at), 'UTC') AS cohort,
                retention_periods(occurred_at, '30 days', 6, '2026-10-31') AS r
         FROM crm.events GROUP BY customer_id) c GROUP BY 1, 2$$,
 $$SELECT cohort, cohort_retention(r)
   FROM (SELECT customer_id, date_trunc('month', min(occurred_at), 'UTC') AS cohort,
                retention_periods(occurred_at, '30 days', 6, '2026-10-31') AS r
         FROM dist.events GROUP BY customer_id) c GROUP BY cohort$$),
('rollup(markov_chain) (of stored monthly chains, per quarter)', 'markov_chain', 'markov_chain_send', 'chains rolled up',
 $$SELECT date_trunc('quarter', month)::text AS grp, pg_temp.shard_of('dist.monthly_chains', shard_key) AS shard,
          pg_temp.state_rollup(chain) AS s, count(*) AS n
   FROM crm.monthly_chains GROUP BY 1, 2$$,
 $$SELECT date_trunc('quarter', month), rollup(chain) FROM dist.monthly_chains GROUP BY 1$$);

-- the bytes the workers return for a query (see bench.sql)
CREATE FUNCTION pg_temp.received_bytes(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    line text;
    m text[];
    task_query text;
    columns integer;
    hosts text[] := '{}';
    ports integer[] := '{}';
    commands text[] := '{}';
    total bigint;
    failed text;
BEGIN
    SET LOCAL citus.explain_all_tasks = on;
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        IF line ~ 'Distributed Subplan' THEN
            RAISE EXCEPTION 'the plan has a subplan whose result its tasks read: they cannot be run again alone';
        END IF;
        IF columns IS NULL AND line ~ '^\s*Output: remote_scan\.' THEN
            columns := (SELECT count(*) FROM regexp_matches(line, 'remote_scan\.', 'g'));
        END IF;
        m := regexp_match(line, '^\s*Query: (.*)$');
        IF m IS NOT NULL THEN
            task_query := m[1];
        END IF;
        m := regexp_match(line, '^\s*Node: host=(\S+) port=([0-9]+) dbname=');
        IF m IS NOT NULL THEN
            hosts := hosts || m[1];
            ports := ports || m[2]::integer;
            commands := commands || format('SELECT coalesce(sum(%s), 0) FROM (%s) t(%s)',
                (SELECT string_agg(format('coalesce(octet_length(c%s::text), 0)', i), ' + ') FROM generate_series(1, columns) i),
                task_query, (SELECT string_agg('c' || i, ', ') FROM generate_series(1, columns) i));
        END IF;
    END LOOP;
    IF cardinality(commands) = 0 THEN
        RAISE EXCEPTION 'no task in the plan';
    END IF;
    SELECT sum(result::bigint) FILTER (WHERE success), min(result) FILTER (WHERE NOT success)
    INTO total, failed FROM master_run_on_worker(hosts, ports, commands, true);
    IF failed IS NOT NULL THEN
        RAISE EXCEPTION 'running a task again failed: %', failed;
    END IF;
    RETURN total;
END $$;

CREATE TEMP TABLE states (seq integer, grp text, shard bigint, binary_bytes integer, text_bytes integer, key_bytes integer, n bigint);
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT * FROM families ORDER BY seq LOOP
        EXECUTE format('INSERT INTO states SELECT %s, grp, shard, octet_length(%s(s)), octet_length(s::text), octet_length(grp), n FROM (%s) q',
                       f.seq, f.send, f.states);
    END LOOP;
END $$;

CREATE TEMP TABLE citus_check (seq integer, received bigint, error text);
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT * FROM families WHERE citus IS NOT NULL ORDER BY seq LOOP
        BEGIN
            INSERT INTO citus_check VALUES (f.seq, pg_temp.received_bytes(f.citus), NULL);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO citus_check VALUES (f.seq, NULL, SQLERRM);
        END;
    END LOOP;
END $$;

\echo
\echo '=== What crosses the network: one partial state per group and shard, demo data set, 8 shards ==='
SELECT f.family, f.state_type,
       count(*) AS states,
       format('%s / %s / %s', min(s.binary_bytes), percentile_disc(0.5) WITHIN GROUP (ORDER BY s.binary_bytes), max(s.binary_bytes))
           AS binary_min_median_max,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY s.text_bytes) AS text_median,
       f.grows_with AS n,
       format('%s .. %s', min(s.n), max(s.n)) AS n_range,
       CASE WHEN max(s.binary_bytes) = min(s.binary_bytes) THEN format('%s, constant', min(s.binary_bytes))
            WHEN regr_slope(s.binary_bytes, s.n) IS NULL THEN 'varies'
            ELSE format('%s + %s n (r2 %s)', round(regr_intercept(s.binary_bytes, s.n)::numeric),
                        round(regr_slope(s.binary_bytes, s.n)::numeric, 2), round(regr_r2(s.binary_bytes, s.n)::numeric, 3)) END
           AS binary_bytes_fit,
       CASE WHEN c.error IS NOT NULL THEN 'not run on Citus: ' || c.error
            WHEN c.received = sum(s.text_bytes + CASE WHEN s.grp <> 'all' THEN s.key_bytes ELSE 0 END)
                THEN format('Citus received %s bytes: the same', c.received)
            WHEN f.state_type = 'cxm_state kind 12'
                THEN format('Citus received %s bytes, the states here make %s: this state keeps the events that arrive within the periods of the earliest seen so far',
                            c.received, sum(s.text_bytes + s.key_bytes))
            ELSE format('FAILED: Citus received %s bytes, the states here make %s', c.received,
                        sum(s.text_bytes + CASE WHEN s.grp <> 'all' THEN s.key_bytes ELSE 0 END)) END AS citus_check
FROM families f JOIN states s USING (seq) LEFT JOIN citus_check c USING (seq)
GROUP BY f.seq, f.family, f.state_type, f.grows_with, f.citus, c.received, c.error
ORDER BY f.seq;
\echo 'binary: the send form (for a cxm_state, the bytes a parallel worker hands the leader); text: the output form, what Citus ships'
\echo '(a cxm_state prints as \\x and two hex digits a byte).  binary_bytes_fit: least squares over the states of the query.'

