-- Randomized differential test of the rule-based attribution models: 3,000
-- random journeys (1 to 12 touches, ties, touches after the conversion,
-- all-direct paths), each model's weights compared with its formula written
-- in SQL, and the credits of every model adding up to the value exactly.
-- Then Markov chains of random journeys, their transition counts against a
-- count in SQL.
BEGIN;
SELECT plan(12);
SELECT setseed(0.777);

CREATE TEMP TABLE journeys AS
SELECT j, (ARRAY[1, 1, 2, 2, 3, 4, 5, 8, 12])[1 + floor(random() * 9)::int] AS n,
       round((random() * 1000)::numeric, (ARRAY[0, 2, 4])[1 + floor(random() * 3)::int]) AS value,
       random() < 0.1 AS all_direct
FROM generate_series(1, 3000) j;
CREATE TEMP TABLE touches AS
SELECT j, k,
       CASE WHEN all_direct THEN 'direct' ELSE (ARRAY['direct', 'email', 'social', 'search', 'display'])[1 + floor(random() * 5)::int] END AS channel,
       timestamptz '2026-03-01 00:00+00' + floor(random() * 20) * interval '12 hours' AS touched_at   -- coarse: ties happen
FROM journeys, LATERAL generate_series(1, n) k;
-- the conversion: usually after the last touch, sometimes before some touches
CREATE TEMP TABLE paths AS
SELECT j, value, array_agg(channel ORDER BY k) AS channels, array_agg(touched_at ORDER BY k) AS touched_at,
       CASE WHEN j % 7 = 0 THEN min(touched_at) + interval '3 days' ELSE max(touched_at) + interval '1 hour' END AS converted_at
FROM touches JOIN journeys USING (j) GROUP BY j, value;

-- the touches that count, in order (time, then array position), with their role
CREATE TEMP TABLE counted AS
SELECT p.j, u.k, u.channel, u.at AS touched_at, p.converted_at,
       row_number() OVER w AS pos, count(*) OVER (PARTITION BY p.j) AS m
FROM paths p, LATERAL unnest(p.channels, p.touched_at) WITH ORDINALITY u(channel, at, k)
WHERE u.at <= p.converted_at
WINDOW w AS (PARTITION BY p.j ORDER BY u.at, u.k);

CREATE FUNCTION pg_temp.expected(model text) RETURNS TABLE (j integer, k bigint, w double precision) LANGUAGE sql AS $$
    SELECT c.j, c.k,
           CASE model
               WHEN 'first_touch' THEN (c.pos = 1)::int
               WHEN 'last_touch' THEN (c.pos = c.m)::int
               WHEN 'linear' THEN 1.0 / c.m
               WHEN 'position_based' THEN CASE WHEN c.m = 1 THEN 1 WHEN c.m = 2 THEN 0.5
                                               WHEN c.pos IN (1, c.m) THEN 0.4 ELSE 0.2 / (c.m - 2) END
               WHEN 'time_decay' THEN 2 ^ (-extract(epoch FROM c.converted_at - c.touched_at) / (7 * 86400))
                                      / sum(2 ^ (-extract(epoch FROM c.converted_at - c.touched_at) / (7 * 86400))) OVER (PARTITION BY c.j)
               WHEN 'last_non_direct' THEN
                   CASE WHEN bool_and(c.channel = 'direct') OVER (PARTITION BY c.j) THEN (c.pos = c.m)::int
                        ELSE (c.pos = max(c.pos) FILTER (WHERE c.channel <> 'direct') OVER (PARTITION BY c.j))::int END
           END
    FROM counted c
$$;
CREATE FUNCTION pg_temp.mismatches(model text) RETURNS integer[] LANGUAGE sql AS $$
    SELECT array_agg(DISTINCT x.j ORDER BY x.j)
    FROM (SELECT p.j, a.k, a.w
          FROM paths p, LATERAL unnest(attribution_weights(model, p.channels, p.touched_at, p.converted_at)) WITH ORDINALITY a(w, k)) x
    LEFT JOIN pg_temp.expected(model) e ON e.j = x.j AND e.k = x.k
    WHERE abs(x.w - coalesce(e.w, 0)) > 1e-12
$$;

SELECT cmp_ok((SELECT count(*) FROM paths p, unnest(attribution_weights('linear', p.channels, p.touched_at, p.converted_at)) w
                WHERE w > 0), '>', 8000::bigint, 'thousands of weights to compare');
