-- Included by the differential tests (\ir ../tools/parallel.sql): runs an
-- aggregate query under a forced parallel plan and proves, from the plan of
-- that very statement, that partial aggregation ran in parallel workers and
-- that the leader combined partial states.
--
-- pgTAP's is() is PARALLEL UNSAFE, so a query inside it never runs in
-- parallel, and a plan check beside it would EXPLAIN another statement.
-- Instead the query is materialised on its own, as
--     EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) CREATE TEMP TABLE <target> AS <query>
-- (EXPLAIN ANALYZE executes the CREATE TABLE AS, so the table holds the very
-- rows the plan describes), and the test compares that table afterwards.
--
-- pg_temp.parallel_run(target, query) returns the evidence as jsonb:
--   workers_launched   workers the Gather started (>= 2 asked for)
--   workers_with_rows  workers that produced partial states
--   partial_states     partial states that crossed the Gather into the leader
--   groups             rows the Finalize Aggregate produced
--   partial            the PARTIAL aggregates of the plan (their Output)
--   aggregates         the cxm aggregates the query resolves (exact overloads)
--   verified           workers_with_rows >= 2 and partial_states > groups:
--                      some group was built by two workers, so the leader
--                      deserialised (internal states) and combined them
-- and records each resolved aggregate of a verified plan in
-- pg_temp.parallel_verified.  The leader does not scan
-- (parallel_leader_participation = off), so every partial state comes from a
-- worker.  Input tables should hold every group spread over the whole table
-- (rows in shuffled order), or one worker may see a group alone.

CREATE TEMP TABLE parallel_verified (aggregate text, target text);

-- name(type,type) as test/tools/called.sh writes it: no schema
CREATE FUNCTION pg_temp.signature_of(fn oid) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT p.proname || '(' || coalesce((SELECT string_agg(CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace
                                                                THEN format_type(t.oid, NULL) ELSE t.typname::text END,
                                                           ',' ORDER BY a.ord)
                                          FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(typ, ord)
                                          JOIN pg_type t ON t.oid = a.typ), '') || ')'
    FROM pg_proc p WHERE p.oid = fn
$$;

