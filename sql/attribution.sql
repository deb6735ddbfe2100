-- attribution: rule-based models on hand-checked journeys, exact credits,
-- and Markov-chain removal effects on worked examples.
SET timezone = 'UTC';
SET extra_float_digits = 0;

-- Five touches before a purchase on Jan 10 worth 120.00:
--   search Jan 1, social Jan 3, direct Jan 6, email Jan 8, direct Jan 9.
CREATE TABLE attr_journey AS
SELECT ARRAY['search', 'social', 'direct', 'email', 'direct'] AS channels,
       ARRAY['2026-01-01', '2026-01-03', '2026-01-06', '2026-01-08', '2026-01-09']::timestamptz[] AS touched_at,
       timestamptz '2026-01-10' AS converted_at, 120.00 AS value;

-- Weights of each touch under each model (hand-checked):
--   first 1,0,0,0,0; last 0,0,0,0,1; last non-direct: email (touch 4);
--   linear 1/5 each; position-based 0.4, 0.2/3 x 3, 0.4;
--   W-shaped: key = the middle touch (3): 0.3, 0.05, 0.3, 0.05, 0.3.
SELECT m.model, attribution_weights(m.model, channels, touched_at, converted_at)::numeric(6, 4)[] AS weights
FROM attr_journey,
     unnest(ARRAY['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'w_shaped']) AS m(model);

-- Time decay, half-life 7 days: w ~ 2^(-(T - t) / 7 days), against the formula in SQL
SELECT t.i, round(w.w::numeric, 12) AS weight,
       round((2 ^ (-extract(epoch FROM converted_at - t.at) / (7 * 86400))
              / sum(2 ^ (-extract(epoch FROM converted_at - t.at) / (7 * 86400))) OVER ())::numeric, 12) AS formula
FROM attr_journey,
     unnest(touched_at) WITH ORDINALITY AS t(at, i),
     LATERAL (SELECT (attribution_weights('time_decay', channels, touched_at, converted_at))[t.i] AS w) w
ORDER BY t.i;
-- A touch 8 days out counts half as much as one 1 day out
SELECT attribution_weights('time_decay', '{display,email}', '{2026-01-02,2026-01-09}', '2026-01-10');
SELECT attribution_weights('time_decay', '{display,email}', '{2026-01-02,2026-01-09}', '2026-01-10', half_life => '14 days');

-- One touch gets all the credit under every model; two touches split 50/50
-- under linear, position-based and W-shaped
SELECT m.model, attribution_weights(m.model, '{email}', '{2026-01-01}', '2026-01-02') AS one,
       attribution_weights(m.model, '{social,email}', '{2026-01-01,2026-01-02}', '2026-01-03') AS two
FROM unnest(ARRAY['first_touch', 'last_touch', 'last_non_direct', 'linear', 'time_decay', 'position_based', 'w_shaped']) AS m(model);

-- Short W-shaped paths are renormalised over the roles they have:
-- 3 touches: a third each; 4 touches: 30/30/10/30 (key = the earlier middle)
SELECT attribution_weights('w_shaped', '{a,b,c}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04');
SELECT attribution_weights('w_shaped', '{a,b,c,d}', '{2026-01-01,2026-01-02,2026-01-03,2026-01-04}', '2026-01-05');
-- the key touch is the one that created the lead: the last at or before lead_created_at
SELECT attribution_weights('w_shaped', '{a,b,c,d,e}', '{2026-01-01,2026-01-02,2026-01-03,2026-01-04,2026-01-05}', '2026-01-06',
                           lead_created_at => '2026-01-02 12:00')::numeric(5, 3)[];
-- a lead created at the first touch: first and last 3/7 each, the middles share 1/7
SELECT attribution_weights('w_shaped', '{a,b,c,d}', '{2026-01-01,2026-01-02,2026-01-03,2026-01-04}', '2026-01-05',
                           lead_created_at => '2026-01-01')::numeric(6, 4)[];
-- custom shares
SELECT attribution_weights('position_based', '{a,b,c}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04',
                           position_shares => '{0.3,0.2,0.5}');
SELECT attribution_weights('position_based', '{a,b}', '{2026-01-01,2026-01-02}', '2026-01-04',
                           position_shares => '{0.3,0.2,0.5}');

-- Last non-direct: if every touch is direct, the last one gets the credit
SELECT attribution_weights('last_non_direct', '{direct,direct,direct}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04');
SELECT attribution_weights('last_non_direct', '{email,(direct),(direct)}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04');
SELECT attribution_weights('last_non_direct', '{email,(direct),(direct)}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04',
                           direct_channel => '(direct)');
-- a NULL direct_channel: no touch is direct
SELECT attribution_weights('last_non_direct', '{email,direct}', '{2026-01-01,2026-01-02}', '2026-01-04', direct_channel => NULL);

-- Touches after the conversion do not count; one at the conversion time does
SELECT attribution_weights('linear', '{a,b,c}', '{2026-01-01,2026-01-05,2026-01-04}', '2026-01-04');
-- lookback: touches older than converted_at - lookback do not count (the bound counts)
SELECT attribution_weights('linear', '{a,b,c}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04', lookback => '2 days');
-- no touch counts: every weight is 0
SELECT attribution_weights('linear', '{a,b}', '{2026-01-05,2026-01-06}', '2026-01-04');
SELECT attribution_weights('linear', '{}', '{}', '2026-01-04');

-- Arrays need not be sorted: touches are ordered by time, equal times
-- keep the order of the arrays; weights stay aligned with the input
SELECT attribution_weights('first_touch', '{late,early,tie_a,tie_b}', '{2026-01-03,2026-01-01,2026-01-02,2026-01-02}', '2026-01-04');
SELECT attribution_weights('position_based', '{c,a,b}', '{2026-01-03,2026-01-01,2026-01-02}', '2026-01-04');
SELECT * FROM attribute('first_touch', '{tie_a,tie_b}', '{2026-01-02,2026-01-02}', '2026-01-04');
SELECT * FROM attribute('last_touch', '{tie_a,tie_b}', '{2026-01-02,2026-01-02}', '2026-01-04');

-- attribute: one row per touch that counts, in journey order; the credits
-- add up to the value exactly (100.00 / 3: the extra unit of the tenth
-- decimal goes where the cumulative rounding puts it)
SELECT * FROM attribute('linear', '{a,b,c}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04', 100.00);
SELECT sum(credit) FROM attribute('linear', '{a,b,c}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04', 100.00);
SELECT * FROM attribute('time_decay', '{c,a,b}', '{2026-01-03,2026-01-01,2026-01-02}', '2026-01-04', 1);
SELECT sum(credit) FROM attribute('time_decay', '{c,a,b}', '{2026-01-03,2026-01-01,2026-01-02}', '2026-01-04', 1);
-- without a value: fractions of one conversion
SELECT touch, channel, credit FROM attribute('position_based', '{a,b,c,d}', '{2026-01-01,2026-01-02,2026-01-03,2026-01-04}', '2026-01-05');
-- large values: 15 significant digits (the precision of the weights)
SELECT credit FROM attribute('linear', '{a,b,c}', '{2026-01-01,2026-01-02,2026-01-03}', '2026-01-04', 123456789012.34);
-- NULLs: no model, journey or conversion time, no rows; no value, NULL credits
SELECT count(*) FROM attribute(NULL, '{a}', '{2026-01-01}', '2026-01-04');
SELECT count(*) FROM attribute('linear', '{a}', '{2026-01-01}', NULL);
SELECT * FROM attribute('linear', '{a}', '{2026-01-01}', '2026-01-04', NULL);
SELECT attribution_weights('linear', NULL, '{2026-01-01}', '2026-01-04') IS NULL AS is_null;

-- attribute_all: every model at once; each column adds up to the value
SELECT a.* FROM attr_journey, attribute_all(channels, touched_at, converted_at, value) a;
SELECT sum(first_touch) AS first_touch, sum(last_touch) AS last_touch, sum(last_non_direct) AS last_non_direct,
       sum(linear) AS linear, sum(time_decay) AS time_decay, sum(position_based) AS position_based, sum(w_shaped) AS w_shaped
FROM attr_journey, attribute_all(channels, touched_at, converted_at, value);

-- Revenue credited to each channel under each model, from touchpoint and
-- order rows as a CRM keeps them.  Touches count for 30 days before an
-- order: customer 3's display touch is older; customer 4 was touched only
-- after ordering, so that order (12.00) credits no channel.
CREATE TABLE attr_touches (customer_id int, channel text, touched_at timestamptz);
CREATE TABLE attr_orders (order_id int, customer_id int, ordered_at timestamptz, amount numeric(10, 2));
INSERT INTO attr_touches VALUES
    (1, 'search', '2026-02-01'), (1, 'email', '2026-02-03'), (1, 'direct', '2026-02-04'),
    (2, 'social', '2026-02-02'), (2, 'search', '2026-02-06'),
    (3, 'display', '2026-01-01'), (3, 'email', '2026-02-05'),
    (4, 'social', '2026-02-07');
INSERT INTO attr_orders VALUES
    (101, 1, '2026-02-05', 90.00), (102, 2, '2026-02-06', 45.50), (103, 3, '2026-02-06', 30.00),
    (104, 4, '2026-02-06', 12.00);
SELECT a.channel, sum(first_touch) AS first_touch, sum(last_touch) AS last_touch,
       sum(last_non_direct) AS last_non_direct, sum(linear) AS linear,
       round(sum(time_decay), 2) AS time_decay, sum(position_based) AS position_based, sum(w_shaped) AS w_shaped
FROM (SELECT o.order_id, o.ordered_at, o.amount,
             array_agg(t.channel ORDER BY t.touched_at) AS channels,
             array_agg(t.touched_at ORDER BY t.touched_at) AS touched_at
      FROM attr_orders o JOIN attr_touches t USING (customer_id)
      GROUP BY o.order_id, o.ordered_at, o.amount) j,
     attribute_all(j.channels, j.touched_at, j.ordered_at, j.amount, lookback => '30 days') a
GROUP BY ROLLUP (a.channel) ORDER BY a.channel;

-- ---------------------------------------------------------------------------
-- Markov chains
-- ---------------------------------------------------------------------------

-- The worked example of serhiipuzyrov.com ("Markov chain attribution: simple
-- explanation of removal effect"): google ads alone converts twice, mailing
-- once, google ads > mailing once, google ads once without converting.
-- P(conversion) = 0.8; without google ads 0.2 (effect 0.75), without mailing
-- 0.4 (effect 0.5); shares 0.6 and 0.4 of 4 conversions: 2.4 and 1.6.
CREATE TABLE attr_paths (path text[], converted boolean, value numeric);
INSERT INTO attr_paths VALUES
    ('{google ads}', true, 10), ('{google ads}', true, 20), ('{mailing}', true, 30),
    ('{google ads,mailing}', true, 40), ('{google ads}', false, NULL);
SELECT markov_model(path, converted, value) FROM attr_paths;
SELECT * FROM transitions((SELECT markov_model(path, converted) FROM attr_paths));
SELECT * FROM removal_effects((SELECT markov_model(path, converted, value) FROM attr_paths));
SELECT * FROM removal_effects((SELECT markov_model(path, converted) FROM attr_paths));

-- Three paths: c1 > c2 > c3 converts, c1 and c2 > c3 do not.
-- P = 1/3; without c1 1/6 (effect 0.5); without c2 or c3 nothing converts.
SELECT * FROM removal_effects((SELECT markov_model(path::text[], converted)
                               FROM (VALUES ('{c1,c2,c3}', true), ('{c1}', false), ('{c2,c3}', false)) v(path, converted)));

-- Order 2: states are the last two channels. Hand-solved: P = 1/2;
-- without c1 1/8, without c2 0, without c3 1/4.
SELECT markov_model(path::text[], converted, 1, 2) AS chain
FROM (VALUES ('{c1,c2,c3}', true), ('{c1}', false), ('{c2,c3}', false), ('{c1,c1,c1,c2}', true)) v(path, converted);
SELECT * FROM transitions((SELECT markov_model(path::text[], converted, 1, 2)
                           FROM (VALUES ('{c1,c2,c3}', true), ('{c1}', false), ('{c2,c3}', false), ('{c1,c1,c1,c2}', true)) v(path, converted)));
SELECT channel, removal_effect, round(share::numeric, 6) AS share, round(conversions::numeric, 6) AS conversions, value
FROM removal_effects((SELECT markov_model(path::text[], converted, 1, 2)
                      FROM (VALUES ('{c1,c2,c3}', true), ('{c1}', false), ('{c2,c3}', false), ('{c1,c1,c1,c2}', true)) v(path, converted)));

-- Order 1: repeated channels are self-loops and change nothing
SELECT (SELECT array_agg(round(removal_effect::numeric, 12) ORDER BY channel)
        FROM removal_effects((SELECT markov_model(path::text[], converted)
                              FROM (VALUES ('{x,x,x,y}', true), ('{y,y,z}', false), ('{z,x,x}', true), ('{y}', false)) v(path, converted))))
     = (SELECT array_agg(round(removal_effect::numeric, 12) ORDER BY channel)
        FROM removal_effects((SELECT markov_model(path::text[], converted)
                              FROM (VALUES ('{x,y}', true), ('{y,z}', false), ('{z,x}', true), ('{y}', false)) v(path, converted))))
       AS repeats_change_nothing;

-- NULL paths and outcomes are skipped, as are empty paths; no journey at all gives NULL
SELECT markov_model(path::text[], converted)
FROM (VALUES ('{a}', true), (NULL, true), ('{b}', NULL), ('{}', true)) v(path, converted);
SELECT markov_model(path, converted) IS NULL AS no_journeys FROM attr_paths WHERE false;

-- A chain of a channel that never converts: effect 0, nothing credited
SELECT * FROM removal_effects((SELECT markov_model(path::text[], converted)
                               FROM (VALUES ('{a,b}', true), ('{b}', true), ('{c}', false), ('{a,c}', false)) v(path, converted)));
-- Nothing converted: every effect is 0
SELECT * FROM removal_effects((SELECT markov_model(path::text[], converted) FROM (VALUES ('{a,b}', false), ('{b}', false)) v(path, converted)));

-- Stored chains roll up exactly: per-day chains merged equal the chain of all journeys
CREATE TABLE attr_daily AS
SELECT i % 3 AS day, markov_model(path, converted, value) AS chain
FROM attr_paths, generate_series(1, 6) i GROUP BY i % 3;
SELECT (SELECT rollup(chain)::text FROM attr_daily)
     = (SELECT markov_model(path, converted, value)::text FROM attr_paths, generate_series(1, 6) i) AS rollup_exact;
SELECT markov_chain_combine(a, b)::text = (SELECT rollup(chain)::text FROM attr_daily WHERE day IN (0, 1)) AS combine_is_rollup
FROM (SELECT (SELECT chain FROM attr_daily WHERE day = 0) AS a, (SELECT chain FROM attr_daily WHERE day = 1) AS b) x;

-- Values are summed exactly, to 9 decimals (rounded half up beyond), so
-- merging in any order gives the same chain
SELECT markov_model('{a}', true, 0.10) FROM generate_series(1, 10);
SELECT markov_model('{a}', true, 1 / 3.0) FROM generate_series(1, 3);

-- Text and binary forms; the text reads back through jsonb (which reorders keys)
SELECT markov_chain_send(markov_model(path, converted)) FROM attr_paths;
SELECT markov_model(path, converted, value)::text::jsonb::text::markov_chain::text = markov_model(path, converted, value)::text
       AS jsonb_roundtrip
FROM attr_paths;
SELECT '{"version": 1, "order": 1, "channels": ["a \"quoted\" name", "tab\u0009"],
         "transitions": [[[], 1, 1], [[], 2, 1], [[1], 0, 1], [[2], -1, 1]]}'::markov_chain;
