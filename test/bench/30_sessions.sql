-- Journey windows: sessions, retention and paths (issue: journey-window functions).
-- 5,000,000 events over 100,000 customers, one backend; one customer with 10,000,000 events.
\if :{?journey_events}
\else
\set journey_events 5000000
\endif
\if :{?journey_big}
\else
\set journey_big 10000000
\endif
SET timezone = 'UTC';

-- EXPLAIN (ANALYZE, FORMAT JSON) of a query, for the executor's own memory and spill figures
CREATE FUNCTION bench.sessions_explain(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plan text;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF) ' || query INTO plan;
    RETURN plan;
END
$$;

SELECT :journey_events / 50 AS journey_customers \gset
\echo '-- sessions: generating' :journey_events 'events over' :journey_customers 'customers'
-- Each customer has 10 visits two days apart; within a visit, events 10 to 35 minutes apart, so
-- some visits split at the 30-minute gap.  The table is stored in (customer_id, ts) order with an
-- index on it, as an events table clustered for journey queries is: both sides of each comparison
-- read the same index scan, so the ratios measure the window and aggregate work.
CREATE TABLE bench.events AS
SELECT customer_id,
       timestamptz '2026-01-01' + (customer_id % 1440) * interval '1 minute' + (k / 5) * interval '2 days'
         + (h1 % 720) * interval '1 minute' + (k % 5) * interval '10 minutes' + (h2 % 1500) * interval '1 second' AS ts,
       (ARRAY['web', 'app', 'store'])[1 + h3 % 3] AS channel,
       k % 5 = 4 AND h2 % 3 = 0 AS purchase
FROM (SELECT i / 50 AS customer_id, i % 50 AS k,
             (i / 5 * 2654435761) % 4294967296 AS h1, (i * 2246822519) % 4294967291 AS h2, (i * 3266489917) % 4294967279 AS h3
      FROM generate_series(0, :journey_events - 1) i) g
ORDER BY customer_id, ts;
CREATE INDEX ON bench.events (customer_id, ts);
VACUUM ANALYZE bench.events;

\echo '-- sessions: sessionize against the lag() + running sum idiom (interleaved runs, medians)'
EXPLAIN (COSTS OFF) SELECT count(*), sum(s) FROM (SELECT sessionize(ts, '30 minutes') OVER (PARTITION BY customer_id ORDER BY ts) AS s FROM bench.events) x;
EXPLAIN (COSTS OFF) SELECT count(*), sum(s) FROM (SELECT sum((ts - prev > interval '30 minutes')::int) OVER (PARTITION BY customer_id ORDER BY ts) + 1 AS s
    FROM (SELECT customer_id, ts, lag(ts) OVER (PARTITION BY customer_id ORDER BY ts) AS prev FROM bench.events) a) x;
