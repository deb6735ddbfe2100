-- make bench-compare: the controller.  Runs in a database of its own and
-- reaches the two clusters through dblink: A (cxm built from a git ref) and
-- B (the working tree), each holding the same data (data.sql) and the same
-- helper functions (harness.sql).  Every query runs on both, its runs
-- alternating between them (A B, B A, A B, ... one round each), so that a
-- slow spell of the machine hits both sides alike; the median of each side
-- and their ratio B/A are printed, serial and with two parallel workers, and
-- every answer of A is compared with B's.
-- psql variables: conn_a, conn_b (libpq connection strings), rounds,
-- ref (what A was built from), tree (what B was built from), machine, only
-- (BENCH_ONLY: a comma-separated list of aggregates, or empty for all),
-- cpu (the core of the serial runs, or empty not to pin them).
\set ON_ERROR_STOP 1
SET client_min_messages = notice;
CREATE EXTENSION dblink;
SELECT dblink_connect('a', :'conn_a') AS a, dblink_connect('b', :'conn_b') AS b \gset

-- One representative call of each aggregate whose state type changed, with
-- its usual GROUP BY, and two controls: count(*) (no cxm) and nps (its
-- ratings state did not change).
CREATE TABLE queries (seq serial, aggregate text NOT NULL, query text NOT NULL);
INSERT INTO queries (aggregate, query) VALUES
('count(*)', 'SELECT channel, month, count(*) FROM cmp.answers GROUP BY channel, month'),
('nps', 'SELECT channel, month, nps(score) FROM cmp.answers GROUP BY channel, month'),
('churn_rate', $$SELECT channel, churn_rate(started_at, ended_at, '2023-01-01', '2023-02-01') FROM cmp.customers GROUP BY channel$$),
('retention_rate', $$SELECT channel, retention_rate(started_at, ended_at, '2023-01-01', '2023-02-01') FROM cmp.customers GROUP BY channel$$),
('customer_flow', $$SELECT channel, customer_flow(started_at, ended_at, '2023-01-01', '2023-02-01') FROM cmp.customers GROUP BY channel$$),
('referral_rate', 'SELECT channel, month, referral_rate(referred) FROM cmp.customers GROUP BY channel, month'),
('avg_resolution_time', 'SELECT category, month, avg_resolution_time(opened_at, resolved_at) FROM cmp.tickets GROUP BY category, month'),
('unresolved_count', 'SELECT category, month, unresolved_count(opened_at, resolved_at) FROM cmp.tickets GROUP BY category, month'),
('median_resolution_time', 'SELECT category, month, median_resolution_time(opened_at, resolved_at) FROM cmp.tickets GROUP BY category, month'),
('resolution_time_percentile', 'SELECT category, month, resolution_time_percentile(opened_at, resolved_at, 0.9) FROM cmp.tickets GROUP BY category, month'),
('rfm', $$SELECT customer_id, rfm(amount, ordered_at, '2026-01-01') FROM cmp.orders GROUP BY customer_id$$),
('clv_summary', $$SELECT customer_id, clv_summary(ordered_on, amount_f, '2025-12-31') FROM cmp.orders GROUP BY customer_id$$),
('bgnbd_fit', 'SELECT segment, bgnbd_fit(frequency, recency, age) FROM cmp.histories GROUP BY segment'),
('gamma_gamma_fit', 'SELECT segment, gamma_gamma_fit(frequency, monetary_value) FROM cmp.histories GROUP BY segment'),
('markov_model', 'SELECT month, markov_model(path, converted, value) FROM cmp.journeys GROUP BY month'),
('window_funnel', $$SELECT customer_id, window_funnel('7 days', ts, e = 'view', e = 'cart', e = 'buy') FROM cmp.events GROUP BY customer_id$$),
('window_funnel_steps', $$SELECT customer_id, window_funnel_steps('7 days', ts, e = 'view', e = 'cart', e = 'buy') FROM cmp.events GROUP BY customer_id$$),
('sequence_match', $$SELECT customer_id, sequence_match('(?1).*(?2).*(?3)', ts, e = 'view', e = 'cart', e = 'buy') FROM cmp.events GROUP BY customer_id$$),
('sequence_count', $$SELECT customer_id, sequence_count('(?1).*(?2)(?t<=3600)(?3)', ts, e = 'view', e = 'cart', e = 'buy') FROM cmp.events GROUP BY customer_id$$),
('retention', $$SELECT customer_id, retention(ts < '2026-01-15', ts >= '2026-02-01', purchase) FROM cmp.events GROUP BY customer_id$$),
('retention_periods', $$SELECT customer_id, retention_periods(ts, '7 days', 8, '2026-03-02') FROM cmp.events GROUP BY customer_id$$),
('cohort_retention', 'SELECT cohort, cohort_retention(r) FROM cmp.cohorts GROUP BY cohort'),
('session_count', $$SELECT customer_id, session_count(ts, '30 minutes') FROM cmp.events GROUP BY customer_id$$),
('journey_path', 'SELECT customer_id, journey_path(channel, ts) FROM cmp.events GROUP BY customer_id');

