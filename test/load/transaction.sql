-- One pgbench transaction: the README's kinds of queries, every room
-- (aggregates, roll-ups, intervals, window use, fits, attribution), then
-- the backend's memory.
\set day random(0, 100)
SELECT channel, round(nps(nps_score), 1), round(csat(csat_score), 1), round(ces(effort), 2) FROM load_answers GROUP BY channel;
SELECT round(nps_lower(r), 2), round(nps_upper(r, 0.9, 'score'), 2), nps_pvalue(r, rw) FROM (SELECT rollup(r) AS r, rollup(rw) AS rw FROM load_daily) s;
SELECT channel, nps(rollup(r)), sum(responses(r)) FROM load_daily WHERE answered_on >= date '2026-01-01' + :day GROUP BY channel;
SELECT answer_id, nps(nps_score) OVER (ORDER BY answer_id) FROM load_answers WHERE answer_id BETWEEN :day * 100 AND :day * 100 + 200 ORDER BY answer_id LIMIT 5;
SELECT nps_category(nps_score), count(*) FROM load_answers GROUP BY 1;
SELECT ratings_agg(nps_score)::text::ratings IS NOT NULL FROM load_answers WHERE answered_on = date '2026-01-01' + :day;
-- journeys: sessions, event windows, retention, cohorts, paths, funnels, sequences
SELECT customer, max(s) FROM (SELECT customer, sessionize(at, '30 minutes') OVER (PARTITION BY customer ORDER BY at) AS s
                               FROM load_events WHERE customer < 20 + :day) x GROUP BY customer;
SELECT customer, session_count(at, '30 minutes'), retention(event = 'visit', event = 'cart', event = 'purchase'), journey_path(channel, at, 4)
FROM load_events GROUP BY customer ORDER BY customer LIMIT 20;
SELECT max(e), max(c) FROM (SELECT conditional_true_event(event = 'visit') OVER w AS e, conditional_change_event(channel) OVER w AS c
                            FROM load_events WHERE customer = :day WINDOW w AS (ORDER BY at)) x;
SELECT cohort_retention(r, 1) FROM (SELECT retention_periods(at, '1 day', 7, '2026-03-12 00:00+00') AS r FROM load_events GROUP BY customer) c;
SELECT level, count(*) FROM (SELECT window_funnel('1 day', 'strict_increase', at, event = 'visit', event = 'view', event = 'cart', event = 'purchase') AS level
                             FROM load_events GROUP BY customer) f GROUP BY level;
SELECT customer, window_funnel_steps('2 days', at, event = 'visit', event = 'cart', event = 'purchase'),
       sequence_match('(?1).*(?2)(?t<=3600)(?3)', at, event = 'view', event = 'cart', event = 'checkout'),
       sequence_count('(?1)(?2)', at, event = 'visit', event = 'view')
FROM load_events WHERE customer BETWEEN :day AND :day + 50 GROUP BY customer;
-- business: churn and retention, rates, referrals, resolution times, RFM, lifetime value
SELECT churn_rate(joined_at, left_at, month, month + interval '1 month'), retention_rate(joined_at, left_at, month, month + interval '1 month'),
       customer_flow(joined_at, left_at, month, month + interval '1 month'), referral_rate(referred)
FROM load_members, (SELECT timestamptz '2026-01-01 00:00+00' + (:day % 3) * interval '1 month' AS month) m GROUP BY month;
SELECT annual_rate(3), periodic_rate(30), cac(5000, 40 + :day), clv(100, 0.8, 0.1), expected_lifetime(2.5);
SELECT category, avg_resolution_time(opened_at, resolved_at), median_resolution_time(opened_at, resolved_at),
       resolution_time_percentile(opened_at, resolved_at, 0.9), unresolved_count(opened_at, resolved_at)
FROM load_tickets GROUP BY category;
SELECT customer, rfm(amount::numeric, purchased_on, date '2025-12-31') FROM load_purchases WHERE customer < 30 + :day GROUP BY customer;
SELECT round(sum(predicted_clv(m.purchases, m.spend, s.frequency, s.recency, s.age, s.monetary_value)), 2)
FROM load_summary s, (SELECT bgnbd_fit(frequency, recency, age, 1, 0.001) AS purchases, gamma_gamma_fit(frequency, monetary_value, 1, 0.001) AS spend
                      FROM load_summary) m;
-- attribution: rule-based credits, Markov removal effects
SELECT a.channel, sum(a.linear), sum(a.w_shaped) FROM load_journeys j,
       attribute_all(j.channels, j.touched_at, timestamptz '2026-03-21 00:00+00', j.value) a
WHERE j.converted AND j.j % 100 = :day GROUP BY a.channel;
SELECT channel, removal_effect, share FROM removal_effects((SELECT markov_model(channels, converted, value) FROM load_journeys));
SELECT count(*) FROM transitions((SELECT markov_model(channels, converted, value, 2) FROM load_journeys WHERE j % 7 = :day % 7));
INSERT INTO load_memory SELECT pg_backend_pid(), clock_timestamp(), sum(total_bytes) FROM pg_backend_memory_contexts;
