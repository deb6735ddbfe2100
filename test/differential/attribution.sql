-- Randomized differential test of the rule-based attribution models: 3,000
-- random journeys (1 to 12 touches, ties, touches after the conversion,
-- all-direct paths), each model's weights compared with its formula written
-- in SQL, and the credits of every model adding up to the value exactly.
-- Then Markov chains of random journeys, their transition counts against a
-- count in SQL, their removal effects against the absorbing chain solved in
-- PL/pgSQL, and every Markov aggregate under a proven parallel plan.
BEGIN;
SELECT plan(24);
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
               -- W-shaped (README, Short paths): each touch one role, first, last, key
               -- (touch ceil(n/2), or with a lead time the last touch at or
               -- before it, the first if none is), middle, in that order; shares
               -- 0.3, 0.3, 0.3 and 0.1 split among the middles; renormalised
               WHEN 'w_shaped' THEN w.raw / sum(w.raw) OVER (PARTITION BY c.j)
               WHEN 'w_shaped_lead' THEN wl.raw / sum(wl.raw) OVER (PARTITION BY c.j)
           END
    FROM (SELECT *, coalesce(max(pos) FILTER (WHERE touched_at <= converted_at - interval '2 days') OVER (PARTITION BY j), 1) AS lead_key
          FROM counted) c,
         LATERAL (SELECT CASE WHEN c.pos = 1 OR c.pos = c.m OR c.pos = ceil(c.m / 2.0) THEN 0.3
                              ELSE 0.1 / (c.m - 2 - (ceil(c.m / 2.0) NOT IN (1, c.m))::int) END AS raw) w,
         LATERAL (SELECT CASE WHEN c.pos = 1 OR c.pos = c.m OR c.pos = c.lead_key THEN 0.3
                              ELSE 0.1 / (c.m - 2 - (c.lead_key NOT IN (1, c.m))::int) END AS raw) wl
$$;
-- the journeys where cxm's weights differ from the formula: every touch of
-- every journey, from the reference side (a touch that does not count
-- weighs 0), so a NULL, short or long array from cxm is a mismatch
CREATE FUNCTION pg_temp.mismatches(model text) RETURNS integer[] LANGUAGE sql AS $$
    SELECT array_agg(DISTINCT coalesce(r.j, x.j) ORDER BY coalesce(r.j, x.j))
    FROM (SELECT p.j, u.k, coalesce(e.w, 0) AS w
          FROM paths p CROSS JOIN LATERAL unnest(p.channels) WITH ORDINALITY u(channel, k)
          LEFT JOIN pg_temp.expected(model) e ON e.j = p.j AND e.k = u.k) r
    FULL JOIN (SELECT p.j, a.k, a.w
               FROM paths p, LATERAL unnest(CASE model WHEN 'w_shaped_lead'
                                                       THEN attribution_weights('w_shaped', p.channels, p.touched_at, p.converted_at,
                                                                                lead_created_at => p.converted_at - interval '2 days')
                                                       ELSE attribution_weights(model, p.channels, p.touched_at, p.converted_at) END)
                          WITH ORDINALITY a(w, k)) x ON x.j = r.j AND x.k = r.k
    WHERE r.j IS NULL OR x.j IS NULL OR x.w IS NULL OR abs(x.w - r.w) > 1e-12
$$;

SELECT cmp_ok((SELECT count(*) FROM paths p, unnest(attribution_weights('linear', p.channels, p.touched_at, p.converted_at)) w
                WHERE w > 0), '>', 8000::bigint, 'thousands of weights to compare');
SELECT is(pg_temp.mismatches('first_touch'), NULL, 'first_touch: the formula in every journey');
SELECT is(pg_temp.mismatches('last_touch'), NULL, 'last_touch: the formula in every journey');
SELECT is(pg_temp.mismatches('linear'), NULL, 'linear: the formula in every journey');
SELECT is(pg_temp.mismatches('position_based'), NULL, 'position_based 40/20/40: the formula in every journey');
SELECT is(pg_temp.mismatches('time_decay'), NULL, 'time_decay, half-life 7 days: the formula in every journey');
SELECT is(pg_temp.mismatches('last_non_direct'), NULL, 'last_non_direct: the formula in every journey, all-direct paths included');
SELECT is(pg_temp.mismatches('w_shaped'), NULL, 'w_shaped 30/30/10/30, key touch in the middle: the formula in every journey');
SELECT is(pg_temp.mismatches('w_shaped_lead'), NULL, 'w_shaped with a lead created 2 days before the conversion: the formula in every journey');
SELECT cmp_ok((SELECT count(*) FROM journeys WHERE all_direct), '>', 200::bigint, 'hundreds of all-direct journeys');
SELECT is((SELECT array_agg(p.j ORDER BY p.j)
           FROM paths p
           LEFT JOIN LATERAL (SELECT sum(a.first_touch) AS f, sum(a.last_touch) AS l, sum(a.last_non_direct) AS d,
                                     sum(a.linear) AS li, sum(a.time_decay) AS t, sum(a.position_based) AS pb, sum(a.w_shaped) AS w
                              FROM attribute_all(p.channels, p.touched_at, p.converted_at, p.value) a) s ON true
           WHERE (s.f, s.l, s.d, s.li, s.t, s.pb, s.w) IS DISTINCT FROM (p.value, p.value, p.value, p.value, p.value, p.value, p.value)),
          NULL, 'the credits of every model add up to the value exactly, in every journey');
