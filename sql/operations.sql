-- operations: churn_rate, retention_rate, customer_flow, referral_rate,
-- resolution times, cac, annual_rate, periodic_rate.
-- Errors are followed by their SQLSTATE.
\set SHOW_CONTEXT never
\set VERBOSITY default
SET extra_float_digits = 0;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- 1. churn and retention: the seed examples
-- 2500 customers at the start of March, 20 of them leave during March
CREATE TABLE subscribers (
    customer_id integer PRIMARY KEY,
    started_at timestamptz NOT NULL,
    ended_at timestamptz
);
INSERT INTO subscribers
SELECT i, timestamptz '2025-06-01' + i * interval '1 hour',
       CASE WHEN i <= 20 THEN timestamptz '2026-03-01' + i * interval '1 day' END
FROM generate_series(1, 2500) i;
SELECT churn_rate(started_at, ended_at, '2026-03-01', '2026-04-01') AS churn,            -- 20 / 2500: 0.8
       retention_rate(started_at, ended_at, '2026-03-01', '2026-04-01') AS retention     -- (2480 - 0) / 2500: 99.2
FROM subscribers;
SELECT (customer_flow(started_at, ended_at, '2026-03-01', '2026-04-01')).* FROM subscribers;
SELECT pg_typeof(churn_rate(started_at, ended_at, '2026-03-01', '2026-04-01')) FROM subscribers;

-- new customers during March: 30 join, 10 of them leave again in March.
-- They are neither lost nor retained: churn stays 0.8, retention (E - N) / S stays 99.2
INSERT INTO subscribers
SELECT 3000 + i, timestamptz '2026-03-02' + i * interval '10 hours',
       CASE WHEN i <= 10 THEN timestamptz '2026-03-25' END
FROM generate_series(1, 30) i;
SELECT churn_rate(started_at, ended_at, '2026-03-01', '2026-04-01') AS churn,
       retention_rate(started_at, ended_at, '2026-03-01', '2026-04-01') AS retention
FROM subscribers;
SELECT (customer_flow(started_at, ended_at, '2026-03-01', '2026-04-01')).* FROM subscribers;   -- 2480 + 30 - 10 at the end

-- the period is [period_start, period_end): an event at an instant belongs to the period that holds it
SELECT (customer_flow(s, e, '2026-03-01', '2026-04-01')).*
FROM (VALUES (timestamptz '2026-03-01', NULL::timestamptz),   -- joined at the start instant: acquired
             ('2026-02-01', '2026-03-01'),                     -- left at the start instant: at the start, lost
             ('2026-01-01', '2026-02-15'),                     -- gone before: not counted
             ('2026-02-01', '2026-04-01'),                     -- left at the end instant: still there at the end
             ('2026-03-10', '2026-03-20'),                     -- came and went inside
             ('2026-04-01', NULL)) v(s, e);                    -- joined at the end instant: next period

-- consecutive periods chain: the customers at the end of a month are those at the start of the next
CREATE TABLE months AS
SELECT m::timestamptz AS month_start, (m + interval '1 month')::timestamptz AS month_end
FROM generate_series(timestamp '2026-01-01', timestamp '2026-06-01', interval '1 month') m;
CREATE TABLE cohort AS
SELECT i, started_at, CASE WHEN i % 3 = 0 THEN started_at + (i % 97) * interval '1 day' END AS ended_at
FROM (SELECT i, timestamptz '2025-12-01' + (i * 37 % 180) * interval '1 day' + (i % 24) * interval '1 hour' AS started_at
      FROM generate_series(1, 3000) i) c;
SELECT month_start::date, (f).at_start, (f).acquired, (f).lost, (f).acquired_and_lost, (f).at_end,
       lag((f).at_end) OVER (ORDER BY month_start) = (f).at_start AS chains,
       churn_rate, retention_rate
FROM (SELECT month_start, customer_flow(started_at, ended_at, month_start, month_end) AS f,
             round(churn_rate(started_at, ended_at, month_start, month_end), 4) AS churn_rate,
             round(retention_rate(started_at, ended_at, month_start, month_end), 4) AS retention_rate
      FROM months CROSS JOIN cohort GROUP BY month_start) x
