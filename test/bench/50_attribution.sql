-- Touchpoint attribution (issue: cxm 0.2).  1,000,000 journeys of 1 to 10
-- touches across 20 channels (some far more common than others); longer
-- journeys convert more often.
\echo '-- attribution: generating 1,000,000 journeys'
CREATE TABLE bench.journeys AS
SELECT i AS journey_id, p.path, t.touched_at,
       timestamptz '2026-03-01' + (i % 60) * interval '1 day' AS converted_at,
       (hashint8(-i) & 1023) % 100 < 4 + 2 * cardinality(p.path) AS converted,
       round((hashint8(i) & 32767) / 163.84, 2) AS value
FROM generate_series(1, 1000000) i,
LATERAL (SELECT ARRAY(SELECT 'channel_' || (1 + floor(20 * ((hashint8(i * 16 + k) & 1048575)::float8 / 1048576) ^ 1.6))
                      FROM generate_series(1, 1 + (hashint8(i * 16) & 1023) % 10) k) AS path) p,
LATERAL (SELECT ARRAY(SELECT timestamptz '2026-03-01' + (i % 60) * interval '1 day'
                             - ((cardinality(p.path) - k) * 26 + (i + k) % 7) * interval '1 hour'
                      FROM generate_series(1, cardinality(p.path)) k) AS touched_at) t;
VACUUM ANALYZE bench.journeys;
SELECT count(*) AS journeys, sum(cardinality(path)) AS touches, count(*) FILTER (WHERE converted) AS conversions
FROM bench.journeys \gset

\echo '-- attribution: Markov chain, build and solve (interleaved runs, medians)'
SELECT bench.compare('attribution',
    ARRAY['count(*) over 1M journeys', 'markov_model(path, converted, value)', 'hand-written transition counts (SQL)'],
    ARRAY['SELECT count(*) FROM bench.journeys',
          'SELECT markov_model(path, converted, value) FROM bench.journeys',
          $q$SELECT count(*) FROM (
                 SELECT from_state, to_state, count(*) FROM (
                     SELECT CASE WHEN k = 1 THEN '(start)' ELSE path[k - 1] END AS from_state, path[k] AS to_state
                     FROM bench.journeys, generate_subscripts(path, 1) k
                     UNION ALL
                     SELECT path[cardinality(path)], CASE WHEN converted THEN '(conversion)' ELSE '(null)' END
                     FROM bench.journeys) s
                 GROUP BY 1, 2) c$q$], 5);
CREATE TABLE bench.chain AS SELECT markov_model(path, converted, value) AS chain FROM bench.journeys;
SELECT bench.compare('attribution',
    ARRAY['removal_effects: solve (20 channels, first order)', 'markov_model + removal_effects'],
    ARRAY['SELECT count(*) FROM removal_effects((SELECT chain FROM bench.chain))',
          'SELECT count(*) FROM removal_effects((SELECT markov_model(path, converted, value) FROM bench.journeys))'], 7);
SELECT bench.run('attribution', 'second order: markov_model + removal_effects',
    'SELECT count(*) FROM removal_effects((SELECT markov_model(path, converted, value, 2) FROM bench.journeys))', 3);
SELECT count(DISTINCT from_state) - 1 AS second_order_states
FROM transitions((SELECT markov_model(path, converted, 1, 2) FROM bench.journeys)) \gset

-- the credits add up to the conversions and the value
SELECT round(sum(conversions)::numeric, 6) = :conversions
       AND round(sum(value)::numeric, 2) = (SELECT sum(value) FROM bench.journeys WHERE converted)
       AND round(sum(share)::numeric, 12) = 1 AS markov_adds_up
FROM removal_effects((SELECT chain FROM bench.chain)) \gset
\if :markov_adds_up
\else
\echo 'ERROR: the Markov credits do not add up to the conversions and their value'
\endif

