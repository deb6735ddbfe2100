-- window_funnel and window_funnel_steps: ClickHouse's windowFunnel, every
-- mode.  The cases and the expected values (named expect_N) come from
-- ClickHouse's test 00632_aggregation_window_funnel, PR #9773's truth table
-- and issues #18884, #23057, #27469, #34986, #36256 and #37177, evaluated
-- against ClickHouse's current source (the #37177 fix included).  Their
-- integer timestamps are seconds here: to_timestamp(n).
SET TimeZone = 'UTC';
CREATE FUNCTION secs(timestamptz[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS
$$ SELECT array_agg(extract(epoch FROM t)::bigint ORDER BY n) FROM unnest($1) WITH ORDINALITY u(t, n) $$;

-- 00632: consecutive events, window in seconds
CREATE TABLE funnel_test (ts integer, event integer);
INSERT INTO funnel_test VALUES (0, 1000), (1, 1001), (2, 1002), (3, 1003), (4, 1004), (5, 1005), (6, 1006), (7, 1007), (8, 1008);
SELECT window_funnel('10000 s', to_timestamp(ts), event = 1000) AS expect_1,
       window_funnel('10000 s', to_timestamp(ts), event = 1000, event = 1001) AS expect_2,
       window_funnel('10000 s', to_timestamp(ts), event = 1000, event = 1001, event = 1002) AS expect_3,
       window_funnel('10000 s', to_timestamp(ts), event = 1000, event = 1001, event = 1002, event = 1008) AS expect_4,
       window_funnel('1 s', to_timestamp(ts), event = 1000) AS expect_1,
       window_funnel('2 s', to_timestamp(ts), event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS expect_3,
       window_funnel('3 s', to_timestamp(ts), event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS expect_4,
       window_funnel('4 s', to_timestamp(ts), event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS expect_5
FROM funnel_test;

-- 00632: DateTime, and (funnel_test_u64) timestamps far from the epoch
CREATE TABLE funnel_test2 (ts timestamp, event integer);
INSERT INTO funnel_test2 SELECT timestamp '2018-01-01 01:01:00' + i * interval '1 s', 1000 + i FROM generate_series(1, 8) i;
SELECT window_funnel('4 s', ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS expect_5,
       window_funnel('10000 s', ts, event = 1001, event = 1008) AS expect_2,
       window_funnel('10000 s', ts, event = 1008, event = 1001) AS expect_1,
       window_funnel('4 s', ts, event <= 1007, event >= 1002, event <= 1006, event >= 1004) AS expect_4
FROM funnel_test2;
SELECT window_funnel('4 s', to_timestamp(1e12 + i), event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) AS expect_5,
       window_funnel('10000 s', to_timestamp(1e12 + i), event = 1001, event = 1008) AS expect_2,
       window_funnel('10000 s', to_timestamp(1e12 + i), event = 1008, event = 1001) AS expect_1,
       window_funnel('4 s', to_timestamp(1e12 + i), event <= 1007, event >= 1002, event <= 1006, event >= 1004) AS expect_4
FROM (SELECT i, 1000 + i AS event FROM generate_series(1, 8) i) t;

-- 00632: strict_deduplication stops at the repeated 1005
CREATE TABLE funnel_test_strict (ts integer, event integer);
INSERT INTO funnel_test_strict VALUES (0, 1000), (10, 1001), (20, 1002), (30, 1003), (40, 1004), (50, 1005), (51, 1005), (60, 1006), (70, 1007), (80, 1008);
SELECT window_funnel('10000 s', 'strict_deduplication', to_timestamp(ts), event = 1000, event = 1001, event = 1002, event = 1003, event = 1004, event = 1005, event = 1006) AS expect_6,
       window_funnel('10000 s', to_timestamp(ts), event = 1000, event = 1001, event = 1002, event = 1003, event = 1004, event = 1005, event = 1006) AS expect_7
FROM funnel_test_strict;

-- 00632: strict_order.  ClickHouse: default [3 3 3 3 3 1], strict_order [3 1 3 3 2 1],
-- strict_deduplication + strict_order [3 1 2 2 2 1]
CREATE TABLE funnel_test_strict_order (dt integer, "user" integer, event text);
INSERT INTO funnel_test_strict_order VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 1, 'c'),
    (1, 2, 'a'), (2, 2, 'd'), (3, 2, 'b'), (4, 2, 'c'),
    (1, 3, 'a'), (2, 3, 'a'), (3, 3, 'b'), (4, 3, 'b'), (5, 3, 'c'), (6, 3, 'c'),
    (1, 4, 'a'), (2, 4, 'a'), (3, 4, 'a'), (4, 4, 'a'), (5, 4, 'b'), (6, 4, 'b'), (7, 4, 'c'), (8, 4, 'c'),
    (1, 5, 'a'), (2, 5, 'a'), (3, 5, 'b'), (4, 5, 'b'), (5, 5, 'd'), (6, 5, 'c'), (7, 5, 'c'),
    (1, 6, 'c'), (2, 6, 'c'), (3, 6, 'b'), (4, 6, 'b'), (5, 6, 'a'), (6, 6, 'a');
SELECT "user",
       window_funnel('1 day', to_timestamp(dt), event = 'a', event = 'b', event = 'c') AS "default",
       window_funnel('1 day', 'strict_order', to_timestamp(dt), event = 'a', event = 'b', event = 'c') AS strict_order,
       window_funnel('1 day', 'strict_deduplication, strict_order', to_timestamp(dt), event = 'a', event = 'b', event = 'c') AS dedup_order
FROM funnel_test_strict_order GROUP BY "user" ORDER BY "user";
-- user 7: a, c, b within 10 s under strict_order: 1 (PR #9938)
SELECT window_funnel('10 s', 'strict_order', to_timestamp(dt), event = 'a', event = 'b', event = 'c') AS expect_1
FROM (VALUES (1, 'a'), (2, 'c'), (3, 'b')) v(dt, event);

-- #27469: A B C B D with steps A B C D under strict_deduplication: 3
SELECT window_funnel('1 day', 'strict_deduplication', to_timestamp(ts), event = 'a', event = 'b', event = 'c', event = 'd') AS expect_3
FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'b'), (5, 'd')) v(ts, event);

-- 00632: conditions on nullable columns.  A NULL condition counts as false,
-- so the COALESCE ClickHouse's test needs changes nothing here.
CREATE TABLE funnel_test_non_null (dt integer, u integer, a text, b text);
INSERT INTO funnel_test_non_null VALUES (1, 1, 'a1', 'b1'), (2, 1, 'a2', 'b2'), (1, 2, 'a1', NULL), (2, 2, 'a2', NULL),
    (1, 3, NULL, NULL), (1, 4, NULL, 'b1'), (2, 4, 'a2', NULL), (3, 4, NULL, 'b3');
SELECT u,
       window_funnel('1 day', to_timestamp(dt), coalesce(a, '') = 'a1', coalesce(a, '') = 'a2') AS expect_2200,
       window_funnel('1 day', to_timestamp(dt), a = 'a1', a = 'a2') AS same_with_nulls,
       window_funnel('1 day', to_timestamp(dt), a = 'a1', b = 'b2') AS expect_2100,
       window_funnel('1 day', to_timestamp(dt), a IS NULL AND b IS NULL) AS expect_0010,
       window_funnel('1 day', to_timestamp(dt), a IS NULL, b = 'b3') AS expect_0012,
       window_funnel('1 day', 'strict_order', to_timestamp(dt), a IS NULL, b = 'b3') AS expect_0011
FROM funnel_test_non_null GROUP BY u ORDER BY u;

-- 00632: strict_increase and strict_once on rows meeting several steps at one time
CREATE TABLE funnel_test_strict_increase (ts integer, event integer);
INSERT INTO funnel_test_strict_increase VALUES (0, 1000), (1, 1001), (1, 1002), (1, 1003), (2, 1004);
SELECT window_funnel('10000 s', to_timestamp(ts), event = 1000, event = 1001, event = 1002, event = 1003, event = 1004) AS expect_5,
       window_funnel('10000 s', 'strict_increase', to_timestamp(ts), event = 1000, event = 1001, event = 1002, event = 1003, event = 1004) AS expect_2,
       window_funnel('10000 s', to_timestamp(ts), event = 1004, event = 1004, event = 1004) AS expect_3,
       window_funnel('10000 s', 'strict_once', to_timestamp(ts), event = 1004, event = 1004, event = 1004) AS expect_1,
       window_funnel('10000 s', 'strict_increase', to_timestamp(ts), event = 1004, event = 1004, event = 1004) AS expect_1
FROM funnel_test_strict_increase;
-- 00632: strict_once; ClickHouse gives 123: 3, 234: 2, 345: 1 in all three modes
CREATE TABLE funnel_test_once (event_ts integer, result text, uid integer);
INSERT INTO funnel_test_once VALUES (100, 'failure', 234), (200, 'success', 345), (210, 'failure', 345), (230, 'success', 345),
    (250, 'failure', 234), (180, 'failure', 123), (220, 'failure', 123), (250, 'success', 123);
SELECT uid,
       window_funnel('200 s', 'strict_once, strict_increase', to_timestamp(event_ts), result = 'failure', result = 'failure', result = 'success') AS once_increase,
       window_funnel('200 s', 'strict_once', to_timestamp(event_ts), result = 'failure', result = 'failure', result = 'success') AS once,
       window_funnel('200 s', 'strict_once, strict_deduplication', to_timestamp(event_ts), result = 'failure', result = 'failure', result = 'success') AS once_dedup
FROM funnel_test_once GROUP BY uid ORDER BY uid;
-- #34986: one row meets two identical steps (2 by design; 1 with strict_once);
-- three page visits at 100, 100, 300 against three identical steps
SELECT window_funnel('50 s', to_timestamp(100), true, true) AS expect_2,
       window_funnel('50 s', 'strict_once', to_timestamp(100), true, true) AS expect_1;
SELECT window_funnel('100000 s', to_timestamp(t), true, true, true) AS "default",
       window_funnel('100000 s', 'strict_increase', to_timestamp(t), true, true, true) AS strict_increase,
       window_funnel('100000 s', 'strict_once', to_timestamp(t), true, true, true) AS strict_once,
       window_funnel('100000 s', 'strict_once, strict_increase', to_timestamp(t), true, true, true) AS once_increase
FROM unnest(ARRAY[100, 100, 300]) t;

-- allow_reentry (PR #86916): with strict_order, a step arriving before the
-- step it follows is skipped instead of ending the funnel.  A repeated first
-- step never ends strict_order: it opens a new chain (ClickHouse's source).
CREATE TABLE funnel_test_allow_reentry (dt integer, "user" integer, event text);
INSERT INTO funnel_test_allow_reentry VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 1, 'a'), (4, 1, 'c'),
    (1, 2, 'a'), (2, 2, 'b'), (3, 2, 'a'), (4, 2, 'b'), (5, 2, 'c'),
    (1, 3, 'a'), (2, 3, 'b'), (3, 3, 'c'), (4, 3, 'b'), (5, 3, 'd'),
    (1, 4, 'a'), (2, 4, 'c'), (3, 4, 'b'),
    (1, 5, 'a'), (2, 5, 'b'), (3, 5, 'c'), (4, 5, 'a'), (5, 5, 'b'), (6, 5, 'c'), (7, 5, 'd');
SELECT "user",
       window_funnel('1 day', 'strict_order', to_timestamp(dt), event = 'a', event = 'b', event = 'c') AS strict_order,
       window_funnel('1 day', 'strict_order, allow_reentry', to_timestamp(dt), event = 'a', event = 'b', event = 'c') AS reentry,
       window_funnel('1 day', 'strict_order', to_timestamp(dt), event = 'a', event = 'b', event = 'c', event = 'd') AS strict_order_4,
       window_funnel('1 day', 'strict_order, allow_reentry', to_timestamp(dt), event = 'a', event = 'b', event = 'c', event = 'd') AS reentry_4,
       window_funnel('1 day', 'strict_order, allow_reentry, strict_deduplication', to_timestamp(dt), event = 'a', event = 'b', event = 'c') AS reentry_dedup
FROM funnel_test_allow_reentry GROUP BY "user" ORDER BY "user";
CREATE TABLE funnel_test_ecommerce (ts integer, user_id integer, action text);
INSERT INTO funnel_test_ecommerce VALUES (100, 1, 'begin_checkout'), (200, 1, 'view_product_detail'), (300, 1, 'begin_checkout'), (400, 1, 'complete_payment'),
    (100, 2, 'begin_checkout'), (200, 2, 'view_product_detail'), (250, 2, 'view_product_detail'), (300, 2, 'begin_checkout'), (400, 2, 'complete_payment'),
    (100, 3, 'begin_checkout'), (200, 3, 'view_product_detail'), (300, 3, 'complete_payment');
SELECT user_id,
       window_funnel('600 s', 'strict_order', to_timestamp(ts), action = 'begin_checkout', action = 'view_product_detail', action = 'complete_payment') AS strict_order,
       window_funnel('600 s', 'strict_order, allow_reentry', to_timestamp(ts), action = 'begin_checkout', action = 'view_product_detail', action = 'complete_payment') AS reentry,
       -- begin_checkout is steps 1 and 3: its row's step 3 arrives before step 2
       window_funnel('600 s', 'strict_order', to_timestamp(ts), action = 'begin_checkout', action = 'view_product_detail', action = 'begin_checkout', action = 'complete_payment') AS strict_order_4,
       window_funnel('600 s', 'strict_order, allow_reentry', to_timestamp(ts), action = 'begin_checkout', action = 'view_product_detail', action = 'begin_checkout', action = 'complete_payment') AS reentry_4
FROM funnel_test_ecommerce GROUP BY user_id ORDER BY user_id;

-- PR #9773's truth table: steps A, B, C; other letters are unrelated events
CREATE TABLE truth (word text, pos integer, letter text);
INSERT INTO truth SELECT w, i, substr(w, i, 1)
FROM unnest(ARRAY['ABC', 'ADBC', 'AABBCC', 'AAAABBCC', 'AABBDCC', 'BBCCAA']) w, generate_series(1, length(w)) i;
SELECT word,
       window_funnel('1 hour', to_timestamp(pos), letter = 'A', letter = 'B', letter = 'C') AS "default",
       window_funnel('1 hour', 'strict_order', to_timestamp(pos), letter = 'A', letter = 'B', letter = 'C') AS strict_order,
       window_funnel('1 hour', 'strict_deduplication', to_timestamp(pos), letter = 'A', letter = 'B', letter = 'C') AS dedup,
       window_funnel('1 hour', 'strict_increase', to_timestamp(pos), letter = 'A', letter = 'B', letter = 'C') AS increase,
       window_funnel('1 hour', 'strict_once', to_timestamp(pos), letter = 'A', letter = 'B', letter = 'C') AS once
FROM truth GROUP BY word ORDER BY min(length(word)), word;

-- #37177 (fixed in ClickHouse's source): strict_deduplication returns the
-- deepest level reached (3), not the condition of the event before (1)
SELECT window_funnel('60 s', 'strict_deduplication', to_timestamp(5 * i), event = 'install', event = 'start', event = 'login', event = 'end') AS expect_3,
       window_funnel('60 s', to_timestamp(5 * i), event = 'install', event = 'start', event = 'login', event = 'end') AS expect_4
FROM unnest(ARRAY['install', 'start', 'login', 'install', 'start', 'install', 'start', 'login', 'end']) WITH ORDINALITY u(event, i);
-- #36256 / #40263: 2 in every mode (ClickHouse before the fix gave 4 under strict_deduplication)
SELECT window_funnel('1800 s', ts, e = 'view', e = 'click', e = 'order', e = 'pay') AS "default",
       window_funnel('1800 s', 'strict_deduplication', ts, e = 'view', e = 'click', e = 'order', e = 'pay') AS dedup,
       window_funnel('1800 s', 'strict_order', ts, e = 'view', e = 'click', e = 'order', e = 'pay') AS strict_order
FROM (VALUES (timestamptz '2020-01-02 11:00', 'view'), ('2020-01-02 11:10', 'click'), ('2020-01-02 11:30', 'pay'), ('2020-01-02 11:40', 'click')) v(ts, e);
-- #23057: Start Anketa Product Start Anketa Finish
SELECT window_funnel('1 day', ts, e = 'Start', e = 'Anketa', e = 'Finish') AS expect_3,
       window_funnel('1 day', 'strict_deduplication', ts, e = 'Start', e = 'Anketa', e = 'Finish') AS expect_2,
       window_funnel('1 day', 'strict_order', ts, e = 'Start', e = 'Anketa', e = 'Finish') AS expect_2
FROM (VALUES (timestamptz '2021-01-01 00:00', 'Start'), ('2021-01-01 02:00', 'Anketa'), ('2021-01-01 04:30', 'Product'),
             ('2021-01-01 04:40', 'Start'), ('2021-01-01 04:40', 'Anketa'), ('2021-01-01 05:00', 'Finish')) v(ts, e);

-- Ties (#18884): rows at one timestamp count in step order, whatever order they arrive in
SELECT window_funnel('0 s', to_timestamp(5), e = 'a', e = 'b', e = 'c' ORDER BY e DESC) AS expect_3,
       window_funnel('0 s', 'strict_increase', to_timestamp(5), e = 'a', e = 'b', e = 'c') AS expect_1
FROM unnest(ARRAY['c', 'a', 'b']) e;
-- ... and a row meeting no step at a step's timestamp comes first under strict_order
SELECT window_funnel('10 s', 'strict_order', to_timestamp(ts), e = 'a', e = 'b', e = 'c') AS expect_1,
       window_funnel('10 s', to_timestamp(ts), e = 'a', e = 'b', e = 'c') AS expect_3
FROM (VALUES (1, 'a'), (2, 'b'), (2, 'x'), (3, 'c')) v(ts, e);

-- The window: inclusive, opened by the latest first step; window_funnel_steps
-- gives the times of the chain counted (cardinality = window_funnel)
SELECT window_funnel('10 s', to_timestamp(ts), e = 'a', e = 'b', e = 'c') AS expect_3,
       window_funnel('9 s', to_timestamp(ts), e = 'a', e = 'b', e = 'c') AS expect_2,
       secs(window_funnel_steps('9 s', to_timestamp(ts), e = 'a', e = 'b', e = 'c')) AS steps_0_5
FROM (VALUES (0, 'a'), (5, 'b'), (10, 'c')) v(ts, e);
SELECT secs(window_funnel_steps('8 s', to_timestamp(ts), e = 'a', e = 'b', e = 'c')) AS steps_3_6_11,
       secs(window_funnel_steps('8 s', 'strict_once', to_timestamp(ts), e = 'a', e = 'b', e = 'c')) AS same_under_strict_once
FROM (VALUES (0, 'a'), (3, 'a'), (6, 'b'), (11, 'c')) v(ts, e);
SELECT window_funnel_steps('1 day', ts, e = 'view', e = 'cart', e = 'buy')
FROM (VALUES (timestamp '2026-03-01 10:00', 'view'), ('2026-03-01 10:05', 'cart'), ('2026-03-02 09:00', 'buy')) v(ts, e);
-- a row meeting two steps fills both (not under strict_once)
SELECT secs(window_funnel_steps('1 h', to_timestamp(ts), a, b, c)) AS "default",
       secs(window_funnel_steps('1 h', 'strict_once', to_timestamp(ts), a, b, c)) AS strict_once
FROM (VALUES (1, true, true, false), (2, false, true, true)) v(ts, a, b, c);
-- time to convert per step
SELECT s[2] - s[1] AS to_cart, s[3] - s[2] AS to_buy
FROM (SELECT window_funnel_steps('7 days', ts, e = 'view', e = 'cart', e = 'buy') AS s
      FROM (VALUES (timestamptz '2026-03-01 10:00', 'view'), ('2026-03-01 10:05', 'cart'), ('2026-03-03 09:00', 'buy')) v(ts, e)) x;

-- Rows: a NULL timestamp is skipped, a NULL condition is false; no row: 0 and {}
SELECT window_funnel('1 h', ts, a, b) AS expect_1, window_funnel_steps('1 h', ts, a, b) AS one_step
FROM (VALUES (timestamptz '2026-01-01 00:00', true, NULL::boolean), (NULL, false, true), ('2026-01-01 00:10', NULL, NULL)) v(ts, a, b);
SELECT window_funnel('1 h', now(), true) AS expect_0, window_funnel_steps('1 h', now(), true) AS empty FROM generate_series(1, 0);
SELECT window_funnel('1 h', to_timestamp(ts), e = 'a', e = 'b') AS expect_0
FROM (VALUES (1, 'b'), (2, 'x')) v(ts, e);
-- 64 steps; a zero window admits equal timestamps only
SELECT window_funnel('63 s', to_timestamp(i), VARIADIC c) AS expect_64,
       window_funnel('62 s', to_timestamp(i), VARIADIC c) AS expect_63
FROM generate_series(0, 63) i, LATERAL (SELECT array_agg(s = i ORDER BY s) FROM generate_series(0, 63) s) x(c);
SELECT window_funnel('0 s', to_timestamp(t), e = 'a', e = 'b') AS expect_1,
       window_funnel('0 s', to_timestamp(t / 2), e = 'a', e = 'b') AS expect_2
FROM (VALUES (0, 'a'), (1, 'b')) v(t, e);
-- timestamp and timestamptz agree; infinite timestamps are the extremes
SELECT window_funnel('1 day', ts::timestamp, e = 'a', e = 'b') AS expect_2,
       window_funnel('1 day', ts, e = 'a', e = 'b') AS expect_2
FROM (VALUES (timestamptz '2026-01-01', 'a'), ('2026-01-01 12:00', 'b')) v(ts, e);
SELECT window_funnel('100000 days', ts, e = 'a', e = 'b') AS expect_1
FROM (VALUES (timestamptz '-infinity', 'a'), ('infinity', 'b')) v(ts, e);

-- As a window function: the funnel so far, row by row
SELECT ts, e, window_funnel('1 h', to_timestamp(ts), e = 'a', e = 'b', e = 'c') OVER (ORDER BY ts) AS so_far
FROM (VALUES (1, 'a'), (2, 'x'), (3, 'b'), (4, 'c')) v(ts, e) ORDER BY ts;
-- window_funnel and window_funnel_steps share one state in one query
SELECT window_funnel('1 h', to_timestamp(ts), e = 'a', e = 'b', e = 'c') AS level,
       cardinality(window_funnel_steps('1 h', to_timestamp(ts), e = 'a', e = 'b', e = 'c')) AS steps
FROM (VALUES (3, 'b'), (1, 'a'), (9, 'c')) v(ts, e);

-- The array form: the steps as one boolean[] (which Citus pushes down as
-- partial aggregates); a NULL element is false, a NULL array a row meeting
-- no step (under strict_order it ends the funnel, as such a row does)
SELECT window_funnel('1 h', to_timestamp(ts), ARRAY[e = 'a', e = 'b', e = 'c']) AS expect_2,
       secs(window_funnel_steps('1 h', 'strict_order', to_timestamp(ts), ARRAY[e = 'a', e = 'b'])) AS two_steps
FROM (VALUES (1, 'a'), (2, 'b'), (9, 'x')) v(ts, e);
SELECT window_funnel('1 h', to_timestamp(ts), s) AS expect_2,
       window_funnel('1 h', 'strict_order', to_timestamp(ts), s) AS expect_1
FROM (VALUES (1, ARRAY[true, NULL]), (2, NULL), (3, ARRAY[false, true])) v(ts, s);
-- one dimension; as many steps in every row of a group
SELECT window_funnel('1 h', now(), '{{t},{f}}'::boolean[]);
SELECT window_funnel('1 h', to_timestamp(ts), s) FROM (VALUES (1, '{t,f}'::boolean[]), (2, '{t}')) v(ts, s);

DROP TABLE funnel_test, funnel_test2, funnel_test_strict, funnel_test_strict_order, funnel_test_non_null,
    funnel_test_strict_increase, funnel_test_once, funnel_test_allow_reentry, funnel_test_ecommerce, truth;
DROP FUNCTION secs(timestamptz[]);
