-- sessions: sessionize, session_count, conditional_true_event, conditional_change_event.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

CREATE TABLE clicks (customer int, at timestamptz, channel text);
INSERT INTO clicks VALUES
    (1, '2026-03-02 10:00', 'web'),
    (1, '2026-03-02 10:20', 'web'),
    (1, '2026-03-02 10:50', 'app'),          -- exactly 30 minutes after 10:20: same session
    (1, '2026-03-02 11:20:00.000001', 'web'),-- 30 minutes and 1 microsecond: new session
    (1, '2026-03-02 11:20:00.000001', 'app'),-- a tie: same session
    (1, NULL, 'web'),                        -- no timestamp: NULL, skipped
    (1, '2026-03-03 09:00', 'store'),
    (2, '2026-03-02 23:50', 'app'),
    (2, '2026-03-03 00:10', 'app'),          -- sessions cross midnight
    (3, '2026-03-05 12:00', 'web');

-- numbering rows: a new session when the gap strictly exceeds 30 minutes
SELECT customer, at, channel, sessionize(at, interval '30 minutes') OVER w AS session
FROM clicks WINDOW w AS (PARTITION BY customer ORDER BY at, channel)
ORDER BY customer, at, channel;

-- timestamp without time zone works the same
SELECT customer, sessionize(at::timestamp, '30 minutes') OVER (PARTITION BY customer ORDER BY at) AS session
FROM clicks WHERE customer = 2 ORDER BY at;

-- a zero gap: every distinct timestamp is a session, ties share one
SELECT at, sessionize(at, '0 seconds') OVER (ORDER BY at) AS session
FROM clicks WHERE customer = 1 AND at IS NOT NULL ORDER BY at, channel;

-- sessions per customer with the aggregate, and the same counted from the numbering
SELECT customer, session_count(at, '30 minutes') AS sessions FROM clicks GROUP BY customer ORDER BY customer;
SELECT customer, max(session) AS sessions
FROM (SELECT customer, sessionize(at, '30 minutes') OVER (PARTITION BY customer ORDER BY at) AS session FROM clicks) s
GROUP BY customer ORDER BY customer;
SELECT session_count(at::timestamp, '1 day') AS sessions_a_day_apart FROM clicks;
SELECT session_count(at, '30 minutes') AS no_rows FROM clicks WHERE false;
SELECT session_count(at, '30 minutes') AS only_nulls FROM clicks WHERE at IS NULL;

-- the row order does not matter to session_count
SELECT session_count(at, '30 minutes' ORDER BY at DESC) AS backwards,
       session_count(at, '30 minutes' ORDER BY channel, at) AS by_channel
FROM clicks WHERE customer = 1;

-- sessionize equals the lag() + running sum idiom, and session_count equals its maximum,
-- on events in shuffled order with many ties
CREATE TABLE many AS
SELECT (i * 7919) % 50 AS customer,
       timestamptz '2026-01-01' + ((i * 104729) % 2000) * interval '7 minutes' AS at
FROM generate_series(1, 20000) i;
SELECT count(*) AS rows_differing FROM (
    SELECT sessionize(at, '30 minutes') OVER w AS s,
           coalesce(sum((at - prev > interval '30 minutes')::int) OVER w + 1, 1) AS idiom
    FROM (SELECT customer, at, lag(at) OVER (PARTITION BY customer ORDER BY at) AS prev FROM many) x
    WINDOW w AS (PARTITION BY customer ORDER BY at)) y
WHERE s <> idiom;
SELECT count(*) AS customers_differing FROM (
    SELECT customer, session_count(at, '30 minutes') AS n FROM many GROUP BY customer) a
JOIN (SELECT customer, max(s) AS n FROM (SELECT customer, sessionize(at, '30 minutes') OVER (PARTITION BY customer ORDER BY at) AS s FROM many) x GROUP BY customer) b
USING (customer) WHERE a.n <> b.n;

