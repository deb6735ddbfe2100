-- make bench-compare: the functions each of the two clusters runs for the
-- controller (test/bench/compare/compare.sql reaches them through dblink).
-- Plain SQL and PL/pgSQL, the same on both sides; nothing of cxm.

-- Wall time of one run of a query, in ms, measured inside the server (no
-- connection or client cost).  EXECUTE plans the query with parallelism
-- allowed; its rows are read and dropped.
CREATE FUNCTION cmp.time_ms(query text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    EXECUTE query;
    RETURN extract(epoch FROM clock_timestamp() - started) * 1000;
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
