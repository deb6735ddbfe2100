-- Randomized differential test of the operational metrics and RFM: 2,000
-- random groups (NULL end dates, customers joining and leaving inside the
-- period, periods with nobody, ties on the period bounds), each compared with
-- the plain-SQL definition, serial and under a forced parallel plan.
BEGIN;
SELECT plan(17);
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
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at)::float8)::numeric AS ref_median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at)::float8)::numeric AS ref_p90,
       count(*) FILTER (WHERE resolved_at IS NULL) AS ref_open
FROM diffb.tickets GROUP BY g;
-- a and b agree to the microsecond; a NULL agrees only with a NULL
CREATE FUNCTION pg_temp.same_seconds(a interval, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN a IS NULL OR b IS NULL THEN a IS NULL AND b IS NULL ELSE abs(extract(epoch FROM a) - b) <= 1e-6 END
$$;
SELECT is((SELECT array_agg(g ORDER BY g) FROM resolution WHERE NOT pg_temp.same_seconds(mean, ref_mean)), NULL,
          'avg_resolution_time equals the mean of resolved_at - opened_at to the microsecond');
SELECT is((SELECT array_agg(g ORDER BY g) FROM resolution
           WHERE NOT (pg_temp.same_seconds(median, ref_median) AND pg_temp.same_seconds(p90, ref_p90))), NULL,
          'the median and 90th percentile equal percentile_cont to the microsecond');
SELECT is((SELECT array_agg(g ORDER BY g) FROM resolution WHERE open IS DISTINCT FROM ref_open), NULL,
          'unresolved_count counts the open tickets');

-- RFM against its definition (orders after as_of ignored; NULL without an
-- order up to as_of), driven from every group
CREATE TEMP TABLE rfm_sql AS
SELECT g, timestamptz '2025-10-01 00:00+00' - max(started_at) FILTER (WHERE started_at <= '2025-10-01 00:00+00') AS recency,
       count(started_at) FILTER (WHERE started_at <= '2025-10-01 00:00+00') AS frequency,
       sum(10 + i) FILTER (WHERE started_at <= '2025-10-01 00:00+00') AS monetary
FROM diffb.sizes LEFT JOIN diffb.members USING (g) GROUP BY g;
SELECT is((SELECT array_agg(e.g ORDER BY e.g) FROM rfm_sql e
           LEFT JOIN (SELECT g, rfm(10 + i, started_at, timestamptz '2025-10-01 00:00+00') AS r FROM diffb.members GROUP BY g) a USING (g)
           WHERE CASE WHEN e.frequency = 0 THEN a.r IS NOT NULL
                      ELSE a.r IS NULL OR ((a.r).recency, (a.r).frequency, (a.r).monetary) IS DISTINCT FROM (e.recency, e.frequency, e.monetary) END),
          NULL, 'rfm equals its definition in every group');

-- Every business aggregate (each overload) under a forced parallel plan,
-- materialised on its own and proven partial from its own plan, compared
-- with the definitions written in SQL and with the same query run serially.
-- Rows are shuffled so that every group reaches both workers.
\ir ../tools/parallel.sql
CREATE TABLE diffb.shuffled AS
SELECT m.g, m.i, m.started_at, m.ended_at, p.period_start,
       m.started_at AT TIME ZONE 'UTC' AS started_local, m.ended_at AT TIME ZONE 'UTC' AS ended_local,
       p.period_start AT TIME ZONE 'UTC' AS period_local,
       (m.started_at AT TIME ZONE 'UTC')::date AS started_on, (m.ended_at AT TIME ZONE 'UTC')::date AS ended_on,
       (p.period_start AT TIME ZONE 'UTC')::date AS period_on,
       CASE WHEN m.referred_null THEN NULL ELSE m.referred_raw END AS referred
FROM diffb.members m JOIN diffb.periods p USING (g) ORDER BY md5(m.g || '/' || m.i);
CREATE TABLE diffb.shuffled_tickets AS
SELECT g, i, opened_at, resolved_at, opened_at AT TIME ZONE 'UTC' AS opened_local, resolved_at AT TIME ZONE 'UTC' AS resolved_local
FROM diffb.tickets ORDER BY md5(g || '/' || i);
-- Hardie's CDNOW summary, 20 copies: the same maximum likelihood as the original
CREATE TABLE diffb.cdnow_once (customer_id integer, frequency integer, recency double precision, age double precision,
                               monetary_value double precision);
\copy diffb.cdnow_once FROM 'test/fixtures/cdnow_customers.csv' CSV HEADER
CREATE TABLE diffb.cdnow AS
SELECT c.*, copy FROM diffb.cdnow_once c, generate_series(1, 20) copy ORDER BY md5(customer_id || '/' || copy);
ANALYZE diffb.shuffled, diffb.shuffled_tickets, diffb.cdnow;

CREATE TEMP TABLE business_queries (name text, query text);
INSERT INTO business_queries VALUES
  ('members', $q$
    SELECT g,
           churn_rate(started_at, ended_at, period_start, period_start + interval '30 days') AS churn,
           retention_rate(started_at, ended_at, period_start, period_start + interval '30 days') AS retention,
           customer_flow(started_at, ended_at, period_start, period_start + interval '30 days') AS flow,
           churn_rate(started_local, ended_local, period_local, period_local + interval '30 days') AS churn_local,
           retention_rate(started_local, ended_local, period_local, period_local + interval '30 days') AS retention_local,
           customer_flow(started_local, ended_local, period_local, period_local + interval '30 days') AS flow_local,
           churn_rate(started_on, ended_on, period_on, period_on + 30) AS churn_date,
           retention_rate(started_on, ended_on, period_on, period_on + 30) AS retention_date,
           customer_flow(started_on, ended_on, period_on, period_on + 30) AS flow_date,
           referral_rate(referred) AS referral,
           rfm((10 + i)::numeric, started_at, timestamptz '2025-10-01 00:00+00') AS rfm,
           rfm((10 + i)::numeric, started_local, timestamp '2025-10-01 00:00') AS rfm_local,
           rfm((10 + i)::numeric, started_on, date '2025-10-01') AS rfm_date,
           clv_summary(started_on, (10 + i)::double precision, date '2025-12-31') AS summary,
           clv_summary(started_on, (10 + i)::double precision, date '2025-12-31', 'week') AS summary_week
    FROM diffb.shuffled GROUP BY g $q$),
  ('tickets', $q$
    SELECT g, avg_resolution_time(opened_at, resolved_at) AS mean, median_resolution_time(opened_at, resolved_at) AS median,
           resolution_time_percentile(opened_at, resolved_at, 0.9) AS p90, unresolved_count(opened_at, resolved_at) AS open,
           avg_resolution_time(opened_local, resolved_local) AS mean_local, median_resolution_time(opened_local, resolved_local) AS median_local,
           resolution_time_percentile(opened_local, resolved_local, 0.9) AS p90_local,
           unresolved_count(opened_local, resolved_local) AS open_local
    FROM diffb.shuffled_tickets GROUP BY g $q$),
  ('fits', $q$
    SELECT bgnbd_fit(frequency, recency, age) AS bg, bgnbd_fit(frequency, recency, age, 2) AS bg_weighted,
           bgnbd_fit(frequency, recency, age, 1, 0.1) AS bg_penalized,
           gamma_gamma_fit(frequency, monetary_value) AS gg, gamma_gamma_fit(frequency, monetary_value, 2) AS gg_weighted,
           gamma_gamma_fit(frequency, monetary_value, 1, 0.1) AS gg_penalized
    FROM diffb.cdnow $q$);
SELECT pg_temp.serial_run('serial_' || name, query) FROM business_queries;
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_members', query), 'churn, retention, flow, referral, rfm, clv_summary')
FROM business_queries WHERE name = 'members';
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_tickets', query), 'resolution times')
FROM business_queries WHERE name = 'tickets';
SELECT pg_temp.parallel_ok(pg_temp.parallel_run('parallel_fits', query), 'BG/NBD and Gamma-Gamma fits')
FROM business_queries WHERE name = 'fits';

-- the definitions (README, Churn and retention): a customer from started_at
-- (included) to ended_at (excluded), the period [start, start + 30 days)
CREATE TEMP TABLE flow_sql AS
SELECT g, ROW(count(*) FILTER (WHERE s < ps AND (e IS NULL OR e >= ps)),
              count(*) FILTER (WHERE s >= ps AND s < pe),
              count(*) FILTER (WHERE s < ps AND e >= ps AND e < pe),
              count(*) FILTER (WHERE s >= ps AND s < pe AND e < pe),
              count(*) FILTER (WHERE s < pe AND (e IS NULL OR e >= pe)))::text AS flow,
       ROW(count(*) FILTER (WHERE d < dps AND (de IS NULL OR de >= dps)),
           count(*) FILTER (WHERE d >= dps AND d < dps + 30),
           count(*) FILTER (WHERE d < dps AND de >= dps AND de < dps + 30),
           count(*) FILTER (WHERE d >= dps AND d < dps + 30 AND de < dps + 30),
           count(*) FILTER (WHERE d < dps + 30 AND (de IS NULL OR de >= dps + 30)))::text AS flow_date
FROM (SELECT g, started_at AS s, ended_at AS e, period_start AS ps, period_start + interval '30 days' AS pe,
             started_on AS d, ended_on AS de, period_on AS dps FROM diffb.shuffled) x
GROUP BY g;
CREATE TEMP TABLE summary_sql AS
WITH days AS (SELECT g, started_on AS d, sum((10 + i)::double precision) AS total
              FROM diffb.shuffled WHERE started_on <= date '2025-12-31' GROUP BY g, started_on),
     weeks AS (SELECT g, count(DISTINCT date_trunc('week', started_on)) - 1 AS frequency,
                      max(date_trunc('week', started_on)::date) AS last_week, min(date_trunc('week', started_on)::date) AS first_week
               FROM diffb.shuffled WHERE started_on <= date '2025-12-31' GROUP BY g)
SELECT g, count(*) - 1 AS frequency, max(d) - min(d) AS recency, date '2025-12-31' - min(d) AS age,
       coalesce(avg(total) FILTER (WHERE d > first_day), 0) AS monetary_value,
       ROW(w.frequency, (w.last_week - w.first_week) / 7, (date_trunc('week', date '2025-12-31')::date - w.first_week) / 7)::text AS week_counts
FROM (SELECT *, min(d) OVER (PARTITION BY g) AS first_day FROM days) x JOIN weeks w USING (g)
GROUP BY g, w.frequency, w.last_week, w.first_week;
SELECT is((SELECT array_agg(g ORDER BY g)
           FROM (SELECT DISTINCT g FROM diffb.shuffled) everyone
           LEFT JOIN reference r USING (g)
           LEFT JOIN flow_sql f USING (g)
           LEFT JOIN rfm_sql e USING (g)
           LEFT JOIN summary_sql c USING (g)
           LEFT JOIN (SELECT g, pg_temp.exact(100 * count(referred) FILTER (WHERE referred), count(referred)) AS referral
                      FROM diffb.shuffled GROUP BY g) rr USING (g)
           LEFT JOIN parallel_members p USING (g)
           WHERE (p.g, p.churn, p.retention, p.flow::text, p.churn_local, p.retention_local, p.flow_local::text,
                  p.flow_date::text, p.referral,
                  (p.rfm).recency, (p.rfm).frequency, (p.rfm).monetary, (p.rfm_local).recency, (p.rfm_local).frequency,
                  (p.summary).frequency, (p.summary).recency, (p.summary).age,
                  CASE WHEN p.summary_week IS NOT NULL THEN ((p.summary_week).frequency, (p.summary_week).recency, (p.summary_week).age)::text END)
                 IS DISTINCT FROM
                 (g, pg_temp.exact(100 * r.lost, r.s), pg_temp.exact(100 * (r.s - r.lost), r.s), f.flow,
                  pg_temp.exact(100 * r.lost, r.s), pg_temp.exact(100 * (r.s - r.lost), r.s), f.flow,
                  f.flow_date, rr.referral,
                  e.recency, CASE WHEN e.frequency > 0 THEN e.frequency END, e.monetary, e.recency, CASE WHEN e.frequency > 0 THEN e.frequency END,
                  c.frequency, c.recency, c.age, c.week_counts)
              OR NOT coalesce(abs((p.summary).monetary_value - c.monetary_value) <= 1e-12 * greatest(1, c.monetary_value),
                              (p.summary).monetary_value IS NULL AND c.monetary_value IS NULL)),
          NULL, 'parallel churn, retention, customer_flow, referral, rfm and clv_summary equal their definitions in every group');
SELECT is((SELECT array_agg(g ORDER BY g) FROM (SELECT DISTINCT g FROM diffb.shuffled) everyone
           LEFT JOIN (SELECT g, pg_temp.exact(100 * count(*) FILTER (WHERE d < dps AND de >= dps AND de < dps + 30),
                                              count(*) FILTER (WHERE d < dps AND (de IS NULL OR de >= dps))) AS churn,
                             pg_temp.exact(100 * count(*) FILTER (WHERE d < dps AND (de IS NULL OR de >= dps + 30)),
                                           count(*) FILTER (WHERE d < dps AND (de IS NULL OR de >= dps))) AS retention,
                             CASE WHEN count(*) FILTER (WHERE d <= date '2025-10-01') > 0
                                  THEN ROW(date '2025-10-01' - max(d) FILTER (WHERE d <= date '2025-10-01'),
                                           count(*) FILTER (WHERE d <= date '2025-10-01'),
                                           sum(10 + i) FILTER (WHERE d <= date '2025-10-01'))::text END AS rfm
                      FROM (SELECT g, i, started_on AS d, ended_on AS de, period_on AS dps FROM diffb.shuffled) x GROUP BY g) e USING (g)
           LEFT JOIN parallel_members p USING (g)
           WHERE (p.churn_date, p.retention_date, CASE WHEN p.rfm_date IS NOT NULL
                                                       THEN ROW(extract(day FROM (p.rfm_date).recency)::int, (p.rfm_date).frequency,
                                                                (p.rfm_date).monetary)::text END)
                 IS DISTINCT FROM (e.churn, e.retention, e.rfm)),
          NULL, 'parallel churn, retention and rfm over dates equal their definitions in every group');
SELECT is((SELECT array_agg(g ORDER BY g)
           FROM (SELECT g, ref_mean, ref_median, ref_p90, ref_open FROM resolution) r   -- the references in seconds above
           LEFT JOIN parallel_tickets p USING (g)
           WHERE NOT (pg_temp.same_seconds(p.mean, r.ref_mean) AND pg_temp.same_seconds(p.median, r.ref_median)
                      AND pg_temp.same_seconds(p.p90, r.ref_p90) AND pg_temp.same_seconds(p.mean_local, r.ref_mean)
                      AND pg_temp.same_seconds(p.median_local, r.ref_median) AND pg_temp.same_seconds(p.p90_local, r.ref_p90))
              OR (p.open, p.open_local) IS DISTINCT FROM (r.ref_open, r.ref_open)),
          NULL, 'parallel resolution times equal avg, percentile_cont and count in every group, both timestamp types');
-- the maximum found by scipy's BFGS with analytic gradients, none of cxm's
-- code (test/tools/clv_reference.py: BG/NBD 0.24259290721, 4.41353157611,
-- 0.79288615276, 2.42575341766; penalizer 0.1: 0.23094706584,
-- 4.21928849412, 0.12865467919, 0.26712676038; Gamma-Gamma 6.24880249310,
-- 3.74458845248, 15.4477479955; penalizer 0.1: 1.28476189342,
-- 0.33594737681, 1.14692519561), the published fit of Fader, Hardie & Lee
-- (2005) and Hardie's note 025 rounded; 20 copies of every customer, or
-- weight 2 on each, do not move a maximum
SELECT is((SELECT ARRAY[round((bg).r, 6), round((bg).alpha, 5), round((bg).a, 6), round((bg).b, 5),
                        round((bg_weighted).r, 6), round((bg_weighted).alpha, 5), round((bg_weighted).a, 6), round((bg_weighted).b, 5),
                        round((bg_penalized).r, 6), round((bg_penalized).alpha, 5), round((bg_penalized).a, 6), round((bg_penalized).b, 6),
                        round((gg).p, 5), round((gg).q, 5), round((gg).v, 4),
                        round((gg_weighted).p, 5), round((gg_weighted).q, 5), round((gg_weighted).v, 4),
                        round((gg_penalized).p, 5), round((gg_penalized).q, 6), round((gg_penalized).v, 5)]
           FROM parallel_fits),
          ARRAY[0.242593, 4.41353, 0.792886, 2.42575, 0.242593, 4.41353, 0.792886, 2.42575,
                0.230947, 4.21929, 0.128655, 0.267127,
                6.24880, 3.74459, 15.4477, 6.24880, 3.74459, 15.4477, 1.28476, 0.335947, 1.14693]::numeric[],
          'parallel BG/NBD and Gamma-Gamma fits, plain, weighted and penalized, find the maximum scipy finds');
SELECT is((SELECT ((bg).customers, (bg_weighted).customers, (gg).customers, (gg_weighted).customers)::text FROM parallel_fits),
          (SELECT (count(*), 2 * count(*), count(*) FILTER (WHERE frequency > 0), 2 * count(*) FILTER (WHERE frequency > 0))::text
           FROM diffb.cdnow), 'the fits count every customer (twice, weighted 2)');
SELECT is((SELECT array_agg(name ORDER BY name) FROM (
               SELECT 'members ' || s.g AS name FROM serial_members s LEFT JOIN parallel_members p USING (g)
               WHERE to_jsonb(p) IS DISTINCT FROM to_jsonb(s)
               UNION ALL
               SELECT 'tickets ' || s.g FROM serial_tickets s LEFT JOIN parallel_tickets p USING (g) WHERE to_jsonb(p) IS DISTINCT FROM to_jsonb(s)
               UNION ALL
               SELECT 'fits' FROM serial_fits s, parallel_fits p WHERE to_jsonb(p) IS DISTINCT FROM to_jsonb(s)) x),
          NULL, 'parallel results equal the serial ones in every group, to the last digit');

SELECT * FROM finish();
SELECT coalesce(string_agg(aggregate, ';'), '') AS parallel_verified, 'business' AS parallel_file FROM pg_temp.parallel_verified \gset
ROLLBACK;
\ir ../tools/parallel_record.sql
