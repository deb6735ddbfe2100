\echo
\echo '=== Touchpoint attribution ======================================================='
-- A journey: a customer's touches since their previous purchase, up to the
-- next purchase (converted) or up to now (not yet).
CREATE TEMP VIEW journeys AS
SELECT t.customer_id, p.event_id AS order_id, p.occurred_at AS ordered_at, p.amount,
       array_agg(t.channel ORDER BY t.touched_at, t.touchpoint_id) AS channels,
       array_agg(t.touched_at ORDER BY t.touched_at, t.touchpoint_id) AS touched_at
FROM crm.touchpoints t
LEFT JOIN LATERAL (SELECT e.event_id, e.occurred_at, e.amount FROM crm.events e
                   WHERE e.customer_id = t.customer_id AND e.event_type = 'purchase' AND e.occurred_at >= t.touched_at
                   ORDER BY e.occurred_at, e.event_id LIMIT 1) p ON true
GROUP BY t.customer_id, p.event_id, p.occurred_at, p.amount;

\echo 'Journeys, from touchpoints and purchases (a purchase with no touch since the one before credits no channel):'
SELECT count(*) AS journeys, count(order_id) AS converted, round(avg(cardinality(channels)), 2) AS touches_per_journey,
       sum(amount) AS revenue_credited,
       (SELECT sum(amount) FROM crm.events WHERE event_type = 'purchase') AS revenue_all_purchases
FROM journeys;

\echo 'Revenue credited to each channel under each rule-based model (time decay: 7-day half-life):'
SELECT a.channel, sum(a.first_touch) AS first_touch, sum(a.last_touch) AS last_touch,
       sum(a.last_non_direct) AS last_non_direct, round(sum(a.linear), 2) AS linear,
       round(sum(a.time_decay), 2) AS time_decay, round(sum(a.position_based), 2) AS position_based,
       round(sum(a.w_shaped), 2) AS w_shaped
FROM journeys j, attribute_all(j.channels, j.touched_at, j.ordered_at, j.amount) a
WHERE j.order_id IS NOT NULL
GROUP BY ROLLUP (a.channel)
ORDER BY a.channel IS NULL, sum(a.last_touch) DESC;

\echo 'Data-driven (Markov chain, removal effects) against last touch:'
WITH chain AS (SELECT markov_model(channels, order_id IS NOT NULL, amount) AS c FROM journeys),
     last_touch AS (
         SELECT a.channel, count(*) FILTER (WHERE a.weight = 1) AS conversions, sum(a.credit) AS revenue
         FROM journeys j, attribute('last_touch', j.channels, j.touched_at, j.ordered_at, j.amount) a
         WHERE j.order_id IS NOT NULL GROUP BY a.channel)
SELECT r.channel, round(r.removal_effect::numeric, 3) AS removal_effect, round(100 * r.share::numeric, 1) AS share_pct,
       round(r.conversions::numeric, 1) AS markov_conversions, l.conversions AS last_touch_conversions,
       round(r.value::numeric, 2) AS markov_revenue, l.revenue AS last_touch_revenue
FROM chain, removal_effects(chain.c) r LEFT JOIN last_touch l USING (channel)
ORDER BY r.share DESC;

\echo 'Second-order chain (states are the last two channels): does sequence matter?'
SELECT r1.channel, round(100 * r1.share::numeric, 1) AS first_order_pct, round(100 * r2.share::numeric, 1) AS second_order_pct
FROM removal_effects((SELECT markov_model(channels, order_id IS NOT NULL) FROM journeys)) r1
JOIN removal_effects((SELECT markov_model(channels, order_id IS NOT NULL, 1, 2) FROM journeys)) r2 USING (channel)
ORDER BY r1.share DESC;

\echo 'Where journeys go next from each first touch (transition probabilities of the first-order chain):'
SELECT t.to_state AS first_touch, t.journeys, round(t.probability::numeric, 3) AS share_of_starts,
       round(c.probability::numeric, 3) AS converts_next, round(n.probability::numeric, 3) AS ends_next
FROM (SELECT markov_model(channels, order_id IS NOT NULL) AS c FROM journeys) m,
     transitions(m.c) t
LEFT JOIN transitions(m.c) c ON c.from_state = t.to_state AND c.to_state = '(conversion)'
LEFT JOIN transitions(m.c) n ON n.from_state = t.to_state AND n.to_state = '(null)'
WHERE t.from_state = '(start)'
ORDER BY t.journeys DESC;

\echo 'Chains stored per month, rolled up by quarter (rollup merges counts: exact, no re-scan):'
CREATE TEMP TABLE monthly_chains AS
SELECT date_trunc('month', coalesce(ordered_at, touched_at[cardinality(touched_at)]), 'UTC') AS month,
       markov_model(channels, order_id IS NOT NULL, amount) AS chain
FROM journeys GROUP BY 1;
SELECT to_char(quarter, 'YYYY-"Q"Q') AS quarter,
       max(round(100 * r.share::numeric, 1)) FILTER (WHERE r.channel = 'social') AS social_pct,
       max(round(100 * r.share::numeric, 1)) FILTER (WHERE r.channel = 'paid_search') AS paid_search_pct,
       max(round(100 * r.share::numeric, 1)) FILTER (WHERE r.channel = 'email') AS email_pct,
       round(sum(r.value)::numeric, 2) AS revenue
FROM (SELECT date_trunc('quarter', month) AS quarter, rollup(chain) AS chain FROM monthly_chains GROUP BY 1) q,
     removal_effects(q.chain) r
GROUP BY quarter ORDER BY quarter;
SELECT rollup(chain)::text = (SELECT markov_model(channels, order_id IS NOT NULL, amount)::text FROM journeys)
       AS months_roll_up_to_the_whole_year_exactly
FROM monthly_chains;
