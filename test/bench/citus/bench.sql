-- make bench-citus: the same queries on one node (schema single) and on the
-- Citus cluster (schema dist, distributed by customer_id over two workers
-- on this machine), with what crosses the network to the coordinator.  Two
-- cores cannot show a speed-up; the point is the plan: per query, a few
-- partial states per group and shard cross, not the rows.
SET client_min_messages = warning;
SET citus.coordinator_aggregation_strategy = 'disabled';   -- an aggregate not pushed down is an error, not a pull of rows
SET max_parallel_workers_per_gather = 0;
SET jit = off;
\timing off

CREATE SCHEMA single;
CREATE SCHEMA dist;
SET citus.shard_count = 8;

-- 10 million survey answers
CREATE TABLE single.answers AS
SELECT i AS answer_id, (i % 1000000) AS customer_id, (ARRAY['web', 'app', 'store', 'call centre', 'email'])[1 + i % 5] AS channel,
       (i * 7919 % 11)::smallint AS score
FROM generate_series(1, 10000000) i;
-- 5 million events of 100,000 customers
CREATE TABLE single.events AS
SELECT i AS event_id, (i % 100000) AS customer_id,
       timestamptz '2026-01-01' + (i / 100000) * interval '1 hour' + (i % 97) * interval '1 minute' AS occurred_at,
       (ARRAY['visit', 'view_product', 'add_to_cart', 'checkout', 'purchase'])[1 + (i * 31 % 7) % 5] AS event_type
FROM generate_series(1, 5000000) i;
-- a million members, a million tickets, a million journeys
CREATE TABLE single.memberships AS
SELECT i AS customer_id, timestamptz '2024-01-01' + (i % 900) * interval '1 day' AS started_at,
       CASE WHEN i % 4 = 0 THEN timestamptz '2024-01-01' + (i % 900 + 30 + i % 400) * interval '1 day' END AS ended_at
FROM generate_series(1, 1000000) i;
CREATE TABLE single.tickets AS
SELECT i AS ticket_id, i % 1000000 AS customer_id, (ARRAY['delivery', 'refund', 'product', 'account'])[1 + i % 4] AS category,
       timestamptz '2026-01-01' + (i % 300) * interval '1 day' AS opened_at,
       CASE WHEN i % 50 <> 0 THEN timestamptz '2026-01-01' + (i % 300) * interval '1 day' + (i * 13 % 5000) * interval '1 minute' END AS resolved_at
FROM generate_series(1, 1000000) i;
CREATE TABLE single.journeys AS
SELECT i AS customer_id,
       (ARRAY[ARRAY['search', 'email'], ARRAY['social'], ARRAY['search', 'direct', 'email'], ARRAY['display', 'search']])[1 + i % 4] AS channels,
       i % 3 = 0 AS converted
FROM generate_series(1, 1000000) i;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['answers', 'events', 'memberships', 'tickets', 'journeys'] LOOP
        EXECUTE format('CREATE TABLE dist.%I (LIKE single.%I)', t, t);
        EXECUTE format('SELECT create_distributed_table(%L, %L)', 'dist.' || t, 'customer_id');
        EXECUTE format('INSERT INTO dist.%I SELECT * FROM single.%I', t, t);
    END LOOP;
END $$;
VACUUM ANALYZE;

