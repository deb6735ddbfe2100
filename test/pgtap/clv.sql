-- clv: exact errors and SQLSTATEs, published reference values, properties.
BEGIN;
SELECT plan(43);
SET LOCAL timezone = 'UTC';

CREATE TEMP TABLE cdnow (customer_id integer, frequency integer, recency double precision, age double precision,
                         monetary_value double precision);
-- Fader & Hardie's CDNOW customer summary, as shipped with the lifetimes library
\copy cdnow FROM 'test/fixtures/cdnow_customers.csv' CSV HEADER
CREATE TEMP TABLE models AS
SELECT bgnbd_fit(frequency, recency, age) AS bg, gamma_gamma_fit(frequency, monetary_value) AS gg FROM cdnow;

-- published values (Fader, Hardie & Lee 2005; Hardie's note 025 and spreadsheets; R BTYD)
SELECT is(round((bg).r, 3), 0.243, 'BG/NBD r = 0.243') FROM models;
SELECT is(round((bg).alpha, 3), 4.414, 'BG/NBD alpha = 4.414') FROM models;
SELECT is(round((bg).a, 3), 0.793, 'BG/NBD a = 0.793') FROM models;
SELECT is(round((bg).b, 3), 2.426, 'BG/NBD b = 2.426') FROM models;
SELECT is(round((bg).log_likelihood, 1), -9582.4, 'BG/NBD log-likelihood = -9582.4') FROM models;
SELECT is(round((gg).p, 2), 6.25, 'Gamma-Gamma p = 6.25') FROM models;
SELECT is(round((gg).q, 2), 3.74, 'Gamma-Gamma q = 3.74') FROM models;
SELECT ok(abs((gg).v - 15.44) < 0.01, 'Gamma-Gamma v = 15.44 (15.4477 at the maximum)') FROM models;
SELECT is(round(expected_purchases(bg, 39, 2, 30.43, 38.86), 3), 1.226, 'E[Y(39)|2,30.43,38.86] = 1.226') FROM models;
SELECT is(round(expected_purchases(bg, 31.8571), 3), 1.040, 'E[X(31.86)] = 1.0405 (Hardie: to 3 decimals)') FROM models;
SELECT is(round(probability_of_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), 39, 0), 7), 0.5737864, 'P(X(39) = 0) (BTYD)');
SELECT is(round(probability_of_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), 30, 15), 10), 0.0007023638, 'P(X(30) = 15) (BTYD)');
SELECT is(round(expected_average_value(gg, 7, 73.74), 2), 71.46, 'E[M|7,73.74] = 71.46 (Hardie)') FROM models;
SELECT is(round(expected_average_value(gg, 0, 0), 2), 35.17, 'a new customer: 35.17 (Hardie)') FROM models;
SELECT is(probability_alive(bg, 0, 0, 38.86), 1::numeric, 'no repeat purchase: alive') FROM models;

-- properties
SELECT ok(bool_and(p BETWEEN 0 AND 1), 'P(alive) lies in 0..1 on a grid (lifetimes'' test)')
FROM (SELECT probability_alive(bg, x, t_x, t) AS p FROM models, generate_series(0, 90, 10) x, generate_series(0, 90, 10) t_x,
             generate_series(0, 90, 10) t WHERE t_x <= t AND (x > 0 OR t_x = 0)) g;
SELECT ok(bool_and(e2 >= e1), 'expected purchases grow with the horizon')
FROM (SELECT expected_purchases(bg, t, 3, 20, 38.86) AS e1, expected_purchases(bg, t + 1, 3, 20, 38.86) AS e2
      FROM models, generate_series(0, 200, 5) t) g;
SELECT ok(bool_and(a1 >= a2), 'a long silence makes a customer less likely to be alive')
FROM (SELECT probability_alive(bg, 4, t_x, 38.86) AS a1, probability_alive(bg, 4, t_x - 1, 38.86) AS a2
      FROM models, generate_series(1, 38) t_x) g;
SELECT is(round(sum(probability_of_purchases(bg, 10, n)), 12), 1.000000000000, 'the purchase counts'' probabilities add up to 1')
FROM models, generate_series(0, 200) n;
SELECT ok(predicted_clv(bg, gg, 2, 30.43, 38.86, 22.35, 12, 0.05, 4.345) < predicted_clv(bg, gg, 2, 30.43, 38.86, 22.35, 12, 0.01, 4.345),
          'a higher discount rate lowers the value') FROM models;
SELECT is(predicted_clv(bg, gg, 2, 30.43, 38.86, 22.35, 0), 0::numeric, 'no months, no value') FROM models;
SELECT is((bgnbd_fit(frequency, recency, age, 1, 0))::text, (SELECT bg::text FROM models), 'penalizer 0 is no penalizer')
FROM cdnow;
SELECT is((SELECT bgnbd_fit(frequency, recency, age) FROM cdnow WHERE customer_id % 2 = 0)::text,
          (SELECT bgnbd_fit(frequency, recency, age, CASE WHEN customer_id % 2 = 0 THEN 1 ELSE 0 END) FROM cdnow)::text,
          'weight 0 leaves a customer out');

