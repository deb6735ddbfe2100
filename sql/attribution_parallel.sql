-- attribution under a forced parallel plan: markov_model's partial states
-- leave the workers as cxm_state values and are merged by
-- markov_model_combine in the leader; rollup merges stored chains the same way.  Answers equal the
-- serial ones exactly (values are whole numbers, so every order sums the same).
SET timezone = 'UTC';
CREATE TABLE par_journeys AS
SELECT i AS journey_id, i % 7 AS segment,
       ARRAY(SELECT (ARRAY['search', 'social', 'email', 'display', 'direct', 'affiliate'])[1 + (i::bigint * 2654435761 + k * 40503) % 1000003 % 6]
             FROM generate_series(1, 1 + i % 5) k) AS path,
       ARRAY(SELECT timestamptz '2026-03-01' + ((i % 11) + k) * interval '1 day'
             FROM generate_series(1, 1 + i % 5) k) AS touched_at,
       timestamptz '2026-03-20' AS converted_at,
       (i * 2654435761) % 5 < 2 AS converted,
       ((i * 31) % 200)::numeric AS value
FROM generate_series(1, 60000) i;
ANALYZE par_journeys;

CREATE TEMP TABLE serial_answer AS
SELECT markov_model(path, converted)::text AS plain, markov_model(path, converted, value)::text AS valued,
       markov_model(path, converted, value, 2)::text AS second_order
FROM par_journeys;
CREATE TEMP TABLE serial_groups AS
SELECT segment, markov_model(path, converted, value)::text AS chain FROM par_journeys GROUP BY segment;
CREATE TEMP TABLE serial_credit AS
SELECT a.channel, sum(a.linear) AS linear, sum(a.time_decay) AS time_decay
FROM par_journeys j, attribute_all(j.path, j.touched_at, j.converted_at, j.value) a
WHERE j.converted GROUP BY a.channel;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

EXPLAIN (COSTS OFF)
SELECT markov_model(path, converted), markov_model(path, converted, value), markov_model(path, converted, value, 2)
FROM par_journeys;
SELECT (SELECT row(plain, valued, second_order) FROM serial_answer)
     = row(markov_model(path, converted)::text, markov_model(path, converted, value)::text,
           markov_model(path, converted, value, 2)::text) AS parallel_equals_serial
FROM par_journeys;

EXPLAIN (COSTS OFF)
SELECT segment, markov_model(path, converted, value) FROM par_journeys GROUP BY segment;
SELECT count(*) AS groups_differing
FROM (SELECT segment, markov_model(path, converted, value)::text AS chain FROM par_journeys GROUP BY segment) p
FULL JOIN serial_groups s USING (segment)
WHERE p.chain IS DISTINCT FROM s.chain;

-- removal effects of the parallel-built chain: shares add up to 1, credits to the totals
SELECT round(sum(share)::numeric, 12) AS shares, round(sum(conversions)::numeric, 6) AS conversions,
       round(sum(value)::numeric, 6) AS value,
       (SELECT count(*) FROM par_journeys WHERE converted) AS converted_journeys,
       (SELECT sum(value) FROM par_journeys WHERE converted) AS converted_value
FROM removal_effects((SELECT markov_model(path, converted, value) FROM par_journeys));

-- rollup of stored chains, in parallel
CREATE TABLE par_stored AS
SELECT journey_id % 500 AS batch, markov_model(path, converted, value) AS chain FROM par_journeys GROUP BY 1;
ANALYZE par_stored;
EXPLAIN (COSTS OFF) SELECT rollup(chain) FROM par_stored;
SELECT rollup(chain)::text = (SELECT valued FROM serial_answer) AS rollup_equals_serial FROM par_stored;

-- rule-based credits summed per channel in parallel workers
EXPLAIN (COSTS OFF)
SELECT a.channel, sum(a.linear), sum(a.time_decay)
FROM par_journeys j, attribute_all(j.path, j.touched_at, j.converted_at, j.value) a
WHERE j.converted GROUP BY a.channel;
SELECT count(*) AS channels_differing
FROM (SELECT a.channel, sum(a.linear) AS linear, sum(a.time_decay) AS time_decay
      FROM par_journeys j, attribute_all(j.path, j.touched_at, j.converted_at, j.value) a
      WHERE j.converted GROUP BY a.channel) p
FULL JOIN serial_credit s USING (channel)
WHERE (p.linear, p.time_decay) IS DISTINCT FROM (s.linear, s.time_decay);

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE par_journeys, par_stored;
