-- Every value an aggregate of cxm can produce prints and reads back: each
-- aggregate, listed from the catalog (so a new one cannot be forgotten), runs
-- over an empty group, all-NULL rows, rows with one NULL argument (what the
-- aggregates skip) and rows with edge values (empty arrays and strings,
-- zeros, infinities); whatever non-NULL result comes out must go through its
-- type's text output and input and through binary COPY out and in, and read
-- back equal to the original (same send bytes).  An aggregate may reject an
-- argument with an error; its output may never fail.
BEGIN;
SELECT plan(9);
SET LOCAL timezone = 'UTC';
SET LOCAL datestyle = 'ISO, MDY';
SET LOCAL extra_float_digits = 3;

CREATE TEMP TABLE rt_aggregates AS
SELECT p.oid, p.oid::regprocedure::text AS signature, p.proname::text AS name,
       p.pronamespace::regnamespace::text AS schema, p.proargtypes::oid[] AS argtypes, p.prorettype AS rettype
FROM pg_proc p
JOIN pg_aggregate a ON a.aggfnoid = p.oid
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cxm';

-- For every argument type: an ordinary value and edge values, as SQL.
-- "any" is the VARIADIC condition list of the journey aggregates.
CREATE TEMP TABLE rt_values (type regtype, plain text, edges text[]);
INSERT INTO rt_values VALUES
    ('smallint', '5::smallint', ARRAY['0::smallint', '32767::smallint']),
    ('integer', '5', ARRAY['0', '2147483647']),
    ('bigint', '5::bigint', ARRAY['0::bigint', '9223372036854775807::bigint']),
    ('numeric', '5::numeric', ARRAY['0::numeric', '''NaN''::numeric', '1e20::numeric']),
    ('double precision', '1::float8', ARRAY['0::float8', '1e300::float8', '1e-300::float8', '''Infinity''::float8', '''NaN''::float8']),
    ('boolean', 'true', ARRAY['false']),
    ('text', '''a''::text', ARRAY['''''::text']),
    ('text[]', '''{a,b}''::text[]', ARRAY['''{}''::text[]', '''{a,a,a}''::text[]']),
    ('integer[]', '''{2,1}''::integer[]', ARRAY['''{}''::integer[]', '''{0}''::integer[]']),
    ('interval', '''1 day''::interval', ARRAY['''0''::interval', '''100000000 days''::interval']),
    ('date', '''2026-01-01''::date', ARRAY['''-infinity''::date', '''infinity''::date']),
    ('timestamp with time zone', '''2026-01-01 00:00+00''::timestamptz',
        ARRAY['''-infinity''::timestamptz', '''infinity''::timestamptz', '''4713-01-01 BC''::timestamptz', '''294276-12-31''::timestamptz']),
    ('timestamp without time zone', '''2026-01-01''::timestamp',
        ARRAY['''-infinity''::timestamp', '''infinity''::timestamp', '''4713-01-01 BC''::timestamp', '''294276-12-31''::timestamp']),
    ('"any"', 'true', ARRAY['false', 'NULL::boolean']),
    ('ratings', '(SELECT ratings_agg(s) FROM (VALUES (9), (3)) v(s))', ARRAY['(SELECT ratings_agg(s) FROM (VALUES (NULL::int)) v(s))']),
    ('markov_chain', '(SELECT markov_model(''{a}'', true))', ARRAY[]::text[]),
    ('double precision[]', '''{1,2}''::float8[]', ARRAY['''{}''::float8[]', '''{0,0}''::float8[]', '''{1e300,-1e-300}''::float8[]', '''{1,NULL}''::float8[]']),
    ('driver_stats', '(SELECT driver_stats(o, ARRAY[a, b]) FROM (VALUES (1.0, 2.0, 3.0), (2.0, 1.0, 5.0), (3.0, 4.0, 1.0), (5.0, 3.0, 2.0)) v(o, a, b))',
        ARRAY['(SELECT driver_stats(o, ARRAY[o]) FROM (VALUES (1.0), (1.0)) v(o))']);

-- Ordinary values that some aggregates need in place of the type's (a mode
-- name, a period end after its start, data a model fit can converge on),
-- by name, number of arguments (NULL: any) and position; g is the row
-- number, 1 to 3.
CREATE TEMP TABLE rt_plain (name text, nargs integer, position integer, plain text);
INSERT INTO rt_plain VALUES
    ('markov_model', 4, 4, '1'), ('cohort_retention', NULL, 1, '''{1,0}''::integer[]'),
    ('clv_summary', NULL, 1, '''2026-01-01''::date + 10 * g'), ('clv_summary', NULL, 3, '''2026-12-31''::date'),
    ('clv_summary', 4, 4, '''week'''), ('journey_path', 4, 4, '''first'''), ('retention_periods', NULL, 5, '''on'''),
    ('window_funnel', 4, 2, '''strict_order'''), ('window_funnel_steps', 4, 2, '''strict_order'''),
    ('sequence_match', 3, 1, '''(?1)'''), ('sequence_count', 3, 1, '''(?1)'''),
    ('churn_rate', 4, 4, '''2026-02-01'''), ('retention_rate', 4, 4, '''2026-02-01'''), ('customer_flow', 4, 4, '''2026-02-01'''),
    ('bgnbd_fit', NULL, 1, '(g - 1)::float8'), ('bgnbd_fit', NULL, 2, '10.0 * (g - 1)'), ('bgnbd_fit', NULL, 3, '40::float8'),
    ('bgnbd_fit', 5, 5, '0.001::float8'),
    ('gamma_gamma_fit', NULL, 1, 'g::float8'), ('gamma_gamma_fit', NULL, 2, '10.0 * g'), ('gamma_gamma_fit', 4, 4, '0.001::float8'),
    ('driver_stats', NULL, 1, 'g::float8'), ('driver_stats', NULL, 2, 'ARRAY[g * g, 1.0 / g]::float8[]');

SELECT is((SELECT array_agg(DISTINCT format_type(t, NULL)) FROM rt_aggregates, unnest(argtypes) t
           WHERE t NOT IN (SELECT type FROM rt_values)),
          NULL, 'every argument type of every aggregate has sample values here');

-- The cases: each a list of argument expressions, run over three rows.
CREATE TEMP TABLE rt_cases (signature text, kase text, args text[], empty boolean);
INSERT INTO rt_cases
SELECT a.signature, c.kase, c.args, c.empty
FROM rt_aggregates a,
LATERAL (SELECT array_agg(coalesce(o.plain, v.plain) ORDER BY i) AS plain,
                array_agg('NULL::' || format_type(CASE WHEN t = '"any"'::regtype THEN 'boolean'::regtype ELSE t END, NULL) ORDER BY i) AS nulls,
                array_agg(v.edges[1] ORDER BY i) AS first_edges
         FROM unnest(a.argtypes) WITH ORDINALITY u(t, i) JOIN rt_values v ON v.type = u.t
         LEFT JOIN rt_plain o ON o.name = a.name AND o.position = u.i
                              AND coalesce(o.nargs, cardinality(a.argtypes)) = cardinality(a.argtypes)) s,
LATERAL (
    SELECT 'empty group' AS kase, s.plain AS args, true AS empty
    UNION ALL SELECT 'all NULL', s.nulls, false
    UNION ALL SELECT 'ordinary rows', s.plain, false
    UNION ALL SELECT 'edge values', (SELECT array_agg(coalesce(e, p) ORDER BY k) FROM unnest(s.first_edges, s.plain) WITH ORDINALITY x(e, p, k)), false
    UNION ALL
    SELECT 'argument ' || i || ' NULL', s.plain[:i - 1] || s.nulls[i] || s.plain[i + 1:], false
    FROM generate_series(1, cardinality(s.plain)) i
    UNION ALL
    SELECT 'argument ' || i || ' = ' || e, s.plain[:i - 1] || e || s.plain[i + 1:], false
    FROM generate_series(1, cardinality(s.plain)) i,
         unnest((SELECT edges FROM rt_values WHERE type = a.argtypes[i - 1])) e
) c;

-- Run them; each result goes into a table of its type (nothing is printed
-- yet); an aggregate's own error is recorded and is not a failure here.
CREATE TEMP TABLE rt_errors (signature text, kase text, sqlstate text, message text);
CREATE TEMP TABLE rt_ran (signature text, kase text, is_null boolean);
CREATE FUNCTION pg_temp.rt_table(type oid) RETURNS text LANGUAGE sql AS $$ SELECT 'rt_result_' || type $$;
DO $$
DECLARE
    a record;
    c record;
    result_is_null boolean;
BEGIN
    FOR a IN SELECT DISTINCT rettype FROM rt_aggregates LOOP
        EXECUTE format('CREATE TEMP TABLE %I (signature text, kase text, v %s)', pg_temp.rt_table(a.rettype),
                       format_type(a.rettype, NULL));
    END LOOP;
    FOR a IN SELECT * FROM rt_aggregates ORDER BY signature LOOP
        FOR c IN SELECT * FROM rt_cases WHERE signature = a.signature ORDER BY kase LOOP
            BEGIN
                EXECUTE format('INSERT INTO %I SELECT %L, %L, %I.%I(%s) FROM generate_series(1, 3) g %s RETURNING v IS NULL',
                               pg_temp.rt_table(a.rettype), a.signature, c.kase, a.schema, a.name,
                               array_to_string(c.args, ', '), CASE WHEN c.empty THEN 'WHERE false' ELSE '' END)
                    INTO result_is_null;
                INSERT INTO rt_ran VALUES (a.signature, c.kase, result_is_null);
            EXCEPTION WHEN OTHERS THEN
                INSERT INTO rt_errors VALUES (a.signature, c.kase, SQLSTATE, SQLERRM);
            END;
        END LOOP;
    END LOOP;
END
$$;

SELECT is((SELECT count(*) FROM rt_cases c
           WHERE NOT EXISTS (SELECT 1 FROM rt_ran r WHERE (r.signature, r.kase) = (c.signature, c.kase))
             AND NOT EXISTS (SELECT 1 FROM rt_errors e WHERE (e.signature, e.kase) = (c.signature, c.kase))),
          0::bigint, 'every case of every aggregate ran, to a result or an error');
SELECT is((SELECT array_agg(signature || ': ' || kase || ': ' || sqlstate || ' ' || message ORDER BY signature, kase)
           FROM rt_errors WHERE kase IN ('empty group', 'all NULL') AND sqlstate <> '22004'),
          NULL, 'no aggregate refuses an empty group or all-NULL rows (but a NULL parameter)');
SELECT cmp_ok((SELECT count(*) FROM rt_ran r JOIN rt_aggregates a USING (signature)
               WHERE NOT r.is_null AND a.rettype IN (SELECT objid FROM pg_depend WHERE classid = 'pg_type'::regclass
                                                       AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm'))),
              '>', 100::bigint, 'the cases produce values of cxm''s own types to check');

-- Text: the output never fails, and reads back to the same value.
CREATE TEMP TABLE rt_text_failures (what text);
DO $$
DECLARE
    t record;
    r record;
    printed text;
    same boolean;
BEGIN
    FOR t IN SELECT DISTINCT a.rettype, format_type(a.rettype, NULL) AS name, ty.typsend::regproc::text AS send
             FROM rt_aggregates a JOIN pg_type ty ON ty.oid = a.rettype LOOP
        FOR r IN EXECUTE format('SELECT signature, kase, ctid FROM %I WHERE v IS NOT NULL', pg_temp.rt_table(t.rettype)) LOOP
            BEGIN
                EXECUTE format('SELECT v::text FROM %I WHERE ctid = %L', pg_temp.rt_table(t.rettype), r.ctid) INTO printed;
            EXCEPTION WHEN OTHERS THEN
                INSERT INTO rt_text_failures VALUES (r.signature || ': ' || r.kase || ': output fails: ' || SQLSTATE || ' ' || SQLERRM);
                CONTINUE;
            END;
            BEGIN
                EXECUTE format('SELECT %s(v) = %s(%L::%s) FROM %I WHERE ctid = %L', t.send, t.send, printed, t.name,
                               pg_temp.rt_table(t.rettype), r.ctid) INTO same;
                IF same IS NOT TRUE THEN
                    INSERT INTO rt_text_failures VALUES (r.signature || ': ' || r.kase || ': reads back different from ' || printed);
                END IF;
            EXCEPTION WHEN OTHERS THEN
                INSERT INTO rt_text_failures VALUES (r.signature || ': ' || r.kase || ': input of ' || printed || ' fails: '
                                                     || SQLSTATE || ' ' || SQLERRM);
            END;
        END LOOP;
    END LOOP;
END
$$;
SELECT is((SELECT array_agg(what ORDER BY what) FROM rt_text_failures WHERE what LIKE '%output fails%'),
          NULL, 'the text output of every result works');
SELECT is((SELECT array_agg(what ORDER BY what) FROM rt_text_failures WHERE what NOT LIKE '%output fails%'),
          NULL, 'every result printed as text reads back to the same value');

-- Binary COPY: each table out to a file and into a twin; every row equal.
CREATE TEMP TABLE rt_copy_failures (step text, what text);
DO $$
DECLARE
    t record;
    file text;
    differing text[];
BEGIN
    FOR t IN SELECT DISTINCT a.rettype, ty.typsend::regproc::text AS send
             FROM rt_aggregates a JOIN pg_type ty ON ty.oid = a.rettype LOOP
        file := current_setting('data_directory') || '/cxm_round_trip_' || t.rettype || '.copy';
        EXECUTE format('CREATE TEMP TABLE %I (LIKE %I)', pg_temp.rt_table(t.rettype) || '_back', pg_temp.rt_table(t.rettype));
        BEGIN
            EXECUTE format('COPY %I TO %L (FORMAT binary)', pg_temp.rt_table(t.rettype), file);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO rt_copy_failures VALUES ('out', format_type(t.rettype, NULL) || ': ' || SQLSTATE || ' ' || SQLERRM);
            CONTINUE;
        END;
        BEGIN
            EXECUTE format('COPY %I FROM %L (FORMAT binary)', pg_temp.rt_table(t.rettype) || '_back', file);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO rt_copy_failures VALUES ('in', format_type(t.rettype, NULL) || ': ' || SQLSTATE || ' ' || SQLERRM);
            CONTINUE;
        END;
        EXECUTE format('SELECT array_agg(a.signature || '': '' || a.kase) FROM %I a FULL JOIN %I b USING (signature, kase)
                        WHERE %s(a.v) IS DISTINCT FROM %s(b.v) OR a.signature IS NULL OR b.v IS NULL AND a.v IS NOT NULL',
                       pg_temp.rt_table(t.rettype), pg_temp.rt_table(t.rettype) || '_back', t.send, t.send)
            INTO differing;
        IF differing IS NOT NULL THEN
            INSERT INTO rt_copy_failures SELECT 'equal', unnest(differing);
        END IF;
    END LOOP;
END
$$;
SELECT is((SELECT array_agg(what ORDER BY what) FROM rt_copy_failures WHERE step = 'out'),
          NULL, 'binary COPY writes every result');
SELECT is((SELECT array_agg(what ORDER BY what) FROM rt_copy_failures WHERE step = 'in'),
          NULL, 'binary COPY reads back everything it wrote');
SELECT is((SELECT array_agg(what ORDER BY what) FROM rt_copy_failures WHERE step = 'equal'),
          NULL, 'every result read back from binary COPY equals the original');

-- The aggregates' own refusals, for the record (not failures).
SELECT diag('cases refused by the aggregate: ' || count(*) || ' of ' || (SELECT count(*) FROM rt_cases)
            || '; of the ordinary rows: ' || coalesce(string_agg(signature, ', ') FILTER (WHERE kase = 'ordinary rows'), 'none'))
FROM rt_errors;

SELECT * FROM finish();
ROLLBACK;
