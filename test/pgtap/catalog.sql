-- Catalog rules every cxm object must follow, whatever room it comes from.
BEGIN;
SELECT plan(12);

CREATE TEMP VIEW cxm_objects AS
SELECT d.classid, d.objid
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'cxm';

CREATE TEMP VIEW cxm_functions AS
SELECT p.oid, p.oid::regprocedure::text AS signature, p.prokind, p.proparallel, p.provolatile,
       p.proisstrict, p.prosecdef, p.proconfig, p.prolang
FROM pg_proc p JOIN cxm_objects o ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid;

SELECT cmp_ok((SELECT count(*) FROM cxm_functions), '>', 40::bigint, 'the extension owns its functions');

SELECT is((SELECT array_agg(signature ORDER BY signature) FROM cxm_functions WHERE proparallel <> 's'),
          NULL, 'every function and aggregate is PARALLEL SAFE');

SELECT is((SELECT array_agg(signature ORDER BY signature) FROM cxm_functions
           WHERE obj_description(oid, 'pg_proc') IS NULL),
          NULL, 'every function and aggregate has a COMMENT');

SELECT is((SELECT array_agg(t.typname::text ORDER BY t.typname) FROM pg_type t
           JOIN cxm_objects o ON o.classid = 'pg_type'::regclass AND o.objid = t.oid
           -- the array type PostgreSQL makes for each type is not declared by
           -- cxm (PostgreSQL 18 records it as a member of the extension too)
           WHERE obj_description(t.oid, 'pg_type') IS NULL
             AND NOT EXISTS (SELECT FROM pg_type e WHERE e.typarray = t.oid)),
          NULL, 'every type has a COMMENT');

SELECT is((SELECT array_agg(signature ORDER BY signature) FROM cxm_functions WHERE prosecdef),
          NULL, 'no SECURITY DEFINER function');

SELECT is((SELECT array_agg(f.signature ORDER BY f.signature) FROM cxm_functions f
           JOIN pg_aggregate a ON a.aggfnoid = f.oid WHERE a.aggcombinefn = 0),
          NULL, 'every aggregate has a combine function');

SELECT is((SELECT array_agg(f.signature ORDER BY f.signature) FROM cxm_functions f
           JOIN pg_aggregate a ON a.aggfnoid = f.oid
           WHERE a.aggtranstype = 'internal'::regtype AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0)),
          NULL, 'every aggregate with an internal state has serial and deserial functions');

SELECT is((SELECT array_agg(f.signature ORDER BY f.signature) FROM cxm_functions f
           JOIN pg_aggregate a ON a.aggfnoid = f.oid
           WHERE (a.aggfnoid::regproc::text ~ '^(.*\.)?(nps|csat|ces|enps|loyalty_index|ratings_agg)$'
                  OR (a.aggfnoid::regproc::text ~ '^(.*\.)?rollup$' AND f.signature ~ 'ratings\)$'))
             AND a.aggtranstype <> (SELECT t.oid FROM pg_type t JOIN cxm_objects o
                                    ON o.classid = 'pg_type'::regclass AND o.objid = t.oid
                                    WHERE t.typname = 'ratings')),
          NULL, 'survey aggregates keep their state in the ratings type (Citus can push them down)');

SELECT is((SELECT array_agg(signature ORDER BY signature) FROM cxm_functions
           WHERE prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c') AND prokind = 'f'),
          NULL, 'every function is written in C');

SELECT is((SELECT array_agg(signature ORDER BY signature) FROM cxm_functions WHERE proconfig IS NOT NULL),
          NULL, 'no function changes settings');

SELECT is((SELECT array_agg(p.signature ORDER BY p.signature) FROM cxm_functions p
           WHERE p.prokind = 'f' AND p.provolatile <> 'i'
             AND p.signature !~ '^(.*\.)?(sessionize|conditional_true_event|conditional_change_event)\('),
          NULL, 'every plain function is IMMUTABLE');

SELECT is((SELECT extrelocatable FROM pg_extension WHERE extname = 'cxm'), false,
          'not relocatable: scripts pin every reference to @extschema@');

SELECT * FROM finish();
ROLLBACK;
