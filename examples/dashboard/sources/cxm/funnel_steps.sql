-- The online funnel (window_funnel, 7 days): customers reaching each step,
-- and the conversion rate from the step before and from the first step.
WITH levels AS (
    SELECT customer_id,
           window_funnel('7 days', occurred_at, event_type = 'visit', event_type = 'view_product',
                         event_type = 'add_to_cart', event_type = 'checkout', event_type = 'purchase') AS reached
    FROM crm.events WHERE channel IN ('web', 'app')
    GROUP BY customer_id)
SELECT step, name AS event, count(*) FILTER (WHERE reached >= step) AS customers,
       round(100.0 * count(*) FILTER (WHERE reached >= step)
             / nullif(count(*) FILTER (WHERE reached >= step - 1 AND reached >= 1), 0), 1) AS pct_of_previous,
       round(100.0 * count(*) FILTER (WHERE reached >= step)
             / nullif(count(*) FILTER (WHERE reached >= 1), 0), 1) AS pct_of_visits
FROM levels,
     (VALUES (1, '1 visit'), (2, '2 view product'), (3, '3 add to cart'), (4, '4 checkout'), (5, '5 purchase')) s(step, name)
GROUP BY step, name
ORDER BY step
