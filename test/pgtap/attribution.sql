-- attribution: exact errors and SQLSTATEs, properties, binary input, schema independence.
BEGIN;
SELECT plan(123);
SET LOCAL timezone = 'UTC';

-- ---------------------------------------------------------------------------
-- Rule-based models: every bad input, its SQLSTATE and message
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT attribution_weights('Linear', '{a}', '{2026-01-01}', '2026-01-02')$$,
                 '22023', 'unknown attribution model "Linear"', 'model names are exact');
SELECT throws_ok($$SELECT * FROM attribute('shapley', '{a}', '{2026-01-01}', '2026-01-02')$$,
                 '22023', 'unknown attribution model "shapley"', 'attribute: unknown model');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a,b}', '{2026-01-01}', '2026-01-02')$$,
                 '22023', 'channels has 2 elements but touched_at has 1', 'arrays of different lengths');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a,NULL}', '{2026-01-01,2026-01-01}', '2026-01-02')$$,
                 '22004', 'channels[2] is NULL', 'a NULL channel');
SELECT throws_ok($$SELECT * FROM attribute_all('{"",b}', '{2026-01-01,2026-01-01}', '2026-01-02')$$,
                 '22023', 'channels[1] is an empty string', 'an empty channel name');
SELECT throws_ok($$SELECT attribution_weights('linear', ARRAY[repeat('x', 1001)], '{2026-01-01}', '2026-01-02')$$,
                 '54000', 'channels[1] is 1001 bytes long, longer than the limit of 1000 for a channel name', 'a channel name too long');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a,b}', '{2026-01-01,NULL}', '2026-01-02')$$,
                 '22004', 'touched_at[2] is NULL', 'a NULL touch time');
SELECT throws_ok($$SELECT attribution_weights('linear', '{{a},{b}}', '{2026-01-01,2026-01-01}', '2026-01-02')$$,
                 '2202E', 'channels must be a one-dimensional array', 'two-dimensional channels');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a,b}', '{{2026-01-01},{2026-01-01}}', '2026-01-02')$$,
                 '2202E', 'touched_at must be a one-dimensional array', 'two-dimensional times');
SELECT throws_ok($$SELECT attribution_weights('linear', array_fill('a'::text, ARRAY[10001]), array_fill(timestamptz '2026-01-01', ARRAY[10001]), '2026-01-02')$$,
                 '54000', 'journey of 10001 touches is longer than the limit of 10000', 'a journey too long');
SELECT is((SELECT ARRAY[count(*), count(*) FILTER (WHERE w = 1.0 / 10000)]
           FROM unnest(attribution_weights('linear', array_fill('a'::text, ARRAY[10000]), array_fill(timestamptz '2026-01-01', ARRAY[10000]),
                                           '2026-01-02')) w),
          ARRAY[10000, 10000]::bigint[], 'a journey of 10000 touches is fine: 1/10000 each, linear');
SELECT throws_ok($$SELECT attribution_weights('time_decay', '{a}', '{2026-01-01}', '2026-01-02', half_life => '0')$$,
                 '22023', 'half_life must be positive', 'a zero half-life');
SELECT throws_ok($$SELECT attribution_weights('time_decay', '{a}', '{2026-01-01}', '2026-01-02', half_life => '-1 day')$$,
                 '22023', 'half_life must not be negative', 'a negative half-life');
SELECT throws_ok($$SELECT attribution_weights('time_decay', '{a}', '{2026-01-01}', '2026-01-02', half_life => '1 month')$$,
                 '22023', 'half_life must not have a month or year part', 'a half-life in months');
SELECT throws_ok($$SELECT attribution_weights('time_decay', '{a}', '{2026-01-01}', '2026-01-02', half_life => NULL)$$,
                 '22004', 'half_life must not be NULL', 'a NULL half-life');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a}', '{2026-01-01}', '2026-01-02', lookback => '-2 days')$$,
                 '22023', 'lookback must not be negative', 'a negative lookback');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a}', '{2026-01-01}', '2026-01-02', position_shares => '{0.5,0.5,0.5}')$$,
                 '22023', 'position_shares must be 3 shares that are not negative and add up to 1, not {0.5,0.5,0.5}', 'position shares over 1');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a}', '{2026-01-01}', '2026-01-02', position_shares => '{0.6,-0.2,0.6}')$$,
                 '22023', 'position_shares must be 3 shares that are not negative and add up to 1, not {0.6,-0.2,0.6}', 'a negative share');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a}', '{2026-01-01}', '2026-01-02', w_shares => '{0.5,0.5}')$$,
                 '22023', 'w_shares must be 4 shares that are not negative and add up to 1, not {0.5,0.5}', 'too few W shares');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a}', '{2026-01-01}', '2026-01-02', w_shares => '{0.3,0.3,NULL,0.4}')$$,
                 '22023', 'w_shares must be 4 shares that are not negative and add up to 1, not {0.3,0.3,NULL,0.4}', 'a NULL share');
SELECT throws_ok($$SELECT attribution_weights('linear', '{a}', '{2026-01-01}', '2026-01-02', w_shares => NULL)$$,
                 '22004', 'w_shares must not be NULL', 'NULL W shares');
SELECT throws_ok($$SELECT * FROM attribute('linear', '{a}', '{2026-01-01}', '2026-01-02', -5)$$,
                 '22003', 'conversion value -5 is negative', 'a negative value');
SELECT throws_ok($$SELECT * FROM attribute_all('{a}', '{2026-01-01}', '2026-01-02', 'NaN')$$,
                 '22003', 'conversion value NaN is not a finite number', 'a NaN value');
