-- Upgrading from the first release, step by step, gives exactly the objects
-- a fresh install of the current version has, and keeps stored values.
BEGIN;
SELECT plan(24);

CREATE TEMP TABLE snapshot (how text, item text);
CREATE FUNCTION pg_temp.describe(how text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO snapshot
    SELECT how, pg_describe_object(d.classid, d.objid, 0) || ' comment=' || coalesce(obj_description(d.objid, c.relname::text), '-')
    FROM pg_depend d JOIN pg_class c ON c.oid = d.classid
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
      AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm')
    UNION ALL
    SELECT how, format('%s kind=%s volatile=%s strict=%s parallel=%s src=%s args=%s result=%s',
                       p.oid::regprocedure, p.prokind, p.provolatile, p.proisstrict, p.proparallel,
                       p.prosrc, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid))
    FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
    WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm')
    UNION ALL
    SELECT how, format('%s sfunc=%s final=%s combine=%s serial=%s deserial=%s stype=%s init=%s space=%s mfinal=%s',
                       a.aggfnoid::regprocedure, a.aggtransfn::regprocedure, a.aggfinalfn, a.aggcombinefn,
                       a.aggserialfn, a.aggdeserialfn, a.aggtranstype::regtype, a.agginitval, a.aggtransspace,
                       a.aggfinalmodify)
    FROM pg_aggregate a JOIN pg_depend d ON d.objid = a.aggfnoid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
    WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm')
    UNION ALL
    SELECT how, format('%s len=%s align=%s storage=%s in=%s out=%s recv=%s send=%s',
                       t.oid::regtype, t.typlen, t.typalign, t.typstorage, t.typinput, t.typoutput, t.typreceive, t.typsend)
    FROM pg_type t JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass AND d.deptype = 'e'
    WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm')
$$;

SELECT pg_temp.describe('fresh');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'cxm'),
          (SELECT default_version FROM pg_available_extensions WHERE name = 'cxm'), 'a fresh install is at the default version');

DROP EXTENSION cxm;
CREATE EXTENSION cxm VERSION '0.1.0';
CREATE TABLE stored (id integer, r ratings, rw ratings);
INSERT INTO stored
SELECT g, ratings_agg(s), ratings_agg(s, 0.5 + s % 3) FROM (SELECT i % 4 AS g, (i * 7) % 11 AS s FROM generate_series(1, 1000) i) x GROUP BY g;
CREATE MATERIALIZED VIEW stored_view AS SELECT id, nps(r) AS nps, nps(rw) AS nps_w, r::text AS r_text FROM stored;
CREATE TEMP TABLE before AS SELECT id, r::text AS r, rw::text AS rw, nps(r) AS nps, nps_lower(rw) AS lower FROM stored;

ALTER EXTENSION cxm UPDATE;
SELECT pg_temp.describe('upgraded');

SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'cxm'),
          (SELECT default_version FROM pg_available_extensions WHERE name = 'cxm'), 'ALTER EXTENSION UPDATE reaches the default version');
SELECT set_eq($$SELECT item FROM snapshot WHERE how = 'upgraded'$$, $$SELECT item FROM snapshot WHERE how = 'fresh'$$,
              'the upgraded extension has exactly the objects of a fresh install');
SELECT results_eq($$SELECT id, r::text, rw::text, nps(r), nps_lower(rw) FROM stored ORDER BY id$$,
                  $$SELECT id, r, rw, nps, lower FROM before ORDER BY id$$, 'stored ratings read the same after the upgrade');
REFRESH MATERIALIZED VIEW stored_view;
SELECT results_eq($$SELECT id, nps, r_text FROM stored_view ORDER BY id$$,
                  $$SELECT id, nps, r FROM before ORDER BY id$$, 'a materialized view over them refreshes to the same values');

-- The business aggregates (issue 10) move from internal to cxm_state too.
-- PostgreSQL has no ALTER AGGREGATE for the state type, and a DBA will not
-- drop a BI tool's views to upgrade: views and a materialized view made at
-- 0.2.0 over every business aggregate (each argument-type form) answer the
-- same after ALTER EXTENSION UPDATE, and the materialized one refreshes.
DROP TABLE stored CASCADE;
DROP EXTENSION cxm CASCADE;
CREATE EXTENSION cxm VERSION '0.2.0';
CREATE TABLE business_rows AS
SELECT i % 5 AS grp, timestamptz '2026-01-01 00:00+00' + (i * 7919 % 900) * interval '1 hour' AS opened,
       CASE WHEN i % 6 <> 0 THEN timestamptz '2026-01-01 00:00+00' + (i * 7919 % 900) * interval '1 hour'
                                 + (i * 104729 % 90000) * interval '1 second' END AS resolved,
       CASE WHEN i % 9 <> 0 THEN i % 4 = 0 END AS referred, (i * 37 % 5000) / 100.0 AS amount
