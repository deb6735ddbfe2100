-- Data for the load test: the README's tables of every room, bigger (survey
-- answers and stored daily summaries, events, memberships, tickets,
-- purchases, touchpoint journeys).
CREATE TABLE load_answers (answer_id integer, answered_on date, channel text, nps_score integer,
                           csat_score integer, effort integer, weight double precision);
INSERT INTO load_answers
SELECT i, date '2026-01-01' + i % 120, (ARRAY['web', 'app', 'store'])[1 + i % 3],
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7) % 11 END, 1 + (i * 3) % 5, 1 + (i * 5) % 7, 0.5 + i % 4
FROM generate_series(1, 20000) i;
CREATE TABLE load_daily AS
SELECT answered_on, channel, ratings_agg(nps_score) AS r, ratings_agg(nps_score, weight) AS rw
FROM load_answers GROUP BY 1, 2;
ANALYZE load_answers, load_daily;
-- journeys: clicks of 500 customers over two weeks
CREATE TABLE load_events (customer integer, at timestamptz, channel text, event text);
INSERT INTO load_events
SELECT i % 500, timestamptz '2026-03-01 00:00+00' + ((i * 7919) % 20160) * interval '1 minute',
       (ARRAY['web', 'app', 'email', 'store'])[1 + (i * 13) % 4], (ARRAY['visit', 'view', 'cart', 'checkout', 'purchase'])[1 + (i * 31) % 5]
FROM generate_series(1, 20000) i;
-- business: memberships, tickets, purchases and their summaries
CREATE TABLE load_members (customer integer, joined_at timestamptz, left_at timestamptz, referred boolean);
INSERT INTO load_members
SELECT i, timestamptz '2025-06-01 00:00+00' + (i % 300) * interval '1 day',
       CASE WHEN i % 9 = 0 THEN timestamptz '2025-06-01 00:00+00' + (i % 300 + 30 + i % 200) * interval '1 day' END, i % 13 = 0
FROM generate_series(1, 5000) i;
CREATE TABLE load_tickets (category text, opened_at timestamptz, resolved_at timestamptz);
INSERT INTO load_tickets
SELECT (ARRAY['billing', 'delivery', 'returns'])[1 + i % 3], timestamptz '2026-01-01 00:00+00' + i * interval '17 minutes',
       CASE WHEN i % 11 <> 0 THEN timestamptz '2026-01-01 00:00+00' + i * interval '17 minutes' + ((i * 37) % 4000) * interval '1 minute' END
FROM generate_series(1, 2000) i;
CREATE TABLE load_purchases AS
SELECT c AS customer, date '2025-01-01' + (c * 37) % 120 + k * (1 + (c * 7919) % 40) AS purchased_on,
       round(5 + ((c * 17 + k * 13) % 60) * 1.5, 2)::double precision AS amount
FROM generate_series(1, 500) c, generate_series(0, 12) k
WHERE k < 1 + (c * 104729) % 13 AND date '2025-01-01' + (c * 37) % 120 + k * (1 + (c * 7919) % 40) <= date '2025-12-31';
CREATE TABLE load_summary AS
SELECT customer, (clv_summary(purchased_on, amount, '2025-12-31')).* FROM load_purchases GROUP BY customer;
-- attribution: 3,000 journeys of touches, a third converted
CREATE TABLE load_journeys AS
SELECT j, ARRAY(SELECT (ARRAY['search', 'email', 'social', 'direct', 'display'])[1 + (j * 7 + k * 3 + k * k) % 5]
                FROM generate_series(1, 1 + j % 6) k) AS channels,
       ARRAY(SELECT timestamptz '2026-03-01 00:00+00' + ((j + k * 29) % 20) * interval '1 day' FROM generate_series(1, 1 + j % 6) k) AS touched_at,
       j % 3 = 0 AS converted, round(((j * 37) % 500)::numeric, 2) AS value
FROM generate_series(1, 3000) j;
ANALYZE load_events, load_members, load_tickets, load_purchases, load_summary, load_journeys;
-- one row per transaction: which backend, and how much memory it holds
CREATE TABLE load_memory (pid integer, at timestamptz, bytes bigint);