SELECT is(pg_temp.mismatches('first_touch'), NULL, 'first_touch: the formula in every journey');
SELECT is(pg_temp.mismatches('last_touch'), NULL, 'last_touch: the formula in every journey');
SELECT is(pg_temp.mismatches('linear'), NULL, 'linear: the formula in every journey');
SELECT is(pg_temp.mismatches('position_based'), NULL, 'position_based 40/20/40: the formula in every journey');
SELECT is(pg_temp.mismatches('time_decay'), NULL, 'time_decay, half-life 7 days: the formula in every journey');
SELECT is(pg_temp.mismatches('last_non_direct'), NULL, 'last_non_direct: the formula in every journey, all-direct paths included');
SELECT cmp_ok((SELECT count(*) FROM journeys WHERE all_direct), '>', 200::bigint, 'hundreds of all-direct journeys');
SELECT is((SELECT array_agg(j ORDER BY j) FROM (
               SELECT p.j, p.value, sum(a.first_touch) AS f, sum(a.last_touch) AS l, sum(a.last_non_direct) AS d,
                      sum(a.linear) AS li, sum(a.time_decay) AS t, sum(a.position_based) AS pb, sum(a.w_shaped) AS w
               FROM paths p, attribute_all(p.channels, p.touched_at, p.converted_at, p.value) a GROUP BY p.j, p.value) x
           WHERE value NOT IN (f) OR value NOT IN (l) OR value NOT IN (d) OR value NOT IN (li) OR value NOT IN (t)
              OR value NOT IN (pb) OR value NOT IN (w)),
          NULL, 'the credits of every model add up to the value exactly, in every journey');
SELECT is((SELECT array_agg(DISTINCT p.j ORDER BY p.j)
           FROM paths p CROSS JOIN LATERAL attribute('linear', p.channels, p.touched_at, p.converted_at, p.value) a
           JOIN pg_temp.expected('linear') e ON e.j = p.j AND e.k = a.touch
           WHERE abs(a.credit - p.value * e.w::numeric) > 1e-9 * greatest(1, p.value)),
          NULL, 'each linear credit is within rounding of value / touches');

-- Markov chains: 3,000 random journeys over 5 channels (a chain small
-- enough to index directly), 30 and 400 (only the sparse table), orders 1
-- and 2 (order 2 up to 30 channels: at most 1,000 states); every transition
-- count equals a count in SQL of the steps the journeys took.
CREATE TEMP TABLE markov_journeys AS
SELECT w, j, ARRAY(SELECT 'c' || floor(random() * w)::int FROM generate_series(1, 1 + floor(random() * 7)::int + 0 * j) k) AS path,
       random() < 0.3 AS converted
FROM (VALUES (5), (30), (400)) v(w), generate_series(1, 3000) j;
CREATE TEMP TABLE markov_orders AS SELECT * FROM (VALUES (1, 5), (1, 30), (1, 400), (2, 5), (2, 30)) x(o, w);
-- the state after each touch: its last `o` channels, as transitions() names them
CREATE TEMP TABLE markov_steps AS
SELECT o, w, j, k, array_to_string(path[greatest(1, k - o + 1):k], ' > ') AS state, k = cardinality(path) AS last, converted
FROM markov_journeys JOIN markov_orders USING (w), generate_series(1, cardinality(path)) k;
CREATE TEMP TABLE markov_expected AS
SELECT s.o, s.w, coalesce(p.state, '(start)') AS from_state, s.state AS to_state, count(*) AS journeys
FROM markov_steps s LEFT JOIN markov_steps p ON (p.o, p.w, p.j, p.k) = (s.o, s.w, s.j, s.k - 1)
GROUP BY 1, 2, 3, 4
UNION ALL
SELECT o, w, state, CASE WHEN converted THEN '(conversion)' ELSE '(null)' END, count(*)
FROM markov_steps WHERE last GROUP BY 1, 2, 3, 4;
SELECT cmp_ok((SELECT count(*) FROM markov_expected WHERE w = 30 AND o = 2), '>', 5000::bigint,
              'thousands of distinct transitions in the wide chains');
SELECT is((SELECT array_agg(o || '/' || w || ': ' || coalesce(e.from_state, t.from_state) || ' -> ' || coalesce(e.to_state, t.to_state))
           FROM (SELECT o, w, t.* FROM (SELECT o, w, markov_model(path, converted, 1, o) AS c
                                        FROM markov_journeys JOIN markov_orders USING (w) GROUP BY o, w) m,
                                       transitions(m.c) t) t
           FULL JOIN markov_expected e USING (o, w, from_state, to_state)
           WHERE t.journeys IS DISTINCT FROM e.journeys),
          NULL, 'markov_model: every transition count, orders 1 and 2, narrow and wide chains, equals the steps counted in SQL');

SELECT * FROM finish();
ROLLBACK;