-- numeric has no infinity before PostgreSQL 14: there the value cannot be written
SELECT current_setting('server_version_num')::int >= 140000 AS numeric_has_infinity \gset
\if :numeric_has_infinity
SELECT throws_ok($$SELECT * FROM attribute('linear', '{a}', '{2026-01-01}', '2026-01-02', 'Infinity')$$,
                 '22003', 'conversion value Infinity is not a finite number', 'an infinite value');
\else
SELECT skip('numeric has no infinity before PostgreSQL 14', 1);
\endif
SELECT throws_ok($$SELECT * FROM attribute('linear', '{a}', '{2026-01-01}', '2026-01-02', 1234567890123456789.5)$$,
                 '22003', 'conversion value 1234567890123456789.5 has more than 18 significant digits', 'a value too precise');

-- ---------------------------------------------------------------------------
-- Rule-based properties over random journeys
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE tap_journeys AS
SELECT j, ARRAY(SELECT (ARRAY['search', 'social', 'email', 'direct', 'display'])[1 + (j * 31 + k * 17 + k * j) % 5]
                FROM generate_series(1, 1 + j % 9) k) AS channels,
       ARRAY(SELECT timestamptz '2026-01-01' + ((j * 7 + k * 13) % 40) * interval '1 day' + (k % 3) * interval '1 hour'
             FROM generate_series(1, 1 + j % 9) k) AS touched_at,
       timestamptz '2026-01-25' + (j % 10) * interval '1 day' AS converted_at,
       round((j * 37 % 1000) / 7.0, 2) AS value
FROM generate_series(1, 400) j;
CREATE TEMP TABLE tap_models AS
SELECT unnest(ARRAY['first_touch', 'last_touch', 'last_non_direct', 'linear', 'time_decay', 'position_based', 'w_shaped']) AS model;

SELECT is((SELECT count(*) FROM tap_journeys, tap_models,
                  LATERAL (SELECT sum(w) AS total, count(*) FILTER (WHERE w > 0) AS positive
                           FROM unnest(attribution_weights(model, channels, touched_at, converted_at)) w) s
           WHERE s.positive > 0 AND abs(s.total - 1) > 1e-12),
          0::bigint, 'weights add up to 1 for every journey with a touch that counts, under every model');
SELECT is((SELECT count(*) FROM tap_journeys, tap_models,
                  LATERAL unnest(attribution_weights(model, channels, touched_at, converted_at)) w
           WHERE w < 0 OR w > 1),
          0::bigint, 'every weight lies in [0, 1]');
SELECT is((SELECT count(*) FROM (
              SELECT j, model, sum(credit) AS credited, min(value) AS value
              FROM tap_journeys, tap_models, attribute(model, channels, touched_at, converted_at, value)
              GROUP BY j, model) c
           WHERE credited <> value),
          0::bigint, 'credits add up to the value exactly, every journey, every model');
SELECT is((SELECT count(*) FROM tap_journeys, tap_models, attribute(model, channels, touched_at, converted_at, value) a
           WHERE abs(a.credit - (value * a.weight::numeric)) > 2e-10),
          0::bigint, 'each credit is value x weight to the tenth decimal (within a unit of rounding)');
-- attribute_all's and attribute()'s rows against the formulas of every model:
-- test/differential/attribution.sql (not each function against another)
SELECT is((SELECT count(*) FROM tap_journeys, tap_models,
                  LATERAL (SELECT array_agg(a.touch ORDER BY a.ord) AS touches
                           FROM attribute(model, channels, touched_at, converted_at) WITH ORDINALITY a(touch, channel, weight, credit, ord)) s
           WHERE s.touches <> ARRAY(SELECT i::integer FROM unnest(touched_at) WITH ORDINALITY t(at, i)
                                    WHERE at <= converted_at ORDER BY at, i)),
          0::bigint, 'rows come in journey order: by time, ties by array position, none after the conversion');
-- the input order of the arrays does not matter beyond ties
SELECT is((SELECT count(*) FROM tap_journeys j, tap_models m,
                  LATERAL (SELECT array_agg(channels[i] ORDER BY touched_at[i] DESC, i DESC) AS c,
                                  array_agg(touched_at[i] ORDER BY touched_at[i] DESC, i DESC) AS t
                           FROM generate_subscripts(channels, 1) i) r
           WHERE (SELECT array_agg(credit ORDER BY channel, credit) FROM attribute(m.model, j.channels, j.touched_at, j.converted_at, j.value))
              <> (SELECT array_agg(credit ORDER BY channel, credit) FROM attribute(m.model, r.c, r.t, j.converted_at, j.value))
             AND m.model IN ('linear', 'time_decay', 'last_non_direct')),
          0::bigint, 'reversed arrays give the same credits per channel (models without ties at stake)');
SELECT is((SELECT count(*) FROM tap_journeys, attribute('last_non_direct', channels, touched_at, converted_at) a
           WHERE a.weight = 1 AND a.channel = 'direct'
             AND EXISTS (SELECT 1 FROM unnest(channels, touched_at) x(c, t) WHERE c <> 'direct' AND t <= converted_at)),
          0::bigint, 'last non-direct credits direct only when every touch is direct');
SELECT is((SELECT count(*) FROM tap_journeys, tap_models,
                  LATERAL unnest(attribution_weights(model, channels, touched_at, converted_at, lookback => '10 days'),
                                 touched_at) x(w, t)
           WHERE w > 0 AND t < converted_at - interval '10 days'),
          0::bigint, 'no touch before the lookback gets credit');

