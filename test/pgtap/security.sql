-- cxm is a trusted extension: a non-superuser with CREATE on the database
-- installs, uses, updates and drops it, and a hostile user who plants
-- look-alike functions and operators early in the search_path changes
-- nothing cxm computes and runs no code as the installing role.
BEGIN;
SELECT plan(13);

CREATE TABLE public.alarms (who text, what text);
GRANT INSERT, SELECT ON public.alarms TO PUBLIC;
CREATE ROLE cxm_installer NOLOGIN;
CREATE ROLE cxm_hostile NOLOGIN;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO cxm_installer, cxm_hostile', current_database()); END $$;
GRANT CREATE ON SCHEMA public TO cxm_installer;

-- the hostile user plants look-alikes of everything a script or a cxm
-- function might resolve by name; each one raises an alarm when called
SET LOCAL ROLE cxm_hostile;
CREATE SCHEMA trap;
CREATE FUNCTION trap.alarm(what text) RETURNS void LANGUAGE sql AS
    $$ INSERT INTO public.alarms VALUES (current_user, what) $$;
CREATE FUNCTION trap.text(anyelement) RETURNS text LANGUAGE sql AS $$ SELECT trap.alarm('text()'); SELECT 'x' $$;
CREATE FUNCTION trap.int4(anyelement) RETURNS integer LANGUAGE sql AS $$ SELECT trap.alarm('int4()'); SELECT 0 $$;
CREATE FUNCTION trap.float8(numeric) RETURNS double precision LANGUAGE sql AS $$ SELECT trap.alarm('float8()'); SELECT 0.5::float8 $$;
CREATE FUNCTION trap.texteq(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT trap.alarm('text ='); SELECT true $$;
CREATE OPERATOR trap.= (LEFTARG = text, RIGHTARG = text, FUNCTION = trap.texteq);
CREATE FUNCTION trap.int4eq(integer, integer) RETURNS boolean LANGUAGE sql AS $$ SELECT trap.alarm('int ='); SELECT true $$;
CREATE OPERATOR trap.= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = trap.int4eq);
CREATE FUNCTION trap.ratings_in(text) RETURNS integer LANGUAGE sql AS $$ SELECT trap.alarm('ratings_in()'); SELECT 0 $$;
CREATE FUNCTION trap.nps_trans(anyelement, integer) RETURNS anyelement LANGUAGE sql AS $$ SELECT trap.alarm('nps_trans()'); SELECT $1 $$;
GRANT USAGE ON SCHEMA trap TO PUBLIC;
RESET ROLE;

-- a non-superuser installs the extension with the trap first in search_path
DROP EXTENSION cxm;
SET LOCAL ROLE cxm_installer;
SET LOCAL search_path = trap, public;
SELECT lives_ok($$CREATE EXTENSION cxm VERSION '0.1.0' SCHEMA public$$, 'a non-superuser installs cxm 0.1.0 (trusted)');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'cxm'), '0.1.0', 'at version 0.1.0');
SELECT lives_ok('ALTER EXTENSION cxm UPDATE', 'and updates it');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'cxm'),
          (SELECT default_version FROM pg_available_extensions WHERE name = 'cxm'), 'to the default version');
SELECT is((SELECT array_agg(what) FROM public.alarms), NULL, 'installing and updating called no planted function');
SELECT is((SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
           WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm') AND p.prosecdef), 0::bigint,
          'no SECURITY DEFINER function came with it');

-- using it: qualified calls compute the same whatever the search_path holds
SELECT is(public.nps(s), 80::numeric, 'nps with the trap first in search_path')
FROM (SELECT CASE WHEN i <= 88 THEN 10 WHEN i <= 92 THEN 8 ELSE 0 END FROM generate_series(1, 100) i) v(s);
-- the adjusted-Wald 95% lower bound of 10, 0, 9 (n' = 6, p' = 2.75/6, d' = 1.75/6),
-- computed outside cxm with Python's statistics.NormalDist: -51.33317311325326
SELECT is(round(public.nps_lower(public.ratings_agg(s)), 10), -51.3331731133,
          'intervals with their default arguments') FROM (VALUES (10), (0), (9)) v(s);
SELECT is(public.nps_category(3)::text, 'detractor', 'nps_category');
SELECT is('{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]}'::public.ratings::text,
          '{"version": 1, "counts": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]}', 'the ratings type reads through its own input');
SELECT is((SELECT array_agg(DISTINCT what) FROM public.alarms), NULL, 'using cxm called no planted function');

SELECT lives_ok('DROP EXTENSION cxm', 'the non-superuser drops it');
SELECT is((SELECT count(*) FROM pg_extension WHERE extname = 'cxm'), 0::bigint, '... and it is gone');
RESET ROLE;
RESET search_path;

SELECT * FROM finish();
ROLLBACK;
