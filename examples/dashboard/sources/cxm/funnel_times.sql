-- Median minutes to reach each step from the one before, and from the visit to
-- the purchase, for customers who reached it (window_funnel_steps).
WITH steps AS (
    SELECT window_funnel_steps('7 days', occurred_at, event_type = 'visit', event_type = 'view_product',
                               event_type = 'add_to_cart', event_type = 'checkout', event_type = 'purchase') AS at
    FROM crm.events WHERE channel IN ('web', 'app')
    GROUP BY customer_id)
SELECT s.step, s.name AS event, count(*) AS customers,
       round(extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY at[s.step] - at[s.step - 1]))::numeric / 60, 1)
           AS median_minutes_from_previous,
       round(extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY at[s.step] - at[1]))::numeric / 60, 1)
           AS median_minutes_from_visit
FROM steps, (VALUES (2, '2 view product'), (3, '3 add to cart'), (4, '4 checkout'), (5, '5 purchase')) s(step, name)
WHERE cardinality(at) >= s.step
GROUP BY s.step, s.name
ORDER BY s.step