-- ---------------------------------------------------------------------------
-- Infinite and far-apart times: a touch infinitely older than the latest one
-- gets nothing; differences never overflow (references: the rule itself, and
-- 2^(-gap / half_life) in plain SQL numerics)
-- ---------------------------------------------------------------------------
SELECT is(attribution_weights('time_decay', '{a,b}', '{-infinity,2026-01-01}', '2026-01-02'), '{0,1}'::float8[],
          'time decay: a touch at -infinity gets 0');
SELECT is((SELECT array_agg(credit ORDER BY touch) FROM attribute('time_decay', '{a,b}', '{-infinity,2026-01-01}', '2026-01-02', 100)),
          '{0,100}'::numeric[], 'time decay: all the credit to the finite touch, none negative');
SELECT is(attribution_weights('time_decay', '{a,b}', '{-infinity,infinity}', 'infinity'), '{0,1}'::float8[],
          'time decay: a touch at -infinity before one at infinity (converted at infinity) gets 0');
SELECT is(attribution_weights('time_decay', '{a,b,c}', '{2026-01-01,infinity,infinity}', 'infinity'), '{0,0.5,0.5}'::float8[],
          'time decay: touches at infinity are at the same time; a finite one is infinitely older');
SELECT is(attribution_weights('time_decay', '{a,b}', '{-infinity,-infinity}', '2026-01-01'), '{0.5,0.5}'::float8[],
          'time decay: touches all at -infinity are at the same time');
SELECT is(attribution_weights('time_decay', '{a,b}', '{4713-01-01 BC,290000-01-01}', '290000-01-02'), '{0,1}'::float8[],
          'time decay: touches 294,000 years apart (past int64 microseconds) do not overflow');
SELECT ok((SELECT abs(w[1] - (r / (1 + r))::float8) < 1e-12 AND abs(w[2] - (1 / (1 + r))::float8) < 1e-12
           FROM (SELECT attribution_weights('time_decay', '{a,b}', '{4713-01-01 BC,290000-01-01}', '290000-01-02',
                                            half_life => '100000000 days') AS w,
                        2 ^ (-(extract(epoch FROM timestamptz '290000-01-01') - extract(epoch FROM timestamptz '4713-01-01 BC'))
                             / (100000000 * 86400.0)) AS r) x),
          'time decay: 294,000 years apart with a half-life of 273,973 years: 2^(-gap / half_life) exactly');
SELECT is(attribution_weights('linear', '{a,b}', '{294276-12-31,infinity}', 'infinity', lookback => '10 days'), '{0,1}'::float8[],
          'lookback from infinity: only touches at infinity count');
SELECT is(attribution_weights('linear', '{a,b}', '{-infinity,4713-01-02 BC}', '4713-01-03 BC', lookback => '106751990 days'), '{0,1}'::float8[],
          'a lookback reaching past the earliest microsecond still leaves out a touch at -infinity');
SELECT is(attribution_weights('linear', '{a,b}', '{-infinity,2026-01-01}', '2026-01-02'), '{0.5,0.5}'::float8[],
          'without a lookback a touch at -infinity counts (it is before the conversion)');
SELECT is((SELECT count(*) FROM (VALUES ('{-infinity,2026-01-01}'::timestamptz[], timestamptz '2026-01-02'),
                                        ('{-infinity,infinity}', 'infinity'), ('{4713-01-01 BC,290000-01-01}', '290000-01-02'),
                                        ('{-infinity,4713-01-01 BC,294276-12-31}', '294276-12-31'),
                                        ('{infinity,-infinity,infinity}', 'infinity')) j(at, conv),
                  LATERAL (SELECT bool_and(credit >= 0) AS none_negative, sum(credit) AS total
                           FROM attribute_all(array_fill('x'::text, ARRAY[cardinality(j.at)]), j.at, j.conv, 99.99) a,
                                LATERAL unnest(ARRAY[a.first_touch, a.last_touch, a.last_non_direct, a.linear, a.time_decay,
                                                     a.position_based, a.w_shaped]) credit) c
           WHERE c.none_negative IS NOT TRUE OR c.total IS DISTINCT FROM 7 * 99.99),
          0::bigint, 'attribute_all with infinite and far-apart times: no credit negative, each model adds up to the value');

-- ---------------------------------------------------------------------------
-- markov_model: every bad input, its SQLSTATE and message
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT markov_model('{a,NULL}', true)$$, '22004', 'markov_model path[2] is NULL', 'a NULL channel in a path');
SELECT throws_ok($$SELECT markov_model('{""}', true)$$, '22023', 'markov_model path[1] is an empty string', 'an empty channel in a path');
SELECT throws_ok($$SELECT markov_model(ARRAY['a', repeat('b', 1001)], true)$$,
                 '54000', 'markov_model path[2] is 1001 bytes long, longer than the limit of 1000 for a channel name', 'a channel name too long');
SELECT throws_ok($$SELECT markov_model(array_fill('a'::text, ARRAY[10001]), true)$$,
                 '54000', 'markov_model path of 10001 touches is longer than the limit of 10000', 'a path too long');
SELECT throws_ok($$SELECT markov_model('{{a},{b}}', true)$$, '2202E', 'markov_model path must be a one-dimensional array', 'a two-dimensional path');
SELECT throws_ok($$SELECT markov_model('{a}', true, -1)$$, '22003', 'conversion value -1 is negative', 'a negative value');
SELECT throws_ok($$SELECT markov_model('{a}', true, 'NaN')$$, '22003', 'conversion value NaN is not a finite number', 'a NaN value');
SELECT throws_ok($$SELECT markov_model('{a}', true, NULL)$$, '22004', 'conversion value is NULL for a converted journey', 'a converted journey without value');
SELECT is((SELECT markov_model(p, c) IS NULL FROM (VALUES ('{}'::text[], true), ('{}', false), (NULL, true)) v(p, c)),
          true, 'over only empty or NULL paths markov_model is NULL, as over no journey');