SELECT bench.compare('sessions',
    ARRAY['sessionize numbering', 'lag + running sum numbering'],
    ARRAY['SELECT count(*), sum(s) FROM (SELECT sessionize(ts, ''30 minutes'') OVER (PARTITION BY customer_id ORDER BY ts) AS s FROM bench.events) x',
          'SELECT count(*), sum(s) FROM (SELECT sum((ts - prev > interval ''30 minutes'')::int) OVER (PARTITION BY customer_id ORDER BY ts) + 1 AS s
               FROM (SELECT customer_id, ts, lag(ts) OVER (PARTITION BY customer_id ORDER BY ts) AS prev FROM bench.events) a) x'], 7) \gset

-- without the index both sides sort 5M rows first, which takes most of the time (reported, no target)
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
SET enable_bitmapscan = off;
SELECT bench.compare('sessions',
    ARRAY['sessionize numbering, after a sort', 'lag + running sum numbering, after a sort'],
    ARRAY['SELECT count(*), sum(s) FROM (SELECT sessionize(ts, ''30 minutes'') OVER (PARTITION BY customer_id ORDER BY ts) AS s FROM bench.events) x',
          'SELECT count(*), sum(s) FROM (SELECT sum((ts - prev > interval ''30 minutes'')::int) OVER (PARTITION BY customer_id ORDER BY ts) + 1 AS s
               FROM (SELECT customer_id, ts, lag(ts) OVER (PARTITION BY customer_id ORDER BY ts) AS prev FROM bench.events) a) x'], 5) \gset
RESET enable_indexscan;
RESET enable_indexonlyscan;
RESET enable_bitmapscan;

-- the same numbering both ways (the idiom gives NULL on each customer's first row, where the session is 1)
SELECT count(*) FILTER (WHERE s IS DISTINCT FROM coalesce(idiom, 1)) AS rows_differing,
       count(*) FILTER (WHERE idiom IS NULL) AS idiom_nulls, max(s) AS max_session, count(*) AS numbered
FROM (SELECT sessionize(ts, '30 minutes') OVER w AS s, sum((ts - prev > interval '30 minutes')::int) OVER w + 1 AS idiom
      FROM (SELECT customer_id, ts, lag(ts) OVER (PARTITION BY customer_id ORDER BY ts) AS prev FROM bench.events) a
      WINDOW w AS (PARTITION BY customer_id ORDER BY ts)) x \gset
\echo 'sessionize vs idiom: rows differing' :rows_differing 'of' :numbered '(idiom NULL on' :idiom_nulls 'first rows; up to' :max_session 'sessions a customer)'

\echo '-- sessions: session_count, journey_path, retention per customer against hand-written SQL'
SELECT bench.compare('sessions',
    ARRAY['session_count per customer', 'lag + count per customer'],
    ARRAY['SELECT count(*), sum(n) FROM (SELECT customer_id, session_count(ts, ''30 minutes'') AS n FROM bench.events GROUP BY customer_id) x',
          'SELECT count(*), sum(n) FROM (SELECT customer_id, count(*) FILTER (WHERE prev IS NULL OR ts - prev > interval ''30 minutes'') AS n
               FROM (SELECT customer_id, ts, lag(ts) OVER (PARTITION BY customer_id ORDER BY ts) AS prev FROM bench.events) a GROUP BY customer_id) x'], 5) \gset
SELECT bench.compare('sessions',
    ARRAY['journey_path per customer', 'lag + array_agg per customer'],
    ARRAY['SELECT count(*), sum(cardinality(p)) FROM (SELECT customer_id, journey_path(channel, ts) AS p FROM bench.events GROUP BY customer_id) x',
          'SELECT count(*), sum(cardinality(p)) FROM (SELECT customer_id, array_agg(channel ORDER BY ts, channel COLLATE "C") FILTER (WHERE channel IS DISTINCT FROM prev) AS p
               FROM (SELECT customer_id, ts, channel, lag(channel) OVER (PARTITION BY customer_id ORDER BY ts, channel COLLATE "C") AS prev FROM bench.events) a
               GROUP BY customer_id) x'], 5) \gset
SELECT bench.compare('sessions',
    ARRAY['retention per customer', 'bool_or per customer'],
    ARRAY['SELECT sum(r[1]), sum(r[2]), sum(r[3]) FROM (SELECT customer_id, retention(ts < ''2026-01-05'', ts >= ''2026-01-10'', purchase) AS r FROM bench.events GROUP BY customer_id) x',
          'SELECT sum(a::int), sum((a AND b)::int), sum((a AND c)::int) FROM (SELECT customer_id, bool_or(ts < ''2026-01-05'') AS a, bool_or(ts >= ''2026-01-10'') AS b, bool_or(purchase) AS c FROM bench.events GROUP BY customer_id) x'], 5) \gset
SELECT bench.run('sessions', 'retention_periods + cohort_retention',
    'SELECT cohort_retention(r) FROM (SELECT customer_id, retention_periods(ts, ''2 days'', 10, ''2026-01-16'') AS r FROM bench.events GROUP BY customer_id) x', 5) \gset

SELECT (SELECT array_agg(n ORDER BY customer_id) FROM (SELECT customer_id, session_count(ts, '30 minutes') AS n FROM bench.events GROUP BY customer_id) a)
     = (SELECT array_agg(n ORDER BY customer_id) FROM (SELECT customer_id, count(*) FILTER (WHERE prev IS NULL OR ts - prev > interval '30 minutes') AS n
            FROM (SELECT customer_id, ts, lag(ts) OVER (PARTITION BY customer_id ORDER BY ts) AS prev FROM bench.events) a GROUP BY customer_id) b)
       AS same_session_counts,
       (SELECT md5(string_agg(p::text, ',' ORDER BY customer_id)) FROM (SELECT customer_id, journey_path(channel, ts) AS p FROM bench.events GROUP BY customer_id) a)
     = (SELECT md5(string_agg(p::text, ',' ORDER BY customer_id)) FROM (SELECT customer_id, array_agg(channel ORDER BY ts, channel COLLATE "C") FILTER (WHERE channel IS DISTINCT FROM prev) AS p
            FROM (SELECT customer_id, ts, channel, lag(channel) OVER (PARTITION BY customer_id ORDER BY ts, channel COLLATE "C") AS prev FROM bench.events) a GROUP BY customer_id) b)
       AS same_paths \gset
\echo 'same session counts:' :same_session_counts ', same paths:' :same_paths

\echo '-- sessions: hash aggregation over' :journey_customers 'customers with work_mem = 4MB spills instead of failing'
SET work_mem = '4MB';
SET enable_sort = off;
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
SET enable_bitmapscan = off;
SELECT coalesce(p -> 'Plan' ->> 'HashAgg Batches', '0') AS spill_batches, coalesce(p -> 'Plan' ->> 'Disk Usage', '0') AS spill_disk_kb
FROM (SELECT (x::json) -> 0 AS p FROM bench.sessions_explain('SELECT customer_id, journey_path(channel, ts), session_count(ts, ''30 minutes''), retention_periods(ts, ''2 days'', 10, ''2026-01-16'') FROM bench.events GROUP BY customer_id') x) e \gset
SELECT md5(string_agg(p::text || n || r::text, ',' ORDER BY customer_id)) AS hashed FROM (
    SELECT customer_id, journey_path(channel, ts) AS p, session_count(ts, '30 minutes') AS n, retention_periods(ts, '2 days', 10, '2026-01-16') AS r
    FROM bench.events GROUP BY customer_id) x \gset
RESET enable_sort;
RESET enable_indexscan;
RESET enable_indexonlyscan;
RESET enable_bitmapscan;
SET enable_hashagg = off;
SELECT md5(string_agg(p::text || n || r::text, ',' ORDER BY customer_id)) AS sorted FROM (
    SELECT customer_id, journey_path(channel, ts) AS p, session_count(ts, '30 minutes') AS n, retention_periods(ts, '2 days', 10, '2026-01-16') AS r
    FROM bench.events GROUP BY customer_id) x \gset
RESET enable_hashagg;
RESET work_mem;
\echo 'hash aggregate batches:' :spill_batches ', disk:' :spill_disk_kb 'kB; same answers as sorted aggregation:'
SELECT :'hashed' = :'sorted' AS spilled_equals_sorted \gset
\echo :spilled_equals_sorted

\echo '-- sessions: one customer with' :journey_big 'events, in shuffled order'
CREATE TABLE bench.one_customer AS
SELECT 1 AS customer_id, timestamptz '2026-01-01' + ((g::bigint * 7919) % :journey_big) * interval '1 second' AS ts,
       (ARRAY['web', 'app', 'store'])[1 + (g::bigint * 48271 % 2147483647) % 3] AS channel
FROM generate_series(0, :journey_big - 1) g;
VACUUM ANALYZE bench.one_customer;
SELECT count(*) AS big_rows FROM bench.one_customer \gset
-- peak memory of the one group's state, from the hash aggregate's own accounting
SET work_mem = '4GB';
SET enable_sort = off;
CREATE TABLE bench.memory (what text, events bigint, peak_kb bigint, ms double precision);
INSERT INTO bench.memory
SELECT what, :journey_big, ((x::json) -> 0 -> 'Plan' ->> 'Peak Memory Usage')::bigint, ((x::json) -> 0 ->> 'Execution Time')::float8
FROM (VALUES
    ('session_count, 1 session', 'SELECT customer_id, session_count(ts, ''1 hour'') FROM bench.one_customer GROUP BY customer_id'),
    ('session_count, a session per event', 'SELECT customer_id, session_count(ts, ''0'') FROM bench.one_customer GROUP BY customer_id'),
    ('journey_path', 'SELECT customer_id, cardinality(journey_path(channel, ts)) FROM bench.one_customer GROUP BY customer_id'),
    ('journey_path, last 10 steps', 'SELECT customer_id, journey_path(channel, ts, 10) FROM bench.one_customer GROUP BY customer_id'),
    ('retention_periods, rolling days', 'SELECT customer_id, retention_periods(ts, ''1 day'', 30, ''2027-01-01'') FROM bench.one_customer GROUP BY customer_id'),
    ('retention', 'SELECT customer_id, retention(ts < ''2026-02-01'', channel = ''app'') FROM bench.one_customer GROUP BY customer_id')
) q(what, query), LATERAL bench.sessions_explain(query) x;
RESET work_mem;
RESET enable_sort;
SELECT what, events, peak_kb, round(peak_kb * 1024.0 / events, 2) AS bytes_per_event, round(ms) AS ms FROM bench.memory ORDER BY what;

-- cancel: statement_timeout stops a query on the one big group within a second wherever it is
-- (reading rows, sorting 10M events in the final function, building the result): timeouts at
-- 20%, 40%, 60% and 80% of the query's full time
\echo '-- sessions: statement_timeout on the big group (the cancel errors below are expected)'
CREATE TABLE bench.cancels (query text, timeout_ms int, elapsed_ms double precision, canceled boolean);
\set path_query 'SELECT cardinality(journey_path(channel, ts)) FROM bench.one_customer'
\set count_query 'SELECT session_count(ts, ''0'') FROM bench.one_customer'
SELECT round(ms * 0.2) AS t25, round(ms * 0.4) AS t50, round(ms * 0.6) AS t75, round(ms * 0.8) AS t90
FROM bench.median_ms(:'path_query', 1) ms \gset
SELECT round(ms * 0.4) AS s50, round(ms * 0.8) AS s90 FROM bench.median_ms(:'count_query', 1) ms \gset
\set ON_ERROR_STOP 0
SET statement_timeout = :t25;
SELECT clock_timestamp() AS t0 \gset
:path_query;
\set state :SQLSTATE
RESET statement_timeout;
INSERT INTO bench.cancels SELECT 'journey_path', :t25, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, :'state' = '57014';
SET statement_timeout = :t50;
SELECT clock_timestamp() AS t0 \gset
:path_query;
\set state :SQLSTATE
RESET statement_timeout;
INSERT INTO bench.cancels SELECT 'journey_path', :t50, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, :'state' = '57014';
SET statement_timeout = :t75;
SELECT clock_timestamp() AS t0 \gset
:path_query;
\set state :SQLSTATE
RESET statement_timeout;
INSERT INTO bench.cancels SELECT 'journey_path', :t75, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, :'state' = '57014';
SET statement_timeout = :t90;
SELECT clock_timestamp() AS t0 \gset
:path_query;
\set state :SQLSTATE
RESET statement_timeout;
INSERT INTO bench.cancels SELECT 'journey_path', :t90, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, :'state' = '57014';
SET statement_timeout = :s50;
SELECT clock_timestamp() AS t0 \gset
:count_query;
\set state :SQLSTATE
RESET statement_timeout;
INSERT INTO bench.cancels SELECT 'session_count', :s50, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, :'state' = '57014';
SET statement_timeout = :s90;
SELECT clock_timestamp() AS t0 \gset
:count_query;
\set state :SQLSTATE
RESET statement_timeout;
INSERT INTO bench.cancels SELECT 'session_count', :s90, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, :'state' = '57014';
\set ON_ERROR_STOP 1
SELECT query, timeout_ms, round(elapsed_ms) AS elapsed_ms, canceled FROM bench.cancels;

INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'sessions', what, to_char(ratio, 'FM990.00') || 'x', target, met FROM (VALUES
    ('lag + running sum / sessionize (numbering every row)',
        bench.ms('sessions', 'lag + running sum numbering') / bench.ms('sessions', 'sessionize numbering'), '>= 2.00x',
        bench.ms('sessions', 'lag + running sum numbering') / bench.ms('sessions', 'sessionize numbering') >= 2.0),
    ('the same, with a sort in both plans instead of the index',
        bench.ms('sessions', 'lag + running sum numbering, after a sort') / bench.ms('sessions', 'sessionize numbering, after a sort'), 'report', NULL),
    ('lag + count / session_count (per customer)',
        bench.ms('sessions', 'lag + count per customer') / bench.ms('sessions', 'session_count per customer'), 'report', NULL),
    ('lag + array_agg / journey_path (per customer)',
        bench.ms('sessions', 'lag + array_agg per customer') / bench.ms('sessions', 'journey_path per customer'), 'report', NULL),
    ('bool_or / retention (per customer)',
        bench.ms('sessions', 'bool_or per customer') / bench.ms('sessions', 'retention per customer'), 'report', NULL)
) v(what, ratio, target, met);
INSERT INTO bench.checks (room, what, measured, target, met) VALUES
    ('sessions', 'hash aggregation, ' || :'journey_customers' || ' groups, work_mem 4MB', :'spill_batches' || ' batches, ' || :'spill_disk_kb' || ' kB on disk',
     'spills', :spill_batches > 1);
CALL bench.answer('sessions', 'sessionize numbering = the lag() + running sum idiom', :rows_differing = 0, :'rows_differing' || ' rows differ');
CALL bench.answer('sessions', 'session_count = lag() + count, every customer', :'same_session_counts');
CALL bench.answer('sessions', 'journey_path = lag() + array_agg, every customer', :'same_paths');
CALL bench.answer('sessions', 'spilled hash aggregation = sorted aggregation', :'spilled_equals_sorted');
INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'sessions', 'one customer, ' || to_char(events, 'FM999,999,999') || ' events: ' || what,
       to_char(peak_kb * 1024.0 / events, 'FM990.00') || ' bytes/event, ' || round(ms) || ' ms',
       CASE WHEN what LIKE 'journey_path%' THEN 'completes' ELSE '<= 16 bytes/event' END,
       peak_kb IS NOT NULL AND (what LIKE 'journey_path%' OR peak_kb * 1024.0 / events <= 16)
FROM bench.memory;
INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'sessions', 'statement_timeout on the big group: ' || count(*) FILTER (WHERE canceled) || ' of ' || count(*) || ' runs canceled, latest stop',
       round(max(elapsed_ms - timeout_ms) FILTER (WHERE canceled)) || ' ms after the timeout', '< 1000 ms, all canceled',
       bool_and(canceled) AND max(elapsed_ms - timeout_ms) < 1000
FROM bench.cancels;
DROP TABLE bench.events, bench.one_customer, bench.memory, bench.cancels;
DROP FUNCTION bench.sessions_explain(text);