CREATE FUNCTION pg_temp.parallel_run(target text, query text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    settings text[][] := ARRAY[['parallel_setup_cost', '0'], ['parallel_tuple_cost', '0'],
                               ['min_parallel_table_scan_size', '0'], ['max_parallel_workers_per_gather', '2'],
                               ['parallel_leader_participation', 'off'], ['enable_partitionwise_aggregate', 'off']];
    saved text[] := '{}';
    plan jsonb;
    aggregates text[];
    evidence jsonb;
    i integer;
BEGIN
    -- the aggregates the query resolves, read from the dependencies of a view of it
    EXECUTE format('CREATE TEMP VIEW %I AS %s', target || '_resolved', query);
    SELECT array_agg(DISTINCT pg_temp.signature_of(d.refobjid) ORDER BY pg_temp.signature_of(d.refobjid)) INTO aggregates
    FROM pg_rewrite r
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_proc'::regclass
    JOIN pg_proc p ON p.oid = d.refobjid AND p.prokind = 'a'
    JOIN pg_depend e ON e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e'
                    AND e.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm')
    WHERE r.ev_class = (target || '_resolved')::regclass;
    EXECUTE format('DROP VIEW %I', target || '_resolved');

    -- On a busy machine the second worker can start after the first has
    -- read the whole table: then the statement runs again (its table
    -- dropped), at most five times; the result compared is the one of the
    -- run whose plan is verified.
    FOR attempt IN 1 .. 5 LOOP
    IF attempt > 1 THEN
        EXECUTE format('DROP TABLE %I', target);
    END IF;
    FOR i IN 1 .. array_length(settings, 1) LOOP
        saved := saved || current_setting(settings[i][1]);
        PERFORM set_config(settings[i][1], settings[i][2], true);
    END LOOP;
    EXECUTE format('EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) CREATE TEMP TABLE %I AS %s', target, query) INTO plan;
    FOR i IN 1 .. array_length(settings, 1) LOOP
        PERFORM set_config(settings[i][1], saved[i], true);
    END LOOP;
    saved := '{}';

    WITH nodes AS (SELECT n FROM jsonb_path_query(plan, 'strict $.**') n WHERE jsonb_typeof(n) = 'object' AND n ? 'Node Type'),
    gathers AS (SELECT n FROM nodes WHERE n ->> 'Node Type' IN ('Gather', 'Gather Merge')
                                      AND jsonb_path_exists(n, 'strict $.**."Partial Mode" ? (@ == "Partial")')),
    partials AS (SELECT p FROM gathers, jsonb_path_query(n, 'strict $.** ? (@."Partial Mode" == "Partial")') p)
    SELECT jsonb_build_object(
        'workers_launched', (SELECT coalesce(max((n ->> 'Workers Launched')::int), 0) FROM gathers),
        'workers_with_rows', (SELECT count(DISTINCT w ->> 'Worker Number') FROM partials, jsonb_array_elements(p -> 'Workers') w
                              WHERE (w ->> 'Actual Rows')::numeric > 0),
        'partial_states', (SELECT coalesce(round(sum((n ->> 'Actual Rows')::numeric * (n ->> 'Actual Loops')::numeric))::bigint, 0) FROM gathers),
        'groups', (SELECT coalesce(round(sum((n ->> 'Actual Rows')::numeric * (n ->> 'Actual Loops')::numeric))::bigint, 0)
                   FROM nodes WHERE n ->> 'Partial Mode' = 'Finalize'),
        'partial', (SELECT coalesce(jsonb_agg(o), '[]') FROM partials, jsonb_array_elements_text(p -> 'Output') o
                    WHERE o LIKE 'PARTIAL %'),
        'aggregates', to_jsonb(coalesce(aggregates, '{}')))
    INTO evidence;
    evidence := evidence || jsonb_build_object('verified',
        (evidence ->> 'workers_with_rows')::int >= 2 AND (evidence ->> 'partial_states')::bigint > (evidence ->> 'groups')::bigint
        -- every aggregate the query resolves is one of the partial ones
        AND NOT EXISTS (SELECT FROM unnest(aggregates) a
                        WHERE NOT EXISTS (SELECT FROM jsonb_array_elements_text(evidence -> 'partial') o
                                          WHERE o ~ ('^PARTIAL ([a-z_]+\.)?' || split_part(a, '(', 1) || '\('))));
    evidence := evidence || jsonb_build_object('attempts', attempt);
    EXIT WHEN (evidence ->> 'verified')::boolean;
    END LOOP;
    IF (evidence ->> 'verified')::boolean THEN
        INSERT INTO pg_temp.parallel_verified SELECT a, target FROM unnest(aggregates) a;
    END IF;
    RETURN evidence;
END
$$;

-- a pgTAP check of the evidence, with the numbers in its description
CREATE FUNCTION pg_temp.parallel_ok(evidence jsonb, what text) RETURNS text LANGUAGE sql AS $$
    SELECT ok((evidence ->> 'verified')::boolean,
              format('%s: partial aggregation in %s parallel workers, %s partial states combined into %s groups (%s aggregates)',
                     what, evidence ->> 'workers_with_rows', evidence ->> 'partial_states', evidence ->> 'groups',
                     jsonb_array_length(evidence -> 'aggregates')))
           || CASE WHEN (evidence ->> 'verified')::boolean THEN '' ELSE E'\n' || diag(jsonb_pretty(evidence)) END
$$;

-- the same query with parallelism off, materialised, to compare with
CREATE FUNCTION pg_temp.serial_run(target text, query text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    saved text := current_setting('max_parallel_workers_per_gather');
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', '0', true);
    EXECUTE format('CREATE TEMP TABLE %I AS %s', target, query);
    PERFORM set_config('max_parallel_workers_per_gather', saved, true);
END
$$;