\echo '-- attribution: 300 chains at once, 1,000 single-touch journeys over 1,000 channels each (GROUP BY, hashed)'
CREATE TABLE bench.wide_journeys AS
SELECT i % 300 AS g, ARRAY['c' || (i / 300)] AS path, i % 3 = 0 AS converted FROM generate_series(0, 299999) i;
VACUUM ANALYZE bench.wide_journeys;
CREATE FUNCTION bench.plan(query text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || query INTO plan;
    RETURN plan -> 0 -> 'Plan';
END
$$;
SET enable_sort = off;
SELECT bench.compare('attribution',
    ARRAY['count(*) GROUP BY 300 groups of 1,000 rows', 'markov_model GROUP BY: 300 chains of 1,000 channels'],
    ARRAY['SELECT g, count(*) FROM bench.wide_journeys GROUP BY g',
          'SELECT g, markov_model(path, converted) FROM bench.wide_journeys GROUP BY g'], 5);
SELECT p ->> 'Strategy' AS wide_strategy, (p ->> 'Peak Memory Usage')::bigint AS wide_peak_kb
FROM bench.plan('SELECT g, markov_model(path, converted) FROM bench.wide_journeys GROUP BY g') p \gset
RESET enable_sort;

\echo '-- attribution: rule-based models over every journey (interleaved runs, medians)'
SELECT bench.compare('attribution',
    ARRAY['attribute(linear): credits per channel', 'attribute_all: 7 models per channel', 'hand-written linear credits (SQL)'],
    ARRAY['SELECT a.channel, sum(a.credit) FROM bench.journeys j, attribute(''linear'', j.path, j.touched_at, j.converted_at, j.value) a GROUP BY 1',
          'SELECT a.channel, sum(a.first_touch), sum(a.last_touch), sum(a.last_non_direct), sum(a.linear), sum(a.time_decay), sum(a.position_based), sum(a.w_shaped)
           FROM bench.journeys j, attribute_all(j.path, j.touched_at, j.converted_at, j.value) a GROUP BY 1',
          'SELECT c, sum(value / cardinality(path)) FROM bench.journeys, unnest(path) c GROUP BY 1'], 3);

-- every journey's credits add up to its value, so the totals match exactly
SELECT sum(credit) = (SELECT sum(value) FROM bench.journeys) AS rule_based_adds_up
FROM bench.journeys j, attribute('time_decay', j.path, j.touched_at, j.converted_at, j.value) \gset
\if :rule_based_adds_up
\else
\echo 'ERROR: the time-decay credits do not add up to the value'
\endif

INSERT INTO bench.checks (room, what, measured, target, met)
SELECT 'attribution', what, measured, target, met FROM (VALUES
    ('removal_effects solve, 20 channels (1M journeys)',
        to_char(bench.ms('attribution', 'removal_effects: solve (20 channels, first order)'), 'FM990.000') || ' ms', '< 100 ms',
        bench.ms('attribution', 'removal_effects: solve (20 channels, first order)') < 100),
    ('markov_model build over ' || :journeys || ' journeys (' || :touches || ' touches)',
        to_char(:journeys / (bench.ms('attribution', 'markov_model(path, converted, value)') / 1000), 'FM999,999,999') || ' journeys/s',
        'report', NULL),
    ('markov_model + removal_effects',
        to_char(:journeys / (bench.ms('attribution', 'markov_model + removal_effects') / 1000), 'FM999,999,999') || ' journeys/s',
        'report', NULL),
    ('hand-written transition counts / markov_model',
        to_char(bench.ms('attribution', 'hand-written transition counts (SQL)') / bench.ms('attribution', 'markov_model(path, converted, value)'), 'FM990.00') || 'x',
        '> 1.00x',
        bench.ms('attribution', 'hand-written transition counts (SQL)') / bench.ms('attribution', 'markov_model(path, converted, value)') > 1),
    ('markov_model GROUP BY: 300 chains of 1,000 channels (300k journeys)',
        to_char(bench.ms('attribution', 'markov_model GROUP BY: 300 chains of 1,000 channels'), 'FM999,990') || ' ms', '< 2,000 ms',
        bench.ms('attribution', 'markov_model GROUP BY: 300 chains of 1,000 channels') < 2000),
    ('  its hash table at its peak (' || :'wide_strategy' || ')', to_char(:wide_peak_kb / 1024.0, 'FM999,990.0') || ' MB', '< 100 MB',
        :wide_peak_kb < 100 * 1024),
    ('markov_model / count(*)',
        to_char(bench.ms('attribution', 'markov_model(path, converted, value)') / bench.ms('attribution', 'count(*) over 1M journeys'), 'FM990.00') || 'x',
        'report', NULL),
    ('second order (' || :second_order_states || ' states): build + solve',
        to_char(bench.ms('attribution', 'second order: markov_model + removal_effects'), 'FM999,990') || ' ms', 'report', NULL),
    ('attribute(linear) over every touch',
        to_char(:touches / (bench.ms('attribution', 'attribute(linear): credits per channel') / 1000), 'FM999,999,999') || ' rows/s',
        'report', NULL),
    ('attribute_all (7 models) over every touch',
        to_char(:touches / (bench.ms('attribution', 'attribute_all: 7 models per channel') / 1000), 'FM999,999,999') || ' rows/s',
        'report', NULL),
    ('attribute(linear) / hand-written linear',
        to_char(bench.ms('attribution', 'attribute(linear): credits per channel') / bench.ms('attribution', 'hand-written linear credits (SQL)'), 'FM990.00') || 'x',
        'report', NULL)
) v(what, measured, target, met);
DROP TABLE bench.journeys, bench.chain, bench.wide_journeys;
