-- Randomized differential test of the journey functions: 1,500 random
-- customers (from no events to hundreds, ties, NULL timestamps, events at
-- -infinity and infinity), each compared with the plain-SQL idiom that
-- answers the same question, and the aggregates under a forced parallel plan.
BEGIN;
SELECT plan(17);
SELECT setseed(0.31415);
CREATE SCHEMA diffj;
CREATE TABLE diffj.sizes AS
SELECT c, (ARRAY[0, 1, 2, 5, 20, 80, 300])[1 + floor(random() * 7)::int] AS n FROM generate_series(1, 1500) c;
CREATE TABLE diffj.events AS
SELECT c, i,
       CASE WHEN r < 0.02 THEN NULL
            WHEN r < 0.03 THEN timestamptz '-infinity'
            WHEN r < 0.04 THEN timestamptz 'infinity'
            -- whole minutes: equal timestamps are common
            ELSE timestamptz '2026-01-01 00:00+00' + floor(random() * 20000) * interval '1 minute' END AS ts,
       (ARRAY['visit', 'view', 'cart', 'buy', 'other'])[1 + floor(random() * 5)::int] AS e,
       (ARRAY['web', 'app', 'store'])[1 + floor(random() * 3)::int] AS channel
-- r refers to the row: PostgreSQL 13 draws an uncorrelated LATERAL random() once
FROM diffj.sizes, LATERAL generate_series(1, n) i, LATERAL (SELECT random() + 0 * (c + i) AS r) x;
ANALYZE diffj.events;

-- sessionize against lag + running sum (a NULL timestamp gets NULL; rows of one timestamp share a session)
SELECT is((SELECT count(*) FROM (
    SELECT c, i, sessionize(ts, interval '30 minutes') OVER (PARTITION BY c ORDER BY ts, i) AS s,
           1 + sum(coalesce((ts - prev > interval '30 minutes')::int, 0)) OVER (PARTITION BY c ORDER BY ts, i ROWS UNBOUNDED PRECEDING) AS idiom
    FROM (SELECT *, lag(ts) OVER (PARTITION BY c ORDER BY ts, i) AS prev
          FROM diffj.events WHERE isfinite(ts)) x) y
    WHERE s IS DISTINCT FROM idiom), 0::bigint, 'sessionize equals the lag + running sum idiom on every row');

-- session_count, any order, against counting session starts
SELECT is((SELECT array_agg(c ORDER BY c) FROM (
    SELECT c, session_count(ts, interval '30 minutes') AS n FROM diffj.events WHERE isfinite(ts) GROUP BY c) a
    FULL JOIN (SELECT c, count(*) FILTER (WHERE prev IS NULL OR ts - prev > interval '30 minutes') AS n
               FROM (SELECT c, ts, lag(ts) OVER (PARTITION BY c ORDER BY ts) AS prev FROM diffj.events WHERE isfinite(ts)) x
               GROUP BY c) b USING (c)
    WHERE a.n IS DISTINCT FROM b.n), NULL, 'session_count equals the count of session starts for every customer');

-- conditional_true_event and conditional_change_event against running sums
SELECT is((SELECT count(*) FROM (
    SELECT conditional_true_event(e = 'cart') OVER w AS v,
           sum((e = 'cart')::int) OVER (w ROWS UNBOUNDED PRECEDING) AS idiom
    FROM diffj.events WINDOW w AS (PARTITION BY c ORDER BY ts, i)) x WHERE v IS DISTINCT FROM idiom),
    0::bigint, 'conditional_true_event equals a running count of true rows');
SELECT is((SELECT count(*) FROM (
    SELECT conditional_change_event(channel) OVER w AS v,
           sum(coalesce((channel <> prev)::int, 0)) OVER (w ROWS UNBOUNDED PRECEDING) AS idiom
    FROM (SELECT *, lag(channel) OVER (PARTITION BY c ORDER BY ts, i) AS prev FROM diffj.events) e
    WINDOW w AS (PARTITION BY c ORDER BY ts, i)) x WHERE v IS DISTINCT FROM idiom),
    0::bigint, 'conditional_change_event equals a running count of changes');

