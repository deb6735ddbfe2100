-- Business metrics and lifetime value (issue: cxm 0.2).  1 million customers
-- and 1 million tickets shaped like CRM tables; 100,000 purchase histories.
\echo '-- business: generating 1,000,000 customers and 1,000,000 tickets'
CREATE TABLE bench.customers AS
SELECT i::bigint AS customer_id,
       timestamptz '2020-01-01' + ((i::bigint * 2654435761) % 2000) * interval '1 day' + (i % 24) * interval '1 hour' AS started_at,
       NULL::timestamptz AS ended_at,
       (i::bigint * 40503) % 31 = 0 AS referred,
       (ARRAY['north', 'south', 'east', 'west'])[1 + i % 4] AS region,
       (ARRAY['consumer', 'small business', 'enterprise'])[1 + i % 3] AS segment
FROM generate_series(1, 1000000) i;
UPDATE bench.customers SET ended_at = started_at + ((customer_id * 7919) % 900) * interval '1 day' WHERE customer_id % 5 = 0;
CREATE TABLE bench.tickets AS
SELECT i::bigint AS ticket_id, (i % 100000)::integer AS customer_id,
       timestamptz '2024-01-01' + i * interval '1 minute' AS opened_at,
       CASE WHEN i % 23 <> 0 THEN timestamptz '2024-01-01' + i * interval '1 minute'
                                  + ((i::bigint * 7919) % 100000) * interval '1 second' END AS resolved_at,
       (ARRAY['delivery', 'refund', 'product', 'account'])[1 + i % 4] AS category
FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench.customers;
VACUUM ANALYZE bench.tickets;

\echo '-- business: timing the operational aggregates (interleaved runs, medians)'
SELECT bench.compare('business',
    ARRAY['customers: count(*)', 'customers: count(ended_at)', 'customers: count(referred)',
          'churn_rate', 'retention_rate', 'referral_rate', 'hand-written churn'],
    ARRAY['SELECT count(*) FROM bench.customers', 'SELECT count(ended_at) FROM bench.customers',
          'SELECT count(referred) FROM bench.customers',
          $$SELECT churn_rate(started_at, ended_at, '2023-01-01', '2023-02-01') FROM bench.customers$$,
          $$SELECT retention_rate(started_at, ended_at, '2023-01-01', '2023-02-01') FROM bench.customers$$,
          'SELECT referral_rate(referred) FROM bench.customers',
          $$SELECT 100.0 * count(*) FILTER (WHERE started_at < '2023-01-01' AND ended_at >= '2023-01-01' AND ended_at < '2023-02-01')
                   / count(*) FILTER (WHERE started_at < '2023-01-01' AND (ended_at IS NULL OR ended_at >= '2023-01-01'))
            FROM bench.customers$$], 11);
SELECT bench.compare('business',
    ARRAY['tickets: count(*)', 'tickets: count(resolved_at)', 'avg_resolution_time', 'unresolved_count',
          'median_resolution_time', 'percentile_cont(0.5)'],
    ARRAY['SELECT count(*) FROM bench.tickets', 'SELECT count(resolved_at) FROM bench.tickets',
          'SELECT avg_resolution_time(opened_at, resolved_at) FROM bench.tickets',
          'SELECT unresolved_count(opened_at, resolved_at) FROM bench.tickets',
          'SELECT median_resolution_time(opened_at, resolved_at) FROM bench.tickets',
          'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY resolved_at - opened_at) FROM bench.tickets'], 7);

-- same answers, both ways
SELECT (SELECT churn_rate(started_at, ended_at, '2023-01-01', '2023-02-01') FROM bench.customers)
     = (SELECT round(100.0 * count(*) FILTER (WHERE started_at < '2023-01-01' AND ended_at >= '2023-01-01' AND ended_at < '2023-02-01')
                     / count(*) FILTER (WHERE started_at < '2023-01-01' AND (ended_at IS NULL OR ended_at >= '2023-01-01')), 16)
        FROM bench.customers)
   AND (SELECT median_resolution_time(opened_at, resolved_at) FROM bench.tickets)
     = (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY resolved_at - opened_at) FROM bench.tickets) AS same_answer \gset
CALL bench.answer('business', 'churn_rate and median_resolution_time = their hand-written SQL', :'same_answer');

\echo '-- business: 100,000 purchase histories (CDNOW, 43 times over, each history moved a little)'
CREATE TABLE bench.cdnow (customer_id integer, frequency integer, recency double precision, age double precision,
                          monetary_value double precision);
\copy bench.cdnow FROM 'test/fixtures/cdnow_customers.csv' CSV HEADER
CREATE TABLE bench.histories AS
SELECT row_number() OVER () AS customer_id, frequency,
       CASE WHEN frequency = 0 THEN 0 ELSE least(recency * (age + shift) / age, age + shift) END AS recency, age + shift AS age,
       monetary_value * (1 + shift / 10) AS monetary_value
FROM (SELECT c.*, ((c.customer_id * 7919 + k * 104729) % 1000) / 2000.0 AS shift
      FROM bench.cdnow c CROSS JOIN generate_series(1, 43) k) x
