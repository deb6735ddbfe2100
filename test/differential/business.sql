-- Randomized differential test of the operational metrics and RFM: 2,000
-- random groups (NULL end dates, customers joining and leaving inside the
-- period, periods with nobody, ties on the period bounds), each compared with
-- the plain-SQL definition, serial and under a forced parallel plan.
BEGIN;
SELECT plan(10);
SELECT setseed(0.5151);
CREATE SCHEMA diffb;

CREATE TABLE diffb.sizes AS
SELECT g, (ARRAY[0, 1, 3, 10, 40, 150])[1 + floor(random() * 6)::int] AS members,
       (ARRAY[0, 1, 2, 7, 50])[1 + floor(random() * 5)::int] AS tickets
FROM generate_series(1, 2000) g;
CREATE TABLE diffb.members AS
SELECT g, i,
       timestamptz '2025-01-01 00:00+00' + floor(random() * 400) * interval '1 day'
           + CASE WHEN random() < 0.1 THEN interval '0' ELSE floor(random() * 86400) * interval '1 second' END AS started_at,
       random() < 0.6 AS stays,
       random() AS leave_draw,
       random() < 0.07 AS referred_raw,
       random() < 0.05 AS referred_null
FROM diffb.sizes, LATERAL generate_series(1, members) i;
ALTER TABLE diffb.members ADD COLUMN ended_at timestamptz;
UPDATE diffb.members SET ended_at = CASE WHEN stays THEN NULL
    WHEN leave_draw < 0.1 THEN greatest(started_at, timestamptz '2026-01-01 00:00+00')   -- on a period bound
    ELSE started_at + floor(leave_draw * 300) * interval '1 day' END;
CREATE TABLE diffb.periods AS
SELECT g, timestamptz '2025-06-01 00:00+00' + floor(random() * 200) * interval '1 day' AS period_start
FROM generate_series(1, 2000) g;
UPDATE diffb.periods SET period_start = timestamptz '2026-01-01 00:00+00' WHERE g % 9 = 0;
CREATE TABLE diffb.tickets AS
SELECT g, i, timestamptz '2026-01-01 00:00+00' + random() * interval '30 days' AS opened_at, random() AS r
FROM diffb.sizes, LATERAL generate_series(1, tickets) i;
ALTER TABLE diffb.tickets ADD COLUMN resolved_at timestamptz;
UPDATE diffb.tickets SET resolved_at = CASE WHEN r < 0.15 THEN NULL ELSE opened_at + (r * r * 100) * interval '1 hour' END;
ANALYZE diffb.members, diffb.periods, diffb.tickets;

CREATE FUNCTION pg_temp.exact(a numeric, n numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN n = 0 THEN NULL ELSE sign(a) * div(2 * abs(a) * 10000000000000000::numeric + n, 2 * n) / 10000000000000000::numeric END
$$;

-- the definitions, written out (README, Churn and retention): the period is
-- [start, start + 30 days) and a join or a departure at an instant belongs to
-- the period holding it, so S counts those who joined before the start and
-- had not left before it; the lost left during the period
CREATE TEMP TABLE reference AS
SELECT p.g,
       count(m.i) FILTER (WHERE m.started_at < p.period_start AND (m.ended_at IS NULL OR m.ended_at >= p.period_start)) AS s,
       count(m.i) FILTER (WHERE m.started_at < p.period_start AND m.ended_at >= p.period_start
                          AND m.ended_at < p.period_start + interval '30 days') AS lost
FROM diffb.periods p LEFT JOIN diffb.members m USING (g)
GROUP BY p.g;

CREATE TEMP TABLE serial AS
SELECT p.g, churn_rate(m.started_at, m.ended_at, p.period_start, p.period_start + interval '30 days') AS churn,
       retention_rate(m.started_at, m.ended_at, p.period_start, p.period_start + interval '30 days') AS retention,
       referral_rate(CASE WHEN m.referred_null THEN NULL ELSE m.referred_raw END) AS referral
FROM diffb.periods p LEFT JOIN diffb.members m USING (g)
GROUP BY p.g;

SELECT cmp_ok((SELECT count(*) FROM reference WHERE s = 0), '>', 100::bigint, 'many groups have nobody at the start');
SELECT is((SELECT array_agg(g ORDER BY g) FROM serial JOIN reference USING (g)
           WHERE churn IS DISTINCT FROM pg_temp.exact(100 * lost, s)), NULL, 'churn_rate equals its definition in every group');
SELECT is((SELECT array_agg(g ORDER BY g) FROM serial JOIN reference USING (g)
           WHERE retention IS DISTINCT FROM pg_temp.exact(100 * (s - lost), s)), NULL,
          'retention_rate equals (E - N) / S in every group');
SELECT is((SELECT array_agg(g ORDER BY g) FROM serial s
           JOIN (SELECT g, pg_temp.exact(100 * count(*) FILTER (WHERE referred_raw AND NOT referred_null),
                                         count(*) FILTER (WHERE NOT referred_null)) AS ref
                 FROM diffb.periods LEFT JOIN diffb.members USING (g) GROUP BY g) r USING (g)
           WHERE s.referral IS DISTINCT FROM r.ref), NULL, 'referral_rate equals its definition in every group');

CREATE TEMP TABLE resolution AS
SELECT g, avg_resolution_time(opened_at, resolved_at) AS mean, median_resolution_time(opened_at, resolved_at) AS median,
       resolution_time_percentile(opened_at, resolved_at, 0.9) AS p90, unresolved_count(opened_at, resolved_at) AS open,
       -- in seconds, not through PostgreSQL's interval arithmetic: before 14
       -- its avg and percentile_cont of intervals drop the fraction of a microsecond
       avg(extract(epoch FROM resolved_at - opened_at)::numeric) AS ref_mean,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at)::float8) AS ref_median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at)::float8) AS ref_p90,
       count(*) FILTER (WHERE resolved_at IS NULL) AS ref_open
