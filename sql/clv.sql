-- clv: closed forms, rfm, clv_summary, BG/NBD and Gamma-Gamma.
-- Errors are followed by their SQLSTATE.
\set SHOW_CONTEXT never
\set VERBOSITY default
SET extra_float_digits = 0;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- 1. closed forms
-- Gupta-Lehmann: m r / (1 + i - r); r = 0.8, i = 0.1 gives a multiple of 2.667
SELECT clv(100, 0.8, 0.1) AS clv, round(clv(1, 0.8, 0.1), 3) AS multiple, clv(100, 0.8, 0.1, 50) AS net_of_acquisition,
       clv(100, 1, 0.1) AS never_leaving, clv(100, 0, 0.1) AS never_returning, pg_typeof(clv(100, 0.8, 0.1));
-- AOV x purchase frequency x lifespan (x gross margin); lifespan from a churn percentage
SELECT clv_simple(50, 2, 40) AS revenue, clv_simple(50, 2, 40, 0.3) AS margin,
       expected_lifetime(2.5) AS months_at_2_5, expected_lifetime(3) AS months_at_3,
       clv_simple(50, 2, expected_lifetime(2.5), 0.3) AS chained;
-- whole percentages are caught, with a hint
SELECT clv(100, 80, 0.1);
\echo :LAST_ERROR_SQLSTATE
SELECT clv(100, 0.8, 10);
\echo :LAST_ERROR_SQLSTATE
SELECT clv(100, 0.8, -1);
\echo :LAST_ERROR_SQLSTATE
SELECT clv(100, 1, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT clv(100, 1.0001, 0.1);
\echo :LAST_ERROR_SQLSTATE
SELECT clv(100, 0.8, 0.1, -5);
\echo :LAST_ERROR_SQLSTATE
SELECT clv('NaN', 0.8, 0.1);
\echo :LAST_ERROR_SQLSTATE
SELECT clv_simple(50, 2, 40, 30);
\echo :LAST_ERROR_SQLSTATE
SELECT clv_simple(-50, 2, 40);
\echo :LAST_ERROR_SQLSTATE
SELECT expected_lifetime(0);
\echo :LAST_ERROR_SQLSTATE
SELECT expected_lifetime(250);
\echo :LAST_ERROR_SQLSTATE

-- 2. rfm: recency, frequency, monetary as of a date
CREATE TABLE orders (
    order_id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    ordered_at timestamptz NOT NULL,
    amount numeric(10, 2) NOT NULL
);
INSERT INTO orders
SELECT i, 1 + (i * 7) % 40, timestamptz '2025-01-01' + ((i * 7919) % 500) * interval '1 day' + (i % 24) * interval '1 hour',
       round((10 + (i * 37) % 190 + (i % 100) / 100.0)::numeric, 2)
FROM generate_series(1, 600) i;
SELECT customer_id, (rfm(amount, ordered_at, '2026-01-01')).*
FROM orders WHERE customer_id <= 3 GROUP BY customer_id ORDER BY customer_id;
-- equal to the same thing written out in SQL (orders after as_of are left out)
SELECT bool_and((r).recency = expected_recency AND (r).frequency = expected_frequency AND (r).monetary = expected_monetary) AS equals_hand_written,
       count(*) AS customers
FROM (SELECT customer_id, rfm(amount, ordered_at, '2026-01-01') AS r,
             timestamptz '2026-01-01' - max(ordered_at) FILTER (WHERE ordered_at <= '2026-01-01') AS expected_recency,
             count(*) FILTER (WHERE ordered_at <= '2026-01-01') AS expected_frequency,
             sum(amount) FILTER (WHERE ordered_at <= '2026-01-01') AS expected_monetary
      FROM orders GROUP BY customer_id) x;
-- an RFM segment table in one query: scores 1..5 (5 = most recent, most frequent, highest spend)
SELECT segment, count(*) AS customers
FROM (SELECT customer_id,
             CASE WHEN r + f + m >= 13 THEN 'champions' WHEN r >= 4 THEN 'recent' WHEN f + m >= 8 THEN 'at risk' ELSE 'other' END AS segment
      FROM (SELECT customer_id,
                   ntile(5) OVER (ORDER BY (x).recency DESC, customer_id) AS r,
                   ntile(5) OVER (ORDER BY (x).frequency, customer_id) AS f,
                   ntile(5) OVER (ORDER BY (x).monetary, customer_id) AS m
            FROM (SELECT customer_id, rfm(amount, ordered_at, '2026-01-01') AS x FROM orders GROUP BY customer_id) s) scored) seg
GROUP BY segment ORDER BY segment;
-- timestamp and date forms; a date recency is whole days
SELECT rfm(a, t::timestamp, timestamp '2026-03-01'), rfm(a, t::date, date '2026-03-01')
FROM (VALUES (10.5, timestamptz '2026-01-01 10:00'), (20, '2026-02-20 12:00'), (99, '2026-04-01')) v(a, t);
-- no order up to as_of: NULL; NULLs are left out
SELECT rfm(a, t, '2025-01-01') FROM (VALUES (10.5, timestamptz '2026-01-01')) v(a, t);
SELECT rfm(a, t, '2026-03-01') FROM (VALUES (10.5, timestamptz '2026-01-01'), (NULL, '2026-02-01'), (3, NULL)) v(a, t);
SELECT rfm(amount, ordered_at, ordered_at) FROM orders;
\echo :LAST_ERROR_SQLSTATE
SELECT rfm(a, t, '2026-03-01') FROM (VALUES ('NaN'::numeric, timestamptz '2026-01-01')) v(a, t);
\echo :LAST_ERROR_SQLSTATE
SELECT rfm(a, t, '2026-03-01') FROM (VALUES (1, timestamptz '-infinity')) v(a, t);
\echo :LAST_ERROR_SQLSTATE

-- 3. clv_summary: one customer as the models see them (lifetimes' summary_data_from_transaction_data)
-- lifetimes' test: observation end 2015-02-07 gives (1, 5, 6), (0, 0, 37), (2, 4, 37)
SELECT id, (clv_summary(d::date, 1, '2015-02-07')).*
FROM (VALUES (1, '2015-02-01'), (1, '2015-02-06'), (2, '2015-01-01'), (3, '2015-01-01'), (3, '2015-01-02'), (3, '2015-01-05')) v(id, d)
GROUP BY id ORDER BY id;
-- with values and weekly periods (Monday to Sunday); purchases in one period count once, their values add up
CREATE TABLE lifetimes_transactions (id integer, d date, amount numeric);
INSERT INTO lifetimes_transactions VALUES
    (1, '2015-01-01', 1), (1, '2015-02-06', 2), (2, '2015-01-01', 2), (3, '2015-01-01', 3), (3, '2015-01-02', 1),
    (3, '2015-01-05', 5), (4, '2015-01-16', 6), (4, '2015-02-02', 3), (4, '2015-02-05', 3), (5, '2015-01-16', 3),
    (5, '2015-01-17', 1), (5, '2015-01-18', 8), (6, '2015-02-02', 5);
-- lifetimes: (1, 36, 37, 2), (0, 0, 37, 0), (2, 4, 37, 3), (2, 20, 22, 3), (2, 2, 22, 4.5), (0, 0, 5, 0)
SELECT id, (clv_summary(d, amount, '2015-02-07')).* FROM lifetimes_transactions GROUP BY id ORDER BY id;
-- lifetimes, weekly: (1, 5, 5), (0, 0, 5), (1, 1, 5), (1, 3, 3), (0, 0, 3), (0, 0, 0)
SELECT id, (clv_summary(d, amount, '2015-02-07', 'week')).* FROM lifetimes_transactions GROUP BY id ORDER BY id;
-- purchases after observed_until are left out; no purchase up to it: NULL
SELECT id, clv_summary(d, amount, '2015-01-10') FROM lifetimes_transactions GROUP BY id ORDER BY id;
SELECT clv_summary(d, 1, '2015-02-07', 'month') FROM lifetimes_transactions;
\echo :LAST_ERROR_SQLSTATE
SELECT clv_summary(d, 1, d) FROM lifetimes_transactions;
\echo :LAST_ERROR_SQLSTATE
SELECT clv_summary(d, 'NaN', '2015-02-07') FROM lifetimes_transactions;
\echo :LAST_ERROR_SQLSTATE
SELECT clv_summary(d, 1, 'infinity') FROM lifetimes_transactions;
\echo :LAST_ERROR_SQLSTATE

-- 4. BG/NBD on Hardie's CDNOW data set (2357 customers, times in weeks, 39-week calibration):
-- the customer summary shipped with lifetimes, from Fader & Hardie's research data
CREATE TABLE cdnow (customer_id integer PRIMARY KEY, frequency integer, recency double precision,
                    age double precision, monetary_value double precision);
\copy cdnow FROM 'test/fixtures/cdnow_customers.csv' CSV HEADER
SELECT count(*) AS customers, count(*) FILTER (WHERE frequency > 0) AS returning FROM cdnow;
CREATE TABLE cdnow_models AS
SELECT bgnbd_fit(frequency, recency, age) AS bg, gamma_gamma_fit(frequency, monetary_value) AS gg FROM cdnow;
-- Fader, Hardie & Lee (2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4
SELECT round((bg).r, 3) AS r, round((bg).alpha, 3) AS alpha, round((bg).a, 3) AS a, round((bg).b, 3) AS b,
       (bg).customers, round((bg).log_likelihood, 1) AS log_likelihood
FROM cdnow_models;
-- the maximum to 6 digits (scipy's BFGS with analytic gradients finds 0.2425929, 4.413532, 0.7928862, 2.425753)
SELECT round((bg).r, 7) AS r, round((bg).alpha, 6) AS alpha, round((bg).a, 6) AS a, round((bg).b, 6) AS b FROM cdnow_models;
-- Hardie's note 025: Gamma-Gamma p = 6.25, q = 3.74, v = 15.44 on the 946 customers with repeat purchases
SELECT round((gg).p, 2) AS p, round((gg).q, 2) AS q, round((gg).v, 3) AS v, (gg).customers, round((gg).log_likelihood, 1) AS log_likelihood
FROM cdnow_models;

-- Hardie's spreadsheet: E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226; lifetimes' test uses the fitted model
SELECT round(expected_purchases(bg, 39, 2, 30.43, 38.86), 3) AS fitted,
       round(expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), 39, 2, 30.43, 38.86), 10) AS published
FROM cdnow_models;
-- E[X(t)] for a new customer; Hardie's spreadsheet: 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576 (lifetimes: to 3 decimals)
SELECT t, round(expected_purchases(bg, t), 4) AS fitted FROM cdnow_models, unnest(ARRAY[0.1429, 1, 3, 31.8571, 32, 78]) t;
-- P(alive) of the first CDNOW customers; 1 without repeat purchases (the model's assumption)
SELECT customer_id, frequency, recency, age, round(probability_alive(bg, frequency, recency, age), 4) AS p_alive
FROM cdnow_models, cdnow WHERE customer_id <= 6 ORDER BY customer_id;
SELECT probability_alive(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1000, 10, 100) AS long_silent;   -- lifetimes: 0
-- R BTYD's pmf (lifetimes' test): P(X(2) = 10) = 1.07869e-07, P(X(39) = 0) = 0.5737864, P(X(30) = 11..20)
SELECT round(probability_of_purchases(m, 2, 10) * 1e7, 5) AS p_2_10_e7, round(probability_of_purchases(m, 39, 0), 7) AS p_39_0,
       (SELECT array_agg(round(probability_of_purchases(m, 30, n), 10) ORDER BY n) FROM generate_series(11, 20) n) AS p_30
FROM (SELECT bgnbd_model(0.243, 4.414, 0.793, 2.426) AS m) x;
SELECT round(sum(probability_of_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), 39, n)), 12) AS total FROM generate_series(0, 400) n;

