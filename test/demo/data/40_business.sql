-- Business tables of the same retailer: orders (the purchases of the event
-- stream), loyalty-club memberships with cancellations, support tickets, and
-- acquisition spend per channel and month.

-- every purchase event is an order; its total is the basket value of the
-- event times the customer's level of extras (delivery, add-ons, warranties),
-- so customers differ in how much they spend per order
CREATE TABLE crm.orders AS
SELECT event_id AS order_id, customer_id, occurred_at AS ordered_at, channel, amount AS basket_value,
       round(amount * (0.5 + 2 * crm.demo_rand(customer_id, 'order extras') ^ 2)::numeric, 2) AS amount
FROM crm.events WHERE event_type = 'purchase';
ALTER TABLE crm.orders ADD PRIMARY KEY (order_id);
CREATE INDEX ON crm.orders (customer_id);

-- a customer is a member from sign-up; members who have gone quiet for three
-- months cancel a few weeks after their last visit
CREATE TABLE crm.memberships AS
SELECT c.customer_id, c.signed_up_at AS started_at,
       CASE WHEN last_seen < timestamptz '2026-08-01' AND crm.demo_rand(c.customer_id, 'cancels') < 0.8
            THEN greatest(c.signed_up_at, last_seen) + (10 + 50 * crm.demo_rand(c.customer_id, 'cancel delay')) * interval '1 day'
       END AS ended_at
FROM crm.customers c
JOIN (SELECT customer_id, max(occurred_at) AS last_seen FROM crm.events GROUP BY customer_id) e USING (customer_id);
UPDATE crm.memberships SET ended_at = NULL WHERE ended_at > timestamptz '2026-10-31';
ALTER TABLE crm.memberships ADD PRIMARY KEY (customer_id);

-- support tickets: resolution times are log-normal (a few take weeks); recent
-- tickets, and a few old ones, are still open
CREATE TABLE crm.support_tickets AS
SELECT i AS ticket_id, 1 + (crm.demo_rand(i, 'ticket customer') * 5000)::integer % 5000 AS customer_id,
       category, opened_at,
       CASE WHEN crm.demo_rand(i, 'open') < 0.02 OR opened_at + hours * interval '1 hour' > timestamptz '2026-10-31'
            THEN NULL ELSE opened_at + hours * interval '1 hour' END AS resolved_at
FROM (SELECT i, category, timestamptz '2025-11-01' + crm.demo_rand(i, 'opened') * interval '365 days' AS opened_at,
             -- exp(normal(mu, 1.1)) hours, the normal by Box-Muller; slower for deliveries and refunds
             exp(CASE category WHEN 'delivery' THEN 3.2 WHEN 'refund' THEN 3.6 WHEN 'account' THEN 1.5 ELSE 2.3 END
                 + 1.1 * sqrt(-2 * ln(1 - crm.demo_rand(i, 'r1'))) * cos(2 * pi() * crm.demo_rand(i, 'r2'))) AS hours
      FROM (SELECT i, (ARRAY['delivery', 'refund', 'product', 'account'])[crm.demo_pick(i, 'category', '{4,2,3,2}')] AS category
            FROM generate_series(1, 6000) i) t) x;
ALTER TABLE crm.support_tickets ADD PRIMARY KEY (ticket_id);

-- sales and marketing spend per month and acquisition channel
CREATE TABLE crm.acquisition_spend AS
SELECT month::date AS month, channel AS acquisition_channel,
       round((count(c.customer_id) * CASE channel WHEN 'search' THEN 38 WHEN 'social' THEN 27 WHEN 'email' THEN 9
                                                  WHEN 'partner' THEN 55 ELSE 4 END
              * (0.8 + 0.4 * crm.demo_rand(extract(epoch FROM month)::bigint, channel)))::numeric, 2) AS spend
FROM generate_series(timestamptz '2024-11-01', '2026-10-01', interval '1 month') month
CROSS JOIN unnest(ARRAY['search', 'social', 'email', 'partner', 'direct']) channel
LEFT JOIN crm.customers c ON c.acquisition_channel = channel AND date_trunc('month', c.signed_up_at, 'UTC') = month
GROUP BY month, channel;

ANALYZE crm.orders;
ANALYZE crm.memberships;
ANALYZE crm.support_tickets;
