-- Upgrading from the first release, step by step, gives exactly the objects
-- a fresh install of the current version has, and keeps stored values.
BEGIN;
SELECT plan(5);

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

SELECT * FROM finish();
ROLLBACK;
