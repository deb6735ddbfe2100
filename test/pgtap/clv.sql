-- clv: exact errors and SQLSTATEs, published reference values, properties.
BEGIN;
SELECT plan(96);
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
-- ISO day of the week minus 1, from date arithmetic alone (extract(isodow)
-- of a date goes through a timestamp before PostgreSQL 14, whose range ends
-- long before 5874897; 2000-01-03 was a Monday)
CREATE FUNCTION pg_temp.days_since_monday(d date) RETURNS integer LANGUAGE sql IMMUTABLE AS
    $$ SELECT ((d - date '2000-01-03') % 7 + 7) % 7 $$;
SELECT is((clv_summary(d, 1, e, 'week')).age,
          ((e - pg_temp.days_since_monday(e)) - (date '4714-11-24 BC' - pg_temp.days_since_monday(date '4714-11-24 BC'))) / 7,
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

-- partial states (cxm_state) of rfm (kind 5), clv_summary (kind 6), bgnbd_fit
-- and gamma_gamma_fit (kind 7): real states made by test aggregates over the
-- support functions with no final function, read back from their text form
-- and through binary COPY, combined, finished and tampered with.  The
-- references: plain SQL for rfm and clv_summary, and for the fits the rows
-- they hold (customers) and the published CDNOW parameters once combined.
CREATE TEMP TABLE rt_orders AS
SELECT i, timestamptz '2024-01-01 00:00+00' + (i * 7919 % 700) * interval '1 day' + (i % 24) * interval '1 hour' AS ordered_at,
       ((i * 37) % 20000 / 100.0)::numeric AS amount
FROM generate_series(1, 3000) i;
-- clv_summary in weeks (Monday to Sunday; 2000-01-03 was a Monday) of whole amounts, whose sums double
-- precision holds exactly
CREATE TEMP VIEW rt_order_weeks AS
SELECT i, ordered_at::date AS ordered_on, round(amount)::double precision AS amount,
       floor((ordered_at::date - date '2000-01-03') / 7.0)::integer AS week
FROM rt_orders WHERE ordered_at::date <= date '2025-06-30';
CREATE TEMP VIEW rt_clv_reference AS
-- half -1: all the rows
SELECT half, recency, frequency, monetary, s.frequency_weeks, s.recency_weeks, s.age_weeks, s.monetary_value,
       bg_customers, gg_customers
FROM (SELECT coalesce(i % 2, -1) AS half, timestamptz '2025-06-30 00:00+00' - max(ordered_at) FILTER (WHERE ordered_at <= '2025-06-30 00:00+00') AS recency,
             count(*) FILTER (WHERE ordered_at <= '2025-06-30 00:00+00') AS frequency,
             sum(amount) FILTER (WHERE ordered_at <= '2025-06-30 00:00+00') AS monetary
      FROM rt_orders GROUP BY GROUPING SETS ((i % 2), ())) r
FULL JOIN (SELECT half, count(*) - 1 AS frequency_weeks, max(week) - min(week) AS recency_weeks,
                  floor((date '2025-06-30' - date '2000-01-03') / 7.0)::integer - min(week) AS age_weeks,
                  CASE WHEN count(*) = 1 THEN 0 ELSE ((sum(spent) - min(spent) FILTER (WHERE first))
                                                      / (count(*) - 1))::double precision::numeric END AS monetary_value
           FROM (SELECT half, week, sum(amount)::numeric AS spent, week = min(week) OVER (PARTITION BY half) AS first
                 FROM (SELECT i % 2 AS half, week, amount FROM rt_order_weeks
                       UNION ALL SELECT -1, week, amount FROM rt_order_weeks) w
                 GROUP BY half, week) per_week
           GROUP BY half) s USING (half)
FULL JOIN (SELECT coalesce(customer_id % 2, -1) AS half, count(*) AS bg_customers, count(*) FILTER (WHERE frequency > 0) AS gg_customers
           FROM cdnow GROUP BY GROUPING SETS ((customer_id % 2), ())) c USING (half);
SELECT ok((SELECT count(*) = 3 AND bool_and(recency IS NOT NULL AND frequency < 3000 AND monetary IS NOT NULL
                                            AND frequency_weeks > 0 AND monetary_value > 0 AND gg_customers > 0)
           FROM rt_clv_reference),
          'partial states: the plain-SQL answers of each half and of all the rows');

CREATE AGGREGATE pg_temp.rfm_state(numeric, timestamptz, timestamptz) (SFUNC = rfm_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.rfm_merge(cxm_state) (SFUNC = rfm_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.summary_state(date, double precision, date, text) (SFUNC = clv_summary_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.summary_merge(cxm_state) (SFUNC = clv_summary_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.bgnbd_state(double precision, double precision, double precision) (SFUNC = bgnbd_fit_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.bgnbd_merge(cxm_state) (SFUNC = bgnbd_fit_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.gg_state(double precision, double precision) (SFUNC = gamma_gamma_fit_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.gg_merge(cxm_state) (SFUNC = gamma_gamma_fit_combine, STYPE = cxm_state);
CREATE TEMP TABLE rt_states AS
SELECT half, rfm, summary, bg, gg
FROM (SELECT i % 2 AS half, pg_temp.rfm_state(amount, ordered_at, '2025-06-30 00:00+00') AS rfm,
             pg_temp.summary_state(ordered_at::date, round(amount)::double precision, date '2025-06-30', 'week') AS summary
      FROM rt_orders GROUP BY i % 2) o
JOIN (SELECT customer_id % 2 AS half, pg_temp.bgnbd_state(frequency, recency, age) AS bg,
             pg_temp.gg_state(frequency, monetary_value) AS gg
      FROM cdnow GROUP BY customer_id % 2) c USING (half);
SELECT ok((SELECT count(*) = 2 AND bool_and(rfm::text ~ '^\\x0105[0-9a-f]+$' AND summary::text ~ '^\\x0106[0-9a-f]+$'
                                            AND bg::text ~ '^\\x0107[0-9a-f]+$' AND gg::text ~ '^\\x0107[0-9a-f]+$')
           FROM rt_states),
          'partial states print as \x, format 1, their kind (5 rfm, 6 clv_summary, 7 model fits) and hexadecimal digits');

-- the aggregates of each half, finished from a table of states (read through their text form when asked)
CREATE FUNCTION pg_temp.rt_differing(states text, through_text boolean) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    cast_to text := CASE WHEN through_text THEN '::text::cxm_state' ELSE '' END;
    differing text;
BEGIN
    EXECUTE format($q$
        SELECT string_agg(DISTINCT what, ', ' ORDER BY what)
        FROM (SELECT half, rfm_final(rfm%1$s) AS rfm, clv_summary_final(summary%1$s) AS summary,
                     (bgnbd_fit_final(bg%1$s)).customers AS bg_customers,
                     (gamma_gamma_fit_final(gg%1$s)).customers AS gg_customers
              FROM %2$s) f
        FULL JOIN (SELECT * FROM rt_clv_reference WHERE half >= 0) r USING (half),
        LATERAL (VALUES ('rfm', ((f.rfm).recency, (f.rfm).frequency, (f.rfm).monetary)
                                IS DISTINCT FROM (r.recency, r.frequency, r.monetary)),
                        ('clv_summary', ((f.summary).frequency, (f.summary).recency, (f.summary).age, (f.summary).monetary_value)
                                        IS DISTINCT FROM (r.frequency_weeks, r.recency_weeks, r.age_weeks, r.monetary_value)),
                        ('bgnbd_fit', f.bg_customers IS DISTINCT FROM r.bg_customers),
                        ('gamma_gamma_fit', f.gg_customers IS DISTINCT FROM r.gg_customers)) c(what, differs)
        WHERE differs$q$, cast_to, states) INTO differing;
    RETURN differing;
END $$;
SELECT is(pg_temp.rt_differing('rt_states', true), NULL,
          'partial states read back from their text form finish to the plain-SQL answers of each half');
SELECT is((SELECT count(*) FROM rt_states
           WHERE bgnbd_fit_final(bg::text::cxm_state)::text IS DISTINCT FROM bgnbd_fit_final(bg)::text
              OR gamma_gamma_fit_final(gg::text::cxm_state)::text IS DISTINCT FROM gamma_gamma_fit_final(gg)::text),
          0::bigint, 'fit states read back from their text form fit the very same models');

-- binary COPY out and back in (through a file of this backend's, removed as it is read)
CREATE TEMP TABLE rt_copied (half integer, rfm cxm_state, summary cxm_state, bg cxm_state, gg cxm_state);
CREATE TEMP TABLE rt_cut (half integer, s cxm_state);
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_clv_state_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
SELECT pg_temp.copy_through('SELECT half, rfm, summary, bg, gg FROM rt_states', 'rt_copied');
SELECT is(pg_temp.rt_differing('rt_copied', false), NULL,
          'partial states through binary COPY finish to the plain-SQL answers of each half');

CREATE TEMP TABLE rt_combined AS
SELECT rfm_final(pg_temp.rfm_merge(rfm)) AS r, clv_summary_final(pg_temp.summary_merge(summary)) AS s,
       bgnbd_fit_final(pg_temp.bgnbd_merge(bg)) AS bg, gamma_gamma_fit_final(pg_temp.gg_merge(gg)) AS gg
FROM (SELECT * FROM rt_states WHERE half = 0 UNION ALL SELECT * FROM rt_copied WHERE half = 1) u;
SELECT is((SELECT count(*) FROM rt_combined, rt_clv_reference f
           WHERE f.half = -1
             AND ((r).recency, (r).frequency, (r).monetary) IS NOT DISTINCT FROM (f.recency, f.frequency, f.monetary)
             AND ((s).frequency, (s).recency, (s).age, (s).monetary_value)
                 IS NOT DISTINCT FROM (f.frequency_weeks, f.recency_weeks, f.age_weeks, f.monetary_value)
             AND (bg).customers = f.bg_customers AND (gg).customers = f.gg_customers),
          1::bigint, 'two partial states combined finish to the plain-SQL rfm and clv_summary of all the rows, and fit all the customers');
SELECT is((SELECT array[round((bg).r, 3), round((bg).alpha, 3), round((bg).a, 3), round((bg).b, 3),
                        round((gg).p, 2), round((gg).q, 2), round((gg).v, 1)] FROM rt_combined),
          array[0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.4],
          'the combined fit states give the published CDNOW models (Fader, Hardie & Lee 2005; Hardie''s note 025: v = 15.44, 15.4477 at the maximum)');

-- a state of another kind, or of the other model, is refused by the final and combine functions
SELECT throws_ok('SELECT rfm_final(summary) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of clv_summary passed where a state of rfm is expected', 'rfm_final refuses a clv_summary state');
SELECT throws_ok('SELECT clv_summary_final(rfm) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of rfm passed where a state of clv_summary is expected', 'clv_summary_final refuses an rfm state');
SELECT throws_ok('SELECT bgnbd_fit_final(summary) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of clv_summary passed where a state of bgnbd_fit/gamma_gamma_fit is expected',
                 'bgnbd_fit_final refuses a clv_summary state');
SELECT throws_ok('SELECT bgnbd_fit_final(gg) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of gamma_gamma_fit passed where a state of bgnbd_fit is expected',
                 'bgnbd_fit_final refuses a Gamma-Gamma state');
SELECT throws_ok('SELECT gamma_gamma_fit_final(bg) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of bgnbd_fit passed where a state of gamma_gamma_fit is expected',
                 'gamma_gamma_fit_final refuses a BG/NBD state');
SELECT throws_ok('SELECT pg_temp.bgnbd_merge(s) FROM (SELECT bg FROM rt_states UNION ALL SELECT gg FROM rt_states) u(s)', '42804',
                 'cxm_state of gamma_gamma_fit passed where a state of bgnbd_fit is expected',
                 'bgnbd_fit_combine refuses a Gamma-Gamma state');

-- cut or altered bytes are refused: text input 22P02, binary COPY 22P03
SELECT throws_ok(format('SELECT %L::cxm_state', left(rfm::text, -2)), '22P02', 'invalid cxm_state value',
                 'an rfm state cut short by a byte') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', left(summary::text, -2)), '22P02', 'invalid cxm_state value',
                 'a clv_summary state cut short by a byte') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', left(bg::text, -2)), '22P02', 'invalid cxm_state value',
                 'a bgnbd_fit state cut short by a byte') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', left(gg::text, -2)), '22P02', 'invalid cxm_state value',
                 'a gamma_gamma_fit state cut short by a byte') FROM rt_states WHERE half = 0;
-- the payload starts at character 7 of the text: an rfm state's order count at 47, the first
-- purchase's period of a clv_summary state at 47, the first weight of a BG/NBD state at 95 and
-- of a Gamma-Gamma state at 79
SELECT throws_ok(format('SELECT %L::cxm_state', overlay(rfm::text placing 'ff' from 47 for 2)), '22P02',
                 'invalid cxm_state value', 'an rfm state with a negative order count') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', overlay(summary::text placing 'ff' from 47 for 2)), '22P02',
                 'invalid cxm_state value', 'a clv_summary state with a purchase before the first date') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', overlay(bg::text placing 'ff' from 95 for 2)), '22P02',
                 'invalid cxm_state value', 'a bgnbd_fit state with a negative weight') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', overlay(gg::text placing 'ff' from 79 for 2)), '22P02',
                 'invalid cxm_state value', 'a gamma_gamma_fit state with a negative weight') FROM rt_states WHERE half = 0;
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(rfm), 1, 30) FROM rt_states WHERE half = 0', 'rt_cut')$$,
                 '22P03', 'invalid cxm_state value', 'an rfm state cut short in binary COPY');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(summary), 1, 40) FROM rt_states WHERE half = 0', 'rt_cut')$$,
                 '22P03', 'invalid cxm_state value', 'a clv_summary state cut short in binary COPY');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(bg), 1, 60) FROM rt_states WHERE half = 0', 'rt_cut')$$,
                 '22P03', 'invalid cxm_state value', 'a bgnbd_fit state cut short in binary COPY');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(gg), 1, 60) FROM rt_states WHERE half = 0', 'rt_cut')$$,
                 '22P03', 'invalid cxm_state value', 'a gamma_gamma_fit state cut short in binary COPY');

