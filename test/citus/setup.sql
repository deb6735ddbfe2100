-- The demo data set (schema crm, loaded first, plain tables of the
-- coordinator: the single-node reference) copied into schema dist,
-- distributed by customer_id (colocated), with the small lookup table as a
-- reference table.  Every check runs the same query over both schemas.
SET client_min_messages = warning;
CREATE SCHEMA dist;
SET citus.shard_count = 8;

CREATE TABLE dist.customers (LIKE crm.customers);
CREATE TABLE dist.survey_answers (LIKE crm.survey_answers);
CREATE TABLE dist.events (LIKE crm.events);
CREATE TABLE dist.orders (LIKE crm.orders);
CREATE TABLE dist.memberships (LIKE crm.memberships);
CREATE TABLE dist.support_tickets (LIKE crm.support_tickets);
CREATE TABLE dist.touchpoints (LIKE crm.touchpoints);
CREATE TABLE dist.acquisition_spend (LIKE crm.acquisition_spend);

SELECT create_distributed_table('dist.customers', 'customer_id');
SELECT create_distributed_table(t, 'customer_id', colocate_with => 'dist.customers')
FROM unnest(ARRAY['dist.survey_answers', 'dist.events', 'dist.orders', 'dist.memberships',
                  'dist.support_tickets', 'dist.touchpoints']) t;
SELECT create_reference_table('dist.acquisition_spend');

INSERT INTO dist.customers SELECT * FROM crm.customers;
INSERT INTO dist.survey_answers SELECT * FROM crm.survey_answers;
INSERT INTO dist.events SELECT * FROM crm.events;
INSERT INTO dist.orders SELECT * FROM crm.orders;
INSERT INTO dist.memberships SELECT * FROM crm.memberships;
INSERT INTO dist.support_tickets SELECT * FROM crm.support_tickets;
INSERT INTO dist.touchpoints SELECT * FROM crm.touchpoints;
INSERT INTO dist.acquisition_spend SELECT * FROM crm.acquisition_spend;

-- stored summaries, the two-step form: daily ratings per channel, kept in a
-- distributed table as a team would keep them
CREATE TABLE dist.daily_ratings (day date, channel text, question text, answers ratings);
SELECT create_distributed_table('dist.daily_ratings', 'day');
INSERT INTO dist.daily_ratings
SELECT date_trunc('day', answered_at, 'UTC')::date, channel, question, ratings_agg(score)
FROM crm.survey_answers GROUP BY 1, 2, 3;

-- derived tables, made the same way in both schemas: survey answers with
-- their touchpoint ratings, and attribution journeys (a customer's touches
-- up to their next purchase)
CREATE TABLE crm.answer_ratings AS
SELECT a.customer_id, a.answer_id, a.channel, a.answered_at, a.score::double precision AS recommend,
       t.delivery::double precision AS delivery, t.support::double precision AS support,
       t.price::double precision AS price
FROM crm.survey_answers a JOIN crm.touchpoint_ratings t USING (answer_id)
WHERE a.question = 'nps' AND a.score IS NOT NULL;
CREATE TABLE crm.journeys AS
SELECT t.customer_id, p.event_id AS order_id, p.amount,
       array_agg(t.channel ORDER BY t.touched_at, t.touchpoint_id) AS channels
FROM crm.touchpoints t
LEFT JOIN LATERAL (SELECT e.event_id, e.occurred_at, e.amount FROM crm.events e
                   WHERE e.customer_id = t.customer_id AND e.event_type = 'purchase' AND e.occurred_at >= t.touched_at
                   ORDER BY e.occurred_at, e.event_id LIMIT 1) p ON true
GROUP BY t.customer_id, p.event_id, p.amount;
CREATE TABLE dist.answer_ratings (LIKE crm.answer_ratings);
CREATE TABLE dist.journeys (LIKE crm.journeys);
SELECT create_distributed_table(t, 'customer_id', colocate_with => 'dist.customers')
FROM unnest(ARRAY['dist.answer_ratings', 'dist.journeys']) t;
INSERT INTO dist.answer_ratings SELECT * FROM crm.answer_ratings;
INSERT INTO dist.journeys SELECT * FROM crm.journeys;

-- stored Markov chains per month of the first order, rolled up later
CREATE TABLE crm.monthly_chains AS
SELECT j.customer_id % 4 AS shard_key, date_trunc('month', o.ordered_at, 'UTC') AS month,
       markov_model(j.channels, j.order_id IS NOT NULL) AS chain
FROM crm.journeys j JOIN crm.orders o ON o.order_id = j.order_id
GROUP BY 1, 2;
CREATE TABLE dist.monthly_chains (LIKE crm.monthly_chains);
SELECT create_distributed_table('dist.monthly_chains', 'shard_key');
INSERT INTO dist.monthly_chains SELECT * FROM crm.monthly_chains;
ANALYZE;