FROM diffb.tickets GROUP BY g;
SELECT is((SELECT array_agg(g ORDER BY g) FROM resolution
           WHERE abs(extract(epoch FROM mean) - ref_mean) > 1e-6 OR (mean IS NULL) <> (ref_mean IS NULL)), NULL,
          'avg_resolution_time equals the mean of resolved_at - opened_at to the microsecond');
SELECT is((SELECT array_agg(g ORDER BY g) FROM resolution
           WHERE abs(extract(epoch FROM median) - ref_median) > 1e-6 OR abs(extract(epoch FROM p90) - ref_p90) > 1e-6
              OR (median IS NULL) <> (ref_median IS NULL)), NULL,
          'the median and 90th percentile equal percentile_cont to the microsecond');
SELECT is((SELECT array_agg(g ORDER BY g) FROM resolution WHERE open <> ref_open), NULL, 'unresolved_count counts the open tickets');

-- RFM against its definition (orders after as_of ignored)
SELECT is((SELECT array_agg(g ORDER BY g)
           FROM (SELECT g, rfm(10 + i, started_at, timestamptz '2025-10-01 00:00+00') AS r,
                        timestamptz '2025-10-01 00:00+00' - max(started_at) FILTER (WHERE started_at <= '2025-10-01 00:00+00') AS recency,
                        count(*) FILTER (WHERE started_at <= '2025-10-01 00:00+00') AS frequency,
                        sum(10 + i) FILTER (WHERE started_at <= '2025-10-01 00:00+00') AS monetary
                 FROM diffb.members GROUP BY g) x
           WHERE (r).frequency IS DISTINCT FROM frequency AND NOT ((r).frequency = 0 AND frequency = 0)
              OR (frequency > 0 AND ((r).monetary <> monetary
                                     OR abs(extract(epoch FROM (r).recency) - extract(epoch FROM recency)) > 1e-6))),
          NULL, 'rfm equals its definition in every group');

-- the same aggregates in parallel
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;
CREATE TEMP VIEW parallel_run AS
SELECT m.g, churn_rate(m.started_at, m.ended_at, timestamptz '2025-09-01 00:00+00', timestamptz '2025-10-01 00:00+00') AS churn,
       referral_rate(m.referred_raw) AS referral
FROM diffb.members m GROUP BY m.g;
SELECT matches(pg_temp.plan_of('SELECT * FROM parallel_run'), 'Partial', 'a parallel plan with partial aggregates');
SELECT is((SELECT array_agg(g ORDER BY g) FROM parallel_run p
           JOIN (SELECT g, churn_rate(started_at, ended_at, timestamptz '2025-09-01 00:00+00', timestamptz '2025-10-01 00:00+00') AS churn,
                        referral_rate(referred_raw) AS referral
                 FROM diffb.members GROUP BY g) s USING (g)
           WHERE p.churn IS DISTINCT FROM s.churn OR p.referral IS DISTINCT FROM s.referral), NULL,
          'parallel results equal the serial ones in every group');

SELECT * FROM finish();
ROLLBACK;