-- rfm keeps a sum of up to 36 digits inside its state and a longer one in
-- the state's pool: sums that grow past that (amounts of 10^40) and shrink
-- back (-10^40), one group at a time and through combined states (each
-- half's state text read back), against sum() in plain SQL
CREATE TEMP TABLE rt_big AS
SELECT i % 5 AS g, i % 2 AS half, timestamp '2025-01-01' + i * interval '1 hour' AS t,
       CASE WHEN i % 7 = 0 THEN 1e40 + i / 1000.0 WHEN i % 7 = 3 THEN -1e40 ELSE i * 1.01 END AS a
FROM generate_series(1, 200) i;
SELECT is((SELECT count(*) FROM (SELECT g, (rfm(a, t, timestamp '2026-01-01')).monetary AS m, sum(a) AS s
                                 FROM rt_big GROUP BY g) x
           WHERE m IS DISTINCT FROM s),
          0::bigint, 'rfm: sums past 36 digits and back equal sum()');
CREATE AGGREGATE pg_temp.rfm_state_ts(numeric, timestamp, timestamp) (SFUNC = rfm_trans, STYPE = cxm_state);
SELECT is((SELECT count(*) FROM (SELECT g, (rfm_final(pg_temp.rfm_merge(st::text::cxm_state))).monetary AS m
                                 FROM (SELECT g, half, pg_temp.rfm_state_ts(a, t, timestamp '2026-01-01') AS st
                                       FROM rt_big GROUP BY g, half) h GROUP BY g) x
                            FULL JOIN (SELECT g, sum(a) AS s FROM rt_big GROUP BY g) r USING (g)
           WHERE m IS DISTINCT FROM s),
          0::bigint, 'rfm: and so do combined states holding such sums');

SELECT * FROM finish();
ROLLBACK;
