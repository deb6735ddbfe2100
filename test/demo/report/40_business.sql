\echo
\echo '=== Business metrics ============================================================='
\echo 'Loyalty-club churn and retention by month (customers acquired and lost inside a month are neither):'
SELECT to_char(month, 'YYYY-MM') AS month, (f).at_start, (f).acquired, (f).lost, (f).at_end,
       round(churn, 2) AS churn_pct, round(retention, 2) AS retention_pct, round(annual_rate(churn), 1) AS churn_annualised_pct
FROM (SELECT month, customer_flow(started_at, ended_at, month, month + interval '1 month') AS f,
             churn_rate(started_at, ended_at, month, month + interval '1 month') AS churn,
             retention_rate(started_at, ended_at, month, month + interval '1 month') AS retention
      FROM crm.memberships, generate_series(timestamptz '2026-01-01', '2026-10-01', interval '1 month') month
      GROUP BY month) m
ORDER BY month;

\echo 'Acquisition in 2026 by channel: share acquired by referral, and cost per new customer:'
SELECT acquisition_channel, count(*) AS new_customers, round(referral_rate(referred), 1) AS referral_pct,
       (SELECT sum(spend) FROM crm.acquisition_spend s
        WHERE s.acquisition_channel = c.acquisition_channel AND s.month >= date '2026-01-01') AS spend,
       round(cac((SELECT sum(spend) FROM crm.acquisition_spend s
                  WHERE s.acquisition_channel = c.acquisition_channel AND s.month >= date '2026-01-01'), count(*)), 2) AS cac
FROM crm.customers c WHERE signed_up_at >= timestamptz '2026-01-01'
GROUP BY acquisition_channel ORDER BY cac DESC;

\echo 'Support: resolution times by category (skewed: compare the mean with the median; open tickets are left out and counted):'
SELECT category, count(*) AS tickets, unresolved_count(opened_at, resolved_at) AS open,
       date_trunc('minute', avg_resolution_time(opened_at, resolved_at)) AS mean,
       date_trunc('minute', median_resolution_time(opened_at, resolved_at)) AS median,
       date_trunc('minute', resolution_time_percentile(opened_at, resolved_at, 0.9)) AS p90
FROM crm.support_tickets GROUP BY category ORDER BY mean DESC;

\echo 'RFM segments on 2026-10-31 (scores 1-5 by ntile; 5 = most recent, most orders, highest spend):'
SELECT segment, count(*) AS customers, round(avg(extract(epoch FROM (x).recency) / 86400)) AS avg_days_since_order,
       round(avg((x).frequency), 1) AS avg_orders, round(avg((x).monetary), 2) AS avg_spend
FROM (SELECT x, CASE WHEN r >= 4 AND f + m >= 8 THEN 'champions'
                     WHEN r >= 4 THEN 'recent'
                     WHEN f + m >= 8 THEN 'at risk: good customers gone quiet'
                     WHEN r <= 2 THEN 'hibernating'
                     ELSE 'needs attention' END AS segment
      FROM (SELECT x, ntile(5) OVER (ORDER BY (x).recency DESC, customer_id) AS r,
                   ntile(5) OVER (ORDER BY (x).frequency, customer_id) AS f,
                   ntile(5) OVER (ORDER BY (x).monetary, customer_id) AS m
            FROM (SELECT customer_id, rfm(amount, ordered_at, '2026-10-31') AS x FROM crm.orders GROUP BY customer_id) s) scored) seg
GROUP BY segment ORDER BY avg_spend DESC;

\echo 'Predictive lifetime value: BG/NBD and Gamma-Gamma fitted on the daily purchase history (times in days).'
\echo 'Dropout here is nearly the same for everyone, so unpenalized a and b run off to infinity: a small penalizer (0.001) keeps them finite.'
CREATE TEMP TABLE summary AS
SELECT customer_id, (clv_summary((ordered_at AT TIME ZONE 'UTC')::date, amount, date '2026-10-31')).* FROM crm.orders GROUP BY customer_id;
CREATE TEMP TABLE models AS
SELECT bgnbd_fit(frequency, recency, age, 1, 0.001) AS purchases, gamma_gamma_fit(frequency, monetary_value) AS spend FROM summary;
SELECT 'BG/NBD' AS model, format('r %s, alpha %s, a %s, b %s', round((purchases).r, 3), round((purchases).alpha, 2),
                                 round((purchases).a, 3), round((purchases).b, 3)) AS parameters,
       (purchases).customers, round((purchases).log_likelihood, 1) AS log_likelihood
FROM models
UNION ALL
SELECT 'Gamma-Gamma', format('p %s, q %s, v %s', round((spend).p, 3), round((spend).q, 3), round((spend).v, 2)),
       (spend).customers, round((spend).log_likelihood, 1)
FROM models;

\echo 'Top customers by predicted value over the next 12 months (1% monthly discount):'
SELECT customer_id, frequency AS repeat_days, recency, age, round(monetary_value, 2) AS mean_repeat_order,
       round(probability_alive(purchases, frequency, recency, age), 3) AS p_alive,
       round(expected_purchases(purchases, 90, frequency, recency, age), 2) AS orders_next_90_days,
       round(expected_average_value(spend, frequency, monetary_value), 2) AS expected_order_value,
       round(predicted_clv(purchases, spend, frequency, recency, age, monetary_value), 2) AS clv_12_months
FROM summary, models
ORDER BY clv_12_months DESC, customer_id LIMIT 10;

\echo 'Predicted value of the whole base by purchase history (one-time buyers count as alive: the model''s assumption):'
SELECT CASE WHEN frequency = 0 THEN '1 day with orders' WHEN frequency <= 2 THEN '2-3 days' ELSE '4 or more days' END AS history,
       count(*) AS customers, round(avg(probability_alive(purchases, frequency, recency, age)), 3) AS avg_p_alive,
       round(sum(expected_purchases(purchases, 90, frequency, recency, age)), 1) AS orders_next_90_days,
       round(sum(predicted_clv(purchases, spend, frequency, recency, age, monetary_value)), 2) AS clv_12_months
FROM summary, models GROUP BY 1 ORDER BY 1;

\echo 'Closed forms for comparison: Gupta-Lehmann (margin 30 a month, retention 0.9, discount 0.01) and AOV x frequency x lifespan:'
SELECT round(clv(30, 0.9, 0.01), 2) AS gupta_lehmann,
       round(clv_simple(avg_order, orders_per_month, expected_lifetime(churn), 0.3), 2) AS simple_with_30pct_margin,
       round(expected_lifetime(churn), 1) AS lifetime_months
FROM (SELECT avg(amount) AS avg_order, count(*) / 12.0 / count(DISTINCT customer_id) AS orders_per_month FROM crm.orders) o,
     (SELECT churn_rate(started_at, ended_at, '2026-09-01', '2026-10-01') AS churn FROM crm.memberships) c;