-- attribute() and attribute_all() row by row: each weight the formula's, each
-- credit within one unit of its last decimal (1e-10 here) of value x weight,
-- no row missing and none extra, under every model
CREATE TEMP TABLE all_expected AS
SELECT m.model, e.j, e.k, e.w
FROM unnest(ARRAY['first_touch', 'last_touch', 'last_non_direct', 'linear', 'time_decay', 'position_based', 'w_shaped']) m(model),
     LATERAL pg_temp.expected(m.model) e;
SELECT is((SELECT array_agg(DISTINCT format('%s %s', coalesce(e.model, a.model), coalesce(e.j, a.j)))
           FROM all_expected e
           FULL JOIN (SELECT m.model, p.j, a.touch AS k, a.weight, a.credit
                      FROM paths p, unnest(ARRAY['first_touch', 'last_touch', 'last_non_direct', 'linear', 'time_decay',
                                                 'position_based', 'w_shaped']) m(model),
                           LATERAL attribute(m.model, p.channels, p.touched_at, p.converted_at, p.value) a) a
                  ON a.model = e.model AND a.j = e.j AND a.k = e.k
           LEFT JOIN paths p ON p.j = coalesce(e.j, a.j)
           WHERE e.j IS NULL OR a.j IS NULL OR a.weight IS NULL OR a.credit IS NULL OR abs(a.weight - e.w) > 1e-12
              OR abs(a.credit - p.value * e.w::numeric) > 1e-10 + 1e-12 * p.value),
          NULL, 'attribute(): the formula''s weight and value x weight in every row, every model, every journey');
SELECT is((SELECT array_agg(DISTINCT format('%s %s', coalesce(e.model, a.model), coalesce(e.j, a.j)))
           FROM all_expected e
           FULL JOIN (SELECT x.model, p.j, a.touch AS k, x.credit
                      FROM paths p, LATERAL attribute_all(p.channels, p.touched_at, p.converted_at, p.value) a,
                           LATERAL (VALUES ('first_touch', a.first_touch), ('last_touch', a.last_touch),
                                           ('last_non_direct', a.last_non_direct), ('linear', a.linear), ('time_decay', a.time_decay),
                                           ('position_based', a.position_based), ('w_shaped', a.w_shaped)) x(model, credit)) a
                  ON a.model = e.model AND a.j = e.j AND a.k = e.k
           LEFT JOIN paths p ON p.j = coalesce(e.j, a.j)
           WHERE e.j IS NULL OR a.j IS NULL OR a.credit IS NULL OR abs(a.credit - p.value * e.w::numeric) > 1e-10 + 1e-12 * p.value),
          NULL, 'attribute_all(): value x the formula''s weight in every row, for all seven models, every journey');
SELECT is((SELECT array_agg(DISTINCT e.j ORDER BY e.j)
           FROM pg_temp.expected('linear') e JOIN paths p USING (j)
           LEFT JOIN LATERAL (SELECT a.credit FROM attribute('linear', p.channels, p.touched_at, p.converted_at, p.value) a
                              WHERE a.touch = e.k) a ON true
           WHERE a.credit IS NULL OR abs(a.credit - p.value * e.w::numeric) > 1e-9 * greatest(1, p.value)),
          NULL, 'each linear credit is within rounding of value / touches');

-- Markov chains: 3,000 random journeys over 5 channels (a chain small
-- enough to index directly), 30 and 400 (only the sparse table), orders 1
-- and 2 (order 2 up to 30 channels: at most 1,000 states); every transition
-- count equals a count in SQL of the steps the journeys took.
CREATE TEMP TABLE markov_count_journeys AS
SELECT w, j, ARRAY(SELECT 'c' || floor(random() * w)::int FROM generate_series(1, 1 + floor(random() * 7)::int + 0 * j) k) AS path,
       random() < 0.3 AS converted
