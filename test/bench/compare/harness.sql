-- make bench-compare: the functions each of the two clusters runs for the
-- controller (test/bench/compare/compare.sql reaches them through dblink).
-- Plain SQL and PL/pgSQL, the same on both sides; nothing of cxm.

-- Whether this backend can read its own CPU time: /proc/self/schedstat
-- (Linux) starts with the nanoseconds the process has run on a CPU.  Set
-- for the database, so that the controller's sessions see it.
DO $$
BEGIN
    PERFORM split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint;
    EXECUTE format('ALTER DATABASE %I SET cmp.cpu = on', current_database());
EXCEPTION WHEN OTHERS THEN
    EXECUTE format('ALTER DATABASE %I SET cmp.cpu = off', current_database());
END
$$;

-- One run of a query, measured inside the server (no connection or client
-- cost): its wall time in ms and, where it can be read, the CPU time of this
-- backend in ms (the whole query in serial plans; the leader's part only in
-- parallel ones).  CPU time leaves out the time spent waiting for a core
-- that another process holds, so it moves less with the machine's load.
-- EXECUTE plans the query with parallelism allowed; its rows are read and
-- dropped.
CREATE FUNCTION cmp.time_run(query text, OUT wall_ms double precision, OUT cpu_ms double precision)
LANGUAGE plpgsql AS $$
DECLARE
    cpu boolean := current_setting('cmp.cpu', true) = 'on';
    cpu_started bigint;
    started timestamptz;
BEGIN
    IF cpu THEN
        cpu_started := split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint;
    END IF;
    started := clock_timestamp();
    EXECUTE query;
    wall_ms := extract(epoch FROM clock_timestamp() - started) * 1000;
    IF cpu THEN
        cpu_ms := (split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint - cpu_started) / 1e6;
    END IF;
END
$$;

-- The answer as text: every row's text form, in order.
CREATE FUNCTION cmp.answer(query text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    rows text[];
BEGIN
    EXECUTE format('SELECT array_agg(t::text ORDER BY t::text COLLATE "C") FROM (%s) t', query) INTO rows;
    RETURN rows;
END
$$;

-- The answer's digest: md5 of its rows' text, and their number.
CREATE FUNCTION cmp.answer_digest(query text) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(cardinality(a), 0) || ' rows, md5 ' || md5(coalesce(array_to_string(a, E'\n'), ''))
    FROM cmp.answer(query) a
$$;

-- Whether the plan of a query aggregates in parallel: a Partial Aggregate
-- under a Gather (or Gather Merge) that plans two workers.
CREATE FUNCTION cmp.parallel_plan(query text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN EXISTS (
        SELECT FROM jsonb_path_query(plan, 'strict $.**') n
        WHERE jsonb_typeof(n) = 'object' AND n ->> 'Node Type' IN ('Gather', 'Gather Merge')
          AND (n ->> 'Workers Planned')::int = 2
          AND jsonb_path_exists(n, 'strict $.** ? (@."Node Type" == "Aggregate" && @."Partial Mode" == "Partial")'));
END
$$;
