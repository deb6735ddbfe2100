-- Touchpoint ratings for key driver analysis: every NPS answer also rates
-- delivery, support, price, the app and the store on 0..10.  Each rating is
-- built from the NPS answer in a known way, rating = performance + pull *
-- (nps - 7) + noise, so the report can be checked against the truth:
--   pull       web   app   store  call centre  email
--   delivery   0.55  0.20  0.05   0.15         0.50
--   support    *     0.25  0.15   0.80         0.15
--   price      0.35  0.15  0.40   0.10         0.45
--   app        0.05  0.75  0.05   0.05         0.05
--   store      0.05  0.05  0.70   0.05         0.05
-- (* on the web, support's pull grows through the year, from 0.10 in
-- November 2025 to 0.65 in October 2026: the quarter-to-quarter view shows
-- it rising).  Performance (the mean rating): delivery 7.8, support 6.0,
-- price 5.8, app 7.2, store 8.5.  Noise: uniform, width 4.
CREATE TABLE crm.touchpoint_ratings (
    answer_id integer PRIMARY KEY REFERENCES crm.survey_answers,
    delivery smallint, support smallint, price smallint, app smallint, store smallint
);

CREATE FUNCTION crm.demo_rating(performance double precision, pull double precision, nps smallint, key bigint, salt text)
RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT greatest(0, least(10, round(performance + pull * (nps - 7) + 4 * (crm.demo_rand(key, salt) - 0.5))))::smallint
$$;

INSERT INTO crm.touchpoint_ratings
SELECT a.answer_id,
       crm.demo_rating(7.8, CASE a.channel WHEN 'web' THEN 0.55 WHEN 'app' THEN 0.20 WHEN 'store' THEN 0.05 WHEN 'call centre' THEN 0.15 ELSE 0.50 END,
                       a.score, a.answer_id, 'delivery'),
       crm.demo_rating(6.0, CASE a.channel
                                WHEN 'web' THEN 0.10 + 0.55 * extract(epoch FROM a.answered_at - timestamptz '2025-11-01 00:00+00') / (365 * 86400)
                                WHEN 'app' THEN 0.25 WHEN 'store' THEN 0.15 WHEN 'call centre' THEN 0.80 ELSE 0.15 END,
                       a.score, a.answer_id, 'support'),
       crm.demo_rating(5.8, CASE a.channel WHEN 'web' THEN 0.35 WHEN 'app' THEN 0.15 WHEN 'store' THEN 0.40 WHEN 'call centre' THEN 0.10 ELSE 0.45 END,
                       a.score, a.answer_id, 'price'),
       crm.demo_rating(7.2, CASE a.channel WHEN 'app' THEN 0.75 ELSE 0.05 END, a.score, a.answer_id, 'app'),
       -- not every customer has been to a store: a NULL rating leaves the answer out of the model
       CASE WHEN a.channel <> 'store' AND crm.demo_rand(a.answer_id, 'no store') < 0.1 THEN NULL
            ELSE crm.demo_rating(8.5, CASE a.channel WHEN 'store' THEN 0.70 ELSE 0.05 END, a.score, a.answer_id, 'store') END
FROM crm.survey_answers a
WHERE a.question = 'nps' AND a.score IS NOT NULL;

-- Monthly summaries, stored once: reports roll them up to any period.
CREATE MATERIALIZED VIEW crm.monthly_drivers AS
SELECT date_trunc('month', a.answered_at, 'UTC')::date AS month, a.channel,
       driver_stats(a.score, ARRAY[r.delivery, r.support, r.price, r.app, r.store]::float8[]) AS drivers,
       driver_stats(a.score, ARRAY[r.delivery, r.support, r.price, r.app, r.store]::float8[], a.weight) AS weighted
FROM crm.survey_answers a JOIN crm.touchpoint_ratings r USING (answer_id)
GROUP BY 1, 2;

ANALYZE crm.touchpoint_ratings, crm.monthly_drivers;