-- BENCH_ONLY=rfm,retention: those aggregates and the controls
DELETE FROM queries WHERE :'only' <> '' AND aggregate NOT IN ('count(*)', 'nps')
                      AND aggregate <> ALL (string_to_array(:'only', ','));
SELECT count(*) = 2 AS only_controls FROM queries \gset
\if :only_controls
\echo 'BENCH_ONLY=' :only 'names no aggregate of the list:'
SELECT string_agg(aggregate, ', ') FROM queries;
DO $$ BEGIN RAISE EXCEPTION 'no aggregate to compare'; END $$;
\endif

CREATE TABLE modes (mode text PRIMARY KEY, settings text NOT NULL);
INSERT INTO modes VALUES
('serial', 'SET max_parallel_workers_per_gather = 0; SET jit = off'),
('parallel', 'SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
              SET min_parallel_table_scan_size = 0; SET jit = off');

CREATE TABLE runs (mode text, seq integer, side text, round integer, ms double precision, cpu_ms double precision);
CREATE TABLE answers (mode text, seq integer, passed boolean, detail text);
CREATE TABLE plans (mode text, seq integer, side text, parallel boolean);

-- what a side says, as one value
CREATE FUNCTION on_side(side text, sql text) RETURNS text LANGUAGE sql AS $$
    SELECT v FROM dblink(side, sql) AS r(v text)
$$;
CREATE FUNCTION time_on(side text, query text, OUT ms double precision, OUT cpu_ms double precision) LANGUAGE sql AS $$
    SELECT * FROM dblink(side, format('SELECT * FROM cmp.time_run(%L)', query)) AS r(ms double precision, cpu_ms double precision)
$$;

CREATE PROCEDURE compare(rounds integer, only_mode text) LANGUAGE plpgsql AS $$
DECLARE
    m record;
    q record;
    which text;
    digest_a text;
    digest_b text;
    rows_a text[];
    rows_b text[];
    i integer;
    failure text;
    n_queries integer := (SELECT count(*) FROM queries);
    position integer;
BEGIN
    FOR m IN SELECT * FROM modes WHERE mode = only_mode LOOP
        position := 0;
        PERFORM dblink_exec('a', m.settings), dblink_exec('b', m.settings);
        FOR q IN SELECT * FROM queries ORDER BY seq LOOP
            position := position + 1;
            -- the answers, as text
            failure := NULL;
            BEGIN
                digest_a := on_side('a', format('SELECT cmp.answer_digest(%L)', q.query));
                digest_b := on_side('b', format('SELECT cmp.answer_digest(%L)', q.query));
                IF digest_a IS DISTINCT FROM digest_b THEN
                    SELECT r INTO rows_a FROM dblink('a', format('SELECT cmp.answer(%L)', q.query)) AS x(r text[]);
                    SELECT r INTO rows_b FROM dblink('b', format('SELECT cmp.answer(%L)', q.query)) AS x(r text[]);
                    i := 1;
                    WHILE i <= greatest(cardinality(rows_a), cardinality(rows_b)) AND rows_a[i] IS NOT DISTINCT FROM rows_b[i] LOOP
                        i := i + 1;
                    END LOOP;
                    failure := format('A %s, B %s; first difference, row %s: A %s, B %s', digest_a, digest_b, i,
                                      left(coalesce(rows_a[i], '(none)'), 200), left(coalesce(rows_b[i], '(none)'), 200));
                END IF;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS failure = MESSAGE_TEXT;
                failure := 'error: ' || failure;
            END;
            INSERT INTO answers VALUES (m.mode, q.seq, failure IS NULL, coalesce(failure, digest_a));
            IF failure IS NOT NULL THEN
                RAISE NOTICE '% %/% %: FAILED, %', m.mode, position, n_queries, q.aggregate, failure;
                CONTINUE;
            END IF;
            -- the plan: in parallel mode, a Partial Aggregate under a Gather with two workers
            IF m.mode = 'parallel' THEN
                FOREACH which IN ARRAY ARRAY['a', 'b'] LOOP
                    INSERT INTO plans VALUES (m.mode, q.seq, which,
                        on_side(which, format('SELECT cmp.parallel_plan(%L)', q.query))::boolean);
                END LOOP;
            END IF;
            -- one warm-up run each, then the rounds: A B, B A, A B, ...
            PERFORM time_on('a', q.query), time_on('b', q.query);
            FOR r IN 1 .. rounds LOOP
                FOREACH which IN ARRAY CASE WHEN r % 2 = 1 THEN ARRAY['a', 'b'] ELSE ARRAY['b', 'a'] END LOOP
                    INSERT INTO runs SELECT m.mode, q.seq, which, r, t.ms, t.cpu_ms FROM time_on(which, q.query) t;
                END LOOP;
            END LOOP;
            RAISE NOTICE '% %/% %: A % ms (cpu %), B % ms (cpu %)', m.mode, position, n_queries, q.aggregate,
                (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric) FROM runs WHERE (mode, seq, side) = (m.mode, q.seq, 'a')),
                (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_ms)::numeric) FROM runs WHERE (mode, seq, side) = (m.mode, q.seq, 'a')),
                (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric) FROM runs WHERE (mode, seq, side) = (m.mode, q.seq, 'b')),
                (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_ms)::numeric) FROM runs WHERE (mode, seq, side) = (m.mode, q.seq, 'b'));
            COMMIT;	-- what was measured so far stays, whatever comes next
        END LOOP;
    END LOOP;
