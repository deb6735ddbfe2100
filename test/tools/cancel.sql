-- Included by the huge-input tests (\ir ../tools/cancel.sql): cancel tests
-- whose time is spent inside cxm.
--
-- A cancel test must land where only cxm's own interrupt checks can stop the
-- query: PostgreSQL's executor checks between rows, so a timeout that fires
-- while rows are still being read (or generated) says nothing about cxm.
-- The input is therefore stored first, and the timeout is placed inside a
-- loop of cxm: either a call that reads no row at all (a stored value), or
-- the leader's part of a parallel plan, where the workers have read every
-- row and the leader deserialises, merges and finishes the partial states.
--
-- cancel_latency(query): runs it; the seconds from the statement's timeout to
-- the cancel error, or NULL when the query finished first.
CREATE FUNCTION pg_temp.cancel_latency(query text) RETURNS double precision LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN NULL;
EXCEPTION WHEN query_canceled THEN
    RETURN extract(epoch FROM clock_timestamp() - statement_timestamp()) - extract(epoch FROM current_setting('statement_timeout')::interval);
END
$$;

-- the forced parallel plan: two workers read every row, the leader reads none
CREATE FUNCTION pg_temp.force_parallel() RETURNS void LANGUAGE sql AS $$
    SELECT set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true),
           set_config('min_parallel_table_scan_size', '0', true), set_config('max_parallel_workers_per_gather', '2', true),
           set_config('parallel_leader_participation', 'off', true);
$$;

-- leader_phase(query): EXPLAIN ANALYZE of the query under that plan gives
-- when the Gather handed over the last partial state and when the Finalize
-- Aggregate ended (milliseconds into the statement).  In between the leader
-- runs cxm's deserial, combine and final functions.  EXPLAIN's timing of
-- every row slows the workers, not the leader (it handles two rows), so a
-- plain run of the query tells how much earlier that phase really starts.
-- arm() below puts timeouts inside the phase.
CREATE FUNCTION pg_temp.leader_phase(query text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
    gather_ms double precision;
    end_ms double precision;
    plain_ms double precision;
    started timestamptz;
    workers integer;
BEGIN
    PERFORM pg_temp.force_parallel();
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
    SELECT (n ->> 'Actual Total Time')::double precision, (n ->> 'Workers Launched')::integer INTO gather_ms, workers
    FROM jsonb_path_query(plan, 'strict $.** ? (@."Node Type" == "Gather")') n;
    SELECT (n ->> 'Actual Total Time')::double precision INTO end_ms
    FROM jsonb_path_query(plan, 'strict $.** ? (@."Partial Mode" == "Finalize")') n;
    started := clock_timestamp();
    EXECUTE query;
    plain_ms := extract(epoch FROM clock_timestamp() - started) * 1000;
    gather_ms := greatest(0, gather_ms - greatest(0, end_ms - plain_ms));
    end_ms := least(end_ms, plain_ms);
    RETURN jsonb_build_object('gather_ms', round(gather_ms), 'end_ms', round(end_ms), 'workers', workers,
                              'leader_ms', round(end_ms - gather_ms));
END
$$;

-- arm(phase, fraction): sets statement_timeout, for the next statement, at
-- that fraction of the leader's phase.
CREATE FUNCTION pg_temp.arm(phase jsonb, fraction double precision) RETURNS text LANGUAGE sql AS $$
    SELECT set_config('statement_timeout',
                      round((phase ->> 'gather_ms')::numeric + fraction::numeric * (phase ->> 'leader_ms')::numeric)::text, true)
$$;

-- leader_cancel(query): the query under the forced parallel plan, canceled
-- by the armed timeout: its latency in seconds ('' when it finished first).
CREATE FUNCTION pg_temp.leader_cancel(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.force_parallel();
    RETURN coalesce(pg_temp.cancel_latency(query)::text, '');
END
$$;

-- leader_cancel_ok(phase, latencies, what): the timeout was armed at
-- several points of the leader's phase (measured runs vary, so one of them
-- lands in it even when a run is slower or faster); every run canceled
-- stopped within a quarter of the phase (and within a second), and at least
-- one was canceled.  With cxm's interrupt checks made
-- no-ops a run canceled in the phase goes on to its end.  The phase must
-- last at least half a second for the test to tell the two apart.
CREATE FUNCTION pg_temp.leader_cancel_ok(phase jsonb, latencies text[], what text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    leader double precision := (phase ->> 'leader_ms')::double precision / 1000;
    measured double precision[] := ARRAY(SELECT nullif(x.l, '')::double precision FROM unnest(latencies) WITH ORDINALITY x(l, k)
                                         WHERE x.l <> '' OR x.k <= 3 ORDER BY x.k);
    passed boolean;
BEGIN
    passed := coalesce(phase ->> 'workers' = '2' AND leader >= 0.5
                       AND (SELECT bool_and(m < least(1.0, leader / 4)) AND count(m) > 0 FROM unnest(measured) m), false);
    RETURN ok(passed, format('statement_timeout at points of %s''s %s s of merging and finishing in the leader: stopped %s s later',
                             what, round(leader::numeric, 2),
                             array_to_string(ARRAY(SELECT coalesce(round(m::numeric, 3)::text, '(finished)') FROM unnest(measured) m), ', ')))
           || CASE WHEN passed THEN '' ELSE E'\n' || diag(phase::text) END;
END
$$;

-- Use (the query in the psql variable q, its name in what):
--   \set q 'SELECT ...'
--   \set what window_funnel
--   \ir ../tools/cancel_leader.sql
