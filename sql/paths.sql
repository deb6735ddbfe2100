-- paths: journey_path(step, ts [, max_steps [, keep]]).
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

CREATE TABLE touches (customer int, at timestamptz, channel text, kind text);
INSERT INTO touches VALUES
    (1, '2026-03-02 10:00', 'web', 'visit'),
    (1, '2026-03-02 10:05', 'web', 'visit'),
    (1, '2026-03-03 08:00', 'app', 'visit'),
    (1, '2026-03-04 19:00', 'email', 'click'),
    (1, '2026-03-05 12:00', 'web', 'purchase'),
    (1, '2026-03-09 12:00', 'store', 'purchase'),
    (1, NULL, 'app', 'visit'),                   -- no timestamp: skipped
    (1, '2026-03-06 12:00', NULL, 'visit'),      -- no step: skipped
    (2, '2026-03-02 09:00', 'store', 'visit'),
    (2, '2026-03-02 09:00', 'app', 'visit'),     -- a tie: ordered by step text, app before store
    (2, '2026-03-02 09:30', 'app', 'purchase'),
    (3, '2026-03-07 15:00', 'web', 'visit');

-- the channels of each customer in time order, repeats collapsed (web, web, app -> web, app)
SELECT customer, journey_path(channel, at) AS path FROM touches GROUP BY customer ORDER BY customer;
-- capped: the last 2 steps (closest to the end), or the first 2
SELECT customer, journey_path(channel, at, 2) AS last_two, journey_path(channel, at, 2, 'last') AS also_last_two,
       journey_path(channel, at, 2, 'first') AS first_two
FROM touches GROUP BY customer ORDER BY customer;
-- the cap applies after collapsing
SELECT journey_path(s, t, 2) FROM (VALUES ('a', 1), ('b', 2), ('b', 3), ('b', 4)) v(s, i),
    LATERAL (SELECT timestamp '2026-01-01' + i * interval '1 hour' AS t) x;
-- timestamp without time zone; no rows or only NULLs give NULL, like array_agg
SELECT journey_path(channel, at::timestamp) FROM touches WHERE customer = 2;
SELECT journey_path(channel, at) IS NULL AS no_rows FROM touches WHERE false;
SELECT journey_path(channel, at) IS NULL AS only_nulls FROM touches WHERE at IS NULL OR channel IS NULL;
-- ties at one timestamp: byte order of the step text (C collation), whatever the row order
SELECT journey_path(s, timestamp '2026-01-01') AS tied
FROM (VALUES ('web'), ('App'), ('app'), ('ápp'), ('web2'), ('')) v(s);
SELECT journey_path(s, t ORDER BY s DESC) = journey_path(s, t ORDER BY s) AS order_free
FROM (VALUES ('x', 1), ('y', 1), ('x', 2), ('z', 0)) v(s, i), LATERAL (SELECT timestamp '2026-01-01' + i * interval '1 day' AS t) x;

-- the path so far at each purchase, as a running window aggregate
SELECT customer, at, kind, journey_path(channel, at, 3) OVER (PARTITION BY customer ORDER BY at) AS last_three_touches
FROM touches WHERE at IS NOT NULL AND channel IS NOT NULL ORDER BY customer, at, channel;

-- top paths to a first purchase: the touches up to it, in one query
SELECT path, count(*) AS customers
FROM (SELECT t.customer, journey_path(t.channel, t.at, 5) AS path
      FROM touches t
      JOIN (SELECT customer, min(at) AS bought FROM touches WHERE kind = 'purchase' GROUP BY customer) p
        ON p.customer = t.customer AND t.at <= p.bought
      GROUP BY t.customer) x
GROUP BY path ORDER BY customers DESC, path;

-- journey_path equals sort + collapse written in SQL (random steps, many ties, shuffled rows)
CREATE TABLE random_touches AS
SELECT i % 300 AS customer,
       timestamptz '2026-01-01' + (('x' || substr(md5(i::text), 1, 4))::bit(16)::int % 500) * interval '1 hour' AS at,
       (ARRAY['web', 'app', 'store', 'email', 'Web', 'web '])[1 + ('x' || substr(md5(i::text), 5, 2))::bit(8)::int % 6] AS channel
FROM generate_series(1, 30000) i;
SELECT count(*) AS events, count(DISTINCT (customer, at)) AS distinct_times, count(DISTINCT (customer, at, channel)) AS distinct_events
FROM random_touches;
SELECT count(*) AS customers_differing FROM (
    SELECT customer, journey_path(channel, at) AS path FROM random_touches GROUP BY customer) a
FULL JOIN (
    SELECT customer, array_agg(channel ORDER BY at, channel COLLATE "C") FILTER (WHERE channel IS DISTINCT FROM prev) AS path
    FROM (SELECT *, lag(channel) OVER (PARTITION BY customer ORDER BY at, channel COLLATE "C") AS prev FROM random_touches) x
    GROUP BY customer) b USING (customer)
WHERE a.path IS DISTINCT FROM b.path;
SELECT count(*) AS capped_differing FROM (
    SELECT customer, journey_path(channel, at) AS path, journey_path(channel, at, 4) AS last4,
           journey_path(channel, at, 4, 'first') AS first4
    FROM random_touches GROUP BY customer) a
WHERE last4 IS DISTINCT FROM path[greatest(cardinality(path) - 3, 1):] OR first4 IS DISTINCT FROM path[1:4];

-- errors
SELECT journey_path(channel, at, 0) FROM touches;
SELECT journey_path(channel, at, NULL) FROM touches;
SELECT journey_path(channel, at, 3, 'middle') FROM touches;
SELECT journey_path(channel, at, 3, NULL) FROM touches;
SELECT journey_path(channel, at, n) FROM touches, (VALUES (1), (2)) v(n);

-- a forced parallel plan: partial paths in the workers, merged in the leader, same answers
CREATE TABLE par AS
SELECT i % 997 AS customer, timestamptz '2026-01-01' + ((i::bigint * 7919) % 100000) * interval '1 minute' AS at,
       (ARRAY['web', 'app', 'store', 'email'])[1 + (i * 13) % 4] AS channel
FROM generate_series(1, 300000) i;
ANALYZE par;
CREATE TEMP TABLE serial_answer AS
SELECT md5(journey_path(channel, at)::text) AS whole, journey_path(channel, at, 6) AS last6 FROM par;
CREATE TEMP TABLE serial_groups AS
SELECT customer, journey_path(channel, at) AS path, journey_path(channel, at, 3, 'first') AS first3 FROM par GROUP BY customer;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT journey_path(channel, at) FROM par;
SELECT (SELECT row(whole, last6) FROM serial_answer) = row(md5(journey_path(channel, at)::text), journey_path(channel, at, 6))
       AS parallel_equals_serial, cardinality(journey_path(channel, at)) AS steps
FROM par;
EXPLAIN (COSTS OFF) SELECT customer, journey_path(channel, at) FROM par GROUP BY customer;
SELECT count(*) AS groups_differing
FROM (SELECT customer, journey_path(channel, at) AS path, journey_path(channel, at, 3, 'first') AS first3 FROM par GROUP BY customer) g
FULL JOIN serial_groups s USING (customer)
WHERE g.path IS DISTINCT FROM s.path OR g.first3 IS DISTINCT FROM s.first3;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

DROP TABLE touches, random_touches, par;