END
$$;

\echo '== A is' :ref
\echo '== B is' :tree
-- Serial runs: both sides' backends on one core (BENCH_CPU), so that
-- neither keeps a core that another process shares more than the other's
-- (the scheduler tends to leave a process on its core); parallel runs: on
-- every core again.
SELECT a.pid AS pid_a, b.pid AS pid_b
FROM dblink('a', 'SELECT pg_backend_pid()') AS a(pid integer), dblink('b', 'SELECT pg_backend_pid()') AS b(pid integer) \gset
\setenv CMP_PID_A :pid_a
\setenv CMP_PID_B :pid_b
\setenv CMP_CPU :cpu
\! [ -z "$CMP_CPU" ] || { taskset -pc "$CMP_CPU" "$CMP_PID_A" && taskset -pc "$CMP_CPU" "$CMP_PID_B"; } >/dev/null || echo 'could not pin the backends to one core' >&2
CALL compare(:rounds, 'serial');
\! [ -z "$CMP_CPU" ] || { taskset -pc "0-$(($(nproc --all) - 1))" "$CMP_PID_A" && taskset -pc "0-$(($(nproc --all) - 1))" "$CMP_PID_B"; } >/dev/null || echo 'could not unpin the backends' >&2
CALL compare(:rounds, 'parallel');

-- medians per side; the ratio B/A of the medians; the spread: the quartiles
-- and median of the rounds' own ratios (each round's B run over its A run,
-- taken one after the other), which show how far the machine's noise moves
-- a ratio.  The same for the backend's CPU time (serial plans only: in
-- parallel ones the workers' time is not the backend's).
CREATE VIEW results AS
SELECT mode, seq,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY a) AS a_ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY b) AS b_ms,
       percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY b / a) AS rounds,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY b_cpu) / percentile_cont(0.5) WITHIN GROUP (ORDER BY a_cpu) AS cpu_ratio,
       percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY b_cpu / nullif(a_cpu, 0)) AS cpu_rounds
FROM (SELECT mode, seq, round,
             max(ms) FILTER (WHERE side = 'a') AS a, max(ms) FILTER (WHERE side = 'b') AS b,
             max(cpu_ms) FILTER (WHERE side = 'a') AS a_cpu, max(cpu_ms) FILTER (WHERE side = 'b') AS b_cpu
      FROM runs GROUP BY mode, seq, round) r
