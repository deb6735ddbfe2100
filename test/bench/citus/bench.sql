-- make bench-citus: the same queries on one node (schema bench_single) and
-- on the Citus cluster (schema bench_dist, distributed by customer_id over
-- two workers on this machine), with what crosses the network to the
-- coordinator.  The times say little about a real cluster (one node runs
-- the query in one backend, parallel query off; Citus in two workers on
-- the same two cores); the point is the plan: per query, a few partial
-- states per group and shard cross, not the rows.
--
-- Every Citus answer is checked equal to the single-node answer, and every
-- plan to be pushed down; a failure prints FAILED and makes make
-- bench-citus exit non-zero.
--
-- Bytes to the coordinator: EXPLAIN ANALYZE's "Tuple data received from
-- nodes" cannot be had for a plan with partial aggregates (Citus 13.2 wraps
-- each task in a call whose column list may not hold worker_partial_agg's
-- cstring), so each task of the plan (citus.explain_all_tasks) is run again
-- on its worker, summing the lengths of the values it returns, which is
-- what Citus counts.  Where EXPLAIN ANALYZE works (the whole query on the
-- workers) the two are checked to agree.  Rows come back in text form
-- (citus.enable_binary_protocol off) so that the lengths are the text
-- forms' in both counts; partial states travel as their type's text form in
-- either protocol.
SET client_min_messages = error;   -- Citus notes that pg_temp functions stay local
SET citus.coordinator_aggregation_strategy = 'disabled';   -- an aggregate not pushed down is an error, not a pull of rows
SET citus.enable_binary_protocol = off;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
\timing off

CREATE SCHEMA bench_single;
CREATE SCHEMA bench_dist;
SET citus.shard_count = 8;

-- 10 million survey answers
CREATE TABLE bench_single.answers AS
SELECT i AS answer_id, (i % 1000000) AS customer_id, (ARRAY['web', 'app', 'store', 'call centre', 'email'])[1 + i % 5] AS channel,
       (i::bigint * 7919 % 11)::smallint AS score
FROM generate_series(1, 10000000) i;
-- 5 million events of 100,000 customers
CREATE TABLE bench_single.events AS
SELECT i AS event_id, (i % 100000) AS customer_id,
       timestamptz '2026-01-01' + (i / 100000) * interval '1 hour' + (i % 97) * interval '1 minute' AS occurred_at,
       (ARRAY['visit', 'view_product', 'add_to_cart', 'checkout', 'purchase'])[1 + (i * 31 % 7) % 5] AS event_type
FROM generate_series(1, 5000000) i;
-- a million members, a million tickets, a million journeys
CREATE TABLE bench_single.memberships AS
SELECT i AS customer_id, timestamptz '2024-01-01' + (i % 900) * interval '1 day' AS started_at,
       CASE WHEN i % 4 = 0 THEN timestamptz '2024-01-01' + (i % 900 + 30 + i % 400) * interval '1 day' END AS ended_at
FROM generate_series(1, 1000000) i;
CREATE TABLE bench_single.tickets AS
SELECT i AS ticket_id, i % 1000000 AS customer_id, (ARRAY['delivery', 'refund', 'product', 'account'])[1 + i % 4] AS category,
       timestamptz '2026-01-01' + (i % 300) * interval '1 day' AS opened_at,
       CASE WHEN i % 50 <> 0 THEN timestamptz '2026-01-01' + (i % 300) * interval '1 day' + (i * 13 % 5000) * interval '1 minute' END AS resolved_at
FROM generate_series(1, 1000000) i;
CREATE TABLE bench_single.journeys AS
SELECT i AS customer_id,
       CASE i % 4 WHEN 0 THEN ARRAY['search', 'email'] WHEN 1 THEN ARRAY['social'] WHEN 2 THEN ARRAY['search', 'direct', 'email']
                  ELSE ARRAY['display', 'search'] END AS channels,
       i % 3 = 0 AS converted
FROM generate_series(1, 1000000) i;
-- the months of 2025, a calendar table (a reference table on Citus, joined on the workers)
CREATE TABLE bench_single.months AS
SELECT month FROM generate_series(timestamptz '2025-01-01', '2025-12-01', interval '1 month') month;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['answers', 'events', 'memberships', 'tickets', 'journeys', 'months'] LOOP
        EXECUTE format('CREATE TABLE bench_dist.%I (LIKE bench_single.%I)', t, t);
        IF t = 'months' THEN
            PERFORM create_reference_table('bench_dist.months');
        ELSE
            PERFORM create_distributed_table('bench_dist.' || t, 'customer_id');
        END IF;
        EXECUTE format('INSERT INTO bench_dist.%I SELECT * FROM bench_single.%I', t, t);
    END LOOP;
END $$;
VACUUM ANALYZE;