SELECT is((SELECT markov_model(p, true, 1, 2) IS NULL FROM (VALUES ('{}'::text[]), ('{}')) v(p)),
          true, 'the same with values and a higher order');
-- one journey: start -> a (channel 1), a -> the end without conversion (-1); nothing converted, a value of 0
SELECT is(markov_model('{a}', false, NULL)::text,
          '{"version": 1, "order": 1, "channels": ["a"], "value": 0, "transitions": [[[], 1, 1], [[1], -1, 1]]}',
          'a journey without conversion needs no value');
SELECT throws_ok($$SELECT markov_model('{a}', true, 1, 0)$$, '22023', 'markov_model chain_order 0 is out of range 1..4', 'order 0');
SELECT throws_ok($$SELECT markov_model('{a}', true, 1, 5)$$, '22023', 'markov_model chain_order 5 is out of range 1..4', 'order 5');
SELECT throws_ok($$SELECT markov_model('{a}', true, 1, NULL)$$, '22004', 'markov_model chain_order must not be NULL', 'a NULL order');
SELECT throws_ok($$SELECT markov_model(p, true, 1, o) FROM (VALUES ('{a}'::text[], 1), ('{b}', 2)) v(p, o)$$,
                 '22023', 'markov_model chain_order changed from 1 to 2 within a group', 'the order changing within a group');
SELECT throws_ok($$SELECT markov_model(ARRAY['c' || i], true) FROM generate_series(1, 1001) i$$,
                 '54000', 'markov chain has more than 1000 channels', 'more than 1000 channels');
SELECT throws_ok($$SELECT markov_model(ARRAY['c' || i % 11, 'c' || i / 11 % 11, 'c' || i / 121 % 11], true, 1, 3) FROM generate_series(1, 1331) i$$,
                 '54000', 'markov chain has more than 1000 states', 'more than 1000 states');
SELECT throws_ok($$SELECT rollup(m) FROM (SELECT markov_model('{a}', true, 1) UNION ALL SELECT markov_model('{a}', true, 1, 2)) v(m)$$,
                 '22023', 'cannot merge markov chains of different orders', 'rollup of different orders');
SELECT throws_ok($$SELECT markov_chain_combine(markov_model('{a}', true, 1), markov_model('{a}', true))$$,
                 '22023', 'cannot merge a markov chain with conversion values and one without', 'combine with and without values');
SELECT throws_ok($$SELECT markov_model('{a}', true, 6e28) FROM generate_series(1, 2)$$,
                 '22003', 'sum of conversion values out of range', 'values summing to 10^29');

-- markov_chain text input
SELECT throws_ok($$SELECT '{"version": 1}'::markov_chain$$, '22P02',
                 'invalid input syntax for type markov_chain: "{"version": 1}"', 'missing keys');
SELECT throws_ok($$SELECT '{"version": 2, "order": 1, "channels": [], "transitions": []}'::markov_chain$$, '22P02',
                 'unsupported markov_chain format version: "{"version": 2, "order": 1, "channels": [], "transitions": []}"', 'a newer format version');
SELECT throws_ok($$SELECT '{"version": 1, "order": 1, "channels": ["a"], "transitions": [[[], 1, -1]]}'::markov_chain$$, '22003',
                 'markov_chain value out of range: "{"version": 1, "order": 1, "channels": ["a"], "transitions": [[[], 1, -1]]}"', 'a negative count');
SELECT throws_ok($$SELECT '{"version": 1, "order": 1, "channels": ["a"], "transitions": [[[], 1, 2], [[1], 0, 1]]}'::markov_chain$$, '22P02',
                 'invalid input syntax for type markov_chain: "{"version": 1, "order": 1, "channels": ["a"], "transitions": [[[], 1, 2], [[1], 0, 1]]}"',
                 'counts into and out of a state differ');
SELECT throws_ok($$SELECT '{"version": 1, "order": 1, "channels": ["b", "a"], "transitions": [[[], 1, 1], [[], 2, 1], [[1], 0, 1], [[2], 0, 1]]}'::markov_chain$$,
                 '22P02', 'invalid input syntax for type markov_chain: "{"version": 1, "order": 1, "channels": ["b", "a"], "transitions": [[[], 1, 1], [[], 2, 1], [[1], 0, 1], [[2], 0, 1]]}"',
                 'channels out of byte order');
-- no aggregate makes a chain whose journeys take more than 10,000 touches
-- each, or repeat a state more than 9,999 times in a row (references: the
-- chains markov_model makes of the longest paths)
SELECT is('{"version": 1, "order": 1, "channels": ["a", "b"], "transitions": [[[], 1, 1], [[1], 2, 5000], [[2], 0, 1], [[2], 1, 4999]]}'::markov_chain::text,
          (SELECT markov_model(ARRAY(SELECT CASE WHEN i % 2 = 1 THEN 'a' ELSE 'b' END FROM generate_series(1, 10000) i), true)::text),
          'a journey of 10,000 touches reads in as markov_model makes it');
SELECT throws_ok($$SELECT '{"version": 1, "order": 1, "channels": ["a", "b"], "transitions": [[[], 1, 1], [[1], 0, 1], [[1], 2, 5000], [[2], 1, 5000]]}'::markov_chain$$,
                 '22P02', 'invalid input syntax for type markov_chain: "{"version": 1, "order": 1, "channels": ["a", "b"], "transitions": [[[], 1, 1], [[1], 0, 1], [[1], 2, 5000], [[2], 1, 5000]]}"',
                 'one journey of 10,001 touches is refused');