ORDER BY month_start;

-- the same counts written out in SQL
SELECT bool_and(churn = expected_churn AND retention = expected_retention) AS equals_hand_written
FROM (SELECT month_start,
             churn_rate(started_at, ended_at, month_start, month_end) AS churn,
             retention_rate(started_at, ended_at, month_start, month_end) AS retention,
             round(100.0 * count(*) FILTER (WHERE started_at < month_start AND ended_at >= month_start AND ended_at < month_end)
                   / count(*) FILTER (WHERE started_at < month_start AND (ended_at IS NULL OR ended_at >= month_start)), 16) AS expected_churn,
             round(100.0 * (count(*) FILTER (WHERE started_at < month_end AND (ended_at IS NULL OR ended_at >= month_end))
                            - count(*) FILTER (WHERE started_at >= month_start AND started_at < month_end
                                                     AND (ended_at IS NULL OR ended_at >= month_end)))
                   / count(*) FILTER (WHERE started_at < month_start AND (ended_at IS NULL OR ended_at >= month_start)), 16) AS expected_retention
      FROM months CROSS JOIN cohort GROUP BY month_start) x;

-- timestamp and date overloads count the same
SELECT churn_rate(started_at::timestamp, ended_at::timestamp, timestamp '2026-03-01', timestamp '2026-04-01') AS ts,
       churn_rate(started_at::date, ended_at::date, date '2026-03-01', date '2026-04-01') AS day,
       retention_rate(started_at::date, ended_at::date, date '2026-03-01', date '2026-04-01') AS day_retention
FROM subscribers;

-- NULLs: a NULL started_at or period leaves the row out; NULL ended_at is a current customer
SELECT churn_rate(s, e, p, '2026-04-01') AS churn, (customer_flow(s, e, p, '2026-04-01')).at_start
FROM (VALUES (timestamptz '2026-01-01', timestamptz '2026-03-05', timestamptz '2026-03-01'),
             ('2026-01-01', NULL, '2026-03-01'),
             (NULL, '2026-03-05', '2026-03-01'),
             ('2026-01-01', '2026-03-05', NULL)) v(s, e, p);
-- no rows, or nobody at the start: NULL (the rate is undefined)
SELECT churn_rate(started_at, ended_at, '2026-03-01', '2026-04-01') FROM subscribers WHERE false;
SELECT churn_rate(s, NULL, '2026-03-01', '2026-04-01'), retention_rate(s, NULL, '2026-03-01', '2026-04-01'),
       customer_flow(s, NULL, '2026-03-01', '2026-04-01')
FROM (VALUES (timestamptz '2026-03-15')) v(s);
-- infinite times are ordinary bounds
SELECT churn_rate(s, e, '2026-03-01', '2026-04-01')
FROM (VALUES (timestamptz '-infinity', timestamptz 'infinity'), ('-infinity', '2026-03-05')) v(s, e);

-- bad input
SELECT churn_rate(started_at, ended_at, '2026-04-01', '2026-03-01') FROM subscribers;
\echo :LAST_ERROR_SQLSTATE
SELECT churn_rate(started_at, ended_at, '2026-04-01', '2026-04-01') FROM subscribers;
\echo :LAST_ERROR_SQLSTATE
SELECT retention_rate(started_at::date, ended_at::date, date '2026-04-01', date '2026-03-01') FROM subscribers;
\echo :LAST_ERROR_SQLSTATE
SELECT churn_rate(started_at, ended_at, started_at, '2027-01-01') FROM subscribers;
\echo :LAST_ERROR_SQLSTATE
SELECT churn_rate(s, e, '2026-03-01', '2026-04-01') FROM (VALUES (timestamptz '2026-03-05', timestamptz '2026-03-04')) v(s, e);
\echo :LAST_ERROR_SQLSTATE