FROM generate_series(1, 400) i;
CREATE TABLE business_histories (customer_id integer, frequency integer, recency double precision, age double precision,
                                 monetary_value double precision);
\copy business_histories FROM 'test/fixtures/cdnow_customers.csv' CSV HEADER
CREATE VIEW business_view AS
SELECT grp, referral_rate(referred) AS referral,
       avg_resolution_time(opened, resolved) AS mean, avg_resolution_time(opened::timestamp, resolved::timestamp) AS mean_ts,
       unresolved_count(opened, resolved) AS open, unresolved_count(opened::timestamp, resolved::timestamp) AS open_ts,
       median_resolution_time(opened, resolved) AS median, median_resolution_time(opened::timestamp, resolved::timestamp) AS median_ts,
       resolution_time_percentile(opened, resolved, 0.9) AS p90,
       resolution_time_percentile(opened::timestamp, resolved::timestamp, 0.9) AS p90_ts,
       rfm(amount, opened, '2026-02-01 00:00+00') AS rfm, rfm(amount, opened::timestamp, '2026-02-01') AS rfm_ts,
       rfm(amount, opened::date, '2026-02-01') AS rfm_date,
       clv_summary(opened::date, amount::double precision, '2026-02-15') AS summary,
       clv_summary(opened::date, amount::double precision, '2026-02-15', 'week') AS summary_weeks
FROM business_rows GROUP BY grp;
CREATE VIEW business_fit_view AS
SELECT bgnbd_fit(frequency, recency, age) AS bg, bgnbd_fit(frequency, recency, age, 2) AS bg_weighted,
       bgnbd_fit(frequency, recency, age, 1, 0.001) AS bg_penalized,
       gamma_gamma_fit(frequency, monetary_value) AS gg, gamma_gamma_fit(frequency, monetary_value, 2) AS gg_weighted,
       gamma_gamma_fit(frequency, monetary_value, 1, 0.001) AS gg_penalized
FROM business_histories;
CREATE MATERIALIZED VIEW business_matview AS
SELECT v.*, f.* FROM business_view v, business_fit_view f;
CREATE TEMP TABLE business_before AS SELECT v::text AS answer FROM business_view v ORDER BY grp;
CREATE TEMP TABLE business_fit_before AS SELECT f::text AS answer FROM business_fit_view f;
CREATE TEMP TABLE business_matview_before AS SELECT m::text AS answer FROM business_matview m ORDER BY grp;
SELECT ok((SELECT count(DISTINCT answer) = 5 FROM business_before) AND (SELECT answer !~ '\(,' FROM business_fit_before),
          'at 0.2.0 the views answer for the 5 groups and fit the models');
-- A half-updated install: the 0.3.0 library under the 0.2.0 objects.  The
-- serial functions of 0.2.0 name C symbols that 0.3.0 retired (src/retired.c):
-- a parallel plan calls one in its workers, which must stop with a clear
-- error, not hand the leader a made-up state.  The plan is forced parallel;
-- only a partial aggregate serialises, so the error proves it ran.
SAVEPOINT half_updated;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL enable_hashagg = off;
SELECT throws_ok($$SELECT referral_rate(referred) FROM business_rows$$, '0A000',
                 'C function pgcxm_share_serial belongs to an older version of cxm',
                 'at 0.2.0 with the new library, a parallel referral_rate reaches a retired serial function: an error that says so');
ROLLBACK TO SAVEPOINT half_updated;

