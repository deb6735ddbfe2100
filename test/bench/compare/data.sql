-- make bench-compare: the data, loaded alike into both clusters.  Plain SQL
-- (no cxm), deterministic (hashes of generate_series), rows of a group
-- spread over the whole table so that each parallel worker sees every group.
-- Sizes are chosen for 100-400 ms a query serial on two busy cores.  Run
-- from the top of the checkout (the CDNOW fixture's path).
CREATE SCHEMA cmp;
SET timezone = 'UTC';

-- survey answers (as 10_ratings.sql): nps per channel and month
CREATE TABLE cmp.answers AS
SELECT i AS answer_id,
       (ARRAY['web', 'app', 'store', 'phone', 'email'])[1 + (hashint4(i) & 2147483647) % 5] AS channel,
       date '2025-01-01' + ((hashint4(i + 7) & 2147483647) % 12) * interval '1 month' AS month,
       ((i::bigint * 2654435761) % 4294967296 % 11)::integer AS score
FROM generate_series(1, 2500000) i;

-- customers (as 40_business.sql): flow, churn, retention, referrals per channel
CREATE TABLE cmp.customers AS
SELECT customer_id, started_at,
       CASE WHEN customer_id % 5 = 0 THEN started_at + ((customer_id * 7919) % 900) * interval '1 day' END AS ended_at,
       referred, channel, month
FROM (SELECT i::bigint AS customer_id,
             timestamptz '2020-01-01' + ((i::bigint * 2654435761) % 2000) * interval '1 day' + (i % 24) * interval '1 hour' AS started_at,
             (i::bigint * 40503) % 31 = 0 AS referred,
             (ARRAY['web', 'app', 'store', 'phone', 'email'])[1 + (hashint4(i) & 2147483647) % 5] AS channel,
             date '2025-01-01' + ((hashint4(i + 3) & 2147483647) % 12) * interval '1 month' AS month
      FROM generate_series(1, 2000000) i) c;

-- support tickets (as 40_business.sql): resolution times per category and month
CREATE TABLE cmp.tickets AS
SELECT i::bigint AS ticket_id,
       timestamptz '2024-01-01' + i * interval '20 seconds' AS opened_at,
       CASE WHEN i % 23 <> 0 THEN timestamptz '2024-01-01' + i * interval '20 seconds'
                                  + ((i::bigint * 7919) % 100000) * interval '1 second' END AS resolved_at,
       (ARRAY['delivery', 'refund', 'product', 'account'])[1 + i % 4] AS category,
       date '2025-01-01' + ((hashint4(i) & 2147483647) % 12) * interval '1 month' AS month
FROM generate_series(1, 1500000) i;

-- orders of 40,000 customers: rfm and clv_summary per customer
CREATE TABLE cmp.orders AS
SELECT i AS order_id, (hashint4(i) & 2147483647) % 40000 AS customer_id,
       timestamptz '2024-01-01' + ((hashint4(i + 11) & 2147483647) % (730 * 86400)) * interval '1 second' AS ordered_at,
       date '2024-01-01' + (hashint4(i + 11) & 2147483647) % (730 * 86400) / 86400 AS ordered_on,
       round(5 + ((hashint4(-i) & 2147483647) % 20000) / 100.0, 2) AS amount,
       5 + ((hashint4(-i) & 2147483647) % 20000) / 100.0::double precision AS amount_f
FROM generate_series(1, 400000) i;

-- purchase histories (CDNOW, 43 times over, each moved a little, as
-- 40_business.sql), in four segments: the BG/NBD and Gamma-Gamma fits
CREATE TABLE cmp.cdnow (customer_id integer, frequency integer, recency double precision, age double precision,
                        monetary_value double precision);
\copy cmp.cdnow FROM 'test/fixtures/cdnow_customers.csv' CSV HEADER
CREATE TABLE cmp.histories AS
SELECT customer_id, customer_id % 4 AS segment, frequency,
       CASE WHEN frequency = 0 THEN 0 ELSE least(recency * (age + shift) / age, age + shift) END AS recency, age + shift AS age,
       monetary_value * (1 + shift / 10) AS monetary_value
FROM (SELECT row_number() OVER (ORDER BY k, c.customer_id) AS customer_id, c.frequency, c.recency, c.age, c.monetary_value,
             ((c.customer_id * 7919 + k * 104729) % 1000) / 2000.0 AS shift
      FROM cmp.cdnow c CROSS JOIN generate_series(1, 43) k) x
ORDER BY hashint8(customer_id);

-- journeys of 1 to 10 touches over 20 channels (as 50_attribution.sql): a
-- Markov chain per month of conversion
CREATE TABLE cmp.journeys AS
SELECT i AS journey_id, p.path, date '2026-01-01' + (i % 6) * interval '1 month' AS month,
       (hashint8(-i) & 1023) % 100 < 4 + 2 * cardinality(p.path) AS converted,
       round((hashint8(i) & 32767) / 163.84, 2) AS value
FROM generate_series(1, 600000) i,
LATERAL (SELECT ARRAY(SELECT 'channel_' || (1 + floor(20 * ((hashint8(i * 16 + k) & 1048575)::float8 / 1048576) ^ 1.6))
                      FROM generate_series(1, 1 + (hashint8(i * 16) & 1023) % 10) k) AS path) p;

-- events of 10,000 customers (50 each) in random order (as 31_funnels.sql): funnels,
-- sequences, retention, sessions and paths per customer
CREATE TABLE cmp.events AS
SELECT (hashint4(i) & 2147483647) % 10000 AS customer_id,
       timestamptz '2026-01-01' + ((hashint4(i + 1000000000) & 2147483647) % (60 * 86400)) * interval '1 second' AS ts,
       (ARRAY['visit', 'visit', 'visit', 'view', 'view', 'view', 'cart', 'cart', 'buy', 'other'])[1 + (hashint4(-i) & 2147483647) % 10] AS e,
       (ARRAY['web', 'app', 'store'])[1 + (hashint4(i + 77) & 2147483647) % 3] AS channel,
       (hashint4(i + 99) & 2147483647) % 10 = 0 AS purchase
FROM generate_series(1, 500000) i;

-- retention arrays (periods 0..8, 1 active, 0 not, NULL not yet ended) in
-- twelve weekly cohorts: cohort_retention per cohort
CREATE TABLE cmp.cohorts AS
SELECT c, c % 12 AS cohort,
       ARRAY(SELECT CASE WHEN k = 0 THEN 1 WHEN k > 12 - c % 12 THEN NULL
                         WHEN (hashint4(c * 16 + k) & 1023) < 700 - 40 * k THEN 1 ELSE 0 END
             FROM generate_series(0, 8) k) AS r
FROM generate_series(1, 1000000) c;

VACUUM ANALYZE;
-- every page all-visible on both sides, so that neither scan checks rows one by one
DO $$
DECLARE
    missing text := (SELECT string_agg(format('%s (%s of %s pages)', relname, relallvisible, relpages), ', ')
                     FROM pg_class WHERE relnamespace = 'cmp'::regnamespace AND relkind = 'r' AND relallvisible < relpages);
BEGIN
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'tables not all-visible after VACUUM: %', missing;
    END IF;
END
$$;