-- retention against bool_or (ClickHouse: [c1, c1 and c2, c1 and c3])
SELECT is((SELECT array_agg(c ORDER BY c) FROM (
    SELECT c, retention(e = 'visit', e = 'cart', e = 'buy') AS r,
           ARRAY[bool_or(e = 'visit')::int, (bool_or(e = 'visit') AND bool_or(e = 'cart'))::int,
                 (bool_or(e = 'visit') AND bool_or(e = 'buy'))::int] AS idiom
    FROM diffj.events GROUP BY c) x WHERE r IS DISTINCT FROM idiom), NULL, 'retention equals bool_or for every customer');

-- journey_path against ordering, dropping repeats, and array_agg (ties by step text)
CREATE TEMP TABLE path_sql AS
SELECT c, array_agg(channel ORDER BY ts, channel COLLATE "C", i) FILTER (WHERE channel IS DISTINCT FROM prev) AS p
FROM (SELECT c, i, ts, channel, lag(channel) OVER (PARTITION BY c ORDER BY ts, channel COLLATE "C", i) AS prev
      FROM diffj.events WHERE ts IS NOT NULL) x GROUP BY c;
SELECT is((SELECT array_agg(c ORDER BY c) FROM path_sql b
           LEFT JOIN (SELECT c, journey_path(channel, ts) AS p FROM diffj.events GROUP BY c) a USING (c)
           WHERE a.p IS DISTINCT FROM b.p), NULL, 'journey_path equals the ordered, collapsed array_agg for every customer');

-- window_funnel (default mode) against the window-function SQL of the benchmark
CREATE TEMP TABLE funnel_sql AS
WITH s1 AS (
    SELECT c, ts, k, max(ts) FILTER (WHERE k = 1) OVER w AS f1
    FROM (SELECT c, ts, CASE e WHEN 'view' THEN 1 WHEN 'cart' THEN 2 WHEN 'buy' THEN 3 END AS k
          FROM diffj.events WHERE e IN ('view', 'cart', 'buy') AND isfinite(ts)) x
    WINDOW w AS (PARTITION BY c ORDER BY ts, k ROWS UNBOUNDED PRECEDING)),
s2 AS (
    SELECT *, max(f1) FILTER (WHERE k = 2 AND ts <= f1 + interval '1 day') OVER w AS f2
    FROM s1 WINDOW w AS (PARTITION BY c ORDER BY ts, k ROWS UNBOUNDED PRECEDING))
SELECT c, CASE WHEN bool_or(k = 3 AND ts <= f2 + interval '1 day') THEN 3 WHEN bool_or(f2 IS NOT NULL) THEN 2
               WHEN bool_or(k = 1) THEN 1 ELSE 0 END AS level