CREATE TABLE bench_queries (seq serial, name text, query text, input_rows bigint, input_bytes bigint);
INSERT INTO bench_queries (name, query) VALUES
    ('NPS per channel', 'SELECT channel, nps(score) FROM {s}.answers GROUP BY channel'),
    ('funnel per customer, summarised by level',
     $$SELECT level, count(*) FROM (SELECT customer_id, window_funnel('1 day', occurred_at, event_type = 'visit',
         event_type = 'view_product', event_type = 'add_to_cart', event_type = 'checkout', event_type = 'purchase') AS level
         FROM {s}.events GROUP BY customer_id) f GROUP BY level$$),
    ('funnel per event type (not the distribution column)',
     $$SELECT event_type, window_funnel('1 day', occurred_at, ARRAY[event_type = 'visit', event_type = 'purchase'])
       FROM {s}.events GROUP BY event_type$$),
    ('churn per month',
     $$SELECT month, churn_rate(started_at, ended_at, month, month + interval '1 month')
       FROM {s}.memberships, {s}.months GROUP BY month$$),
    ('resolution times per category',
     $$SELECT category, avg_resolution_time(opened_at, resolved_at), median_resolution_time(opened_at, resolved_at)
       FROM {s}.tickets GROUP BY category$$),
    ('Markov model', $$SELECT markov_model(channels, converted)::text FROM {s}.journeys$$);
-- rows read: the input of the query's aggregates on one node; their bytes:
-- the distributed table's rows (pg_column_size), about what gathering them
-- to the coordinator would ship
CREATE TABLE table_sizes AS
          SELECT 'answers' AS t, count(*) AS n, sum(pg_column_size(r.*)) AS bytes FROM bench_single.answers r
UNION ALL SELECT 'events', count(*), sum(pg_column_size(r.*)) FROM bench_single.events r
UNION ALL SELECT 'memberships', count(*), sum(pg_column_size(r.*)) FROM bench_single.memberships r
UNION ALL SELECT 'tickets', count(*), sum(pg_column_size(r.*)) FROM bench_single.tickets r
UNION ALL SELECT 'journeys', count(*), sum(pg_column_size(r.*)) FROM bench_single.journeys r;
UPDATE bench_queries q SET input_rows = z.n * CASE WHEN q.name = 'churn per month' THEN (SELECT count(*) FROM bench_single.months) ELSE 1 END,
                           input_bytes = z.bytes
FROM table_sizes z
WHERE z.t = CASE q.name WHEN 'NPS per channel' THEN 'answers' WHEN 'churn per month' THEN 'memberships'
                        WHEN 'resolution times per category' THEN 'tickets' WHEN 'Markov model' THEN 'journeys' ELSE 'events' END;