-- recency is as_of minus the last order, as timestamp subtraction gives it, also for
-- timestamps more than 2^63 microseconds apart, where PostgreSQL's subtraction overflows
-- (0.2.0: 22008 "recency out of range"); the reference is date arithmetic
SELECT is((rfm(1, t, a)).recency, (date '294276-12-31' - date '4714-11-24 BC') * interval '1 day' + interval '23:59:59.999999',
          'rfm: recency of timestamps 299,000 years apart')
FROM (VALUES (timestamp '4714-11-24 00:00:00 BC', timestamp '294276-12-31 23:59:59.999999')) v(t, a);
SELECT is((rfm(1, t, a)).recency, (date '294276-12-31' - date '4714-11-24 BC') * interval '1 day' + interval '23:59:59.999999',
          'rfm: and of timestamptz values')
FROM (VALUES (timestamptz '4714-11-24 00:00:00+00 BC', timestamptz '294276-12-31 23:59:59.999999+00')) v(t, a);
SELECT ok(bool_and((r).recency = a - t), 'rfm: recency equals timestamp subtraction around day and epoch boundaries')
FROM (SELECT t, a, rfm(1, t, a) AS r
      FROM (SELECT timestamp '2000-01-01' + d * interval '1 day' + s * interval '0.25 second' AS t,
                   timestamp '2000-01-01' + e * interval '1 day' AS a
            FROM generate_series(-3, 3) d, generate_series(-5, 5) s, generate_series(-2, 4) e) g
      WHERE t <= a GROUP BY t, a) x;
SELECT throws_ok($$SELECT rfm(1, timestamptz 'infinity', timestamptz '2026-01-01')$$, '22008', 'ordered_at must be finite',
                 'rfm: an infinite order time is an error');

-- exact messages and SQLSTATEs
SELECT throws_ok('SELECT clv(100, 80, 0.1)', '22023', 'retention 80 is not a fraction between 0 and 1', 'clv: retention as a percentage');
SELECT throws_ok('SELECT clv(100, 0.8, 12)', '22023', 'discount 12 is not a fraction below 1', 'clv: discount as a percentage');
SELECT throws_ok('SELECT clv(100, 0.95, -0.05)', '22023', 'retention 0.95 with discount -0.05 gives an infinite value', 'clv: diverging');
SELECT throws_ok('SELECT clv_simple(50, 2, 40, 25)', '22023', 'gross_margin 25 is not a fraction of at most 1', 'clv_simple: margin as a percentage');
SELECT throws_ok('SELECT expected_lifetime(0)', '22023', 'churn_rate 0 gives an infinite lifetime', 'expected_lifetime: no churn');
SELECT throws_ok($$SELECT rfm(a, t, t) FROM (VALUES (1, date '2026-01-01'), (2, date '2026-01-02')) v(a, t)$$, '22023',
                 'as_of must be the same for every row of a group', 'rfm: varying as_of');
SELECT throws_ok($$SELECT clv_summary(date '2026-01-01', 1, date '2026-02-01', 'fortnight')$$, '22023',
                 'unknown period "fortnight"', 'clv_summary: unknown period');
SELECT throws_ok('SELECT bgnbd_fit(3, 5, 4)', '22023', 'recency 5 is greater than age 4', 'bgnbd_fit: recency after age');
SELECT throws_ok('SELECT bgnbd_fit(0, 2, 4)', '22023', 'recency 2 with frequency 0: a customer without repeat purchases has recency 0',
                 'bgnbd_fit: recency without a repeat purchase');
SELECT throws_ok('SELECT bgnbd_fit(1.5, 2, 4)', '22023', 'frequency 1.5 is not a whole number of repeat purchases', 'bgnbd_fit: fractional frequency');
SELECT throws_ok('SELECT bgnbd_fit(1, 2, 4, -1)', '22023', 'weight -1 is negative', 'bgnbd_fit: negative weight');
SELECT throws_ok($$SELECT bgnbd_fit(1, 2, 4, 1, 'Infinity')$$, '22023', 'penalizer Infinity is not a finite number of at least 0', 'bgnbd_fit: infinite penalizer');
SELECT throws_ok('SELECT bgnbd_fit(0, 0, 10)', '22000', 'bgnbd_fit needs at least one customer with a repeat purchase', 'bgnbd_fit: nothing to fit');
SELECT throws_ok('SELECT gamma_gamma_fit(2, -3)', '22023', 'monetary_value -3 is not a positive finite amount', 'gamma_gamma_fit: negative value');
SELECT throws_ok('SELECT probability_alive(bgnbd_model(1, 1, 1, 1), 1, 1, 0.5)', '22023', 'recency 1 is greater than age 0.5', 'probability_alive: bad history');
SELECT throws_ok('SELECT expected_average_value(gamma_gamma_model(1, 1, 1), 1, 1)', '22023',
                 'gamma_gamma_model parameter q 1 is not above 1', 'expected_average_value: q = 1');

SELECT * FROM finish();
ROLLBACK;
