-- sequence_match and sequence_count: ClickHouse's sequenceMatch and
-- sequenceCount.  The cases and expected values (named expect_N) come from
-- ClickHouse's tests 00222_sequence_aggregate_function_family and
-- 00823_sequence_match_dfa and its documentation.  Their integer timestamps
-- are seconds here, as are the N of (?t op N).
SET TimeZone = 'UTC';

-- 00222: data 0 at 0-3 and 6-9, 1 at 4, 10, 11, 2 at 5; conditions data = 0..3
CREATE TABLE sequence_test (ts integer, data integer);
INSERT INTO sequence_test VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 1), (5, 2), (6, 0), (7, 0), (8, 0), (9, 0), (10, 1), (11, 1);
CREATE TABLE patterns (n serial, pattern text, match_expected boolean, count_expected bigint);
INSERT INTO patterns (pattern, match_expected, count_expected) VALUES
    ('', true, 12), ('.', true, 12), ('.*', true, 12),
    ('(?1)', true, 8), ('(?2)', true, 3), ('(?3)', true, 1), ('(?4)', false, 0),
    ('(?1)(?1)', true, 4), ('(?1)(?1)(?1)', true, 2), ('(?1)(?1)(?1)(?1)', true, 2),
    ('(?1)(?1)(?1)(?1)(?1)', false, 0), ('(?1)(?1)(?1)(?1)(?2)', true, 2),
    ('(?1)(?t>10)(?2)', true, 1), ('(?1)(?t>11)(?2)', false, 0), ('(?1)(?t<11)(?2)', true, 2),
    ('(?1)(?t<3)(?3)', true, 1), ('(?1)(?t<=2)(?3)', true, 1), ('(?1)(?t<2)(?3)', false, 0),
    ('(?2)(?t>=7)(?2)', true, 1), ('(?2)(?t>7)(?2)', false, 0), ('(?2)(?3)(?1)', true, 1);
SELECT p.n, p.pattern,
       sequence_match(p.pattern, to_timestamp(ts), data = 0, data = 1, data = 2, data = 3) AS "match",
       p.match_expected,
       sequence_count(p.pattern, to_timestamp(ts), data = 0, data = 1, data = 2, data = 3) AS "count",
       p.count_expected
FROM patterns p CROSS JOIN sequence_test GROUP BY p.n, p.pattern, p.match_expected, p.count_expected ORDER BY p.n;
-- 00222 with two conditions: (?t==N) measured from the previous matched event
SELECT sequence_match('(?1)(?t==2)(?2)', to_timestamp(ts), data = 1, data = 2) AS expect_false,
       sequence_match('(?1)(?t==1)(?2)', to_timestamp(ts), data = 1, data = 2) AS expect_true,
       sequence_count('(?1)(?t==2)(?2)', to_timestamp(ts), data = 1, data = 2) AS expect_0,
       sequence_count('(?1)(?t==1)(?2)', to_timestamp(ts), data = 1, data = 2) AS expect_1
FROM sequence_test;

-- Documentation: rows meeting no condition are invisible to the pattern;
-- naming the third number as a condition makes it an event
CREATE TABLE t (ts integer, number integer);
INSERT INTO t VALUES (1, 1), (2, 3), (3, 2), (4, 1), (5, 3), (6, 2);
SELECT sequence_match('(?1)(?2)', to_timestamp(ts), number = 1, number = 2) FILTER (WHERE ts <= 3) AS expect_true,
       sequence_match('(?1)(?2)', to_timestamp(ts), number = 1, number = 2, number = 3) FILTER (WHERE ts <= 3) AS expect_false,
       sequence_count('(?1).*(?2)', to_timestamp(ts), number = 1, number = 2) AS expect_2
FROM t;

