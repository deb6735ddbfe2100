-- Huge inputs: one group of 10 million rows through the operational and
-- lifetime-value aggregates; cancel stops the ones that hold every row, also
-- while their final function sorts or fits the whole group.
BEGIN;
SELECT plan(12);

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
SELECT ok((bgnbd_fit(x, t, a, 1, 0.001)).r > 0, 'bgnbd_fit over 10 million customers (2,000 distinct histories)')
FROM (SELECT i % 5 AS x, CASE WHEN i % 5 = 0 THEN 0 ELSE 10 + i % 20 END AS t, 40 + i % 100 AS a FROM generate_series(1, 10000000) i) h;

CREATE FUNCTION pg_temp.cancel_latency(query text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    BEGIN
        EXECUTE query;
    EXCEPTION WHEN query_canceled THEN
        RETURN extract(epoch FROM clock_timestamp() - started);
    END;
    RETURN NULL;
END
$$;
SET LOCAL statement_timeout = '300ms';
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT median_resolution_time(t, t + (i % 3600) * interval '1 second')
    FROM generate_series(1, 100000000) i, LATERAL (SELECT timestamptz '2026-01-01 00:00+00' + i * interval '1 second') x(t)$$),
              '<', 1.3::double precision, 'statement_timeout stops median_resolution_time within a second');
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT bgnbd_fit(i % 50, CASE WHEN i % 50 = 0 THEN 0 ELSE i % 700 END, 700 + i % 300)
    FROM generate_series(1, 30000000) i$$),
              '<', 1.3::double precision, 'and a bgnbd_fit');
RESET statement_timeout;

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
CREATE FUNCTION pg_temp.seconds_late(query text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    BEGIN
        EXECUTE query;
    EXCEPTION WHEN query_canceled THEN
        RETURN extract(epoch FROM clock_timestamp() - started - current_setting('statement_timeout')::interval);
    END;
    RETURN NULL;
END
$$;
SELECT pg_temp.timeout_after($$SELECT clv_summary(purchased_on, amount, date '1999-12-31') FROM one_group$$);
SELECT cmp_ok(pg_temp.seconds_late($$SELECT clv_summary(purchased_on, amount, date '2030-01-01') FROM one_group$$),
              '<', 1.0::double precision, 'statement_timeout stops clv_summary within a second while it sorts 10 million purchases');
RESET statement_timeout;
SELECT pg_temp.timeout_after($$SELECT bgnbd_fit(frequency, recency, age, 0) FROM one_group$$);
SELECT cmp_ok(pg_temp.seconds_late($$SELECT bgnbd_fit(frequency, recency, age, 1) FROM one_group$$),
              '<', 1.0::double precision, 'and bgnbd_fit while it sorts and fits 10 million customers');
RESET statement_timeout;
SELECT pg_temp.timeout_after($$SELECT gamma_gamma_fit(frequency, 1 + amount, 0, 0.001) FROM one_group$$);
SELECT cmp_ok(pg_temp.seconds_late($$SELECT gamma_gamma_fit(frequency, 1 + amount, 1, 0.001) FROM one_group$$),
              '<', 1.0::double precision, 'and gamma_gamma_fit');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
