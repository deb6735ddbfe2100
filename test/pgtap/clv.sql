-- clv: exact errors and SQLSTATEs, published reference values, properties.
BEGIN;
SELECT plan(69);
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
SELECT is((clv_summary(d, 1, date '5874897-12-31'))::text,
          format('(1,%s,%s,1)', date '5874897-12-31' - date '4714-11-24 BC', date '5874897-12-31' - date '4714-11-24 BC'),
          'clv_summary: recency and age across the whole range of dates, as date subtraction gives them')
FROM (VALUES (date '4714-11-24 BC'), ('5874897-12-31')) v(d);
SELECT is((clv_summary(d, 1, e, 'week')).age,
          ((e - (extract(isodow FROM e)::int - 1)) - (date '4714-11-24 BC' - (extract(isodow FROM date '4714-11-24 BC')::int - 1))) / 7,
          'clv_summary: and in Monday-to-Sunday weeks')
FROM (VALUES (date '4714-11-24 BC'), ('5874897-12-20')) v(d), (VALUES (date '5874897-12-31')) w(e) GROUP BY e;
SELECT throws_ok($$SELECT rfm(1, timestamptz 'infinity', timestamptz '2026-01-01')$$, '22008', 'ordered_at must be finite',
                 'rfm: an infinite order time is an error');

-- extreme models, horizons and discounts: accurate, or a specific error (0.2.0: wrong digits, "bug" errors).
-- Reference values: test/tools/clv_extremes_reference.py (200-digit mpmath, published formulas).
CREATE FUNCTION pg_temp.close_to(got numeric, want numeric, tolerance numeric) RETURNS boolean LANGUAGE sql AS
    $$SELECT abs(got - want) <= tolerance * abs(want)$$;
SELECT ok(pg_temp.close_to(expected_purchases(bgnbd_model(1, 1, 1000, 1000), 100, 1, 1, 2), 0.61402057940162703, 1e-13),
          'expected_purchases with a = b = 1000 (0.2.0: "result -Infinity", a bug error)');
SELECT ok(pg_temp.close_to(expected_purchases(bgnbd_model(0.5, 10, 1, 2), 30), 0.95519376576599086, 1e-13),
          'expected_purchases at a = 1, where the closed form divides 0 by 0 (0.2.0: "undefined")');
SELECT ok(pg_temp.close_to(expected_purchases(bgnbd_model(0.243, 0.001, 0.793, 2.426), 1e9), 1505.7616714808447, 1e-13),
          'expected_purchases over a horizon 10^12 times alpha (0.2.0: "does not converge")');
SELECT ok(pg_temp.close_to(expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1e12), 1104.4970975430242, 1e-13),
          'expected_purchases of a CDNOW customer over 10^12 weeks');
SELECT ok(pg_temp.close_to(expected_purchases(bgnbd_model(2, 7, 1e6, 3e5), 1e6, 5, 20, 30), 0.041598936860651951, 1e-13),
          'expected_purchases with a and b at the top of the range');
SELECT ok(pg_temp.close_to(expected_purchases(bgnbd_model(1e-6, 1e-3, 1e-6, 1e6), 50, 3, 10, 40), 3.7499075020631278, 1e-13),
          'expected_purchases with r and a at the bottom of the range');
SELECT ok(bool_and(pg_temp.close_to(probability_of_purchases(bgnbd_model(1000, 1000, 1e6, 1e6), 10, n), want, 1e-12)),
          'probability_of_purchases with a = b = 10^6 to 12 digits (0.2.0: 9 digits)')
FROM (VALUES (0, 4.7711845709845319e-5), (1, 0.50021234133313441), (5, 0.03151217405378633),
             (10, 0.00065033925735670645), (20, 5.3080039137869288e-9)) v(n, want);
SELECT ok(pg_temp.close_to(sum(probability_of_purchases(bgnbd_model(1000, 1000, 1e6, 1e6), 10, n)), 1, 1e-14),
          'and the probabilities of 0..200 purchases add up to 1 (0.2.0: 1 - 1e-9)')
FROM generate_series(0, 200) n;
SELECT ok(pg_temp.close_to(probability_alive(bgnbd_model(0.5, 1e12, 1e6, 1e-6), 1e6, 1e6, 2e6), 0.26894142136978213, 1e-13),
          'probability_alive when alpha dwarfs the times (0.2.0: 9 digits)');
SELECT ok(pg_temp.close_to(expected_average_value(gamma_gamma_model(1e200, 2, 1e200), 1, 1), 9.9999999999999997e199, 1e-14),
          'expected_average_value of a huge model (0.2.0: 1)');