-- 2. referral_rate: percent of customers acquired by referral
SELECT referral_rate(i <= 100) FROM generate_series(1, 3000) i;            -- 100 of 3000: 3.333...
SELECT round(referral_rate(i <= 100), 2) FROM generate_series(1, 3000) i;  -- rounding is yours: 3.33
SELECT referral_rate(r) FROM (VALUES (true), (NULL), (false), (false)) v(r);   -- NULL ignored: 1 of 3
SELECT referral_rate(r) FROM (VALUES (false), (false)) v(r);
SELECT referral_rate(r) FROM (VALUES (NULL::boolean)) v(r);
SELECT referral_rate(i % 7 = 0) = round(100.0 * count(*) FILTER (WHERE i % 7 = 0) / count(*), 16) AS equals_hand_written
FROM generate_series(1, 100000) i;

-- 3. resolution times
CREATE TABLE tickets (
    ticket_id integer PRIMARY KEY,
    category text NOT NULL,
    opened_at timestamptz NOT NULL,
    resolved_at timestamptz
);
INSERT INTO tickets VALUES
    (1, 'billing', '2026-01-01 10:00', '2026-01-02 12:00'),   -- 26 h
    (2, 'billing', '2026-01-01 00:00', '2026-01-01 00:30'),   -- 30 min
    (3, 'billing', '2026-01-03 09:00', NULL),                 -- unresolved
    (4, 'delivery', '2026-01-01 00:00', '2026-01-05 00:00:01'),
    (5, 'delivery', '2026-01-04 08:00', '2026-01-04 08:00'),  -- resolved at once
    (6, 'delivery', '2026-01-05 08:00', NULL);
SELECT category, avg_resolution_time(opened_at, resolved_at) AS mean, unresolved_count(opened_at, resolved_at) AS unresolved,
       median_resolution_time(opened_at, resolved_at) AS median,
       resolution_time_percentile(opened_at, resolved_at, 0.9) AS p90
FROM tickets GROUP BY category ORDER BY category;
SELECT avg_resolution_time(opened_at, resolved_at), unresolved_count(opened_at, resolved_at), count(*) AS tickets FROM tickets;
SELECT pg_typeof(avg_resolution_time(opened_at, resolved_at)), pg_typeof(unresolved_count(opened_at, resolved_at)) FROM tickets;
-- no tickets: no mean, and 0 unresolved (a count, like count())
SELECT avg_resolution_time(opened_at, resolved_at), unresolved_count(opened_at, resolved_at),
       median_resolution_time(opened_at, resolved_at) FROM tickets WHERE false;
-- only unresolved tickets: no mean
SELECT avg_resolution_time(opened_at, resolved_at), unresolved_count(opened_at, resolved_at) FROM tickets WHERE resolved_at IS NULL;
-- a NULL opened_at leaves the ticket out altogether
SELECT unresolved_count(o, r) FROM (VALUES (NULL::timestamptz, NULL::timestamptz), ('2026-01-01', NULL)) v(o, r);

-- equal to the exact mean, and to percentile_cont, on 20,000 skewed resolution times
CREATE TABLE many_tickets AS
SELECT i, timestamptz '2026-01-01' + i * interval '17 minutes' AS opened_at,
       CASE WHEN i % 29 <> 0 THEN timestamptz '2026-01-01' + i * interval '17 minutes'
                                  + ((i::bigint * 7919) % 997) ^ 2 * interval '1 second' + (i % 1000) * interval '1 microsecond' END AS resolved_at
FROM generate_series(1, 20000) i;
SELECT avg_resolution_time(opened_at, resolved_at)
       = make_interval(secs => round(avg(extract(epoch FROM resolved_at - opened_at)::numeric), 6)) AS mean_exact,
       median_resolution_time(opened_at, resolved_at)
       = percentile_cont(0.5) WITHIN GROUP (ORDER BY resolved_at - opened_at) AS median_equal,
       resolution_time_percentile(opened_at, resolved_at, 0.9)
       = percentile_cont(0.9) WITHIN GROUP (ORDER BY resolved_at - opened_at) AS p90_equal,
       resolution_time_percentile(opened_at, resolved_at, 0.0) = min(resolved_at - opened_at) AS p0_is_min,
       resolution_time_percentile(opened_at, resolved_at, 1.0) = max(resolved_at - opened_at) AS p100_is_max,
       unresolved_count(opened_at, resolved_at) = count(*) - count(resolved_at) AS unresolved_equal
