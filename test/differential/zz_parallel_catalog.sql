-- Every aggregate of the extension, read from the catalog, ran its partial
-- aggregation (transition, serial, combine, deserial) under a parallel plan
-- verified from that statement's own EXPLAIN ANALYZE in one of the
-- differential tests before this one (test/tools/parallel.sql records them).
BEGIN;
SELECT plan(2);
CREATE TEMP VIEW catalog_aggregates AS
SELECT p.proname || '(' || coalesce((SELECT string_agg(CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace
                                                            THEN format_type(t.oid, NULL) ELSE t.typname::text END,
                                                       ',' ORDER BY a.ord)
                                      FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(typ, ord)
                                      JOIN pg_type t ON t.oid = a.typ), '') || ')' AS aggregate
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm') AND p.prokind = 'a';
SELECT cmp_ok((SELECT count(*) FROM catalog_aggregates), '>', 100::bigint, 'the catalog lists the aggregates');
SELECT is((SELECT array_agg(aggregate ORDER BY aggregate) FROM catalog_aggregates
           WHERE aggregate NOT IN (SELECT aggregate FROM cxm_test_log.parallel_verified)),
          NULL, 'every aggregate of the catalog ran under a verified parallel plan in some differential test');
SELECT * FROM finish();
ROLLBACK;
SET client_min_messages = warning;
DROP SCHEMA cxm_test_log CASCADE;   -- the next run starts from nothing
