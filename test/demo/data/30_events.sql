-- Web, app and store events over the year: every customer's sessions, each a
-- short burst of events walking (or not) down the purchase funnel
-- visit -> view_product -> add_to_cart -> checkout -> purchase.
-- Customers start at different times (cohorts) and drift away at different
-- rates; store visits are short and often end in a purchase.
CREATE TABLE crm.events (
    event_id bigint PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES crm.customers,
    occurred_at timestamptz NOT NULL,
    channel text NOT NULL CHECK (channel IN ('web', 'app', 'store')),
    event_type text NOT NULL CHECK (event_type IN ('visit', 'view_product', 'add_to_cart', 'checkout', 'purchase')),
    amount numeric(10, 2)           -- purchases only
);

WITH customer_start AS (
    -- first activity: spread over the first ten months; a quarter of customers are regulars from day one
    SELECT customer_id,
           timestamptz '2025-11-01 08:00+00'
             + CASE WHEN crm.demo_rand(customer_id, 'regular') < 0.25 THEN crm.demo_rand(customer_id, 'first') * 20
                    ELSE crm.demo_rand(customer_id, 'first') * 300 END * interval '1 day' AS first_seen,
           0.08 + 0.3 * crm.demo_rand(customer_id, 'fickle') AS leave_chance
    FROM crm.customers
),
candidate_sessions AS (
    SELECT s.customer_id, k,
           s.first_seen + sum(CASE WHEN k = 1 THEN 0 ELSE 1 + 25 * -ln(1 - crm.demo_rand(s.customer_id * 100 + k, 'gap')) END)
                          OVER (PARTITION BY s.customer_id ORDER BY k) * interval '1 day'
             + crm.demo_rand(s.customer_id * 100 + k, 'hour') * interval '12 hours' AS started_at,
           -- a customer leaves for good after a session with probability leave_chance
           bool_and(crm.demo_rand(s.customer_id * 100 + k, 'stay') > s.leave_chance)
             OVER (PARTITION BY s.customer_id ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS still_here
    FROM customer_start s CROSS JOIN generate_series(1, 40) k
),
sessions AS (
    SELECT customer_id, k, started_at,
           (ARRAY['web', 'app', 'store'])[crm.demo_pick(customer_id * 100 + k, 'session channel', '{10,7,3}')] AS channel
    FROM candidate_sessions
    WHERE (k = 1 OR still_here) AND started_at < timestamptz '2026-10-31 20:00+00'
),
steps AS (
    -- how far down the funnel a session goes: 1 visit .. 5 purchase
    SELECT s.*,
           CASE WHEN channel = 'store' THEN CASE WHEN crm.demo_rand(customer_id * 100 + k, 'depth') < 0.7 THEN 5 ELSE 1 END
                ELSE 1 + (crm.demo_rand(customer_id * 100 + k, 'd1') < 0.8)::int
                        * (1 + (crm.demo_rand(customer_id * 100 + k, 'd2') < CASE channel WHEN 'app' THEN 0.55 ELSE 0.4 END)::int
                             * (1 + (crm.demo_rand(customer_id * 100 + k, 'd3') < 0.6)::int
                                  * (1 + (crm.demo_rand(customer_id * 100 + k, 'd4') < 0.8)::int)))
           END AS depth
    FROM sessions s
),
events AS (
    SELECT st.customer_id, st.k, st.channel, e.n,
           CASE WHEN st.channel = 'store' AND e.n = 2 THEN 'purchase'
                ELSE (ARRAY['visit', 'view_product', 'view_product', 'add_to_cart', 'checkout', 'purchase'])[e.n] END AS event_type,
           st.started_at + sum(CASE WHEN e.n = 1 THEN 0 ELSE 5 + 240 * crm.demo_rand(st.customer_id * 1000 + st.k * 10 + e.n, 'step') END)
                           OVER (PARTITION BY st.customer_id, st.k ORDER BY e.n) * interval '1 second' AS occurred_at
    FROM steps st
    -- online sessions that get past the visit view two products
    CROSS JOIN LATERAL generate_series(1, CASE WHEN st.channel = 'store' THEN st.depth / 5 + 1
                                               WHEN st.depth >= 2 THEN st.depth + 1 ELSE 1 END) e(n)
)
INSERT INTO crm.events
SELECT row_number() OVER (ORDER BY occurred_at, customer_id, n), customer_id, occurred_at, channel, event_type,
       CASE WHEN event_type = 'purchase' THEN round((15 + 250 * crm.demo_rand(customer_id * 100 + k, 'amount') ^ 2)::numeric, 2) END
FROM events;

CREATE INDEX ON crm.events (customer_id, occurred_at);
ANALYZE crm.events;