GROUP BY mode, seq;
CREATE FUNCTION ratio(double precision) RETURNS text LANGUAGE sql AS $$ SELECT to_char($1, 'FM90.00') $$;
CREATE FUNCTION ratios(double precision[]) RETURNS text LANGUAGE sql AS $$
    SELECT array_to_string(ARRAY(SELECT ratio(x) FROM unnest($1) x), ' ')
$$;

\echo
\echo '=== cxm bench-compare ====================================================================='
\echo 'A:' :ref
\echo 'B:' :tree
SELECT version() AS postgresql;
SELECT :'machine' AS machine;
\echo 'Medians of' :rounds 'interleaved runs per side (wall ms); B/A: ratio of the medians; rounds'' B/A: first quartile,'
\echo 'median and third quartile of each round''s B run over its A run (the noise); cpu: the same for the backend''s CPU time'
\echo '(serial only; it leaves out the time spent waiting for a core).  parallel: 2 workers forced (parallel_setup_cost ='
\echo 'parallel_tuple_cost = 0, min_parallel_table_scan_size = 0).  jit off.  Controls: count(*) (no cxm) and nps (state unchanged).'
SELECT CASE WHEN :'cpu' = '' THEN 'serial runs: on any core' ELSE 'serial runs: both backends on core ' || :'cpu' END AS pinning \gset
\echo :pinning
SELECT q.aggregate || CASE WHEN q.aggregate IN ('count(*)', 'nps') THEN ' (control)' ELSE '' END AS aggregate,
       to_char(s.a_ms, 'FM99990.0') AS "serial A", to_char(s.b_ms, 'FM99990.0') AS "serial B",
       ratio(s.b_ms / s.a_ms) AS "B/A", ratios(s.rounds) AS "rounds' B/A",
       ratio(s.cpu_ratio) AS "cpu B/A", ratios(s.cpu_rounds) AS "rounds' cpu B/A",
       CASE WHEN EXISTS (SELECT FROM plans pl WHERE pl.seq = q.seq AND NOT pl.parallel)
            THEN 'no parallel plan (' || (SELECT string_agg(upper(side), ', ' ORDER BY side) FROM plans pl WHERE pl.seq = q.seq AND NOT pl.parallel) || ')'
            ELSE to_char(p.a_ms, 'FM99990.0') END AS "parallel A",
       to_char(p.b_ms, 'FM99990.0') AS "parallel B",
       ratio(p.b_ms / p.a_ms) AS "B/A ", ratios(p.rounds) AS "rounds' B/A ",
       concat_ws(', ',
           CASE WHEN s.b_ms / s.a_ms > 1.05 THEN 'SLOWER serial' END,
           CASE WHEN s.cpu_ratio > 1.05 THEN 'SLOWER serial cpu' END,
           CASE WHEN p.b_ms / p.a_ms > 1.05 THEN 'SLOWER parallel' END,
           CASE WHEN EXISTS (SELECT FROM answers an WHERE an.seq = q.seq AND NOT an.passed) THEN 'FAILED answer' END) AS flag
FROM queries q
LEFT JOIN results s ON s.seq = q.seq AND s.mode = 'serial'
LEFT JOIN results p ON p.seq = q.seq AND p.mode = 'parallel'
ORDER BY q.seq;

SELECT count(*) FILTER (WHERE NOT passed) AS answers_failed, count(*) AS answers_compared FROM answers \gset
SELECT count(*) FILTER (WHERE b_ms / a_ms > 1.05) AS slower, count(*) FILTER (WHERE cpu_ratio > 1.05) AS slower_cpu
FROM results \gset
SELECT count(*) AS no_parallel FROM plans WHERE NOT parallel \gset
\echo 'B/A above 1.05 (SLOWER):' :slower 'of wall times,' :slower_cpu 'of CPU times; plans without parallel aggregation:' :no_parallel
\if :answers_failed
\echo 'FAILED:' :answers_failed 'of' :answers_compared 'answers differ between A and B (or errored):'
SELECT a.mode, q.aggregate, a.detail FROM answers a JOIN queries q USING (seq) WHERE NOT a.passed ORDER BY a.mode DESC, seq;
DO $$ BEGIN RAISE EXCEPTION 'answers differ between A and B'; END $$;
\else
\echo 'all' :answers_compared 'answers equal between A and B (serial and parallel)'
\endif