SELECT ok(pg_temp.close_to(predicted_clv(bgnbd_model(0.243, 4.414, 0.793, 2.426), gamma_gamma_model(6.25, 3.74, 15.44),
                                         2, 30.43, 38.86, 22.35, 120, -0.999, 1e-70), 9.2977486861894923e289, 1e-12),
          'predicted_clv with monthly_discount -0.999: (1 + d)^120 underflows, the value does not (0.2.0: "result Infinity")');
SELECT throws_ok($$SELECT predicted_clv(bgnbd_model(0.243, 4.414, 0.793, 2.426), gamma_gamma_model(6.25, 3.74, 15.44),
                                        2, 30.43, 38.86, 22.35, 1200, -0.99, 4.345)$$, '22003', 'predicted_clv is out of range',
                 'predicted_clv past the range of double precision is a specific error');
SELECT throws_ok($$SELECT expected_average_value(gamma_gamma_model(1e300, 1.5, 1e300), 0, 0)$$, '22003',
                 'expected_average_value is out of range', 'so is expected_average_value');
SELECT throws_ok($$SELECT probability_of_purchases('(1e20,1e-20,1e20,1e-20,,)'::bgnbd_model, 10, 1)$$, '22023',
                 'bgnbd_model parameter r 1e+20 is outside the range where the predictions are accurate',
                 'a model outside the accurate range is refused (0.2.0: probabilities past 1, a bug error)');
SELECT throws_ok($$SELECT probability_alive('(0.2,1,1,1e-7,,)'::bgnbd_model, 1, 1, 2)$$, '22023',
                 'bgnbd_model parameter b 1e-07 is outside the range where the predictions are accurate', 'b below 1e-6 too');
SELECT throws_ok('SELECT bgnbd_model(1e7, 1, 1, 1)', '22023',
                 'bgnbd_model parameter r 1e+07 is outside the range where the predictions are accurate',
                 'bgnbd_model refuses it up front');
SELECT ok((m).r = 1e6 AND (m).alpha = 1e300 AND (m).a = 1e-6 AND (m).b = 1e6 AND expected_purchases(m, 1, 1, 1, 2) >= 0,
          'the ends of the range are accepted') FROM (SELECT bgnbd_model(1e6, 1e300, 1e-6, 1e6) AS m) x;
SELECT throws_ok($$SELECT expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1e300)$$, '22023',
                 'expected_purchases over a horizon of 1e+300 is more than 1e+100 times alpha + age',
                 'a horizon past 10^100 times alpha + age is refused');
SELECT is((clv_summary(d, a, date '2026-01-01')).monetary_value, 1.7e308,
          'clv_summary: repeat amounts that add up past double precision still have their mean (0.2.0: Infinity)')
FROM (VALUES (date '2025-01-01', 1.0::double precision), ('2025-02-01', 1.7e308), ('2025-03-01', 1.7e308)) v(d, a);
SELECT throws_ok($$SELECT clv_summary(d, a, date '2026-01-01') FROM (VALUES (date '2025-01-01', 1.0::double precision),
                     ('2025-02-01', 1.7e308), ('2025-02-01', 1.7e308)) v(d, a)$$, '22003',
                 'clv_summary monetary_value is out of range', 'clv_summary: a mean past double precision is an error (0.2.0: Infinity)');
SELECT ok(round((gg).p, 2) = 6.25 AND round((gg).q, 2) = 3.74 AND abs((gg).v / 1e5 - 15.44) < 0.01,
          'gamma_gamma_fit of CDNOW amounts in a unit 100,000 times smaller: the published p, q and v (0.2.0: "v runs off toward infinity")')
FROM (SELECT gamma_gamma_fit(frequency, monetary_value * 1e5) AS gg FROM cdnow) x;
SELECT ok(round((gg).p, 2) = 6.25 AND round((gg).q, 2) = 3.74 AND abs((gg).v / 1e-8 - 15.44) < 0.01,
          'and in a unit 10^8 times larger (0.2.0: "v runs off toward 0")')
FROM (SELECT gamma_gamma_fit(frequency, monetary_value * 1e-8) AS gg FROM cdnow) x;
SELECT throws_ok($$SELECT bgnbd_fit(x, t, a, w) FROM (VALUES (1, 1, 2, 1e308::double precision), (2, 1, 3, 1e308)) v(x, t, a, w)$$,
                 '22003', 'bgnbd_fit is out of range for these rows', 'bgnbd_fit: weights adding up past double precision');
SELECT throws_ok($$SELECT gamma_gamma_fit(x, m, w) FROM (VALUES (2, 3.5, 1e308::double precision), (3, 5, 1e308)) v(x, m, w)$$,
                 '22003', 'gamma_gamma_fit is out of range for these rows',
                 'gamma_gamma_fit: weights adding up past double precision (0.2.0: "did not converge")');

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