-- The journey aggregates change their state type in 0.3.0 (internal to
-- cxm_state).  PostgreSQL has no ALTER AGGREGATE for that, and a DBA will not
-- drop a BI tool's views to upgrade: views and materialized views made at
-- 0.2.0 over every journey aggregate keep answering the same across ALTER
-- EXTENSION UPDATE, and the materialized one refreshes.
CREATE TABLE journey_events (customer integer, at timestamptz, step text);
INSERT INTO journey_events
SELECT i % 7, timestamptz '2026-01-01 00:00+00' + (i * 37 % 500) * interval '1 hour', (ARRAY['visit', 'view', 'buy', 'web'])[1 + i * 13 % 4]
FROM generate_series(1, 300) i;
CREATE VIEW journey_view AS
SELECT customer,
       window_funnel('1 day', at, step = 'visit', step = 'view', step = 'buy') AS funnel,
       window_funnel('1 day', 'strict_order', at::timestamp, step = 'visit', step = 'view') AS funnel_mode,
       window_funnel_steps('1 day', at, step = 'visit', step = 'view', step = 'buy') AS steps,
       sequence_match('(?1).*(?2)', at, step = 'view', step = 'buy') AS matched,
       sequence_count('(?1)(?2)', at, step = 'view', step = 'buy') AS pairs,
       retention(at < '2026-01-05 00:00+00', at >= '2026-01-10 00:00+00') AS retained,
       retention_periods(at, '3 days', 5, '2026-01-20 00:00+00') AS periods,
       session_count(at, '2 hours') AS sessions,
       journey_path(step, at, 5) AS path
FROM journey_events GROUP BY customer;
CREATE VIEW journey_cohort_view AS
SELECT cohort_retention(r, 1) AS shares FROM (SELECT retention_periods(at, '3 days', 5, '2026-01-20 00:00+00') AS r FROM journey_events GROUP BY customer) c;
CREATE MATERIALIZED VIEW journey_matview AS
SELECT customer,
       window_funnel('1 day', at, step = 'visit', step = 'view', step = 'buy') AS funnel,
       window_funnel('1 day', 'strict_order', at::timestamp, step = 'visit', step = 'view') AS funnel_mode,
       window_funnel_steps('1 day', at, step = 'visit', step = 'view', step = 'buy') AS steps,
       sequence_match('(?1).*(?2)', at, step = 'view', step = 'buy') AS matched,
       sequence_count('(?1)(?2)', at, step = 'view', step = 'buy') AS pairs,
       retention(at < '2026-01-05 00:00+00', at >= '2026-01-10 00:00+00') AS retained,
       retention_periods(at, '3 days', 5, '2026-01-20 00:00+00') AS periods,
       session_count(at, '2 hours') AS sessions,
       journey_path(step, at, 5) AS path,
       (SELECT cohort_retention(r, 1) FROM (SELECT retention_periods(at, '3 days', 5, '2026-01-20 00:00+00') AS r
                                            FROM journey_events GROUP BY customer) c) AS shares
FROM journey_events GROUP BY customer;
CREATE TEMP TABLE journey_before AS SELECT j::text AS answer FROM journey_view j ORDER BY customer;
CREATE TEMP TABLE journey_cohort_before AS SELECT shares::text AS answer FROM journey_cohort_view;
CREATE TEMP TABLE journey_matview_before AS SELECT m::text AS answer FROM journey_matview m ORDER BY customer;
SELECT ok((SELECT count(DISTINCT answer) = 7 FROM journey_before), 'at 0.2.0 the view answers for the 7 customers');

-- markov_model (issue 10) moves from internal to cxm_state too.  PostgreSQL
-- has no ALTER AGGREGATE for the state type, and a DBA will not drop a BI
-- tool's views to upgrade: a view and a materialized view made at 0.2.0 over
-- every form of markov_model answer the same after ALTER EXTENSION UPDATE,
-- and the materialized one refreshes.
CREATE TABLE markov_journeys AS
SELECT i % 4 AS grp, ARRAY(SELECT (ARRAY['search', 'social', 'email', 'direct'])[1 + (i * 7 + k * 5) % 4] FROM generate_series(1, 1 + i % 5) k) AS path,
       i % 3 = 0 AS converted, (i % 50) / 4.0 AS value
FROM generate_series(1, 400) i;
CREATE VIEW markov_view AS
SELECT grp, markov_model(path, converted) AS plain, markov_model(path, converted, value) AS valued,
       markov_model(path, converted, value, 2) AS second_order
FROM markov_journeys GROUP BY grp;
CREATE VIEW markov_effects_view AS
SELECT channel, removal_effect, conversions, value FROM removal_effects((SELECT markov_model(path, converted, value, 3) FROM markov_journeys));
CREATE MATERIALIZED VIEW markov_matview AS
SELECT grp, markov_model(path, converted) AS plain, markov_model(path, converted, value) AS valued,
       markov_model(path, converted, value, 2) AS second_order
FROM markov_journeys GROUP BY grp;
CREATE TEMP TABLE markov_before AS SELECT v::text AS answer FROM markov_view v ORDER BY grp;
CREATE TEMP TABLE markov_effects_before AS SELECT e::text AS answer FROM markov_effects_view e ORDER BY channel;
SELECT ok((SELECT count(DISTINCT answer) = 4 FROM markov_before) AND (SELECT count(*) = 4 FROM markov_effects_before),
          'at 0.2.0 the views answer for the 4 groups and credit the 4 channels');