SELECT is('{"version": 1, "order": 1, "channels": ["a", "x"], "transitions": [[[], 1, 1], [[], 2, 10], [[1], 0, 1], [[1], 1, 9999], [[2], 0, 10]]}'::markov_chain::text,
          (SELECT markov_model(p, true)::text FROM (SELECT array_fill('a'::text, ARRAY[10000]) UNION ALL SELECT '{x}' FROM generate_series(1, 10)) v(p)),
          'a channel repeated 10,000 times in a row reads in as markov_model makes it');
SELECT throws_ok($$SELECT '{"version": 1, "order": 1, "channels": ["a", "x"], "transitions": [[[], 1, 1], [[], 2, 10], [[1], 0, 1], [[1], 1, 10000], [[2], 0, 10]]}'::markov_chain$$,
                 '22P02', 'invalid input syntax for type markov_chain: "{"version": 1, "order": 1, "channels": ["a", "x"], "transitions": [[[], 1, 1], [[], 2, 10], [[1], 0, 1], [[1], 1, 10000], [[2], 0, 10]]}"',
                 'a state repeated 10,001 times per entry is refused, though the journeys have room for the touches');

-- ---------------------------------------------------------------------------
-- Markov properties
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE tap_paths AS
SELECT j, j % 5 AS part,
       ARRAY(SELECT (ARRAY['search', 'social', 'email', 'direct', 'display', 'affiliate'])[1 + (j::bigint * 2654435761 + k * 97) % 1000003 % 6]
             FROM generate_series(1, 1 + j % 7) k) AS path,
       (j::bigint * 40503) % 7 < 3 AS converted,
       (j % 5000) / 100.0 AS value
FROM generate_series(1, 3000) j;

SELECT is((SELECT rollup(c)::text FROM (SELECT markov_model(path, converted, value, 2) AS c FROM tap_paths GROUP BY part) x),
          (SELECT markov_model(path, converted, value, 2)::text FROM tap_paths), 'rollup of partial chains equals the chain of all journeys (order 2)');
SELECT is((SELECT markov_model(path, converted, value)::text FROM (SELECT * FROM tap_paths ORDER BY j DESC) x),
          (SELECT markov_model(path, converted, value)::text FROM (SELECT * FROM tap_paths ORDER BY j) x), 'the chain does not depend on row order');
SELECT is((SELECT round(sum(share)::numeric, 12) FROM removal_effects((SELECT markov_model(path, converted) FROM tap_paths))),
          1.000000000000, 'shares add up to 1');
SELECT is((SELECT round(sum(conversions)::numeric, 9) FROM removal_effects((SELECT markov_model(path, converted) FROM tap_paths))),
          (SELECT count(*) FILTER (WHERE converted) FROM tap_paths)::numeric(20, 9), 'credited conversions add up to the conversions');
SELECT is((SELECT round(sum(value)::numeric, 6) FROM removal_effects((SELECT markov_model(path, converted, value, 3) FROM tap_paths))),
          (SELECT sum(value) FILTER (WHERE converted) FROM tap_paths)::numeric(20, 6), 'credited value adds up to the value (order 3)');
SELECT is((SELECT count(*) FROM removal_effects((SELECT markov_model(path, converted, 1, 2) FROM tap_paths))
           WHERE removal_effect < 0 OR removal_effect > 1), 0::bigint, 'removal effects lie in [0, 1]');
SELECT is((SELECT sum(journeys) FROM transitions((SELECT markov_model(path, converted) FROM tap_paths)) WHERE from_state = '(start)'),
          (SELECT count(*) FROM tap_paths)::numeric, 'journeys leaving the start = journeys');
SELECT is((SELECT count(*) FROM (SELECT from_state, sum(probability) AS total
                                  FROM transitions((SELECT markov_model(path, converted, 1, 2) FROM tap_paths)) GROUP BY 1) s
           WHERE abs(total - 1) > 1e-12),
          0::bigint, 'the probabilities out of each state add up to 1');
SELECT is((SELECT markov_model(path, converted)::text::markov_chain::text FROM tap_paths),
          (SELECT markov_model(path, converted)::text FROM tap_paths), 'text form reads back');
-- A heavy cycle: 10^13 journeys go x -> conversion, but one goes x -> a and
-- then round a <-> b 10^16 times before it converts.  Valid (no journey
-- needs more than 10,000 touches on average), but in double precision a's
-- exit (1 in 10^16 + 1) vanishes next to its way to b.  The exact effects:
-- x 1; a 1/J (the one journey through it); b (1/J) C / (C + 1).  (An error
-- gives no rows, so the test fails instead of stopping the file.)
CREATE FUNCTION pg_temp.try_effects(chain markov_chain) RETURNS TABLE (channel text, removal_effect double precision)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT r.channel, r.removal_effect FROM removal_effects(chain) r;
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'removal_effects failed: % %', SQLSTATE, SQLERRM;
END
$$;
SELECT ok((SELECT bool_and(CASE channel WHEN 'x' THEN abs(removal_effect - 1) < 1e-12
                                         WHEN 'a' THEN abs(removal_effect / 1e-13 - 1) < 1e-9
                                         ELSE abs(removal_effect / (1e-13 * 1e16 / (1e16 + 1)) - 1) < 1e-9 END)
                  AND count(*) = 3
           FROM pg_temp.try_effects('{"version": 1, "order": 1, "channels": ["a", "b", "x"], "transitions": [[[], 3, 10000000000000], [[1], 0, 1], [[1], 2, 10000000000000000], [[2], 1, 10000000000000000], [[3], 0, 9999999999999], [[3], 1, 1]]}')),
          'a heavy cycle left once in 10^16 turns is solved: x 1, a and b 1e-13 (to 9 digits)');