FROM (VALUES (5), (30), (400)) v(w), generate_series(1, 3000) j;
CREATE TEMP TABLE markov_orders AS SELECT * FROM (VALUES (1, 5), (1, 30), (1, 400), (2, 5), (2, 30)) x(o, w);
-- the state after each touch: its last `o` channels, as transitions() names them
CREATE TEMP TABLE markov_steps AS
SELECT o, w, j, k, array_to_string(path[greatest(1, k - o + 1):k], ' > ') AS state, k = cardinality(path) AS last, converted
FROM markov_count_journeys JOIN markov_orders USING (w), generate_series(1, cardinality(path)) k;
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
                                        FROM markov_count_journeys JOIN markov_orders USING (w) GROUP BY o, w) m,
                                       transitions(m.c) t) t
           FULL JOIN markov_expected e USING (o, w, from_state, to_state)
           WHERE t.journeys IS DISTINCT FROM e.journeys),
          NULL, 'markov_model: every transition count, orders 1 and 2, narrow and wide chains, equals the steps counted in SQL');

-- ---------------------------------------------------------------------------
-- Markov chains.  Removal effects of 400 small random chains (2 to 5
-- channels, 3 to 40 journeys, loops and self-loops, some without any
-- conversion) against the absorbing chain solved here, from transition
-- counts taken in SQL, by Gaussian elimination in PL/pgSQL: x_s = P(conversion
-- from state s) solves x_s - sum_t q(s,t) x_t = q(s, conversion); removing a
-- channel sends every path through it to null (its x is 0).
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE markov_graphs AS
SELECT g, 2 + floor(random() * 4)::int AS channels, 3 + floor(random() * 38)::int AS journeys,
       CASE WHEN random() < 0.05 THEN 0 ELSE random() END AS conversion_rate
FROM generate_series(1, 400) g;
CREATE TEMP TABLE markov_journeys AS
SELECT g, j, ARRAY(SELECT (ARRAY['a', 'b', 'c', 'd', 'e'])[1 + floor(random() * channels)::int]
                   FROM generate_series(1, len)) AS path,
       random() < conversion_rate AS converted
FROM markov_graphs, generate_series(1, journeys) j, LATERAL (SELECT 1 + floor(random() * 5)::int + 0 * j AS len) l;
-- transition counts of order k, in SQL: the state after touch i is its last k channels
CREATE FUNCTION pg_temp.sql_transitions(k integer) RETURNS TABLE (g integer, from_state text, to_state text, journeys bigint)
LANGUAGE sql AS $$
    SELECT g, from_state, to_state, count(*)
    FROM (SELECT j.g, CASE WHEN i = 1 THEN '(start)' ELSE array_to_string(j.path[greatest(1, i - k):i - 1], ' > ') END AS from_state,
                 array_to_string(j.path[greatest(1, i - k + 1):i], ' > ') AS to_state
          FROM markov_journeys j, generate_series(1, cardinality(j.path)) i
          UNION ALL
          SELECT j.g, array_to_string(j.path[greatest(1, cardinality(j.path) - k + 1):], ' > '),
                 CASE WHEN j.converted THEN '(conversion)' ELSE '(null)' END
          FROM markov_journeys j) t
    GROUP BY 1, 2, 3
