-- Funnels and sequences (issue: journey windows).  5,000,000 events over
-- 100,000 customers in random order; the funnel: view -> cart -> buy within
-- 7 days, per customer.
\echo '-- funnels: generating 5,000,000 events over 100,000 customers'
CREATE TABLE bench.events AS
SELECT (hashint4(i) & 2147483647) % 100000 AS customer_id,
       timestamptz '2026-01-01' + ((hashint4(i + 1000000000) & 2147483647) % (60 * 86400)) * interval '1 second' AS ts,
       (ARRAY['visit', 'visit', 'visit', 'view', 'view', 'view', 'cart', 'cart', 'buy', 'other'])[1 + (hashint4(-i) & 2147483647) % 10] AS e
FROM generate_series(1, 5000000) i;
VACUUM ANALYZE bench.events;

-- the plain SQL an analyst writes for "deepest step of view -> cart -> buy
-- within 7 days": a self-join from each view, and the faster form with
-- window functions (per step, the latest entry of a chain reaching it so
-- far; rows of one timestamp in step order, as window_funnel does)
CREATE VIEW bench.funnel_self_join AS
SELECT a.customer_id,
       CASE WHEN bool_or(c.ts IS NOT NULL) THEN 3 WHEN bool_or(b.ts IS NOT NULL) THEN 2 ELSE 1 END AS level
FROM (SELECT customer_id, ts FROM bench.events WHERE e = 'view') a
LEFT JOIN (SELECT customer_id, ts FROM bench.events WHERE e = 'cart') b
       ON b.customer_id = a.customer_id AND b.ts >= a.ts AND b.ts <= a.ts + interval '7 days'
LEFT JOIN (SELECT customer_id, ts FROM bench.events WHERE e = 'buy') c
       ON c.customer_id = a.customer_id AND c.ts >= b.ts AND c.ts <= a.ts + interval '7 days'
GROUP BY a.customer_id;
CREATE VIEW bench.funnel_windows AS
WITH s1 AS (
    SELECT customer_id, ts, k, max(ts) FILTER (WHERE k = 1) OVER w AS f1
    FROM (SELECT customer_id, ts, CASE e WHEN 'view' THEN 1 WHEN 'cart' THEN 2 WHEN 'buy' THEN 3 END AS k
          FROM bench.events WHERE e IN ('view', 'cart', 'buy')) x
    WINDOW w AS (PARTITION BY customer_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)),
s2 AS (
    SELECT *, max(f1) FILTER (WHERE k = 2 AND ts <= f1 + interval '7 days') OVER w AS f2
    FROM s1 WINDOW w AS (PARTITION BY customer_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING))
SELECT customer_id,
       CASE WHEN bool_or(k = 3 AND ts <= f2 + interval '7 days') THEN 3 WHEN bool_or(f2 IS NOT NULL) THEN 2
            WHEN bool_or(k = 1) THEN 1 ELSE 0 END AS level
FROM s2 GROUP BY customer_id;
CREATE VIEW bench.funnel_cxm AS
SELECT customer_id, window_funnel('7 days', ts, e = 'view', e = 'cart', e = 'buy') AS level
FROM bench.events GROUP BY customer_id;

-- same answers, all three ways (customers the SQL forms leave out reached 0)
SELECT count(*) AS funnel_differences, count(*) > 0 AS funnel_disagree FROM bench.funnel_cxm f
LEFT JOIN bench.funnel_windows w USING (customer_id) LEFT JOIN bench.funnel_self_join j USING (customer_id)
WHERE f.level IS DISTINCT FROM coalesce(w.level, 0) OR f.level IS DISTINCT FROM coalesce(j.level, 0) \gset
CALL bench.answer('funnels', 'window_funnel = the window-function SQL = the self-join, every customer', NOT :'funnel_disagree',
                    :'funnel_differences' || ' customers differ');
\if :funnel_disagree
\else
\echo '-- funnels: window_funnel, the window-function SQL and the self-join agree for every customer'
\endif
SELECT string_agg(format('%s: %s', level, n), ', ' ORDER BY level) AS levels
FROM (SELECT level, count(*) AS n FROM bench.funnel_cxm GROUP BY level) x \gset
\echo '-- funnels: customers per level reached:' :levels

\echo '-- funnels: timing (interleaved runs, medians)'
SELECT bench.compare('funnels',
    ARRAY['count(*)', 'GROUP BY customer: count(*)', 'GROUP BY customer: window_funnel',
          'GROUP BY customer: plain SQL, self-join', 'GROUP BY customer: plain SQL, window functions'],
    ARRAY['SELECT count(*) FROM bench.events',
          'SELECT customer_id, count(*) FROM bench.events GROUP BY customer_id',
          'SELECT * FROM bench.funnel_cxm',
          'SELECT * FROM bench.funnel_self_join',
          'SELECT * FROM bench.funnel_windows'], 5);
SELECT bench.compare('funnels',
    ARRAY['GROUP BY customer: window_funnel_steps', 'GROUP BY customer: window_funnel strict_once', 'GROUP BY customer: window_funnel strict_order',
          'GROUP BY customer: sequence_match', 'GROUP BY customer: sequence_count (?1).*(?2)(?t<=3600)(?3)'],
    ARRAY[$$SELECT customer_id, window_funnel_steps('7 days', ts, e = 'view', e = 'cart', e = 'buy') FROM bench.events GROUP BY customer_id$$,
          $$SELECT customer_id, window_funnel('7 days', 'strict_once', ts, e = 'view', e = 'cart', e = 'buy') FROM bench.events GROUP BY customer_id$$,
          $$SELECT customer_id, window_funnel('7 days', 'strict_order', ts, e = 'view', e = 'cart', e = 'buy') FROM bench.events GROUP BY customer_id$$,
          $$SELECT customer_id, sequence_match('(?1).*(?2).*(?3)', ts, e = 'view', e = 'cart', e = 'buy') FROM bench.events GROUP BY customer_id$$,
          $$SELECT customer_id, sequence_count('(?1).*(?2)(?t<=3600)(?3)', ts, e = 'view', e = 'cart', e = 'buy') FROM bench.events GROUP BY customer_id$$], 3);