-- at order 2 the one journey through the cycle passes b for sure: b's effect is 1/J too
SELECT ok((SELECT bool_and(CASE channel WHEN 'x' THEN abs(removal_effect - 1) < 1e-12
                                         ELSE abs(removal_effect / 1e-13 - 1) < 1e-9 END)
                  AND count(*) = 3
           FROM pg_temp.try_effects('{"version": 1, "order": 2, "channels": ["a", "b", "x"], "transitions": [[[], 3, 10000000000000], [[1, 2], 1, 10000000000000001], [[2, 1], 0, 1], [[2, 1], 2, 10000000000000000], [[3], 0, 9999999999999], [[3], 1, 1], [[3, 1], 2, 1]]}')),
          'the same cycle at order 2 is solved too');

-- first order, collapsing repeats: the same removal effects
SELECT is((SELECT array_agg(round(removal_effect::numeric, 10) ORDER BY channel)
           FROM removal_effects((SELECT markov_model(path || path[array_length(path, 1)], converted) FROM tap_paths))),
          (SELECT array_agg(round(removal_effect::numeric, 10) ORDER BY channel)
           FROM removal_effects((SELECT markov_model(path, converted) FROM tap_paths))),
          'order 1: a repeated last touch changes no removal effect');

-- ---------------------------------------------------------------------------
-- Binary input: send/recv round trip and crafted bytes, through binary COPY
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE tap_stored (chain markov_chain);
CREATE FUNCTION pg_temp.copy_in(bytes bytea) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    file text := 'cxm_attribution_test.copy';   -- in the data directory
    lo oid := lo_from_bytea(0, bytes);
BEGIN
    PERFORM lo_export(lo, file);
    PERFORM lo_unlink(lo);
    EXECUTE format('COPY pg_temp.tap_stored FROM %L (FORMAT binary)', file);
END
$$;
-- a binary COPY file with one row holding one field of these bytes
CREATE FUNCTION pg_temp.copy_file(field bytea) RETURNS bytea LANGUAGE sql AS $$
    SELECT '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea || '\x0001'::bytea
           || int4send(length(field)) || field || '\xffff'::bytea
$$;
SELECT lives_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file(markov_chain_send((SELECT markov_model(path, converted, value, 2) FROM tap_paths))))$$,
                'binary COPY of a chain');
SELECT is((SELECT chain::text FROM tap_stored), (SELECT markov_model(path, converted, value, 2)::text FROM tap_paths),
          'binary form reads back to the same chain');
SELECT throws_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file('\x010100'))$$, '22P03', 'invalid binary markov_chain value', 'binary: truncated header');
SELECT throws_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file('\x0201000000000000'))$$, '22P03', 'invalid binary markov_chain value', 'binary: newer version');
SELECT throws_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file('\x0109000000000000'))$$, '22003', 'invalid binary markov_chain value', 'binary: order 9');
SELECT throws_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file(decode(
                      '01010000' || '00000001' || '00000001' || '61' || '00000002'
                      || '00' || '00000001' || '0000000000000001'
                      || '01' || '00000001' || '00000000' || '0000000000000002', 'hex')))$$,
                 '22P03', 'invalid binary markov_chain value', 'binary: counts not conserved');
SELECT throws_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file(decode(
                      '01010000' || '00000001' || '00000002' || 'c328' || '00000002'
                      || '00' || '00000001' || '0000000000000001'
                      || '01' || '00000001' || '00000000' || '0000000000000001', 'hex')))$$,
                 '22021', 'invalid byte sequence in a channel name of a binary markov_chain value', 'binary: a name that is not UTF-8');
SELECT throws_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file(decode(
                      '01010000' || '00000001' || '00000001' || '61' || '00000002'
                      || '00' || '00000001' || '0000000000000001'
                      || '01' || '00000001' || '00000000' || '0000000000000001' || '00', 'hex')))$$,
                 '22P03', 'invalid binary markov_chain value', 'binary: a trailing byte');
SELECT throws_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file(decode(
                      '01010000' || '00000002' || '00000001' || '61' || '00000001' || '62' || '00000004'
                      || '00' || '00000001' || '0000000000000001'
                      || '01' || '00000001' || '00000000' || '0000000000000001'
                      || '01' || '00000001' || '00000002' || '0000000000001388'
                      || '01' || '00000002' || '00000001' || '0000000000001388', 'hex')))$$,
                 '22P03', 'invalid binary markov_chain value', 'binary: one journey of 10,001 touches');
SELECT lives_ok($$SELECT pg_temp.copy_in(pg_temp.copy_file(decode(
                      '01010000' || '00000001' || '00000001' || '61' || '00000002'
                      || '00' || '00000001' || '0000000000000001'
                      || '01' || '00000001' || '00000000' || '0000000000000001', 'hex')))$$,
                'binary: a hand-written chain of one journey');
SELECT is((SELECT chain::text FROM tap_stored ORDER BY chain::text LIMIT 1),
          '{"version": 1, "order": 1, "channels": ["a"], "transitions": [[[], 1, 1], [[1], 0, 1]]}',
          'the hand-written chain reads as written');