FROM many_tickets;
-- the distribution is skewed: the mean is far above the median
SELECT avg_resolution_time(opened_at, resolved_at) AS mean, median_resolution_time(opened_at, resolved_at) AS median
FROM many_tickets;
-- timestamp overloads
SELECT avg_resolution_time(opened_at::timestamp, resolved_at::timestamp), median_resolution_time(opened_at::timestamp, resolved_at::timestamp),
       resolution_time_percentile(opened_at::timestamp, resolved_at::timestamp, 0.75) FROM tickets;
-- as window functions
SELECT ticket_id, avg_resolution_time(opened_at, resolved_at) OVER (ORDER BY ticket_id) AS running_mean,
       median_resolution_time(opened_at, resolved_at) OVER (ORDER BY ticket_id) AS running_median
FROM tickets ORDER BY ticket_id;

-- bad input
SELECT avg_resolution_time(o, r) FROM (VALUES (timestamptz '2026-01-02', timestamptz '2026-01-01')) v(o, r);
\echo :LAST_ERROR_SQLSTATE
SELECT median_resolution_time(o, r) FROM (VALUES (timestamp '2026-01-02 10:00', timestamp '2026-01-02 09:59')) v(o, r);
\echo :LAST_ERROR_SQLSTATE
SELECT avg_resolution_time(o, r) FROM (VALUES (timestamptz '2026-01-02', timestamptz 'infinity')) v(o, r);
\echo :LAST_ERROR_SQLSTATE
SELECT resolution_time_percentile(opened_at, resolved_at, 1.5) FROM tickets;
\echo :LAST_ERROR_SQLSTATE
SELECT resolution_time_percentile(opened_at, resolved_at, 'NaN') FROM tickets;
\echo :LAST_ERROR_SQLSTATE
SELECT resolution_time_percentile(opened_at, resolved_at, ticket_id / 10.0) FROM tickets;
\echo :LAST_ERROR_SQLSTATE

-- 4. cac: spend of a period / customers acquired in it
SELECT cac(5000, 40) AS cac, cac(1000, 3) AS thirds, cac(12345.67, 89) AS exact, pg_typeof(cac(5000, 40));
SELECT round(cac(1000, 3), 2);
SELECT cac(5000, NULLIF(0, 0));                 -- NULL in, NULL out
SELECT cac(5000, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT cac(5000, -3);
\echo :LAST_ERROR_SQLSTATE
SELECT cac(-1, 3);
\echo :LAST_ERROR_SQLSTATE
SELECT cac('NaN', 3);
\echo :LAST_ERROR_SQLSTATE

-- 5. annual_rate and periodic_rate: compounding, never x 12 (rates in percent)
SELECT annual_rate(3) AS monthly_3, annual_rate(5) AS monthly_5,      -- 30.62 and 45.96, not 36 and 60
       annual_rate(0.8) AS monthly_0_8, annual_rate(2, 4) AS quarterly_2,
       annual_rate(0) AS none, annual_rate(100) AS everyone;
SELECT periodic_rate(80) AS monthly_of_80, periodic_rate(45.9639912337363037) AS back_to_5,
       periodic_rate(10, 52) AS weekly_of_10;
SELECT round(periodic_rate(annual_rate(2.5)), 12) AS round_trip;
SELECT annual_rate(churn_rate(started_at, ended_at, '2026-03-01', '2026-04-01')) AS annualised_churn FROM subscribers;
SELECT annual_rate(150);
\echo :LAST_ERROR_SQLSTATE
SELECT annual_rate(-1);
\echo :LAST_ERROR_SQLSTATE
SELECT annual_rate(3, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT periodic_rate(101, 12);
\echo :LAST_ERROR_SQLSTATE

DROP TABLE subscribers, months, cohort, tickets, many_tickets;
