-- Huge inputs: one group of 10 million rows through the operational and
-- lifetime-value aggregates; cancel stops a model fit inside its loop, and
-- the ones that hold every row while their final function sorts or fits the
-- whole group.
BEGIN;
SELECT plan(13);

SELECT is(churn_rate(timestamptz '2020-01-01 00:00+00' + (i % 1000) * interval '1 day',
                     CASE WHEN i % 10 = 0 THEN timestamptz '2023-01-15 00:00+00' END,
                     timestamptz '2023-01-01 00:00+00', timestamptz '2023-02-01 00:00+00'), 10::numeric,
          'churn_rate over 10 million customers')
FROM generate_series(1, 10000000) i;
SELECT is(referral_rate(i % 4 = 0), 25::numeric, 'referral_rate over 10 million customers')
FROM generate_series(1, 10000000) i;
-- i % 3600 over 1..10^7 sums to 17,993,882,800 seconds: a mean of 1799.38828 s, a median of 1799 s
SELECT is(avg_resolution_time(t, t + (i % 3600) * interval '1 second'), interval '1799.38828 seconds',
          'avg_resolution_time over 10 million tickets')
FROM generate_series(1, 10000000) i, LATERAL (SELECT timestamptz '2026-01-01 00:00+00' + i * interval '1 second') x(t);
SELECT is(median_resolution_time(t, t + (i % 3600) * interval '1 second'), interval '1799 seconds',
          'median_resolution_time keeps 10 million times (8 bytes each)')
FROM generate_series(1, 10000000) i, LATERAL (SELECT timestamptz '2026-01-01 00:00+00' + i * interval '1 second') x(t);
SELECT is((rfm(1.0, timestamptz '2025-01-01 00:00+00' + (i % 365) * interval '1 day', timestamptz '2026-01-01 00:00+00')).frequency,
          10000000::bigint, 'rfm over 10 million orders')
FROM generate_series(1, 10000000) i;
SELECT is((clv_summary(date '2025-01-01' + i % 365, 1.0, date '2026-01-01')).frequency, 364::bigint,
          'clv_summary over 10 million purchases (same-day purchases merged)')
FROM generate_series(1, 10000000) i;
-- the maximum scipy finds for these rows given as their 100 distinct histories
-- with counts (test/tools/clv_reference.py): 0.91453782, 9.8518155, 3.2097556, 4.7802062
SELECT is(ARRAY[round((m).r, 6), round((m).alpha, 5), round((m).a, 6), round((m).b, 5), (m).customers],
          ARRAY[0.914538, 9.85182, 3.209756, 4.78021, 10000000], 'bgnbd_fit over 10 million customers (100 distinct histories)')
FROM (SELECT bgnbd_fit(x, t, a, 1, 0.001) AS m
      FROM (SELECT i % 5 AS x, CASE WHEN i % 5 = 0 THEN 0 ELSE 10 + i % 20 END AS t, 40 + i % 100 AS a FROM generate_series(1, 10000000) i) h) f;

-- Cancel: the time must be spent inside cxm, so the input is stored first
-- and the timeout falls in a loop of cxm, where only its own interrupt
-- checks can stop the query (made no-ops, a run canceled there goes on to
-- its end and the test fails).  See
-- test/tools/cancel.sql: cancel_latency gives the seconds from the timeout to
-- the error (NULL, which fails, when the query finished first).
\ir ../tools/cancel.sql

-- A cancel inside the final function.  The group's rows are in a table, so
-- the query reads them and then spends its time in cxm's final function
-- (sorting 10 million rows, fitting).  The timeout is set from the time the
-- same rows take through the transition function alone (rows the aggregate
-- leaves out: purchases after observed_until, weight 0), so that it fires
-- once the final function has started (or sooner on a noisy machine, which
-- cannot fail the test); the test asserts how long after the timeout the
-- query stops.  0.2.0 sorted without checking for interrupts: seconds late.
CREATE TEMP TABLE one_group AS
SELECT date '2000-01-01' + ((i::bigint * 7919) % 9000)::integer AS purchased_on,
       ((i::bigint * 104729) % 100000) / 100.0::double precision AS amount,
       (i % 50)::double precision AS frequency,
       CASE WHEN i % 50 = 0 THEN 0 ELSE age * ((i::bigint * 7919) % 997) / 997 END AS recency, age
FROM generate_series(1, 10000000) i, LATERAL (SELECT 1000 + (i::bigint * 104729 % 1000003) / 1000.0::double precision) a(age);
CREATE FUNCTION pg_temp.timeout_after(transitions_only text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    EXECUTE transitions_only;
    PERFORM set_config('statement_timeout',
                       round(1250 * extract(epoch FROM clock_timestamp() - started) + 300)::text || 'ms', true);
END
$$;
SELECT pg_temp.timeout_after($$SELECT clv_summary(purchased_on, amount, date '1999-12-31') FROM one_group$$);
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT clv_summary(purchased_on, amount, date '2030-01-01') FROM one_group$$),
              '<', 1.0::double precision, 'statement_timeout stops clv_summary within a second while it sorts 10 million purchases');
