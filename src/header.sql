-- cxm: customer-experience analytics inside PostgreSQL.
--
-- Built from src/header.sql and src/<room>.sql by the Makefile; edit those.
-- Every object is created in @extschema@ and every reference to one of ours
-- is qualified with it, so nothing here depends on search_path.

\echo Use "CREATE EXTENSION cxm" to load this file. \quit
