-- postgres_fdw with extensions 'cxm' ships cxm's aggregates and functions to
-- the remote server: a loopback server over this very database, so the
-- remote query must see committed tables (made before the test transaction
-- and dropped after it).
-- A PostgreSQL built without contrib (make matrix's source builds before
-- postgres_fdw was added to them) reports the six tests as skipped.
SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'postgres_fdw') AS have_postgres_fdw \gset
\if :have_postgres_fdw
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DROP SCHEMA IF EXISTS fdw_test CASCADE;
DROP SERVER IF EXISTS cxm_loopback CASCADE;
CREATE SCHEMA fdw_test;
CREATE TABLE fdw_test.answers AS
SELECT i AS answer_id, (ARRAY['web', 'app', 'store'])[1 + i % 3] AS channel, (i * 7) % 11 AS score,
       timestamptz '2026-01-01' + i * interval '37 minutes' AS answered_at,
       timestamptz '2025-01-01' + (i % 400) * interval '1 day' AS started,
       CASE WHEN i % 4 = 0 THEN timestamptz '2025-01-01' + (i % 400 + i % 90) * interval '1 day' END AS ended
FROM generate_series(1, 3000) i;
DO $$
BEGIN
    EXECUTE format('CREATE SERVER cxm_loopback FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions %L)',
                   split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'),
                   current_database(), 'cxm');
    EXECUTE format('CREATE USER MAPPING FOR CURRENT_USER SERVER cxm_loopback OPTIONS (user %L)', current_user);
END $$;
CREATE FOREIGN TABLE fdw_test.remote_answers (answer_id integer, channel text, score integer, answered_at timestamptz,
                                              started timestamptz, ended timestamptz)
    SERVER cxm_loopback OPTIONS (schema_name 'fdw_test', table_name 'answers');
RESET client_min_messages;

BEGIN;
SELECT plan(6);

CREATE FUNCTION pg_temp.remote_sql(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        IF line ~ 'Remote SQL:' THEN
            result := result || line;
        END IF;
    END LOOP;
    RETURN result;
END $$;

-- a survey aggregate (state: ratings), grouped
SELECT ok(pg_temp.remote_sql('SELECT channel, nps(score) FROM fdw_test.remote_answers GROUP BY channel')
          ~ 'SELECT channel, [a-z_]+\.nps\(score\) FROM fdw_test\.answers GROUP BY 1',
          'nps() grouped by channel runs on the remote server');
SELECT is((SELECT count(*) FILTER (WHERE r.nps IS NOT DISTINCT FROM f.nps)
           FROM (SELECT channel, nps(score) FROM fdw_test.remote_answers GROUP BY channel) r
           FULL JOIN (SELECT channel, 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) AS nps
                      FROM fdw_test.answers GROUP BY channel) f USING (channel)),
          3::bigint, 'and answers as plain SQL does on each of the three channels');

-- an aggregate with a cxm_state state
SELECT ok(pg_temp.remote_sql($$SELECT churn_rate(started, ended, '2025-06-01', '2025-07-01') FROM fdw_test.remote_answers$$)
          ~ 'SELECT [a-z_]+\.churn_rate\(started, ended, ',
          'churn_rate() runs on the remote server');
SELECT is((SELECT churn_rate(started, ended, '2025-06-01', '2025-07-01') FROM fdw_test.remote_answers),
          (SELECT 100.0 * count(*) FILTER (WHERE ended >= '2025-06-01' AND ended < '2025-07-01') / count(*)
           FROM fdw_test.answers WHERE started < '2025-06-01' AND (ended IS NULL OR ended >= '2025-06-01')),
          'and answers as plain SQL does');

-- a scalar function over a stored summary
SELECT ok(pg_temp.remote_sql('SELECT nps_category(score), count(*) FROM fdw_test.remote_answers GROUP BY 1')
          ~ 'nps_category\(score\)',
          'nps_category() is evaluated on the remote server');
SELECT is((SELECT string_agg(c || '=' || n, ',' ORDER BY c)
           FROM (SELECT nps_category(score)::text AS c, count(*) AS n FROM fdw_test.remote_answers GROUP BY 1) r),
          (SELECT string_agg(c || '=' || n, ',' ORDER BY c)
           FROM (SELECT CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive' ELSE 'detractor' END AS c,
                        count(*) AS n FROM fdw_test.answers GROUP BY 1) r),
          'and answers as plain SQL does');

SELECT * FROM finish();
ROLLBACK;

SET client_min_messages = warning;
DROP SCHEMA fdw_test CASCADE;
DROP SERVER cxm_loopback CASCADE;
DROP EXTENSION postgres_fdw;
\else
BEGIN;
SELECT plan(6);
SELECT skip('postgres_fdw is not installed in this PostgreSQL', 6);
SELECT * FROM finish();
ROLLBACK;
\endif
