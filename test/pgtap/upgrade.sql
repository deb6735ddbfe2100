-- Upgrading from the first release, step by step, gives exactly the objects
-- a fresh install of the current version has, and keeps stored values.
BEGIN;
SELECT plan(11);

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

-- markov_model (issue 10) moves from internal to cxm_state too.  PostgreSQL
-- has no ALTER AGGREGATE for the state type, and a DBA will not drop a BI
-- tool's views to upgrade: a view and a materialized view made at 0.2.0 over
-- every form of markov_model answer the same after ALTER EXTENSION UPDATE,
-- and the materialized one refreshes.
DROP EXTENSION cxm CASCADE;
CREATE EXTENSION cxm VERSION '0.2.0';
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