CREATE TABLE bench_queries (seq serial, name text, query text, input_rows bigint);
INSERT INTO bench_queries (name, query, input_rows) VALUES
    ('NPS per channel', 'SELECT channel, nps(score) FROM {s}.answers GROUP BY channel', 10000000),
    ('funnel per customer, summarised by level',
     $$SELECT level, count(*) FROM (SELECT customer_id, window_funnel('1 day', occurred_at, event_type = 'visit',
         event_type = 'view_product', event_type = 'add_to_cart', event_type = 'checkout', event_type = 'purchase') AS level
         FROM {s}.events GROUP BY customer_id) f GROUP BY level$$, 5000000),
    ('funnel per event type (not the distribution column)',
     $$SELECT event_type, window_funnel('1 day', occurred_at, event_type = 'visit', event_type = 'purchase')
       FROM {s}.events GROUP BY event_type$$, 5000000),
    ('churn per month',
     $$SELECT month, churn_rate(started_at, ended_at, month, month + interval '1 month')
       FROM {s}.memberships, generate_series(timestamptz '2025-01-01', '2025-12-01', interval '1 month') month GROUP BY month$$, 12000000),
    ('resolution times per category',
     $$SELECT category, avg_resolution_time(opened_at, resolved_at), median_resolution_time(opened_at, resolved_at)
       FROM {s}.tickets GROUP BY category$$, 1000000),
    ('Markov model', $$SELECT markov_model(channels, converted)::text FROM {s}.journeys$$, 1000000);

CREATE FUNCTION pg_temp.median_ms(query text, runs integer DEFAULT 5) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    times double precision[] := '{}';
BEGIN
    EXECUTE query;
    FOR i IN 1 .. runs LOOP
        started := clock_timestamp();
        EXECUTE query;
        times := times || extract(epoch FROM clock_timestamp() - started) * 1000;
    END LOOP;
    RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) t);
END $$;

-- what the coordinator received from the workers, from Citus's EXPLAIN ANALYZE
-- ("Tuple data received from nodes"), summed over the plan, in bytes
CREATE FUNCTION pg_temp.received_bytes(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    line text;
    total bigint := 0;
    m text[];
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
        m := regexp_match(line, 'Tuple data received from nodes: ([0-9.]+) (bytes|kB|MB|GB)');
        IF m IS NOT NULL THEN
            total := total + (m[1]::numeric * CASE m[2] WHEN 'bytes' THEN 1 WHEN 'kB' THEN 1024 WHEN 'MB' THEN 1048576 ELSE 1073741824 END)::bigint;
        END IF;
    END LOOP;
    RETURN total;
END $$;

CREATE FUNCTION pg_temp.pushed_down(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plan text := '';
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN CASE WHEN plan ~ 'worker_partial_agg' THEN 'partial states from the workers'
                WHEN plan ~ 'Task' THEN 'whole query on the workers'
                ELSE 'not distributed' END;
END $$;

CREATE TABLE results AS
SELECT seq, name, input_rows,
       pg_temp.median_ms(replace(query, '{s}', 'single')) AS single_ms,
       pg_temp.median_ms(replace(query, '{s}', 'dist')) AS citus_ms,
       pg_temp.received_bytes(replace(query, '{s}', 'dist')) AS bytes_to_coordinator,
       pg_temp.pushed_down(replace(query, '{s}', 'dist')) AS plan,
       (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = 'dist.answers'::regclass) AS shards
FROM bench_queries ORDER BY seq;

\echo
\echo '=== cxm on Citus: one node against a coordinator and two workers on this machine ==='
SELECT version() AS postgresql, (SELECT extversion FROM pg_extension WHERE extname = 'citus') AS citus;
SELECT :'machine' AS machine;
SELECT name AS query, input_rows AS rows_read, round(single_ms::numeric, 1) AS one_node_ms, round(citus_ms::numeric, 1) AS citus_ms,
       round((citus_ms / single_ms)::numeric, 2) AS ratio, bytes_to_coordinator,
       round(bytes_to_coordinator::numeric / input_rows, 4) AS bytes_per_row_read, plan
FROM results ORDER BY seq;
\echo 'A row read is about 30 to 60 bytes: bytes_to_coordinator is what crossed instead (partial states per group and shard,'
\echo 'or the final rows of a query run whole on the workers); every plan above is checked to be pushed down.'
SELECT CASE WHEN bool_and(plan <> 'not distributed') THEN 'every query pushed down'
            ELSE 'FAILED: not pushed down: ' || string_agg(name, ', ') FILTER (WHERE plan = 'not distributed') END AS check
FROM results;
