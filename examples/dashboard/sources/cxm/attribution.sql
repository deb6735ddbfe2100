-- Each channel's share of the credited revenue under the rule-based models
-- (attribute_all) and the data-driven Markov model (removal_effects), in %.
WITH journeys AS (
    SELECT t.customer_id, p.event_id AS order_id, p.occurred_at AS ordered_at, p.amount,
           array_agg(t.channel ORDER BY t.touched_at, t.touchpoint_id) AS channels,
           array_agg(t.touched_at ORDER BY t.touched_at, t.touchpoint_id) AS touched_at
    FROM crm.touchpoints t
    LEFT JOIN LATERAL (SELECT e.event_id, e.occurred_at, e.amount FROM crm.events e
                       WHERE e.customer_id = t.customer_id AND e.event_type = 'purchase' AND e.occurred_at >= t.touched_at
                       ORDER BY e.occurred_at, e.event_id LIMIT 1) p ON true
    GROUP BY t.customer_id, p.event_id, p.occurred_at, p.amount),
rules AS (
    SELECT a.channel, sum(a.first_touch) AS first_touch, sum(a.last_touch) AS last_touch,
           sum(a.linear) AS linear, sum(a.time_decay) AS time_decay,
           sum(a.position_based) AS position_based, sum(a.w_shaped) AS w_shaped
    FROM journeys j, attribute_all(j.channels, j.touched_at, j.ordered_at, j.amount) a
    WHERE j.order_id IS NOT NULL
    GROUP BY a.channel),
credits AS (
    SELECT channel, m.model, m.credit
    FROM rules, LATERAL (VALUES ('1 first touch', first_touch), ('2 last touch', last_touch), ('3 linear', linear),
                                ('4 time decay', time_decay), ('5 position based', position_based),
                                ('6 W-shaped', w_shaped)) m(model, credit)
    UNION ALL
    SELECT r.channel, '7 Markov', r.value::numeric
    FROM removal_effects((SELECT markov_model(channels, order_id IS NOT NULL, amount) FROM journeys)) r)
SELECT channel, model, round(100 * credit / sum(credit) OVER (PARTITION BY model), 1) AS pct
FROM credits
ORDER BY model, channel