-- one run of a query, in ms
CREATE FUNCTION pg_temp.run_ms(query text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    EXECUTE query;
    RETURN extract(epoch FROM clock_timestamp() - started) * 1000;
END $$;

-- the bytes of the values the workers return for a query, by running each
-- task of its plan again on its worker (see the top of this file)
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
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'bytes of % not counted: %', query, SQLERRM;
    RETURN NULL;
END $$;

-- Citus's own count, from EXPLAIN ANALYZE (as pg_size_pretty prints it),
-- or NULL where it cannot give one (a plan with partial aggregates)
CREATE FUNCTION pg_temp.explained_bytes(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) ' || query INTO plan;
    RETURN (regexp_match(plan::text, '"Tuple data received from nodes": "([^"]+)"'))[1];
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END $$;

-- where the aggregation runs: partial aggregates on the workers combined on
-- the coordinator, the whole query on the workers, or not distributed
CREATE FUNCTION pg_temp.plan_shape(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan_text text := '';
    coordinator_part text := '';
    in_coordinator boolean := true;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        plan_text := plan_text || line || E'\n';
        IF line ~ 'Custom Scan \(Citus' THEN
            in_coordinator := false;
        END IF;
        IF in_coordinator THEN
            coordinator_part := coordinator_part || line || E'\n';
        END IF;
    END LOOP;
    RETURN CASE WHEN plan_text !~ 'Custom Scan \(Citus' OR plan_text !~ 'Task' THEN 'not distributed'
                WHEN coordinator_part ~ '(Aggregate|coord_combine_agg)' THEN 'partial aggregates on the workers'
                ELSE 'whole query on the workers' END;
END $$;

-- the query's rows on both sides, as text, compared as multisets
CREATE FUNCTION pg_temp.same_answer(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
    missing bigint;
    extra bigint;
BEGIN
    EXECUTE format('CREATE TEMP TABLE single_answer AS SELECT row(q.*)::text AS r FROM (%s) q', replace(query, '{s}', 'bench_single'));
    EXECUTE format('CREATE TEMP TABLE dist_answer AS SELECT row(q.*)::text AS r FROM (%s) q', replace(query, '{s}', 'bench_dist'));
    SELECT count(*) INTO n FROM single_answer;
    SELECT count(*) INTO missing FROM (SELECT r FROM single_answer EXCEPT ALL SELECT r FROM dist_answer) d;
    SELECT count(*) INTO extra FROM (SELECT r FROM dist_answer EXCEPT ALL SELECT r FROM single_answer) d;
    DROP TABLE single_answer;
    DROP TABLE dist_answer;
    RETURN CASE WHEN n > 0 AND missing = 0 AND extra = 0 THEN format('equal (%s rows)', n)
                ELSE format('FAILED: %s rows, %s missing, %s extra', n, missing, extra) END;
END $$;

CREATE TABLE results (seq integer, name text, input_rows bigint, input_bytes bigint, groups bigint, single_ms double precision,
                      citus_ms double precision, bytes_to_coordinator bigint, explained_bytes text, plan text,
                      answer text, error text);

-- five runs of each side after a warm-up, the two sides interleaved
DO $$
DECLARE
    q record;
    single_query text;
    dist_query text;
    single_times double precision[];
    dist_times double precision[];
    n_groups bigint;
BEGIN
    FOR q IN SELECT * FROM bench_queries ORDER BY seq LOOP
        single_query := replace(q.query, '{s}', 'bench_single');
        dist_query := replace(q.query, '{s}', 'bench_dist');
        BEGIN
            single_times := '{}';
            dist_times := '{}';
            PERFORM pg_temp.run_ms(single_query);
            PERFORM pg_temp.run_ms(dist_query);
            FOR i IN 1 .. 5 LOOP
                IF i % 2 = 1 THEN
                    single_times := single_times || pg_temp.run_ms(single_query);
                    dist_times := dist_times || pg_temp.run_ms(dist_query);
                ELSE
                    dist_times := dist_times || pg_temp.run_ms(dist_query);
                    single_times := single_times || pg_temp.run_ms(single_query);
                END IF;
            END LOOP;
            EXECUTE format('SELECT count(*) FROM (%s) q', single_query) INTO STRICT n_groups;
            INSERT INTO results
            SELECT q.seq, q.name, q.input_rows, q.input_bytes, n_groups,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(single_times) t),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(dist_times) t),
                   NULL, pg_temp.explained_bytes(dist_query),
                   pg_temp.plan_shape(dist_query), pg_temp.same_answer(q.query), NULL;
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO results (seq, name, input_rows, input_bytes, error) VALUES (q.seq, q.name, q.input_rows, q.input_bytes, SQLERRM);
        END;
    END LOOP;
END $$;
-- apart: after master_run_on_worker, Citus cannot run a CREATE TABLE AS over
-- distributed tables in the same transaction
UPDATE results r SET bytes_to_coordinator = pg_temp.received_bytes(replace(q.query, '{s}', 'bench_dist'))
FROM bench_queries q WHERE q.seq = r.seq AND r.error IS NULL;

\echo
\echo '=== cxm on Citus: one node against a coordinator and two workers on this machine ==='
SELECT version() AS postgresql, (SELECT extversion FROM pg_extension WHERE extname = 'citus') AS citus,
       (SELECT extversion FROM pg_extension WHERE extname = 'cxm') AS cxm,
       (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = 'bench_dist.answers'::regclass) AS shards;
SELECT :'machine' AS machine;
SELECT name AS query, input_rows AS rows_read, groups, round(single_ms::numeric) AS one_node_ms,
       round(citus_ms::numeric) AS citus_ms, round((citus_ms / single_ms)::numeric, 2) AS ratio,
       input_bytes AS row_bytes, bytes_to_coordinator AS bytes_received, coalesce(explained_bytes, '-') AS explain_analyze,
       CASE WHEN plan = 'partial aggregates on the workers'
            THEN round(bytes_to_coordinator::numeric / (groups * (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = 'bench_dist.answers'::regclass))) END
           AS per_group_and_shard,
       plan, coalesce(answer, 'FAILED: ' || error) AS answer
FROM results ORDER BY seq;
\echo 'bytes_received: the values the workers returned to the coordinator, counted by running each task again (partial'
\echo 'states per group and shard with their group keys, or the rows of a query run whole on the workers).  row_bytes:'
\echo 'the size of the table rows the query reads (pg_column_size), about what gathering them to the coordinator would'
\echo 'ship.  explain_analyze: Citus''s own count where EXPLAIN ANALYZE gives one (checked to agree).'
\echo 'per_group_and_shard: bytes_received / (groups x shards).  ratio: Citus time / one-node time.'
SELECT CASE WHEN count(*) FILTER (WHERE problem IS NOT NULL) = 0
            THEN format('every query pushed down, every answer equal to one node''s (%s queries)', count(*))
            ELSE 'FAILED: ' || string_agg(name || ': ' || problem, '; ') END AS check
FROM (SELECT name,
             CASE WHEN error IS NOT NULL THEN error
                  WHEN plan = 'not distributed' THEN 'not pushed down'
                  WHEN answer !~ '^equal' THEN answer
                  WHEN bytes_to_coordinator IS NULL THEN 'bytes received not counted'
                  WHEN pg_size_pretty(bytes_to_coordinator) IS DISTINCT FROM coalesce(explained_bytes, pg_size_pretty(bytes_to_coordinator))
                      THEN format('%s bytes counted, EXPLAIN ANALYZE says %s', bytes_to_coordinator, explained_bytes)
             END AS problem
      FROM results) r;