-- 00823: the match needs the last of 100,001 events (ClickHouse: 1,000,001)
CREATE TABLE sequence (userid integer, event_type text, ts bigint);
INSERT INTO sequence SELECT 1, CASE WHEN i = 0 THEN 'A' WHEN i < 100000 THEN 'B' ELSE 'C' END, i FROM generate_series(0, 100000) i;
SELECT sequence_match('(?1).*(?2).*(?3)', to_timestamp(ts), event_type = 'A', event_type = 'B', event_type = 'C') AS "ABC",
       sequence_match('(?1).*(?2).*(?3)', to_timestamp(ts), event_type = 'A', event_type = 'B', event_type = 'A') AS "ABA",
       sequence_match('(?1).*(?2).*(?3).*(?4)', to_timestamp(ts), event_type = 'A', event_type = 'B', event_type = 'B', event_type = 'C') AS "ABBC",
       sequence_match('(?1).*(?2).*(?3)', to_timestamp(ts), event_type = 'C', event_type = 'B', event_type = 'A') AS "CBA",
       sequence_match('(?1)(?t>=10000000000000)(?2)', to_timestamp(ts), event_type = 'A', event_type = 'C') AS "CD, no overflow"
FROM sequence GROUP BY userid;
-- With a time condition ClickHouse backtracks and gives up after 1,000,000
-- steps (TOO_SLOW); here the search is linear in the events
SELECT sequence_match('(?1).*(?2)(?t<=1)(?3)', to_timestamp(ts), event_type = 'A', event_type = 'B', event_type = 'C') AS expect_true,
       sequence_count('(?2)(?t<=1)(?2)', to_timestamp(ts), event_type = 'A', event_type = 'B', event_type = 'C') AS expect_49999
FROM sequence;

-- Time conditions: N seconds, compared exactly (in microseconds)
SELECT sequence_match('(?1)(?t<=5)(?2)', to_timestamp(ts), e = 'a', e = 'b') AS expect_true,
       sequence_match('(?1)(?t<5)(?2)', to_timestamp(ts), e = 'a', e = 'b') AS expect_false,
       sequence_match('(?1)(?t==5)(?2)', to_timestamp(ts), e = 'a', e = 'b') AS expect_true,
       sequence_match('(?1)(?t>=5)(?2)', to_timestamp(ts), e = 'a', e = 'b') AS expect_true,
       sequence_match('(?1)(?t>5)(?2)', to_timestamp(ts), e = 'a', e = 'b') AS expect_false
FROM (VALUES (0, 'a'), (5, 'b')) v(ts, e);
SELECT sequence_match('(?1)(?t<=4)(?2)', to_timestamp(ts), e = 'a', e = 'b') AS "4.5 s: expect_false",
       sequence_match('(?1)(?t<=5)(?2)', to_timestamp(ts), e = 'a', e = 'b') AS "4.5 s: expect_true"
FROM (VALUES (0, 'a'), (4.5, 'b')) v(ts, e);
-- As in ClickHouse, (?t<=N) lets other events pass before the next step,
-- and after .* a time condition measures from the event it examines, so
-- .*(?t<=N) always holds
SELECT sequence_match('(?1)(?t<=5)(?2)', to_timestamp(ts), e = 'a', e = 'b', e = 'x') AS expect_true,
       sequence_match('(?1)(?2)', to_timestamp(ts), e = 'a', e = 'b', e = 'x') AS expect_false,
       sequence_match('(?1)(?t<=4)(?2)', to_timestamp(ts), e = 'a', e = 'b', e = 'x') AS expect_false,
       sequence_match('(?1).*(?t<=4)(?2)', to_timestamp(ts), e = 'a', e = 'b', e = 'x') AS expect_true
FROM (VALUES (0, 'a'), (3, 'x'), (5, 'b')) v(ts, e);
-- a trailing time condition: >= 0 matches at the end of the events, > 0 needs a later event
SELECT sequence_match('(?1)(?t>=0)', to_timestamp(1), true) AS expect_true,
       sequence_match('(?1)(?t>0)', to_timestamp(1), true) AS expect_false;
-- sequence_count resumes where a match ended: at the event a trailing time condition examined
SELECT sequence_count('(?1)(?t>2)', to_timestamp(ts), true) AS expect_2,
       sequence_count('(?1)', to_timestamp(ts), true) AS expect_4
