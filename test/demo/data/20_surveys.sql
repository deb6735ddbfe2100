-- About 60,000 survey answers over twelve months on five channels.  Each
-- survey asks one question: NPS (0..10), CSAT (1..5) or CES (1..7, CES 2.0,
-- higher is easier).  Some answers skip the score (NULL).  The weight
-- corrects for the over-represented north region (post-stratification).
-- The app improves through the year; the call centre gets worse in winter.
CREATE TABLE crm.survey_answers (
    answer_id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES crm.customers,
    channel text NOT NULL CHECK (channel IN ('web', 'app', 'store', 'call centre', 'email')),
    question text NOT NULL CHECK (question IN ('nps', 'csat', 'ces')),
    answered_at timestamptz NOT NULL,
    score smallint,
    weight double precision NOT NULL
);

INSERT INTO crm.survey_answers
SELECT i, customer_id, channel, question, answered_at,
       CASE WHEN crm.demo_rand(i, 'skip') < 0.03 THEN NULL
            WHEN question = 'nps' THEN crm.demo_pick(i, 'score', ARRAY[
                 -- 0..10: detractor mass shrinks with quality, promoter mass grows
                 3 - q, 2 - q, 2 - q, 3 - q, 3 - q, 4 - q, 6 - q, 10, 14, 16 + 6 * q, 14 + 8 * q]) - 1
            WHEN question = 'csat' THEN crm.demo_pick(i, 'score', ARRAY[2 - q, 3 - q, 6, 14 + 3 * q, 10 + 5 * q])
            ELSE crm.demo_pick(i, 'score', ARRAY[2 - q, 3 - q, 4 - q, 6, 10, 12 + 3 * q, 8 + 4 * q])
       END,
       CASE region WHEN 'north' THEN 0.625 WHEN 'south' THEN 0.833 WHEN 'east' THEN 1.25 ELSE 2.5 END
FROM (
    SELECT i, c.customer_id, c.region, ch.channel, qn.question, t.answered_at,
           -- q: service quality in -1..1 by channel and month
           greatest(-0.9, least(0.9,
               CASE ch.channel
                   WHEN 'app' THEN -0.6 + 1.2 * extract(epoch FROM t.answered_at - timestamptz '2025-11-01 00:00+00') / (365 * 86400)
                   WHEN 'call centre' THEN CASE WHEN extract(month FROM t.answered_at) IN (12, 1, 2) THEN -0.8 ELSE -0.1 END
                   WHEN 'store' THEN 0.5
                   WHEN 'web' THEN 0.1
                   ELSE -0.3
               END)) AS q
    FROM generate_series(1, 60000) i
    CROSS JOIN LATERAL (SELECT 1 + (crm.demo_rand(i, 'customer') * 5000)::integer % 5000 AS customer_id) pick
    JOIN crm.customers c ON c.customer_id = pick.customer_id
    CROSS JOIN LATERAL (SELECT (ARRAY['web', 'app', 'store', 'call centre', 'email'])[crm.demo_pick(i, 'channel', '{5,4,2,3,1}')] AS channel) ch
    CROSS JOIN LATERAL (SELECT (ARRAY['nps', 'csat', 'ces'])[crm.demo_pick(i, 'question', '{5,3,2}')] AS question) qn
    CROSS JOIN LATERAL (SELECT timestamptz '2025-11-01 00:00+00' + crm.demo_rand(i, 'when') * interval '365 days' AS answered_at) t
) a;

CREATE INDEX ON crm.survey_answers (answered_at);

-- Daily summaries, as a team would store them: one ratings value per day,
-- channel and question.  Reports roll these up instead of rescanning.
CREATE MATERIALIZED VIEW crm.daily_ratings AS
SELECT date_trunc('day', answered_at, 'UTC')::date AS day, channel, question,
       ratings_agg(score) AS answers, ratings_agg(score, weight) AS weighted
FROM crm.survey_answers
GROUP BY 1, 2, 3;

ANALYZE crm.customers, crm.survey_answers, crm.daily_ratings;