-- errors
SELECT sessionize(at, '30 minutes') OVER (PARTITION BY customer) FROM clicks;
SELECT sessionize(at, '30 minutes') OVER (PARTITION BY customer ORDER BY at DESC) FROM clicks;
SELECT sessionize(at, '30 minutes') OVER (PARTITION BY customer ORDER BY channel, at) FROM clicks WHERE customer = 1;
SELECT sessionize(at, '1 month') OVER (ORDER BY at) FROM clicks;
SELECT sessionize(at, '-5 minutes') OVER (ORDER BY at) FROM clicks;
SELECT sessionize(at, NULL) OVER (ORDER BY at) FROM clicks;
SELECT session_count(at, '1 year') FROM clicks;
SELECT session_count(at, NULL) FROM clicks;
SELECT session_count(at, g) FROM clicks, (VALUES (interval '1 hour'), (interval '2 hours')) v(g);

-- conditional_true_event: Vertica's example, a = 1..6, a > 3 gives 0 0 0 1 2 3
SELECT a, conditional_true_event(a > 3) OVER (ORDER BY a) AS cte FROM generate_series(1, 6) a;

-- Snowflake's example: counting restarts per partition, NULL is not true
CREATE TABLE provinces (province text, o_col int);
INSERT INTO provinces VALUES ('Alberta', 0), ('Alberta', 0), ('Alberta', 13), ('Alberta', 13),
    ('Alberta', 14), ('Alberta', 15), ('Alberta', NULL), ('Manitoba', 30);
SELECT province, o_col, conditional_true_event(o_col <> 0) OVER (PARTITION BY province ORDER BY o_col) AS true_event
FROM provinces ORDER BY province, o_col;

-- Vertica's TickStore3: change events on the bid, true events on bid > 10.6 and on a rise
CREATE TABLE tickstore3 (ts timestamp, symbol varchar(8), bid float8);
INSERT INTO tickstore3 VALUES ('2009-01-01 03:00:00', 'XYZ', 10.0), ('2009-01-01 03:00:03', 'XYZ', 11.0),
    ('2009-01-01 03:00:06', 'XYZ', 10.5), ('2009-01-01 03:00:09', 'XYZ', 11.0);
SELECT ts, bid, conditional_change_event(bid) OVER (ORDER BY ts) AS cce,
       conditional_true_event(bid > 10.6) OVER (ORDER BY ts) AS cte_above,
       conditional_true_event(bid > rise) OVER (ORDER BY ts) AS cte_rise
FROM (SELECT *, lag(bid) OVER (ORDER BY ts) AS rise FROM tickstore3) t ORDER BY ts;

-- conditional_change_event: equal neighbours do not count; changes to or from NULL do not count
-- (Snowflake's definition: conditional_true_event(expr <> lag(expr)))
SELECT i, v, conditional_change_event(v) OVER (ORDER BY i) AS cce,
       conditional_true_event(v <> lag_v) OVER (ORDER BY i) AS by_definition
FROM (SELECT i, v, lag(v) OVER (ORDER BY i) AS lag_v
      FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, NULL), (5, 'b'), (6, NULL), (7, NULL), (8, 'c'), (9, 'c'), (10, 'a')) t(i, v)) x
ORDER BY i;

-- any type with an equality operator: numeric compares by value, arrays, a composite
SELECT i, conditional_change_event(n) OVER w AS by_numeric, conditional_change_event(arr) OVER w AS by_array,
       conditional_change_event(row(n, arr)) OVER w AS by_row
FROM (VALUES (1, 1.0, ARRAY[1, 2]), (2, 1.00, ARRAY[1, 2]), (3, 2, ARRAY[1, 2]), (4, 2, ARRAY[2, 1])) t(i, n, arr)
WINDOW w AS (ORDER BY i) ORDER BY i;

-- the channel switches of each customer's journey
SELECT customer, at, channel, conditional_change_event(channel) OVER (PARTITION BY customer ORDER BY at, channel) AS switch
FROM clicks WHERE at IS NOT NULL ORDER BY customer, at, channel;

-- errors
SELECT conditional_true_event(o_col > 0) OVER (PARTITION BY province) FROM provinces;
SELECT conditional_change_event(o_col) OVER () FROM provinces;
SELECT conditional_change_event(point(1, 2)) OVER (ORDER BY 1) FROM provinces;

DROP TABLE clicks, many, provinces, tickstore3;