LIMIT 100000;
VACUUM ANALYZE bench.histories;
SELECT count(*) AS histories, count(DISTINCT (frequency, recency, age)) AS distinct_histories FROM bench.histories \gset

\echo '-- business: fitting and scoring'
SELECT bench.run('business', 'bgnbd_fit over 100,000 customers', 'SELECT bgnbd_fit(frequency, recency, age) FROM bench.histories', 3);
SELECT bench.run('business', 'gamma_gamma_fit over the returning ones',
                 'SELECT gamma_gamma_fit(frequency, monetary_value) FROM bench.histories', 3);
CREATE TABLE bench.models AS
SELECT bgnbd_fit(frequency, recency, age) AS bg, gamma_gamma_fit(frequency, monetary_value) AS gg FROM bench.histories;
SELECT (SELECT count(*) FROM bench.histories WHERE frequency > 0) AS returning \gset
SELECT bench.run('business', 'predicted_clv of 100,000 customers',
                 'SELECT sum(predicted_clv(bg, gg, frequency, recency, age, monetary_value, 12, 0.01, 4.345)) FROM bench.histories, bench.models', 3);
SELECT bench.run('business', 'probability_alive of 100,000 customers',
                 'SELECT sum(probability_alive(bg, frequency, recency, age)) FROM bench.histories, bench.models', 3);
SELECT round((bg).r, 3) = 0.243 AND round((bg).alpha, 2) BETWEEN 4.3 AND 4.6 AS fit_plausible FROM bench.models \gset
CALL bench.answer('business', 'bgnbd_fit of the shifted CDNOW histories near the published r and alpha', :'fit_plausible');

INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'business', what || ' / count(*)', to_char(ratio, 'FM990.00') || 'x', '<= 1.50x', ratio <= 1.5 FROM (VALUES
    ('churn_rate', bench.ms('business', 'churn_rate') / bench.ms('business', 'customers: count(*)')),
    ('retention_rate', bench.ms('business', 'retention_rate') / bench.ms('business', 'customers: count(*)')),
    ('referral_rate', bench.ms('business', 'referral_rate') / bench.ms('business', 'customers: count(*)')),
    ('avg_resolution_time', bench.ms('business', 'avg_resolution_time') / bench.ms('business', 'tickets: count(*)')),
    ('unresolved_count', bench.ms('business', 'unresolved_count') / bench.ms('business', 'tickets: count(*)'))
) v(what, ratio);
-- what reading the columns costs: the same rows, a builtin aggregate of the last column read
INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'business', what, to_char(ratio, 'FM990.00') || 'x', 'report', NULL FROM (VALUES
    ('count(ended_at) / count(*)', bench.ms('business', 'customers: count(ended_at)') / bench.ms('business', 'customers: count(*)')),
    ('count(referred) / count(*)', bench.ms('business', 'customers: count(referred)') / bench.ms('business', 'customers: count(*)')),
    ('count(resolved_at) / count(*)', bench.ms('business', 'tickets: count(resolved_at)') / bench.ms('business', 'tickets: count(*)')),
    ('churn_rate / count(ended_at)', bench.ms('business', 'churn_rate') / bench.ms('business', 'customers: count(ended_at)')),
    ('referral_rate / count(referred)', bench.ms('business', 'referral_rate') / bench.ms('business', 'customers: count(referred)')),
    ('avg_resolution_time / count(resolved_at)', bench.ms('business', 'avg_resolution_time') / bench.ms('business', 'tickets: count(resolved_at)'))
) v(what, ratio);
INSERT INTO bench.checks (room, what, measured, target, met) VALUES
    ('business', 'hand-written churn / churn_rate',
     to_char(bench.ms('business', 'hand-written churn') / bench.ms('business', 'churn_rate'), 'FM990.00') || 'x', 'report', NULL),
    ('business', 'percentile_cont(0.5) / median_resolution_time',
     to_char(bench.ms('business', 'percentile_cont(0.5)') / bench.ms('business', 'median_resolution_time'), 'FM990.00') || 'x', 'report', NULL),
    ('business', 'bgnbd_fit over ' || :histories || ' customers (' || :distinct_histories || ' distinct histories)',
     to_char(bench.ms('business', 'bgnbd_fit over 100,000 customers') / 1000, 'FM990.000') || ' s', 'seconds, not minutes',
     bench.ms('business', 'bgnbd_fit over 100,000 customers') < 10000),
    ('business', 'gamma_gamma_fit over ' || :returning || ' returning customers',
     to_char(bench.ms('business', 'gamma_gamma_fit over the returning ones') / 1000, 'FM990.000') || ' s', 'report', NULL),
    ('business', 'predicted_clv scoring (12 months)',
     to_char(:histories / (bench.ms('business', 'predicted_clv of 100,000 customers') / 1000), 'FM999,999,999') || ' rows/s', 'report', NULL),
    ('business', 'probability_alive scoring',
     to_char(:histories / (bench.ms('business', 'probability_alive of 100,000 customers') / 1000), 'FM999,999,999') || ' rows/s', 'report', NULL);
DROP TABLE bench.customers, bench.tickets, bench.cdnow, bench.histories, bench.models;
