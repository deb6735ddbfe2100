-- Survey metrics (issue: cxm 0.1).  10 million answers, 200,000 customers.
\echo '-- ratings: generating 10,000,000 answers'
CREATE TABLE bench.answers AS
SELECT i AS answer_id, (i % 200000)::integer AS customer_id,
       ((i::bigint * 2654435761) % 4294967296 % 11)::integer AS score,
       0.25 + ((i::bigint * 40503) % 65536) / 16384.0::double precision AS weight
FROM generate_series(1, 10000000) i;
VACUUM ANALYZE bench.answers;

\echo '-- ratings: timing (interleaved runs, medians)'
SELECT bench.compare('ratings',
    ARRAY['count(score)', 'nps(score)', 'hand-written NPS', 'nps(ratings_agg(score))'],
    ARRAY['SELECT count(score) FROM bench.answers',
          'SELECT nps(score) FROM bench.answers',
          'SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score) FROM bench.answers',
          'SELECT nps(ratings_agg(score)) FROM bench.answers'], 9);
SELECT bench.compare('ratings',
    ARRAY['count(*)', 'nps(score, weight)', 'hand-written weighted NPS'],
    ARRAY['SELECT count(*) FROM bench.answers',
          'SELECT nps(score, weight) FROM bench.answers',
          'SELECT 100 * (coalesce(sum(weight) FILTER (WHERE score >= 9), 0) - coalesce(sum(weight) FILTER (WHERE score <= 6), 0)) / sum(weight) FROM bench.answers'], 9);
SELECT bench.compare('ratings',
    ARRAY['GROUP BY customer: count(score)', 'GROUP BY customer: nps(score)', 'GROUP BY customer: hand-written'],
    ARRAY['SELECT customer_id, count(score) FROM bench.answers GROUP BY customer_id',
          'SELECT customer_id, nps(score) FROM bench.answers GROUP BY customer_id',
          'SELECT customer_id, 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score) FROM bench.answers GROUP BY customer_id'], 5);

-- same answers, both ways
SELECT (SELECT nps(score) FROM bench.answers)
     = (SELECT round(100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score), 16) FROM bench.answers)
       AS same_answer \gset
CALL bench.answer('ratings', 'nps(score) = the hand-written NPS', :'same_answer');

\echo '-- ratings: 1,000,000 stored summaries'
CREATE TABLE bench.stored AS
SELECT answer_id / 10 AS batch, ratings_agg(score) AS r FROM bench.answers GROUP BY answer_id / 10;
VACUUM ANALYZE bench.stored;
SELECT count(*) AS stored_summaries FROM bench.stored \gset
SELECT bench.compare('ratings', ARRAY['count(r) over stored', 'rollup(r) over stored'],
    ARRAY['SELECT count(r) FROM bench.stored', 'SELECT rollup(r) FROM bench.stored'], 7);
SELECT (SELECT rollup(r)::text FROM bench.stored) = (SELECT ratings_agg(score)::text FROM bench.answers) AS rollup_exact \gset
CALL bench.answer('ratings', 'rollup of the stored summaries = ratings_agg of the answers', :'rollup_exact');

INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'ratings', what, to_char(ratio, 'FM990.00') || 'x', target, met FROM (VALUES
    ('nps(score) / count(score)',
        bench.ms('ratings', 'nps(score)') / bench.ms('ratings', 'count(score)'), '<= 1.10x',
        bench.ms('ratings', 'nps(score)') / bench.ms('ratings', 'count(score)') <= 1.10),
    ('hand-written / nps(score)',
        bench.ms('ratings', 'hand-written NPS') / bench.ms('ratings', 'nps(score)'), '>= 1.30x',
        bench.ms('ratings', 'hand-written NPS') / bench.ms('ratings', 'nps(score)') >= 1.30),
    ('nps(ratings_agg(score)) / count(score)',
        bench.ms('ratings', 'nps(ratings_agg(score))') / bench.ms('ratings', 'count(score)'), '<= 1.20x',
        bench.ms('ratings', 'nps(ratings_agg(score))') / bench.ms('ratings', 'count(score)') <= 1.20),
    ('nps(score, weight) / count(*)',
        bench.ms('ratings', 'nps(score, weight)') / bench.ms('ratings', 'count(*)'), 'report',
        NULL),
    ('hand-written weighted / nps(score, weight)',
        bench.ms('ratings', 'hand-written weighted NPS') / bench.ms('ratings', 'nps(score, weight)'), 'report',
        NULL),
    ('GROUP BY 200k customers: hand-written / nps(score)',
        bench.ms('ratings', 'GROUP BY customer: hand-written') / bench.ms('ratings', 'GROUP BY customer: nps(score)'), '> 1.00x',
        bench.ms('ratings', 'GROUP BY customer: hand-written') / bench.ms('ratings', 'GROUP BY customer: nps(score)') > 1.0)
) v(what, ratio, target, met);
INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'ratings', 'rollup over ' || :stored_summaries || ' stored ratings',
       to_char(:stored_summaries / (bench.ms('ratings', 'rollup(r) over stored') / 1000), 'FM999,999,999') || ' rows/s',
       'report', NULL;
DROP TABLE bench.answers, bench.stored;
