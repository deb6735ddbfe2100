-- clv under a forced parallel plan: the workers' row lists are serialized,
-- validated, merged; the fits sort what they receive, so the parallel model
-- equals the serial one to the last digit.
SET timezone = 'UTC';
SET intervalstyle = 'postgres';
CREATE TABLE cdnow_par (customer_id integer, frequency integer, recency double precision, age double precision,
                        monetary_value double precision);
\copy cdnow_par FROM 'test/fixtures/cdnow_customers.csv' CSV HEADER
-- 100 copies of CDNOW: the same maximum, 100 times the customers
INSERT INTO cdnow_par SELECT customer_id + 10000 * k, frequency, recency, age, monetary_value
FROM cdnow_par, generate_series(1, 99) k;
CREATE TABLE orders_par AS
SELECT i, i % 5000 AS customer_id, date '2024-01-01' + (i * 7919) % 700 AS ordered_on,
       ((i * 37) % 20000) / 100.0 + 1 AS amount
FROM generate_series(1, 200000) i;
ANALYZE cdnow_par;
ANALYZE orders_par;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_models AS
SELECT bgnbd_fit(frequency, recency, age)::text AS bg, gamma_gamma_fit(frequency, monetary_value)::text AS gg FROM cdnow_par;
CREATE TEMP TABLE serial_customers AS
SELECT customer_id, rfm(amount::numeric, ordered_on, date '2025-06-30')::text AS rfm,
       clv_summary(ordered_on, amount, date '2025-06-30', 'week')::text AS summary
FROM orders_par GROUP BY customer_id;
CREATE TEMP TABLE serial_whole AS SELECT rfm(amount::numeric, ordered_on, date '2025-06-30')::text AS rfm FROM orders_par;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

EXPLAIN (COSTS OFF) SELECT bgnbd_fit(frequency, recency, age), gamma_gamma_fit(frequency, monetary_value) FROM cdnow_par;
SELECT bgnbd_fit(frequency, recency, age)::text = (SELECT bg FROM serial_models) AS bgnbd_parallel_equals_serial,
       gamma_gamma_fit(frequency, monetary_value)::text = (SELECT gg FROM serial_models) AS gamma_gamma_parallel_equals_serial
FROM cdnow_par;
SELECT round((m).r, 3) AS r, round((m).alpha, 3) AS alpha, round((m).a, 3) AS a, round((m).b, 3) AS b, (m).customers
FROM (SELECT bgnbd_fit(frequency, recency, age) AS m FROM cdnow_par) x;

EXPLAIN (COSTS OFF)
SELECT customer_id, rfm(amount::numeric, ordered_on, date '2025-06-30'), clv_summary(ordered_on, amount, date '2025-06-30', 'week')
FROM orders_par GROUP BY customer_id;
SELECT count(*) AS customers_differing
FROM (SELECT customer_id, rfm(amount::numeric, ordered_on, date '2025-06-30')::text AS rfm,
             clv_summary(ordered_on, amount, date '2025-06-30', 'week')::text AS summary
      FROM orders_par GROUP BY customer_id) p
FULL JOIN serial_customers s USING (customer_id)
WHERE p.rfm IS DISTINCT FROM s.rfm OR p.summary IS DISTINCT FROM s.summary;
EXPLAIN (COSTS OFF) SELECT rfm(amount::numeric, ordered_on, date '2025-06-30') FROM orders_par;
SELECT rfm(amount::numeric, ordered_on, date '2025-06-30')::text = (SELECT rfm FROM serial_whole) AS whole_table_equal,
       (rfm(amount::numeric, ordered_on, date '2025-06-30')).frequency
FROM orders_par;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE cdnow_par, orders_par;