-- Gamma-Gamma: Hardie's spreadsheet gives 24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17
SELECT customer_id, frequency, monetary_value, round(expected_average_value(gg, frequency, monetary_value), 2) AS expected_value
FROM cdnow_models, cdnow WHERE customer_id <= 10 ORDER BY customer_id;

-- 12-month value, monthly discount 1%, times in weeks (4.345 a month, as lifetimes)
SELECT customer_id, round(predicted_clv(bg, gg, frequency, recency, age, monetary_value, 12, 0.01, 4.345), 4) AS clv_12_months
FROM cdnow_models, cdnow WHERE customer_id <= 6 ORDER BY customer_id;
-- independently computed (mpmath) at the published parameters: 36.289211125599217 and 407.03959498827729
SELECT round(predicted_clv(bgnbd_model(0.243, 4.414, 0.793, 2.426), gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 22.35, 12, 0.01, 4.345), 10) AS c1,
       round(predicted_clv(bgnbd_model(0.243, 4.414, 0.793, 2.426), gamma_gamma_model(6.25, 3.74, 15.44), 7, 29.43, 38.86, 73.74, 24, 0.02, 4.345), 10) AS c6;
-- one month, no discount, a mean value of 1 (v p / (q - 1) = 1): the expected purchases of that month (lifetimes' test)
SELECT predicted_clv(bg, gamma_gamma_model(1, 2, 1), 0, 0, 38.86, 0, 1, 0, 30) = expected_purchases(bg, 30, 0, 0, 38.86) AS undiscounted,
       predicted_clv(bg, gamma_gamma_model(1, 2, 1), 0, 0, 38.86, 0, 1, 0.5, 30)
       = round(expected_purchases(bg, 30, 0, 0, 38.86) / 1.5, 16) AS discounted_by_half
FROM cdnow_models;
-- the total predicted value of the customer base, next 12 months
SELECT round(sum(predicted_clv(bg, gg, frequency, recency, age, monetary_value, 12, 0.01, 4.345)), 2) AS base_value
FROM cdnow_models, cdnow;

-- weights: one row per distinct history with its count fits the same model
SELECT round((w).r, 9) = round((bg).r, 9) AND round((w).a, 9) = round((bg).a, 9) AND (w).customers = 2357 AS weights_equal_rows
FROM (SELECT bgnbd_fit(frequency, recency, age, n) AS w
      FROM (SELECT frequency, recency, age, count(*) AS n FROM cdnow GROUP BY 1, 2, 3) h) x, cdnow_models;
-- the penalizer shrinks every parameter (lifetimes' test)
SELECT (p1).r < (bg).r AND (p1).alpha < (bg).alpha AND (p1).a < (bg).a AND (p1).b < (bg).b
       AND (p2).r < (p1).r AND (p2).alpha < (p1).alpha AND (p2).a < (p1).a AND (p2).b < (p1).b AS shrinks,
       round((p1).a, 5) AS a_at_0_1
FROM (SELECT bgnbd_fit(frequency, recency, age, 1, 0.1) AS p1, bgnbd_fit(frequency, recency, age, 1, 10) AS p2 FROM cdnow) x, cdnow_models;
-- the same rows in any order give the same model, to the last digit
SELECT (SELECT bgnbd_fit(frequency, recency, age) FROM (SELECT * FROM cdnow ORDER BY customer_id DESC) s)::text
     = (SELECT bg::text FROM cdnow_models) AS order_independent;

-- from transactions to predictions in SQL: a summary per customer, then the fits.  Customers buy at
-- their own rate (gaps of 1 to 60 days), spend around their own level, and stop for good after a purchase
-- with their own probability.
CREATE TABLE purchases AS
WITH customers AS (
    SELECT c, date '2025-01-01' + (c * 37) % 120 AS first_day, 1 + (c * 7919) % 60 AS mean_gap, ((c * 104729) % 50) / 100.0 AS leave_chance
    FROM generate_series(1, 500) c),
draws AS (
    SELECT c, k, first_day,
           sum(CASE WHEN k = 0 THEN 0 ELSE ceil(mean_gap * -ln(((c * 31 + k * 17) * 2654435761 % 1000 + 0.5) / 1000.0)) END)
               OVER (PARTITION BY c ORDER BY k) AS day_offset,
           bool_and(((c * 13 + k * 29) * 40503 % 100) / 100.0 >= leave_chance)
               OVER (PARTITION BY c ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS stayed
    FROM customers CROSS JOIN generate_series(0, 40) k)
SELECT c AS customer_id, (first_day + day_offset::integer) AS purchased_on, round((5 + (c * 17) % 60) * (0.6 + ((c * 7 + k * 13) % 9) / 10.0), 2)::numeric(10, 2) AS amount
FROM draws WHERE (k = 0 OR stayed) AND first_day + day_offset::integer <= date '2025-12-31';
CREATE TABLE summary AS
SELECT customer_id, (clv_summary(purchased_on, amount, '2025-12-31')).* FROM purchases GROUP BY customer_id;
SELECT count(*) AS customers, count(*) FILTER (WHERE frequency > 0) AS returning, sum(frequency) AS repeat_days, max(age) AS oldest FROM summary;
-- the same written out in SQL: repeat days, first to last day, first day to the end, mean of the repeat days' totals
SELECT bool_and(s.frequency = h.frequency AND s.recency = h.recency AND s.age = h.age
                AND round(s.monetary_value, 9) = round(coalesce(h.repeat_total / nullif(h.frequency, 0), 0), 9)) AS equals_hand_written
FROM summary s JOIN (
    SELECT customer_id, count(DISTINCT purchased_on) - 1 AS frequency, max(purchased_on) - min(purchased_on) AS recency,
           date '2025-12-31' - min(purchased_on) AS age,
           sum(amount) - sum(amount) FILTER (WHERE purchased_on = first_day) AS repeat_total
    FROM (SELECT *, min(purchased_on) OVER (PARTITION BY customer_id) AS first_day FROM purchases) p
    GROUP BY customer_id) h USING (customer_id);
SELECT round((m).r, 3) > 0 AS fitted, round((m).customers) AS customers, round((s).customers) AS returning
FROM (SELECT bgnbd_fit(frequency, recency, age) AS m, gamma_gamma_fit(frequency, monetary_value) AS s FROM summary) x;

-- model values built from known parameters, checked on use
SELECT bgnbd_model(0.243, 4.414, 0.793, 2.426) AS bg, gamma_gamma_model(6.25, 3.74, 15.44) AS gg;
SELECT expected_purchases(row(0.243, 4.414, 0.793, 2.426, NULL, NULL)::bgnbd_model, 10) = expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), 10) AS same;
SELECT bgnbd_model(0, 1, 1, 1);
\echo :LAST_ERROR_SQLSTATE
SELECT gamma_gamma_model(1, 'Infinity', 1);
\echo :LAST_ERROR_SQLSTATE
SELECT probability_alive(row(0.2, NULL, 1, 1, NULL, NULL)::bgnbd_model, 1, 1, 2);
\echo :LAST_ERROR_SQLSTATE
SELECT probability_alive(row(0.2, -3, 1, 1, NULL, NULL)::bgnbd_model, 1, 1, 2);
\echo :LAST_ERROR_SQLSTATE
SELECT expected_average_value(gamma_gamma_model(2, 0.8, 10), 1, 10);
\echo :LAST_ERROR_SQLSTATE

-- bad histories and arguments
SELECT probability_alive(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1.5, 1, 2);
\echo :LAST_ERROR_SQLSTATE
SELECT probability_alive(bgnbd_model(0.243, 4.414, 0.793, 2.426), 2, 40, 38.86);
\echo :LAST_ERROR_SQLSTATE
SELECT probability_alive(bgnbd_model(0.243, 4.414, 0.793, 2.426), 0, 3, 38.86);
\echo :LAST_ERROR_SQLSTATE
SELECT probability_alive(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1, -1, 38.86);
\echo :LAST_ERROR_SQLSTATE
SELECT probability_alive(bgnbd_model(0.243, 4.414, 0.793, 2.426), 'NaN', 1, 38.86);
\echo :LAST_ERROR_SQLSTATE
SELECT expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), -1);
\echo :LAST_ERROR_SQLSTATE
SELECT expected_purchases(bgnbd_model(2e6, 10, 1, 2), 30);
\echo :LAST_ERROR_SQLSTATE
SELECT expected_purchases(bgnbd_model(0.243, 0.001, 0.793, 2.426), 1e200);
\echo :LAST_ERROR_SQLSTATE
SELECT probability_of_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), 10, -1);
\echo :LAST_ERROR_SQLSTATE
SELECT expected_average_value(gamma_gamma_model(6.25, 3.74, 15.44), 2, -5);
\echo :LAST_ERROR_SQLSTATE
SELECT predicted_clv(bgnbd_model(0.243, 4.414, 0.793, 2.426), gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 22.35, 12, 1);
\echo :LAST_ERROR_SQLSTATE
SELECT predicted_clv(bgnbd_model(0.243, 4.414, 0.793, 2.426), gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 22.35, 2000);
\echo :LAST_ERROR_SQLSTATE
SELECT predicted_clv(bgnbd_model(0.243, 4.414, 0.793, 2.426), gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 22.35, 12, 0.01, 0);
\echo :LAST_ERROR_SQLSTATE
-- bad rows for the fits
SELECT bgnbd_fit(f, r, a) FROM (VALUES (2.5, 1.0, 3.0)) v(f, r, a);
\echo :LAST_ERROR_SQLSTATE
SELECT bgnbd_fit(f, r, a) FROM (VALUES (2, 4.0, 3.0)) v(f, r, a);
\echo :LAST_ERROR_SQLSTATE
SELECT bgnbd_fit(frequency, recency, age, -1) FROM cdnow;
\echo :LAST_ERROR_SQLSTATE
SELECT bgnbd_fit(frequency, recency, age, 'NaN') FROM cdnow;
\echo :LAST_ERROR_SQLSTATE
SELECT bgnbd_fit(frequency, recency, age, 1, -0.5) FROM cdnow;
\echo :LAST_ERROR_SQLSTATE
SELECT bgnbd_fit(frequency, recency, age, 1, customer_id) FROM cdnow;
\echo :LAST_ERROR_SQLSTATE
SELECT bgnbd_fit(0, 0, age) FROM cdnow;
\echo :LAST_ERROR_SQLSTATE
-- everyone buying up to the last day: no dropout to estimate, the likelihood has no maximum (the detail varies by platform)
\set VERBOSITY terse
SELECT bgnbd_fit(frequency + 3, age, age) FROM cdnow WHERE customer_id <= 10;
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
SELECT gamma_gamma_fit(f, m) FROM (VALUES (2, 0.0)) v(f, m);
\echo :LAST_ERROR_SQLSTATE
SELECT gamma_gamma_fit(f, m) FROM (VALUES (0, 0.0)) v(f, m);   -- no repeat purchases: nothing to fit, NULL
-- NULL and zero weights leave rows out; an empty group gives NULL
SELECT (bgnbd_fit(frequency, recency, age, CASE WHEN customer_id % 2 = 0 THEN 0 ELSE 1 END)).customers,
       (bgnbd_fit(frequency, recency, age, CASE WHEN customer_id % 3 = 0 THEN NULL ELSE 1 END)).customers,
       bgnbd_fit(frequency, recency, age) FILTER (WHERE false)
FROM cdnow;

DROP TABLE orders, lifetimes_transactions, cdnow, cdnow_models, purchases, summary;