-- ---------------------------------------------------------------------------
-- markov_model's partial states: cxm_state values of kind 8.  Test
-- aggregates over the extension's support functions, without a final
-- function, return the state itself; read back from text and binary COPY,
-- combined and finished, it must give the chain whose transitions are the
-- steps the journeys took, counted in SQL.
-- ---------------------------------------------------------------------------
CREATE AGGREGATE pg_temp.markov_state(text[], boolean) (SFUNC = markov_model_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.markov_state(text[], boolean, numeric, integer) (SFUNC = markov_model_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.markov_merge(cxm_state) (SFUNC = markov_model_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.flow_state(timestamptz, timestamptz, timestamptz, timestamptz) (SFUNC = customer_flow_trans, STYPE = cxm_state);

-- the reference: the state after each touch (its last o channels, as
-- transitions() names them), and the steps between states counted
CREATE TEMP TABLE tap_markov_steps AS
SELECT o, j, k, array_to_string(path[greatest(1, k - o + 1):k], ' > ') AS state, k = cardinality(path) AS last, converted
FROM tap_paths, (VALUES (1), (2)) v(o), generate_series(1, cardinality(path)) k;
CREATE TEMP TABLE tap_markov_expected AS
SELECT s.o, coalesce(p.state, '(start)') AS from_state, s.state AS to_state, count(*) AS journeys
FROM tap_markov_steps s LEFT JOIN tap_markov_steps p ON (p.o, p.j, p.k) = (s.o, s.j, s.k - 1)
GROUP BY 1, 2, 3
UNION ALL
SELECT o, state, CASE WHEN converted THEN '(conversion)' ELSE '(null)' END, count(*)
FROM tap_markov_steps WHERE last GROUP BY 1, 2, 3;
-- what differs from the reference of order o (and, when valued, from the sum of the converted values): NULL when nothing
CREATE FUNCTION pg_temp.markov_differences(chain markov_chain, o integer, valued boolean) RETURNS text[] LANGUAGE sql AS $$
    SELECT array_agg(d) FROM (
        SELECT coalesce(e.from_state, t.from_state) || ' -> ' || coalesce(e.to_state, t.to_state) AS d
        FROM transitions(chain) t FULL JOIN (SELECT * FROM tap_markov_expected WHERE tap_markov_expected.o = $2) e
             USING (from_state, to_state)
        WHERE t.journeys IS DISTINCT FROM e.journeys
        UNION ALL
        SELECT 'value' WHERE (chain::text::jsonb ->> 'value')::numeric
                             IS DISTINCT FROM CASE WHEN valued THEN (SELECT sum(value) FILTER (WHERE converted) FROM tap_paths) END
        UNION ALL
        SELECT 'no chain' WHERE chain IS NULL) x
$$;
SELECT is(pg_temp.markov_differences((SELECT markov_model(path, converted, value, 2) FROM tap_paths), 2, true), NULL,
          'the reference: markov_model (order 2, values) holds the steps and the value counted in SQL');

CREATE TEMP TABLE tap_markov_states AS
SELECT part, pg_temp.markov_state(path, converted, value, 2) AS s, pg_temp.markov_state(path, converted) AS plain
FROM tap_paths GROUP BY part;
CREATE TEMP TABLE tap_markov_whole AS
SELECT pg_temp.markov_state(path, converted, value, 2) AS s, pg_temp.markov_state(path, converted) AS plain FROM tap_paths;
SELECT ok((SELECT count(*) = 5 AND bool_and(s::text ~ '^\\x0108[0-9a-f]+$' AND plain::text ~ '^\\x0108[0-9a-f]+$') FROM tap_markov_states),
          'a partial markov_model state prints as \x, format 1, kind 8 (markov) and hexadecimal digits');
SELECT is(pg_temp.markov_differences((SELECT markov_model_final(s::text::cxm_state) FROM tap_markov_whole), 2, true), NULL,
          'a whole state read back from its text form finishes to the reference chain (order 2, values)');
SELECT is(pg_temp.markov_differences((SELECT markov_model_final(plain::text::cxm_state) FROM tap_markov_whole), 1, false), NULL,
          'and without values at order 1');
SELECT is(pg_temp.markov_differences((SELECT markov_model_final(pg_temp.markov_merge(s::text::cxm_state)) FROM tap_markov_states), 2, true), NULL,
          'five partial states read back from text and combined finish to the reference chain');
SELECT is(pg_temp.markov_differences((SELECT markov_model_final(pg_temp.markov_merge(s)) FROM (
              SELECT pg_temp.markov_state(path, converted, value, 2) FROM tap_paths WHERE j % 2 = 0
              UNION ALL
              SELECT pg_temp.markov_state(path, converted, value, 2) FROM tap_paths WHERE j % 2 = 1) v(s)), 2, true), NULL,
          'two states combined over a UNION ALL finish to the chain of all the journeys');
SELECT is(pg_temp.markov_differences((SELECT markov_model_final(pg_temp.markov_merge(plain)) FROM (
              SELECT pg_temp.markov_state(path, converted) FROM tap_paths WHERE j <= 1000
              UNION ALL
              SELECT pg_temp.markov_state(path, converted) FROM tap_paths WHERE j > 1000) v(plain)), 1, false), NULL,
          'and without values at order 1');

-- binary COPY out and back in (through a file of this backend's, removed as it is read)
CREATE TEMP TABLE tap_markov_copied (part integer, s cxm_state);
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_markov_state_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
SELECT pg_temp.copy_through('SELECT part, s FROM tap_markov_states', 'tap_markov_copied');
SELECT is(pg_temp.markov_differences((SELECT markov_model_final(pg_temp.markov_merge(s)) FROM tap_markov_copied), 2, true), NULL,
          'five partial states through binary COPY out and in, combined, finish to the reference chain');

-- a state of another aggregate is refused by name
SELECT throws_ok($$SELECT markov_model_final(pg_temp.flow_state(now(), NULL, now() - interval '1 day', now() + interval '1 day'))$$,
                 '42804', 'cxm_state of customer flow passed where a state of markov_model is expected',
                 'markov_model_final refuses the state of another aggregate');
SELECT throws_ok($$SELECT pg_temp.markov_merge(s) FROM (SELECT pg_temp.flow_state(now(), NULL, now() - interval '1 day', now() + interval '1 day')) v(s)$$,
                 '42804', 'cxm_state of customer flow passed where a state of markov_model is expected',
                 'markov_model_combine refuses it too');
SELECT throws_ok($$SELECT customer_flow_final(s) FROM tap_markov_whole$$,
                 '42804', 'cxm_state of markov_model passed where a state of customer flow is expected',
                 'and a markov_model state is no other aggregate''s');

-- what the kind refuses, in text (22P02) and through binary COPY (22P03)
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(s::text, -2)) FROM tap_markov_whole), '22P02',
                 'invalid cxm_state value', 'a real state cut short by a byte');
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', s::text || '00') FROM tap_markov_whole), '22P02',
                 'invalid cxm_state value', 'a real state with a byte too many');
