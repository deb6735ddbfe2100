-- The channel paths customers took up to their first purchase (journey_path,
-- the last four steps, repeats merged), the ten most common.
SELECT array_to_string(path, ' > ') AS path, count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM (SELECT e.customer_id, journey_path(e.channel, e.occurred_at, 4) AS path
      FROM crm.events e
      JOIN (SELECT customer_id, min(occurred_at) AS bought FROM crm.events WHERE event_type = 'purchase' GROUP BY customer_id) p
        ON p.customer_id = e.customer_id AND e.occurred_at <= p.bought
      GROUP BY e.customer_id) x
GROUP BY path
ORDER BY customers DESC, path
LIMIT 10