RESET statement_timeout;
SELECT pg_temp.timeout_after($$SELECT bgnbd_fit(frequency, recency, age, 0) FROM one_group$$);
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT bgnbd_fit(frequency, recency, age, 1) FROM one_group$$),
              '<', 1.0::double precision, 'and bgnbd_fit while it sorts and fits 10 million customers');
RESET statement_timeout;
SELECT pg_temp.timeout_after($$SELECT gamma_gamma_fit(frequency, 1 + amount, 0, 0.001) FROM one_group$$);
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT gamma_gamma_fit(frequency, 1 + amount, 1, 0.001) FROM one_group$$),
              '<', 1.0::double precision, 'and gamma_gamma_fit');
RESET statement_timeout;

-- A cancel in the leader of a parallel plan, after the workers have read
-- every row, while it merges the states and fits the model.  Hardie's CDNOW
-- customers, 400 copies a few microweeks apart: 943,000 distinct histories,
-- the same maximum.  (gamma_gamma_fit runs the same optimiser, with the same
-- checks.)
CREATE SCHEMA limits_business;   -- parallel workers cannot read temporary tables
CREATE TABLE limits_business.cdnow_once (customer_id integer, frequency integer, recency double precision, age double precision,
                                         monetary_value double precision);
\copy limits_business.cdnow_once FROM 'test/fixtures/cdnow_customers.csv' CSV HEADER
CREATE TABLE limits_business.cdnow AS
SELECT frequency, CASE WHEN frequency = 0 THEN 0 ELSE recency + k * 1e-7 END AS recency, age + k * 2e-7 AS age,
       monetary_value + k * 1e-7 AS monetary_value
FROM limits_business.cdnow_once, generate_series(1, 400) k;
ANALYZE limits_business.cdnow;
\set q 'SELECT bgnbd_fit(frequency, recency, age) FROM limits_business.cdnow'
\set what bgnbd_fit
\ir ../tools/cancel_leader.sql
-- median_resolution_time selects in linear time, which costs less than
-- reading the rows: the executor's own checks between rows stop it.  But
-- its final function over a stored state reads no row, and on an order made
-- against its selection (median of three, Hoare's partition) it gives up
-- after 16 + 2 log2 n partitions and heap-sorts: seconds for 10 million
-- tickets, where only cxm's checks can stop it.  The order is the one
-- McIlroy's adversary ("A killer adversary for quicksort", 1999) finds for
-- it, as test/unit/operations_core_test.c builds it; for odd n, with
-- B = 16 + 2 floor(log2 n) and m = (n - 1) / 2, position p holds p (p even,
-- p < 2B), 2B + p / 2 (p odd, p < 2B), p + B (p < m), 3 + 2 (p - m)
-- (p < m + B - 1), p + 1 (p < n - 1), and 1 at the end: a permutation of
-- 0 .. n - 1, so the median is m microseconds.
CREATE AGGREGATE pg_temp.list_state(timestamptz, timestamptz) (SFUNC = resolution_time_list_trans, STYPE = cxm_state);
SET LOCAL max_parallel_workers_per_gather = 0;   -- the rows reach the state in the order generated
CREATE TEMP TABLE adversarial_list AS
SELECT pg_temp.list_state(timestamptz '2026-01-01 00:00+00', timestamptz '2026-01-01 00:00+00' + v * interval '1 microsecond') AS s
FROM (SELECT CASE WHEN p < 2 * 62 THEN CASE WHEN p % 2 = 0 THEN p ELSE 2 * 62 + p / 2 END
                  WHEN p < 5000000 THEN p + 62
                  WHEN p < 5000000 + 62 - 1 THEN 3 + 2 * (p - 5000000)
                  WHEN p < 10000000 THEN p + 1
                  ELSE 1 END AS v
      FROM generate_series(0, 10000000) p) ordered;     -- n = 10,000,001: floor(log2 n) = 23, B = 62
RESET max_parallel_workers_per_gather;
CREATE FUNCTION pg_temp.final_seconds() RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    PERFORM median_resolution_time_final(s) FROM adversarial_list;
    RETURN extract(epoch FROM clock_timestamp() - started);
END
$$;
CREATE TEMP TABLE adversarial_run AS SELECT pg_temp.final_seconds() AS seconds;
SELECT is((SELECT median_resolution_time_final(s) FROM adversarial_list), interval '5 seconds',
          'the median of 10,000,001 tickets in an order that makes the selection heap-sort: 5,000,000 microseconds');
-- the timeout at 30 % of the final function's time: every check of cxm is
-- a no-op in the glue (check_interrupts), the run goes on to its end, 70 %
SELECT set_config('statement_timeout', round(1000 * 0.3 * seconds)::text, true) FROM adversarial_run;
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT median_resolution_time_final(s) FROM adversarial_list$$),
              '<', (SELECT least(1.0, seconds / 4) FROM adversarial_run),
              'statement_timeout stops median_resolution_time within a quarter of its time while it heap-sorts a stored state of 10 million tickets')
FROM adversarial_run;
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