ALTER EXTENSION cxm UPDATE;

SELECT is((SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
                JOIN pg_depend d ON d.objid = a.aggfnoid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
           WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm')
             AND p.proname IN ('referral_rate', 'avg_resolution_time', 'unresolved_count', 'median_resolution_time',
                               'resolution_time_percentile', 'rfm', 'clv_summary', 'bgnbd_fit', 'gamma_gamma_fit')
             AND a.aggtranstype = 'cxm_state'::regtype AND a.aggserialfn = 0 AND a.aggdeserialfn = 0),
          20::bigint, 'after the update all 20 business aggregates keep their state in cxm_state');
SELECT results_eq($$SELECT v::text FROM business_view v ORDER BY grp$$, $$SELECT answer FROM business_before$$,
                  'a view made at 0.2.0 over every business aggregate answers the same after the update');
SELECT results_eq($$SELECT f::text FROM business_fit_view f$$, $$SELECT answer FROM business_fit_before$$,
                  'a view made at 0.2.0 over every form of bgnbd_fit and gamma_gamma_fit fits the same models after the update');
SELECT results_eq($$SELECT m::text FROM business_matview m ORDER BY grp$$, $$SELECT answer FROM business_matview_before$$,
                  'a materialized view made at 0.2.0 over them keeps its rows');
REFRESH MATERIALIZED VIEW business_matview;
SELECT results_eq($$SELECT m::text FROM business_matview m ORDER BY grp$$, $$SELECT answer FROM business_matview_before$$,
                  'and refreshes to the same rows with the updated aggregates');

SELECT is((SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
                JOIN pg_depend d ON d.objid = a.aggfnoid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
           WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm')
             AND p.proname IN ('window_funnel', 'window_funnel_steps', 'sequence_match', 'sequence_count', 'retention',
                                               'retention_periods', 'cohort_retention', 'session_count', 'journey_path')
             AND a.aggtranstype = 'cxm_state'::regtype),
          42::bigint, 'after the update all 42 journey aggregates (the 29 of 0.2.0, the 13 array forms 0.3.0 adds) keep their state in cxm_state');
SELECT results_eq($$SELECT j::text FROM journey_view j ORDER BY customer$$, $$SELECT answer FROM journey_before$$,
                  'a view made at 0.2.0 over every journey aggregate answers the same after the update');
SELECT results_eq($$SELECT shares::text FROM journey_cohort_view$$, $$SELECT answer FROM journey_cohort_before$$,
                  'a view over cohort_retention answers the same after the update');
SELECT results_eq($$SELECT m::text FROM journey_matview m ORDER BY customer$$, $$SELECT answer FROM journey_matview_before$$,
                  'a materialized view made at 0.2.0 keeps its rows');
REFRESH MATERIALIZED VIEW journey_matview;
SELECT results_eq($$SELECT m::text FROM journey_matview m ORDER BY customer$$, $$SELECT answer FROM journey_matview_before$$,
                  'and refreshes to the same rows with the updated aggregates');

SELECT is((SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
                JOIN pg_depend d ON d.objid = a.aggfnoid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
           WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm') AND p.proname = 'markov_model'
             AND a.aggtranstype = 'cxm_state'::regtype AND a.aggserialfn = 0 AND a.aggdeserialfn = 0),
          3::bigint, 'after the update the 3 forms of markov_model keep their state in cxm_state');
SELECT results_eq($$SELECT v::text FROM markov_view v ORDER BY grp$$, $$SELECT answer FROM markov_before$$,
                  'a view made at 0.2.0 over every form of markov_model answers the same after the update');
SELECT results_eq($$SELECT e::text FROM markov_effects_view e ORDER BY channel$$, $$SELECT answer FROM markov_effects_before$$,
                  'a view of the removal effects of a chain made at 0.2.0 answers the same');
SELECT results_eq($$SELECT m::text FROM markov_matview m ORDER BY grp$$, $$SELECT answer FROM markov_before$$,
                  'a materialized view made at 0.2.0 keeps its rows');
REFRESH MATERIALIZED VIEW markov_matview;
SELECT results_eq($$SELECT m::text FROM markov_matview m ORDER BY grp$$, $$SELECT answer FROM markov_before$$,
                  'and refreshes to the same rows with the updated aggregate');

SELECT * FROM finish();
ROLLBACK;