FROM s2 GROUP BY c;
SELECT is((SELECT array_agg(c ORDER BY c)
           FROM (SELECT DISTINCT c FROM diffj.events WHERE isfinite(ts)) everyone
           LEFT JOIN funnel_sql b USING (c)
           LEFT JOIN (SELECT c, window_funnel(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS level
                      FROM diffj.events WHERE isfinite(ts) GROUP BY c) a USING (c)
           WHERE a.level IS DISTINCT FROM coalesce(b.level, 0)), NULL,
    'window_funnel equals the window-function SQL for every customer');
-- window_funnel_steps against the same SQL carrying the step times: the
-- first chain to complete the funnel, else the chain held at the deepest
-- level at the end (per level, the chain entered latest: its latest step)
CREATE TEMP TABLE funnel_steps_sql AS
WITH s1 AS (
    SELECT c, ts, k, max(ts) FILTER (WHERE k = 1) OVER w AS f1
    FROM (SELECT c, ts, CASE e WHEN 'view' THEN 1 WHEN 'cart' THEN 2 WHEN 'buy' THEN 3 END AS k
          FROM diffj.events WHERE e IN ('view', 'cart', 'buy') AND isfinite(ts)) x
    WINDOW w AS (PARTITION BY c ORDER BY ts, k ROWS UNBOUNDED PRECEDING)),
s2 AS (
    SELECT *, max(f1) FILTER (WHERE k = 2 AND ts <= f1 + interval '1 day') OVER w AS f2,
              max(ts) FILTER (WHERE k = 2 AND ts <= f1 + interval '1 day') OVER w AS t2
    FROM s1 WINDOW w AS (PARTITION BY c ORDER BY ts, k ROWS UNBOUNDED PRECEDING)),
completed AS (
    SELECT DISTINCT ON (c) c, ARRAY[f2, t2, ts] AS steps FROM s2 WHERE k = 3 AND ts <= f2 + interval '1 day' ORDER BY c, ts, k),
at_end AS (
    SELECT DISTINCT ON (c) c, CASE WHEN f2 IS NOT NULL THEN ARRAY[f2, t2] WHEN f1 IS NOT NULL THEN ARRAY[f1] ELSE '{}' END AS steps
    FROM s2 ORDER BY c, ts DESC, k DESC)
SELECT c, coalesce(d.steps, e.steps) AS steps FROM at_end e LEFT JOIN completed d USING (c);
SELECT is((SELECT array_agg(c ORDER BY c)
           FROM (SELECT DISTINCT c FROM diffj.events WHERE isfinite(ts)) everyone
           LEFT JOIN funnel_steps_sql r USING (c)
           LEFT JOIN (SELECT c, window_funnel_steps(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS steps,
                             window_funnel_steps(interval '1 day', '', ts, e = 'view', e = 'cart', e = 'buy') AS steps_mode,
                             window_funnel_steps(interval '1 day', ts AT TIME ZONE 'UTC', e = 'view', e = 'cart', e = 'buy') AS steps_local,
                             window_funnel_steps(interval '1 day', '', ts AT TIME ZONE 'UTC', e = 'view', e = 'cart', e = 'buy') AS steps_local_mode
                      FROM diffj.events WHERE isfinite(ts) GROUP BY c) a USING (c)
           WHERE (a.steps, a.steps_mode) IS DISTINCT FROM (coalesce(r.steps, '{}'), coalesce(r.steps, '{}'))
              OR (a.steps_local, a.steps_local_mode)::text IS DISTINCT FROM
                 (ARRAY(SELECT t AT TIME ZONE 'UTC' FROM unnest(coalesce(r.steps, '{}')) WITH ORDINALITY u(t, n) ORDER BY n),
                  ARRAY(SELECT t AT TIME ZONE 'UTC' FROM unnest(coalesce(r.steps, '{}')) WITH ORDINALITY u(t, n) ORDER BY n))::text),
          NULL, 'window_funnel_steps (with and without a mode, timestamptz and timestamp) equals the step times of the funnel SQL');
SELECT is((SELECT array_agg(c ORDER BY c) FROM (
    SELECT c, window_funnel(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS level,
           window_funnel_steps(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS steps
    FROM diffj.events GROUP BY c) x
    WHERE cardinality(steps) IS DISTINCT FROM level
       OR (level >= 2 AND (steps[level] < steps[1] OR steps[level] > steps[1] + interval '1 day'))), NULL,   -- no subtraction: infinite times
    'window_funnel_steps: one time per level reached, within the window, in order (infinite times included)');

-- Every journey aggregate (each overload) under a forced parallel plan,
-- materialised on its own and proven partial from its own plan, compared
-- with the plain-SQL references above and with the same query run serially.
-- The rows are shuffled so that every customer reaches both workers.
\ir ../tools/parallel.sql
CREATE TABLE diffj.shuffled AS
SELECT c, i, ts, (ts AT TIME ZONE 'UTC') AS ts_local, e, channel FROM diffj.events ORDER BY md5(c || '/' || i);
ANALYZE diffj.shuffled;
CREATE TEMP TABLE journey_queries (name text, query text);
INSERT INTO journey_queries VALUES ('timestamptz', $q$
    SELECT c, session_count(ts, interval '30 minutes') AS s,
           session_count(ts, interval '30 minutes') FILTER (WHERE isfinite(ts)) AS s_finite,
           window_funnel(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS f,
           window_funnel(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') FILTER (WHERE isfinite(ts)) AS f_finite,
           window_funnel(interval '1 day', 'strict_order', ts, e = 'view', e = 'cart', e = 'buy') AS f_strict,
           window_funnel_steps(interval '1 day', ts, e = 'view', e = 'cart', e = 'buy') AS fs,
           window_funnel_steps(interval '1 day', 'strict_increase', ts, e = 'view', e = 'cart', e = 'buy') AS fs_increase,
           sequence_match('(?1)(?t<=3600).*(?2)', ts, e = 'view', e = 'buy') AS m,
           sequence_count('(?1).*(?2)', ts, e = 'view', e = 'buy') AS q,
           journey_path(channel, ts) AS p, journey_path(channel, ts, 3) AS p_last, journey_path(channel, ts, 3, 'first') AS p_first,
           retention(e = 'visit', e = 'cart', e = 'buy') AS r,
           window_funnel(interval '1 day', ts, ARRAY[e = 'view', e = 'cart', e = 'buy']) AS f_array,
           window_funnel(interval '1 day', 'strict_order', ts, ARRAY[e = 'view', e = 'cart', e = 'buy']) AS f_strict_array,
           window_funnel_steps(interval '1 day', ts, ARRAY[e = 'view', e = 'cart', e = 'buy']) AS fs_array,
           window_funnel_steps(interval '1 day', 'strict_increase', ts, ARRAY[e = 'view', e = 'cart', e = 'buy']) AS fs_increase_array,
           sequence_match('(?1)(?t<=3600).*(?2)', ts, ARRAY[e = 'view', e = 'buy']) AS m_array,
           sequence_count('(?1).*(?2)', ts, ARRAY[e = 'view', e = 'buy']) AS q_array,
           retention(ARRAY[e = 'visit', e = 'cart', e = 'buy']) AS r_array,
           retention_periods(ts, '1 day', 10, '2026-01-10') FILTER (WHERE isfinite(ts)) AS rp,
           retention_periods(ts, '1 day', 10, '2026-01-10', 'on_or_after') FILTER (WHERE isfinite(ts)) AS rp_after,
           retention_periods(ts, '1 day', 10, '2026-01-10', 'on', '2026-01-01') FILTER (WHERE isfinite(ts)) AS rp_calendar
    FROM diffj.shuffled GROUP BY c $q$),
  ('timestamp', $q$
    SELECT c, session_count(ts_local, interval '30 minutes') AS s,
           session_count(ts_local, interval '30 minutes') FILTER (WHERE isfinite(ts)) AS s_finite,
           window_funnel(interval '1 day', ts_local, e = 'view', e = 'cart', e = 'buy') AS f,
           window_funnel(interval '1 day', ts_local, e = 'view', e = 'cart', e = 'buy') FILTER (WHERE isfinite(ts)) AS f_finite,
           window_funnel(interval '1 day', 'strict_order', ts_local, e = 'view', e = 'cart', e = 'buy') AS f_strict,
           window_funnel_steps(interval '1 day', ts_local, e = 'view', e = 'cart', e = 'buy') AS fs,
           window_funnel_steps(interval '1 day', 'strict_increase', ts_local, e = 'view', e = 'cart', e = 'buy') AS fs_increase,
           sequence_match('(?1)(?t<=3600).*(?2)', ts_local, e = 'view', e = 'buy') AS m,
           sequence_count('(?1).*(?2)', ts_local, e = 'view', e = 'buy') AS q,
           journey_path(channel, ts_local) AS p, journey_path(channel, ts_local, 3) AS p_last,
           journey_path(channel, ts_local, 3, 'first') AS p_first,
           retention(e = 'visit', e = 'cart', e = 'buy') AS r,
           window_funnel(interval '1 day', ts_local, ARRAY[e = 'view', e = 'cart', e = 'buy']) AS f_array,
           window_funnel(interval '1 day', 'strict_order', ts_local, ARRAY[e = 'view', e = 'cart', e = 'buy']) AS f_strict_array,
           window_funnel_steps(interval '1 day', ts_local, ARRAY[e = 'view', e = 'cart', e = 'buy']) AS fs_array,
           window_funnel_steps(interval '1 day', 'strict_increase', ts_local, ARRAY[e = 'view', e = 'cart', e = 'buy']) AS fs_increase_array,
           sequence_match('(?1)(?t<=3600).*(?2)', ts_local, ARRAY[e = 'view', e = 'buy']) AS m_array,
           sequence_count('(?1).*(?2)', ts_local, ARRAY[e = 'view', e = 'buy']) AS q_array,
           retention(ARRAY[e = 'visit', e = 'cart', e = 'buy']) AS r_array,
           retention_periods(ts_local, '1 day', 10, '2026-01-10') FILTER (WHERE isfinite(ts)) AS rp,
           retention_periods(ts_local, '1 day', 10, '2026-01-10', 'on_or_after') FILTER (WHERE isfinite(ts)) AS rp_after,
           retention_periods(ts_local, '1 day', 10, '2026-01-10', 'on', '2026-01-01') FILTER (WHERE isfinite(ts)) AS rp_calendar
    FROM diffj.shuffled GROUP BY c $q$);
SELECT pg_temp.serial_run('serial_' || name, query) FROM journey_queries;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_timestamptz', query), 'every journey aggregate over timestamptz')
FROM journey_queries WHERE name = 'timestamptz';
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_timestamp', query), 'every journey aggregate over timestamp')
FROM journey_queries WHERE name = 'timestamp';

-- the references: session starts, the funnel SQL, the collapsed path (its
-- last and first three steps), bool_or, and retention_periods by definition
CREATE TEMP TABLE period_sql AS
WITH observed AS (SELECT c, ts FROM diffj.events WHERE isfinite(ts) AND ts < '2026-01-10 00:00+00'),
     -- first_day: the UTC day of the first event (date_bin is PostgreSQL 14+)
     firsts AS (SELECT c, min(ts) AS first, to_timestamp(floor(extract(epoch FROM min(ts)) / 86400) * 86400) AS first_day
                FROM observed GROUP BY c),
     -- the rolling period and the calendar day of each event, counted from the customer's first
     indexed AS (SELECT c, floor(extract(epoch FROM o.ts - f.first) / 86400)::int AS k,
                        floor(extract(epoch FROM o.ts - f.first_day) / 86400)::int AS day
                 FROM observed o JOIN firsts f USING (c)),
     sets AS (SELECT c, array_agg(DISTINCT k) AS ks, max(k) AS last_k, array_agg(DISTINCT day) AS days FROM indexed GROUP BY c)
SELECT c,
       array_agg(CASE WHEN k = 0 THEN 1 WHEN f.first + (k + 1) * interval '1 day' <= '2026-01-10 00:00+00'
                      THEN (k = ANY (ks))::int END ORDER BY k) AS rp,
       array_agg(CASE WHEN k = 0 THEN 1 WHEN f.first + (k + 1) * interval '1 day' <= '2026-01-10 00:00+00'
                      THEN (last_k >= k)::int END ORDER BY k) AS rp_after,
       array_agg(CASE WHEN k = 0 THEN 1 WHEN f.first_day + (k + 1) * interval '1 day' <= '2026-01-10 00:00+00'
                      THEN (k = ANY (days))::int END ORDER BY k) AS rp_calendar
FROM firsts f JOIN sets USING (c) CROSS JOIN generate_series(0, 10) k
GROUP BY c;
CREATE TEMP TABLE journey_reference AS
SELECT c, coalesce(st.s_finite, 0) AS s_finite, coalesce(f.level, 0) AS f_finite,
       p.p, p.p[greatest(1, cardinality(p.p) - 2):] AS p_last, p.p[1:3] AS p_first,
       b.r, ps.rp, ps.rp_after, ps.rp_calendar
FROM (SELECT c, ARRAY[bool_or(e = 'visit')::int, (bool_or(e = 'visit') AND bool_or(e = 'cart'))::int,
                      (bool_or(e = 'visit') AND bool_or(e = 'buy'))::int] AS r
      FROM diffj.events GROUP BY c) b
LEFT JOIN (SELECT c, count(*) FILTER (WHERE prev IS NULL OR ts - prev > interval '30 minutes') AS s_finite
           FROM (SELECT c, ts, lag(ts) OVER (PARTITION BY c ORDER BY ts) AS prev FROM diffj.events WHERE isfinite(ts)) x
           GROUP BY c) st USING (c)
LEFT JOIN funnel_sql f USING (c)
LEFT JOIN path_sql p USING (c)
LEFT JOIN period_sql ps USING (c);
SELECT is((SELECT array_agg(format('%s %s', r.c, x.name) ORDER BY r.c, x.name)
           FROM journey_reference r CROSS JOIN (VALUES ('timestamptz'), ('timestamp')) x(name)
           LEFT JOIN LATERAL (SELECT * FROM parallel_timestamptz WHERE x.name = 'timestamptz'
                              UNION ALL SELECT * FROM parallel_timestamp WHERE x.name = 'timestamp') p ON p.c = r.c
           WHERE (p.c, p.s_finite, p.f_finite, p.p, p.p_last, p.p_first, p.r, p.rp, p.rp_after, p.rp_calendar)
                 IS DISTINCT FROM (r.c, r.s_finite, r.f_finite, r.p, r.p_last, r.p_first, r.r, r.rp, r.rp_after, r.rp_calendar)),
          NULL, 'parallel session_count, window_funnel, journey_path, retention and retention_periods equal the references for every customer');
SELECT is((SELECT array_agg(format('%s %s', s.c, x.name) ORDER BY s.c, x.name)
           FROM (SELECT 'timestamptz' AS name, to_jsonb(t) AS row, t.c FROM serial_timestamptz t
                 UNION ALL SELECT 'timestamp', to_jsonb(t), t.c FROM serial_timestamp t) s
           CROSS JOIN LATERAL (SELECT s.name) x
           LEFT JOIN (SELECT 'timestamptz' AS name, to_jsonb(t) AS row, t.c FROM parallel_timestamptz t
                      UNION ALL SELECT 'timestamp', to_jsonb(t), t.c FROM parallel_timestamp t) p
                  ON p.name = s.name AND p.c = s.c
           WHERE p.row IS DISTINCT FROM s.row),
          NULL, 'parallel results equal the serial ones, every aggregate, every customer, both timestamp types');
SELECT is((SELECT array_agg(format('%s %s', p.c, p.name) ORDER BY p.c, p.name)
           FROM (SELECT 'timestamptz' AS name, * FROM parallel_timestamptz UNION ALL SELECT 'timestamp', * FROM parallel_timestamp) p
           WHERE (p.f_array, p.f_strict_array, p.fs_array, p.fs_increase_array, p.m_array, p.q_array, p.r_array)
                 IS DISTINCT FROM (p.f, p.f_strict, p.fs, p.fs_increase, p.m, p.q, p.r)),
          NULL, 'the array forms (conditions as one boolean[]) equal the variadic forms, in parallel, every customer');
SELECT cmp_ok((SELECT count(*) FROM parallel_timestamptz WHERE f_strict > 0 AND q > 0 AND rp IS NOT NULL), '>', 200::bigint,
              'hundreds of customers reach a funnel step, match a sequence and have retention periods');

-- cohort_retention: per cohort, of the customers with r[1] = 1, the percent
-- with r[k] = 1 among those whose r[k] is known (retention_periods arrays of
-- the customers above, each repeated 40 times, shuffled, in 12 cohorts)
CREATE TABLE diffj.cohorts AS
SELECT (c + copy) % 12 AS cohort, rp AS r
FROM serial_timestamptz, generate_series(1, 40) copy WHERE rp IS NOT NULL ORDER BY md5(c || '/' || copy);
ANALYZE diffj.cohorts;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_cohorts', $q$
    SELECT cohort, cohort_retention(r) AS shares, cohort_retention(r, 2) AS rounded FROM diffj.cohorts GROUP BY cohort $q$),
    'cohort_retention, both forms');
CREATE FUNCTION pg_temp.exact(a numeric, n numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN n = 0 THEN NULL ELSE sign(a) * div(2 * abs(a) * 10000000000000000::numeric + n, 2 * n) / 10000000000000000::numeric END
$$;
SELECT is((SELECT array_agg(cohort ORDER BY cohort)
           FROM (SELECT cohort, array_agg(pg_temp.exact(100 * kept, known) ORDER BY k) AS shares,
                        array_agg(round(100 * kept / nullif(known, 0)::numeric, 2) ORDER BY k) AS rounded
                 FROM (SELECT cohort, k, count(*) FILTER (WHERE r[1] = 1 AND r[k] = 1) AS kept,
                              count(*) FILTER (WHERE r[1] = 1 AND r[k] IS NOT NULL) AS known
                       FROM diffj.cohorts, generate_series(1, 11) k GROUP BY cohort, k) x
                 GROUP BY cohort) e
           LEFT JOIN parallel_cohorts p USING (cohort)
           WHERE (p.shares, p.rounded) IS DISTINCT FROM (e.shares, e.rounded)),
          NULL, 'parallel cohort_retention equals the shares counted in SQL in every cohort');

SELECT * FROM finish();
SELECT coalesce(string_agg(aggregate, ';'), '') AS parallel_verified, 'journeys' AS parallel_file FROM pg_temp.parallel_verified \gset
ROLLBACK;
\ir ../tools/parallel_record.sql