$$;
CREATE TEMP TABLE markov_counts AS SELECT * FROM pg_temp.sql_transitions(1);
CREATE INDEX ON markov_counts (g, from_state);
ANALYZE markov_counts;
CREATE FUNCTION pg_temp.conversion_probability(graph integer, removed text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    states text[] := ARRAY(SELECT DISTINCT from_state FROM markov_counts
                           WHERE g = graph AND from_state NOT IN ('(start)', coalesce(removed, '')) ORDER BY 1);
    n integer := cardinality(states);
    a double precision[];
    x double precision[];
    total double precision;
    factor double precision;
    pivot integer;
    swap double precision;
    r record;
    i integer; c integer; k integer;
BEGIN
    IF n = 0 THEN
        RETURN 0;
    END IF;
    a := array_fill(0::double precision, ARRAY[n, n + 1]);
    FOR i IN 1 .. n LOOP
        a[i][i] := 1;
        SELECT sum(journeys) INTO total FROM markov_counts WHERE g = graph AND from_state = states[i];
        FOR r IN SELECT to_state, journeys FROM markov_counts WHERE g = graph AND from_state = states[i] LOOP
            IF r.to_state = '(conversion)' THEN
                a[i][n + 1] := a[i][n + 1] + r.journeys / total;
            ELSIF r.to_state = ANY (states) THEN
                c := array_position(states, r.to_state);
                a[i][c] := a[i][c] - r.journeys / total;
            END IF;   -- null, or the removed channel: contributes 0
        END LOOP;
    END LOOP;
    FOR c IN 1 .. n LOOP   -- elimination with partial pivoting
        pivot := c;
        FOR i IN c + 1 .. n LOOP
            IF abs(a[i][c]) > abs(a[pivot][c]) THEN pivot := i; END IF;
        END LOOP;
        FOR k IN 1 .. n + 1 LOOP
            swap := a[c][k]; a[c][k] := a[pivot][k]; a[pivot][k] := swap;
        END LOOP;
        FOR i IN 1 .. n LOOP
            IF i <> c AND a[i][c] <> 0 THEN
                factor := a[i][c] / a[c][c];
                FOR k IN c .. n + 1 LOOP
                    a[i][k] := a[i][k] - factor * a[c][k];
                END LOOP;
            END IF;
        END LOOP;
    END LOOP;
    x := array_fill(0::double precision, ARRAY[n]);
    FOR i IN 1 .. n LOOP
        x[i] := a[i][n + 1] / a[i][i];
    END LOOP;
    SELECT sum(m.journeys * x[array_position(states, m.to_state)]) / sum(m.journeys) INTO total
    FROM markov_counts m WHERE m.g = graph AND m.from_state = '(start)';
    RETURN coalesce(total, 0);
END
$$;
CREATE TEMP TABLE markov_solved AS
SELECT g, channel, p_all, p_without,
       CASE WHEN p_all > 0 THEN 1 - p_without / p_all ELSE 0 END AS removal_effect
FROM (SELECT g, channel, pg_temp.conversion_probability(g, NULL) AS p_all, pg_temp.conversion_probability(g, channel) AS p_without
      FROM (SELECT DISTINCT g, unnest(path) AS channel FROM markov_journeys) c) x;
SELECT is((SELECT array_agg(g ORDER BY g) FROM (
               SELECT g, min(p_all) AS p FROM markov_solved GROUP BY g) s
           JOIN (SELECT g, avg(converted::int) AS rate FROM markov_journeys GROUP BY g) o USING (g)
           WHERE abs(s.p - o.rate) > 1e-9), NULL,
          'the solver finds P = the observed conversion rate in every random chain (a check of the reference)');
SELECT is((SELECT array_agg(DISTINCT coalesce(r.g, c.g) ORDER BY coalesce(r.g, c.g))
           FROM markov_solved r
           FULL JOIN (SELECT m.g, e.channel, e.removal_effect, e.share, e.conversions
                      FROM (SELECT g, markov_model(path, converted) AS chain FROM markov_journeys GROUP BY g) m,
                           removal_effects(m.chain) e) c ON c.g = r.g AND c.channel = r.channel
           LEFT JOIN (SELECT g, sum(removal_effect) AS total FROM markov_solved GROUP BY g) t ON t.g = coalesce(r.g, c.g)
           LEFT JOIN (SELECT g, count(*) FILTER (WHERE converted) AS conversions FROM markov_journeys GROUP BY g) k ON k.g = coalesce(r.g, c.g)
           WHERE r.g IS NULL OR c.g IS NULL OR c.removal_effect IS NULL
              OR abs(c.removal_effect - r.removal_effect) > 1e-9
              OR abs(c.share - CASE WHEN t.total > 0 THEN r.removal_effect / t.total ELSE 0 END) > 1e-9
              OR abs(c.conversions - CASE WHEN t.total > 0 THEN r.removal_effect / t.total * k.conversions ELSE 0 END) > 1e-9 * greatest(1, k.conversions)),
          NULL, 'removal effects, shares and credited conversions equal the solved absorbing chain in all 400 random chains');
SELECT cmp_ok((SELECT count(DISTINCT round(removal_effect::numeric, 3)) FROM markov_solved), '>', 300::bigint,
              'the random chains give hundreds of different removal effects');

-- Every Markov aggregate under a forced parallel plan, materialised on its
-- own and proven partial from its own plan: the transition counts equal the
-- counts taken in SQL, the values their sums, and the serial run's chains.
\ir ../tools/parallel.sql
CREATE SCHEMA diffm;   -- regular tables: parallel workers cannot read temporary ones
CREATE TABLE diffm.journeys AS
SELECT g, j, ARRAY(SELECT (ARRAY['search', 'email', 'social', 'direct', 'display', 'affiliate'])[1 + floor(random() * 6)::int]
                   FROM generate_series(1, len)) AS path,
       random() < 0.3 AS converted, round((random() * 500)::numeric, 2) AS value
FROM generate_series(1, 40) g, generate_series(1, 2000) j, LATERAL (SELECT 1 + floor(random() * 6)::int + 0 * j AS len) l
ORDER BY random();
-- stored chains of 10 journeys each, to roll up (8,000 of them: with 1,600
-- the table was small enough that one worker sometimes read all of it)
CREATE TABLE diffm.chains AS
SELECT g, markov_model(path, converted, value) AS chain FROM diffm.journeys GROUP BY g, j % 200 ORDER BY random();
ANALYZE diffm.journeys, diffm.chains;
CREATE TEMP TABLE markov_queries (name text, query text);
INSERT INTO markov_queries VALUES
  ('models', $q$ SELECT g, markov_model(path, converted) AS m1, markov_model(path, converted, value) AS mv,
                        markov_model(path, converted, value, 2) AS m2
                 FROM diffm.journeys GROUP BY g $q$),
  ('rollup', $q$ SELECT g, rollup(chain) AS rolled FROM diffm.chains GROUP BY g $q$);
SELECT pg_temp.serial_run('serial_' || name, query) FROM markov_queries;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_models', query), 'markov_model, all three forms')
FROM markov_queries WHERE name = 'models';
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_rollup', query), 'rollup of stored chains')
FROM markov_queries WHERE name = 'rollup';
TRUNCATE markov_journeys;
INSERT INTO markov_journeys SELECT g, j, path, converted FROM diffm.journeys;
CREATE TEMP TABLE big_counts_1 AS SELECT * FROM pg_temp.sql_transitions(1);
CREATE TEMP TABLE big_counts_2 AS SELECT * FROM pg_temp.sql_transitions(2);
CREATE FUNCTION pg_temp.counts_of(chain markov_chain) RETURNS text[] LANGUAGE sql AS $$
    SELECT array_agg(format('%s|%s|%s', from_state, to_state, journeys) ORDER BY from_state, to_state) FROM transitions(chain)
$$;
SELECT is((SELECT array_agg(format('%s %s', e.g, x.name) ORDER BY e.g, x.name)
           FROM (SELECT g, array_agg(format('%s|%s|%s', from_state, to_state, journeys) ORDER BY from_state, to_state) AS counts
                 FROM big_counts_1 GROUP BY g) e
           JOIN (SELECT g, array_agg(format('%s|%s|%s', from_state, to_state, journeys) ORDER BY from_state, to_state) AS counts
                 FROM big_counts_2 GROUP BY g) e2 USING (g)
           JOIN (SELECT g, sum(value) FILTER (WHERE converted) AS value FROM diffm.journeys GROUP BY g) v USING (g)
           LEFT JOIN parallel_models p USING (g)
           LEFT JOIN parallel_rollup r USING (g),
           LATERAL (VALUES ('order 1', pg_temp.counts_of(p.m1) IS DISTINCT FROM e.counts),
                           ('with values', pg_temp.counts_of(p.mv) IS DISTINCT FROM e.counts
                                           OR (p.mv::text::jsonb ->> 'value')::numeric IS DISTINCT FROM v.value),
                           ('order 2', pg_temp.counts_of(p.m2) IS DISTINCT FROM e2.counts),
                           ('rollup', pg_temp.counts_of(r.rolled) IS DISTINCT FROM e.counts
                                      OR (r.rolled::text::jsonb ->> 'value')::numeric IS DISTINCT FROM v.value)) x(name, bad)
           WHERE x.bad), NULL,
          'parallel markov_model (order 1, with values, order 2) and rollup hold the transitions counted in SQL and the summed values');
SELECT is((SELECT array_agg(s.g ORDER BY s.g) FROM serial_models s LEFT JOIN parallel_models p USING (g)
           WHERE (p.m1::text, p.mv::text, p.m2::text) IS DISTINCT FROM (s.m1::text, s.mv::text, s.m2::text)), NULL,
          'parallel chains equal the serial ones exactly');
SELECT is((SELECT array_agg(s.g ORDER BY s.g) FROM serial_rollup s LEFT JOIN parallel_rollup p USING (g)
           WHERE p.rolled::text IS DISTINCT FROM s.rolled::text), NULL, 'parallel rollup equals the serial one exactly');

SELECT * FROM finish();
SELECT coalesce(string_agg(aggregate, ';'), '') AS parallel_verified, 'attribution' AS parallel_file FROM pg_temp.parallel_verified \gset
ROLLBACK;
\ir ../tools/parallel_record.sql
