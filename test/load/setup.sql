-- Data for the load test: the README's survey table, bigger, and stored
-- daily summaries.  Rooms add their tables here.
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
-- one row per transaction: which backend, and how much memory it holds
CREATE TABLE load_memory (pid integer, at timestamptz, bytes bigint);