-- the last byte is the low byte of the last transition's count: journeys no longer leave the state they enter
SELECT throws_ok((SELECT format('SELECT %L::cxm_state', left(s::text, -2) || CASE WHEN right(s::text, 2) = 'ff' THEN '00' ELSE 'ff' END)
                  FROM tap_markov_whole), '22P02', 'invalid cxm_state value', 'a real state with its last byte changed');
-- a hand-written state of one journey: a -> conversion (the markov_chain binary form after the two header bytes)
SELECT is(markov_model_final(('\x0108' || '01010000' || '00000001' || '00000001' || '61' || '00000002'
                              || '00' || '00000001' || '0000000000000001'
                              || '01' || '00000001' || '00000000' || '0000000000000001')::cxm_state)::text,
          '{"version": 1, "order": 1, "channels": ["a"], "transitions": [[[], 1, 1], [[1], 0, 1]]}',
          'a hand-written state of one journey finishes to that journey''s chain');
SELECT throws_ok($$SELECT ('\x0108' || '01010000' || '00000001' || '00000002' || 'c328' || '00000002'
                           || '00' || '00000001' || '0000000000000001'
                           || '01' || '00000001' || '00000000' || '0000000000000001')::cxm_state$$,
                 '22P02', 'invalid cxm_state value', 'a state with a channel name that is not UTF-8');
SELECT throws_ok($$SELECT ('\x0108' || '01010000' || '00000000' || '00000000')::cxm_state$$,
                 '22P02', 'invalid cxm_state value', 'a state without a journey (no aggregate makes one)');
SELECT throws_ok($$SELECT ('\x0108' || '02010000' || '00000000' || '00000000')::cxm_state$$,
                 '22P02', 'invalid cxm_state value', 'a state whose chain has a newer format');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(s), 1, 40) FROM tap_markov_whole', 'tap_markov_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a real state cut short in binary COPY');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, overlay(b placing ''\xffffffff''::bytea from length(b) - 3 for 4)
                                                FROM (SELECT cxm_state_send(s) FROM tap_markov_whole) v(b)', 'tap_markov_copied')$$,
                 '22P03', 'invalid cxm_state value', 'a real state with its last four bytes changed in binary COPY');
SELECT throws_ok($$SELECT markov_model_trans(NULL, '{a}', true)$$, '0A000', 'markov_model_trans can only be called as part of an aggregate',
                 'the transition function refuses to run outside an aggregate');

-- ---------------------------------------------------------------------------
-- Installs into any schema; works schema-qualified with that schema off search_path
-- ---------------------------------------------------------------------------
DROP EXTENSION cxm CASCADE;
CREATE SCHEMA cx_attr;
CREATE EXTENSION cxm SCHEMA cx_attr;
SET LOCAL search_path = public;
SELECT is((SELECT sum(linear) FROM cx_attr.attribute_all('{a,b}', '{2026-01-01,2026-01-02}', '2026-01-03', 10)),
          10::numeric, 'attribute_all through the schema (defaults resolve)');
SELECT is((SELECT credit FROM cx_attr.attribute('w_shaped', '{a}', '{2026-01-01}', '2026-01-03')), 1::numeric,
          'attribute through the schema');
SELECT is(cx_attr.attribution_weights('time_decay', '{a,b}', '{2026-01-02,2026-01-09}', '2026-01-10')::numeric(4, 3)[],
          '{0.333,0.667}'::numeric[], 'attribution_weights through the schema');
SELECT is((SELECT removal_effect FROM cx_attr.removal_effects((SELECT cx_attr.rollup(m) FROM (
               SELECT cx_attr.markov_model(p::text[], c, 1) FROM (VALUES ('{x}', true), ('{x}', false)) v(p, c)) x(m))) r),
          1::float8, 'markov_model, rollup and removal_effects through the schema');
SELECT is((SELECT count(*) FROM cx_attr.transitions('{"version": 1, "order": 1, "channels": ["a"], "transitions": [[[], 1, 1], [[1], 0, 1]]}')),
          2::bigint, 'the type through the schema');
SELECT hasnt_function('public', 'attribute_all', 'nothing left behind in public');

SELECT * FROM finish();
ROLLBACK;
