-- Included at the end of a differential test, after its ROLLBACK: keeps the
-- aggregates that ran under a verified parallel plan in this file (the psql
-- variable parallel_verified, set from pg_temp.parallel_verified before the
-- rollback) for test/differential/zz_parallel_catalog.sql, which checks that
-- no aggregate of the catalog is missing.
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS cxm_test_log;
CREATE TABLE IF NOT EXISTS cxm_test_log.parallel_verified (aggregate text, file text);
INSERT INTO cxm_test_log.parallel_verified
SELECT a, :'parallel_file' FROM unnest(string_to_array(:'parallel_verified', ';')) a;
RESET client_min_messages;
