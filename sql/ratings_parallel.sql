-- ratings under a forced parallel plan: partial aggregates in the workers,
-- states merged by ratings_combine in the leader; the answer equals the
-- serial one exactly (weights are dyadic, so every order sums the same).
CREATE TABLE par AS
SELECT i, i % 97 AS grp, (i::bigint * 7919) % 11 AS s, (i * 31) % 5 + 1 AS c, (i * 13) % 10 + 1 AS e,
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i % 8) * 0.25 END AS w
FROM generate_series(1, 300000) i;
ANALYZE par;

CREATE TEMP TABLE serial_answer AS
SELECT nps(s) AS nps, csat(c) AS csat, ces(e) AS ces, nps(s, w) AS nps_w, csat(c, w) AS csat_w, ces(e, w) AS ces_w,
       ratings_agg(s)::text AS r, ratings_agg(s, w)::text AS rw, nps(s::numeric) AS nps_num
FROM par;
CREATE TEMP TABLE serial_groups AS
SELECT grp, nps(s) AS nps, ratings_agg(s, w)::text AS rw FROM par GROUP BY grp;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

EXPLAIN (COSTS OFF)
SELECT nps(s), csat(c), ces(e), nps(s, w), csat(c, w), ces(e, w), ratings_agg(s), ratings_agg(s, w), nps(s::numeric)
FROM par;

SELECT (SELECT row(nps, csat, ces, nps_w, csat_w, ces_w, r, rw, nps_num) FROM serial_answer)
     = row(nps(s), csat(c), ces(e), nps(s, w), csat(c, w), ces(e, w), ratings_agg(s)::text, ratings_agg(s, w)::text, nps(s::numeric))
       AS parallel_equals_serial
FROM par;

SELECT nps, csat, ces FROM serial_answer;

EXPLAIN (COSTS OFF)
SELECT grp, nps(s), ratings_agg(s, w) FROM par GROUP BY grp;
SELECT count(*) AS groups_differing
FROM (SELECT grp, nps(s) AS nps, ratings_agg(s, w)::text AS rw FROM par GROUP BY grp) p
FULL JOIN serial_groups g USING (grp)
WHERE p.nps IS DISTINCT FROM g.nps OR p.rw IS DISTINCT FROM g.rw;

-- rollup of stored summaries, in parallel
CREATE TABLE par_daily AS SELECT grp, ratings_agg(s) AS r, ratings_agg(s, w) AS rw FROM par GROUP BY grp;
INSERT INTO par_daily SELECT * FROM par_daily;   -- enough rows for a parallel scan
INSERT INTO par_daily SELECT * FROM par_daily;
ANALYZE par_daily;
EXPLAIN (COSTS OFF) SELECT rollup(r), rollup(rw) FROM par_daily;
SELECT responses(rollup(r)) = 4 * (SELECT count(s) FROM par) AS counts_add_up,
       nps(rollup(rw)) = (SELECT nps_w FROM serial_answer) AS weighted_nps_unchanged_by_duplication
FROM par_daily;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE par, par_daily;