-- hash aggregation over the 100,000 customers with little memory spills
CREATE FUNCTION bench.hashagg(query text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
    RETURN plan -> 0 -> 'Plan';
END $$;
SET work_mem = '1MB';
SET enable_sort = off;
SELECT bench.hashagg('SELECT * FROM bench.funnel_cxm') AS spill_plan \gset
RESET work_mem;
RESET enable_sort;

-- one customer with 10,000,000 events, in random order
\echo '-- funnels: one customer with 10,000,000 events'
CREATE TABLE bench.whale AS
SELECT 1 AS customer_id, timestamptz '2020-01-01' + (hashint4(i) & 2147483647) * interval '1 second' AS ts,
       (hashint4(-i) & 7) AS e
FROM generate_series(1, 10000000) i;
VACUUM ANALYZE bench.whale;
SELECT bench.run('funnels', '10M-event customer: window_funnel strict_order (every row stored)',
                 $$SELECT window_funnel('7 days', 'strict_order', ts, e = 1, e = 2, e = 3, e = 4, e = 5, e = 6, e = 7) FROM bench.whale$$, 3);
SELECT bench.run('funnels', '10M-event customer: sequence_count',
                 $$SELECT sequence_count('(?1)(?t<=60)(?2)', ts, e = 1, e = 2) FROM bench.whale$$, 3);
SET enable_sort = off;
SELECT bench.hashagg($$SELECT customer_id, window_funnel('7 days', 'strict_order', ts, e = 1, e = 2, e = 3, e = 4, e = 5, e = 6, e = 7)
                       FROM bench.whale GROUP BY customer_id$$) AS whale_plan \gset
RESET enable_sort;
-- strict_order stores every row: those meeting no step end a strict funnel
SELECT count(*) AS whale_stored FROM bench.whale \gset

-- a cancel stops it: statement_timeout of 1 s on a 10,000-step pattern
CREATE FUNCTION bench.cancel_after(query text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    EXECUTE query;
    RETURN NULL;
EXCEPTION WHEN query_canceled THEN
    RETURN extract(epoch FROM clock_timestamp() - started);
END $$;
SET statement_timeout = '1s';
SELECT bench.cancel_after($$SELECT sequence_count(repeat('.(?t<=1)', 5000), ts, true) FROM bench.whale$$) AS cancelled_after \gset
RESET statement_timeout;

INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'funnels', what, to_char(ratio, 'FM990.00') || 'x', target, met FROM (VALUES
    ('plain SQL (self-join, as analysts write it) / window_funnel, per customer',
        bench.ms('funnels', 'GROUP BY customer: plain SQL, self-join') / bench.ms('funnels', 'GROUP BY customer: window_funnel'), '>= 3.00x',
        bench.ms('funnels', 'GROUP BY customer: plain SQL, self-join') / bench.ms('funnels', 'GROUP BY customer: window_funnel') >= 3),
    ('plain SQL (window functions, latest entry per step) / window_funnel, per customer',
        bench.ms('funnels', 'GROUP BY customer: plain SQL, window functions') / bench.ms('funnels', 'GROUP BY customer: window_funnel'), 'report', NULL),
    ('window_funnel per customer / count(*) per customer',
        bench.ms('funnels', 'GROUP BY customer: window_funnel') / bench.ms('funnels', 'GROUP BY customer: count(*)'), 'report', NULL),
    ('window_funnel per customer / count(*)',
        bench.ms('funnels', 'GROUP BY customer: window_funnel') / bench.ms('funnels', 'count(*)'), 'report', NULL)
) v(what, ratio, target, met);
INSERT INTO bench.checks (room, what, measured, target, met) VALUES
    ('funnels', 'GROUP BY 100,000 customers, work_mem 1MB: hash aggregation',
     format('%s batches, %s kB on disk', :'spill_plan'::json ->> 'HashAgg Batches', :'spill_plan'::json ->> 'Disk Usage'),
     'spills, completes', (:'spill_plan'::json ->> 'HashAgg Batches')::int > 1),
    ('funnels', '10M-event customer: window_funnel',
     format('%s s, %s MB state (%s bytes per stored event)',
            round((bench.ms('funnels', '10M-event customer: window_funnel strict_order (every row stored)') / 1000)::numeric, 1),
            round((:'whale_plan'::json ->> 'Peak Memory Usage')::numeric / 1024),
            round((:'whale_plan'::json ->> 'Peak Memory Usage')::numeric * 1024 / :whale_stored, 1)),
     '16 bytes per event + at most 1 MB',
     (:'whale_plan'::json ->> 'Peak Memory Usage')::numeric * 1024 <= 16 * :whale_stored + 1100000),
    ('funnels', '10M-event customer: cancel (statement_timeout 1 s)',
     format('stopped after %s s', round(:'cancelled_after'::numeric, 2)), '< 2 s', :'cancelled_after'::numeric < 2);
DROP TABLE bench.events, bench.whale CASCADE;
DROP FUNCTION bench.hashagg(text), bench.cancel_after(text);