FROM unnest(ARRAY[0, 1, 3, 6]) ts;

-- Ties: rows at one timestamp are ordered by the lowest condition they meet,
-- then by their whole set of conditions, whatever order they arrive in
SELECT sequence_match('(?1)(?2)', to_timestamp(5), e = 'a', e = 'b' ORDER BY e DESC) AS expect_true,
       sequence_match('(?2)(?1)', to_timestamp(5), e = 'a', e = 'b' ORDER BY e) AS expect_false,
       sequence_count('(?1)(?2)', to_timestamp(5), e = 'a', e = 'b') AS expect_1
FROM unnest(ARRAY['b', 'a']) e;

-- A NULL timestamp skips the row, a NULL condition is false; no row at all: false, 0
SELECT sequence_match('(?1)(?2)', ts, a, b) AS expect_true, sequence_count('(?1)', ts, a, b) AS expect_1
FROM (VALUES (timestamptz '2026-01-01', true, false), (NULL, true, true), ('2026-01-02', NULL, true)) v(ts, a, b);
SELECT sequence_match('', now(), true) AS expect_false, sequence_count('.*', now(), true) AS expect_0 FROM generate_series(1, 0);
-- timestamp and timestamptz; up to 64 conditions
SELECT sequence_match('(?1)(?t<=86400)(?2)', ts::timestamp, e = 'a', e = 'b') AS expect_true
FROM (VALUES (timestamptz '2026-01-01', 'a'), ('2026-01-02', 'b')) v(ts, e);
SELECT sequence_count('(?64)(?1)', to_timestamp(i), VARIADIC c) AS expect_1
FROM generate_series(0, 1) i, LATERAL (SELECT array_agg(CASE WHEN i = 0 THEN s = 64 ELSE s = 1 END ORDER BY s) FROM generate_series(1, 64) s) x(c);

-- Per customer, with GROUP BY
SELECT customer, sequence_match('(?1).*(?2)(?t<=600)(?3)', ts, e = 'view', e = 'cart', e = 'buy') AS bought_soon_after_cart,
       sequence_count('(?1).*(?2)', ts, e = 'view', e = 'buy') AS view_then_buy
FROM (VALUES (1, timestamptz '2026-03-01 10:00', 'view'), (1, '2026-03-01 10:05', 'cart'), (1, '2026-03-01 10:09', 'buy'),
             (2, '2026-03-01 10:00', 'view'), (2, '2026-03-01 10:05', 'cart'), (2, '2026-03-01 11:00', 'buy'),
             (2, '2026-03-02 09:00', 'view'), (2, '2026-03-02 09:30', 'buy')) v(customer, ts, e)
GROUP BY customer ORDER BY customer;

-- Malformed patterns: the position is 1-based, in characters
SELECT sequence_match('(?1)(?2', now(), true, true);
SELECT sequence_match('(?1)x(?2)', now(), true, true);
SELECT sequence_match('(?t=5)(?1)', now(), true);
SELECT sequence_match('(?1)(?t<=1)(?t<=2)', now(), true);
SELECT sequence_match('(?3)', now(), true, true);

-- The array form: the conditions as one boolean[] (which Citus pushes down
-- as partial aggregates); a NULL element is false, a NULL array a row
-- meeting no condition
SELECT sequence_match('(?1)(?2)', to_timestamp(ts), ARRAY[e = 'a', e = 'b']) AS expect_true,
       sequence_count('(?1)', to_timestamp(ts)::timestamp, ARRAY[e = 'a', e = 'b']) AS expect_2
FROM (VALUES (1, 'a'), (2, 'b'), (3, 'a')) v(ts, e);
SELECT sequence_count('(?1)(?2)', to_timestamp(ts), c) AS expect_1
FROM (VALUES (1, ARRAY[true, NULL]), (2, NULL), (3, ARRAY[NULL, true])) v(ts, c);
SELECT sequence_match('(?1)', now(), '{{t},{f}}'::boolean[]);

DROP TABLE sequence_test, patterns, t, sequence;
