\echo
\echo '=== Journey windows: funnels and sequences ======================================='
\echo 'Online funnel (window_funnel): customers reaching each step within 7 days of the visit, within'
\echo 'ten minutes, and with strict_order (any other event in between, a store visit say, ends the funnel):'
WITH levels AS (
    SELECT customer_id,
           window_funnel('7 days', occurred_at, online AND event_type = 'visit', online AND event_type = 'view_product',
                         online AND event_type = 'add_to_cart', online AND event_type = 'checkout',
                         online AND event_type = 'purchase') AS week,
           window_funnel('10 minutes', occurred_at, online AND event_type = 'visit', online AND event_type = 'view_product',
                         online AND event_type = 'add_to_cart', online AND event_type = 'checkout',
                         online AND event_type = 'purchase') AS ten_minutes,
           window_funnel('7 days', 'strict_order', occurred_at, online AND event_type = 'visit',
                         online AND event_type = 'view_product', online AND event_type = 'add_to_cart',
                         online AND event_type = 'checkout', online AND event_type = 'purchase') AS strict
    FROM (SELECT *, channel IN ('web', 'app') AS online FROM crm.events) e GROUP BY customer_id)
SELECT step, name AS event, count(*) FILTER (WHERE week >= step) AS "7 days",
       round(100.0 * count(*) FILTER (WHERE week >= step)
             / nullif(count(*) FILTER (WHERE week >= step - 1), 0), 1) AS "% of previous",
       count(*) FILTER (WHERE ten_minutes >= step) AS "10 minutes",
       count(*) FILTER (WHERE strict >= step) AS "strict_order"
FROM levels,
     (VALUES (1, 'visit'), (2, 'view_product'), (3, 'add_to_cart'), (4, 'checkout'), (5, 'purchase')) s(step, name)
GROUP BY step, name ORDER BY step;

\echo 'Time to convert, step by step, for customers who completed it (window_funnel_steps):'
WITH steps AS (
    SELECT window_funnel_steps('7 days', occurred_at, event_type = 'visit', event_type = 'view_product',
                               event_type = 'add_to_cart', event_type = 'checkout', event_type = 'purchase') AS at
    FROM crm.events WHERE channel IN ('web', 'app') GROUP BY customer_id)
SELECT s.name AS "to step", count(*) AS customers,
       date_trunc('second', percentile_cont(0.5) WITHIN GROUP (ORDER BY at[step] - at[step - 1])) AS median,
       date_trunc('second', percentile_cont(0.9) WITHIN GROUP (ORDER BY at[step] - at[step - 1])) AS p90
FROM steps, (VALUES (2, 'view_product'), (3, 'add_to_cart'), (4, 'checkout'), (5, 'purchase')) s(step, name)
WHERE cardinality(at) >= step
GROUP BY step, s.name ORDER BY step;

\echo 'Across channels: a product viewed online, then a purchase in a store within 14 days:'
SELECT count(*) FILTER (WHERE reached = 2) AS "viewed online, bought in store",
       count(*) FILTER (WHERE reached >= 1) AS "viewed online",
       round(100.0 * count(*) FILTER (WHERE reached = 2) / nullif(count(*) FILTER (WHERE reached >= 1), 0), 1) AS "%"
FROM (SELECT window_funnel('14 days', occurred_at, channel <> 'store' AND event_type = 'view_product',
                           channel = 'store' AND event_type = 'purchase') AS reached
      FROM crm.events GROUP BY customer_id) f;

\echo 'Patterns (sequence_match, sequence_count; (?t<=N) in seconds since the event before):'
SELECT pattern AS journey, count(*) FILTER (WHERE matched) AS customers, sum(times) AS occurrences
FROM (SELECT p.pattern, sequence_match(p.pattern, occurred_at, event_type = 'add_to_cart', event_type = 'purchase',
                                        event_type = 'visit') AS matched,
             sequence_count(p.pattern, occurred_at, event_type = 'add_to_cart', event_type = 'purchase',
                            event_type = 'visit') AS times
      FROM crm.events,
           (VALUES ('(?1)(?t<=900)(?2)'), ('(?1)(?t>=86400).*(?2)'), ('(?1)(?3)'), ('(?3)(?2)')) p(pattern)
      GROUP BY customer_id, p.pattern) m
GROUP BY pattern ORDER BY pattern;
\echo '  (?1)(?t<=900)(?2): cart, purchase within 15 minutes; (?1)(?t>=86400).*(?2): cart left, bought a day or more later;'
\echo '  (?1)(?3): a cart followed straight by a new visit (abandoned); (?3)(?2): a visit followed straight by a purchase.'
