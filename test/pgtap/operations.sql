-- operations: exact errors and SQLSTATEs, properties, schema independence.
BEGIN;
SELECT plan(60);
SET LOCAL timezone = 'UTC';

-- seed examples
SELECT is(churn_rate(s, e, '2026-03-01', '2026-04-01'), 0.8, 'churn: 20 lost of 2500 is 0.8')
FROM (SELECT timestamptz '2025-01-01' AS s, CASE WHEN i <= 20 THEN timestamptz '2026-03-15' END AS e FROM generate_series(1, 2500) i) v;
SELECT is(retention_rate(s, e, '2026-03-01', '2026-04-01'), 99.2, 'retention 99.2 when nobody new joined')
FROM (SELECT timestamptz '2025-01-01' AS s, CASE WHEN i <= 20 THEN timestamptz '2026-03-15' END AS e FROM generate_series(1, 2500) i) v;
SELECT is(round(referral_rate(i <= 100), 2), 3.33, 'referral: 100 of 3000 is 3.33 rounded')
FROM generate_series(1, 3000) i;
SELECT is(referral_rate(i <= 100), 3.3333333333333333, 'referral: the exact value, 16 decimals')
FROM generate_series(1, 3000) i;
SELECT is(cac(5000, 40), 125::numeric, 'cac 5000 / 40');
SELECT is(round(annual_rate(3), 2), 30.62, 'monthly 3% compounds to 30.62% a year');
SELECT is(round(annual_rate(5), 2), 45.96, 'monthly 5% compounds to 45.96% a year');
SELECT is(round(periodic_rate(80), 2), 12.55, '80% a year is 12.55% a month');

-- exact messages and SQLSTATEs
SELECT throws_ok($$SELECT churn_rate(timestamptz '2026-01-01', NULL, '2026-04-01', '2026-03-01')$$, '22023',
                 'period_end 2026-03-01 00:00:00+00 is not after period_start 2026-04-01 00:00:00+00', 'churn: empty period');
SELECT throws_ok($$SELECT retention_rate(date '2026-01-01', NULL, date '2026-03-01', date '2026-03-01')$$, '22023',
                 'period_end 2026-03-01 is not after period_start 2026-03-01', 'retention: zero-length period');
SELECT throws_ok($$SELECT customer_flow(s, NULL, s, '2027-01-01') FROM (VALUES (timestamp '2026-01-01'), ('2026-01-02')) v(s)$$, '22023',
                 'the period must be the same for every row of a group', 'customer_flow: varying period');
SELECT throws_ok($$SELECT churn_rate(timestamptz '2026-03-05', timestamptz '2026-03-04', '2026-03-01', '2026-04-01')$$, '22000',
                 'ended_at 2026-03-04 00:00:00+00 is earlier than started_at 2026-03-05 00:00:00+00', 'churn: left before joining');
SELECT throws_ok($$SELECT avg_resolution_time(timestamptz '2026-01-02', timestamptz '2026-01-01')$$, '22000',
                 'resolved_at 2026-01-01 00:00:00+00 is earlier than opened_at 2026-01-02 00:00:00+00', 'resolved before opened');
SELECT throws_ok($$SELECT avg_resolution_time(timestamp '-infinity', timestamp '2026-01-01')$$, '22008',
                 'ticket times must be finite', 'infinite opened_at');
SELECT throws_ok($$SELECT median_resolution_time(timestamptz '2026-01-01', timestamptz 'infinity')$$, '22008',
                 'ticket times must be finite', 'infinite resolved_at');
SELECT throws_ok($$SELECT resolution_time_percentile(timestamptz '2026-01-01', timestamptz '2026-01-02', -0.1)$$, '22023',
                 'percentile -0.1 is not between 0 and 1', 'percentile below 0');
SELECT throws_ok($$SELECT resolution_time_percentile(o, o + interval '1 hour', f) FROM (VALUES (timestamptz '2026-01-01', 0.5), ('2026-01-02', 0.9)) v(o, f)$$,
                 '22023', 'the percentile must be the same for every row of a group', 'varying percentile');
SELECT throws_ok('SELECT cac(5000, 0)', '22023', 'cac needs at least one new customer, not 0', 'cac: no new customers');
SELECT throws_ok('SELECT cac(-1, 3)', '22023', 'acquisition spend -1 is not a finite amount of at least 0', 'cac: negative spend');
SELECT throws_ok('SELECT annual_rate(120)', '22023', 'periodic_rate 120 is not a percentage between 0 and 100', 'annual_rate: above 100');
SELECT throws_ok('SELECT periodic_rate(50, -12)', '22023', 'periods_per_year -12 is not a positive number of periods', 'periodic_rate: periods');

-- properties
CREATE TEMP TABLE flows_at_the_ends (s timestamptz, e timestamptz);
INSERT INTO flows_at_the_ends VALUES ('-infinity', NULL), ('-infinity', 'infinity'), ('-infinity', '-infinity'),
    ('4714-11-24 00:00:00+00 BC', '294276-12-31 23:59:59+00'), ('4714-11-24 00:00:00+00 BC', '294276-12-31 23:59:58+00'),
    ('2026-01-01', 'infinity'), ('294276-12-31 23:59:59+00', NULL), ('infinity', 'infinity'), ('2026-01-01', '2026-02-01');
CREATE TEMP TABLE flows AS
SELECT i, timestamptz '2025-01-01' + (i * 7919 % 500) * interval '1 day' AS s,
       CASE WHEN i % 4 = 0 THEN timestamptz '2025-01-01' + (i * 7919 % 500 + i % 300) * interval '1 day' END AS e
FROM generate_series(1, 5000) i;
SELECT is((SELECT churn_rate(s, e, '2025-06-01', '2025-07-01') + retention_rate(s, e, '2025-06-01', '2025-07-01') FROM flows),
          100::numeric, 'churn + retention = 100 (customers acquired and lost inside the period count as neither)');
SELECT ok((SELECT bool_and(lag_end IS NULL OR lag_end = (f).at_start) FROM (
              SELECT f, lag((f).at_end) OVER (ORDER BY m) AS lag_end
              FROM (SELECT m, customer_flow(s, e, m, m + interval '1 month') AS f
                    FROM flows, generate_series(timestamptz '2025-01-01', '2025-12-01', interval '1 month') m GROUP BY m) x) y),
          'consecutive months chain: at_end of one is at_start of the next');
SELECT ok((SELECT bool_and((f).at_end = (f).at_start - (f).lost + (f).acquired - (f).acquired_and_lost)
           FROM (SELECT customer_flow(s, e, m, m + interval '1 week') AS f
                 FROM flows, generate_series(timestamptz '2025-01-01', '2026-06-01', interval '1 week') m GROUP BY m) x),
          'at_end = at_start - lost + acquired - acquired_and_lost for every week');
SELECT is((SELECT churn_rate(s::date, e::date, date '2025-06-01', date '2025-07-01') FROM flows),
          (SELECT churn_rate(s, e, '2025-06-01', '2025-07-01') FROM flows), 'date and timestamptz forms agree on midnight times');
SELECT is((SELECT annual_rate(churn_rate(s, e, '2025-06-01', '2025-07-01')) FROM flows),
          (SELECT round(100 * (1 - (1 - churn_rate(s, e, '2025-06-01', '2025-07-01') / 100) ^ 12), 16) FROM flows),
          'annual_rate equals the compounding formula');
SELECT is(round(periodic_rate(annual_rate(7.25, 52), 52), 12), 7.25::numeric(20, 12), 'periodic_rate inverts annual_rate');
SELECT is(unresolved_count(o, r), 2::bigint, 'unresolved tickets are counted')
FROM (VALUES (timestamptz '2026-01-01', NULL::timestamptz), ('2026-01-01', '2026-01-02'), ('2026-01-03', NULL)) v(o, r);
SELECT is(avg_resolution_time(o, r), interval '1 day', 'unresolved tickets are left out of the mean')
FROM (VALUES (timestamptz '2026-01-01', NULL::timestamptz), ('2026-01-01', '2026-01-02'), ('2026-01-03', NULL)) v(o, r);
SELECT is(avg_resolution_time(o, r), interval '00:00:00.000001', 'the mean rounds half up to the microsecond')
FROM (VALUES (timestamptz '2026-01-01', timestamptz '2026-01-01'), ('2026-01-01', '2026-01-01 00:00:00.000001')) v(o, r);
SELECT is(avg_resolution_time(o, o + interval '200 years'), interval '73049 days',
          'long durations add up exactly past 64 bits')
FROM (SELECT timestamptz '1900-01-01' AS o FROM generate_series(1, 100000)) v;

-- times at the ends of their types: a correct value or a clear error, never a wrong number
SELECT is(customer_flow(s, e, p, q)::text, (SELECT (count(*) FILTER (WHERE s < p AND (e IS NULL OR e >= p)),
                                                    count(*) FILTER (WHERE s >= p AND s < q),
                                                    count(*) FILTER (WHERE s < p AND e >= p AND e < q),
                                                    count(*) FILTER (WHERE s >= p AND s < q AND e < q),
                                                    count(*) FILTER (WHERE s < q AND (e IS NULL OR e >= q)))::text
                                            FROM flows_at_the_ends),
          'customer_flow with infinite and extreme times counts as plain comparisons do')
FROM (SELECT s, e, timestamptz '-infinity' AS p, timestamptz '294276-12-31 23:59:59+00' AS q FROM flows_at_the_ends) v
GROUP BY p, q;
SELECT is(avg_resolution_time(o, r), r - o, 'a resolution time of 284,000 years, as timestamp subtraction gives it')
FROM (VALUES (timestamp '4714-11-24 00:00:00 BC', timestamp '280000-01-01 00:00:00')) v(o, r) GROUP BY o, r;
SELECT is(median_resolution_time(o, r), r - o, 'and its median')
FROM (VALUES (timestamp '4714-11-24 00:00:00 BC', timestamp '280000-01-01 00:00:00')) v(o, r) GROUP BY o, r;
SELECT throws_ok($$SELECT avg_resolution_time(timestamp '4714-11-24 00:00:00 BC', timestamp '294276-12-31 00:00:00')$$, '22008',
                 'resolution time out of range', 'a resolution time past 2^63 microseconds is an error, not a wrong duration');

-- partial states (cxm_state) of referral_rate (kind 2), avg_resolution_time and
-- unresolved_count (kind 3), median_resolution_time and
-- resolution_time_percentile (kind 4): real states made by test aggregates over
-- the support functions with no final function, read back from their text
-- form and through binary COPY, combined, finished and tampered with; the
-- references are plain SQL over the same rows
CREATE TEMP TABLE rt_tickets AS
SELECT i, timestamptz '2026-01-01' + (i * 7919 % 1000) * interval '1 hour' AS opened,
       CASE WHEN i % 7 <> 0 THEN timestamptz '2026-01-01' + (i * 7919 % 1000) * interval '1 hour'
                                 + ((i::bigint * 104729) % 200000) * interval '1 second' + (i % 1000) * interval '1 microsecond' END AS resolved,
       CASE WHEN i % 11 <> 0 THEN i % 3 = 0 END AS referred
FROM generate_series(1, 4000) i;
-- exact microseconds of an interval of days and time (as timestamp
-- subtraction gives): the fields are exact in double precision, while
-- extract(epoch ...) is a double before PostgreSQL 14
CREATE FUNCTION pg_temp.iv_us(i interval) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT date_part('day', i)::numeric * 86400000000 + date_part('hour', i)::numeric * 3600000000
           + date_part('minute', i)::numeric * 60000000 + date_part('microseconds', i)::numeric $$;
CREATE TEMP VIEW rt_reference AS
SELECT i % 2 AS half, round(100.0 * count(*) FILTER (WHERE referred) / count(referred), 16) AS referral,
       round(avg(pg_temp.iv_us(resolved - opened) / 1000000), 6) AS mean_seconds,
       count(*) FILTER (WHERE resolved IS NULL) AS unresolved,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY resolved - opened) AS median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY resolved - opened) AS p90
FROM rt_tickets GROUP BY GROUPING SETS ((i % 2), ());
SELECT ok((SELECT count(*) = 3 AND bool_and(referral IS NOT NULL AND mean_seconds IS NOT NULL AND unresolved > 0
                                            AND median IS NOT NULL AND p90 > median) FROM rt_reference),
          'partial states: the plain-SQL answers of each half and of all the tickets');

CREATE AGGREGATE pg_temp.share_state(boolean) (SFUNC = referral_rate_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.share_merge(cxm_state) (SFUNC = referral_rate_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.durations_state(timestamptz, timestamptz) (SFUNC = resolution_time_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.durations_merge(cxm_state) (SFUNC = resolution_time_combine, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.list_state(timestamptz, timestamptz) (SFUNC = resolution_time_list_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.percentile_state(timestamptz, timestamptz, double precision) (
    SFUNC = resolution_time_list_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.list_merge(cxm_state) (SFUNC = resolution_time_list_combine, STYPE = cxm_state);
CREATE TEMP TABLE rt_states AS
SELECT i % 2 AS half, pg_temp.share_state(referred) AS share, pg_temp.durations_state(opened, resolved) AS durations,
       pg_temp.list_state(opened, resolved) AS list, pg_temp.percentile_state(opened, resolved, 0.9) AS pct
FROM rt_tickets GROUP BY i % 2;
SELECT ok((SELECT count(*) = 2 AND bool_and(share::text ~ '^\\x0102[0-9a-f]+$' AND durations::text ~ '^\\x0103[0-9a-f]+$'
                                            AND list::text ~ '^\\x0104[0-9a-f]+$' AND pct::text ~ '^\\x0104[0-9a-f]+$')
           FROM rt_states),
          'partial states print as \x, format 1, their kind (2 share, 3 durations, 4 duration list) and hexadecimal digits');

-- the aggregates of each half, finished from a table of states (read through their text form when asked)
CREATE FUNCTION pg_temp.rt_differing(states text, through_text boolean) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    cast_to text := CASE WHEN through_text THEN '::text::cxm_state' ELSE '' END;
    differing text;
BEGIN
    EXECUTE format($q$
        SELECT string_agg(DISTINCT what, ', ' ORDER BY what)
        FROM (SELECT half, referral_rate_final(share%1$s) AS referral,
                     pg_temp.iv_us(avg_resolution_time_final(durations%1$s)) / 1000000 AS mean_seconds,
                     unresolved_count_final(durations%1$s) AS unresolved,
                     median_resolution_time_final(list%1$s) AS median,
                     resolution_time_percentile_final(pct%1$s) AS p90
              FROM %2$s) f
        FULL JOIN (SELECT * FROM rt_reference WHERE half IS NOT NULL) r USING (half),
        LATERAL (VALUES ('referral_rate', f.referral IS DISTINCT FROM r.referral),
                        ('avg_resolution_time', f.mean_seconds IS DISTINCT FROM r.mean_seconds),
                        ('unresolved_count', f.unresolved IS DISTINCT FROM r.unresolved),
                        ('median_resolution_time', f.median IS DISTINCT FROM r.median),
                        ('resolution_time_percentile', f.p90 IS DISTINCT FROM r.p90)) c(what, differs)
        WHERE differs$q$, cast_to, states) INTO differing;
    RETURN differing;
END $$;
SELECT is(pg_temp.rt_differing('rt_states', true), NULL,
          'partial states read back from their text form finish to the plain-SQL answers of each half');

-- binary COPY out and back in (through a file of this backend's, removed as it is read)
CREATE TEMP TABLE rt_copied (half integer, share cxm_state, durations cxm_state, list cxm_state, pct cxm_state);
CREATE TEMP TABLE rt_cut (half integer, s cxm_state);
CREATE FUNCTION pg_temp.copy_through(source text, target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := format('/tmp/cxm_ops_state_test_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (%s) TO PROGRAM %L WITH (FORMAT binary)', source, format('cat > %s', path));
    EXECUTE format('COPY %s FROM PROGRAM %L WITH (FORMAT binary)', target, format('cat %s; rm -f %s', path, path));
END $$;
SELECT pg_temp.copy_through('SELECT half, share, durations, list, pct FROM rt_states', 'rt_copied');
SELECT is(pg_temp.rt_differing('rt_copied', false), NULL,
          'partial states through binary COPY finish to the plain-SQL answers of each half');

SELECT is((SELECT string_agg(DISTINCT what, ', ' ORDER BY what)
           FROM (SELECT referral_rate_final(pg_temp.share_merge(share)) AS referral,
                        pg_temp.iv_us(avg_resolution_time_final(pg_temp.durations_merge(durations))) / 1000000 AS mean_seconds,
                        unresolved_count_final(pg_temp.durations_merge(durations)) AS unresolved,
                        median_resolution_time_final(pg_temp.list_merge(list)) AS median,
                        resolution_time_percentile_final(pg_temp.list_merge(pct)) AS p90
                 FROM (SELECT * FROM rt_states WHERE half = 0 UNION ALL SELECT * FROM rt_copied WHERE half = 1) u) f,
                (SELECT * FROM rt_reference WHERE half IS NULL) r,
                LATERAL (VALUES ('referral_rate', f.referral IS DISTINCT FROM r.referral),
                                ('avg_resolution_time', f.mean_seconds IS DISTINCT FROM r.mean_seconds),
                                ('unresolved_count', f.unresolved IS DISTINCT FROM r.unresolved),
                                ('median_resolution_time', f.median IS DISTINCT FROM r.median),
                                ('resolution_time_percentile', f.p90 IS DISTINCT FROM r.p90)) c(what, differs)
           WHERE differs), NULL,
          'two partial states combined finish to the plain-SQL answers over all the tickets');

-- counts past 2^63 - 1 when partial states combine: an error, never a
-- wrapped count.  States written by hand (header 01 02 a share, 01 03 a sum
-- of durations; payload: 01 000000 then big-endian counts): 2^63 - 1
-- customers (none referred) plus 1, 2^63 - 1 resolved tickets of 0 seconds
-- plus 1 more.
SELECT throws_ok($$SELECT pg_temp.share_merge(s::cxm_state)
                   FROM (VALUES ('\x0102' || '01000000' || '0000000000000000' || '7fffffffffffffff'),
                                ('\x0102' || '01000000' || '0000000000000000' || '0000000000000001')) v(s)$$,
                 '22003', 'customer count out of range', 'combining referral states past 2^63 - 1 customers is an error');
SELECT throws_ok($$SELECT pg_temp.durations_merge(s::cxm_state)
                   FROM (VALUES ('\x0103' || '01000000' || repeat('00', 16) || '7fffffffffffffff' || repeat('00', 8)),
                                ('\x0103' || '01000000' || repeat('00', 16) || '0000000000000001' || repeat('00', 8))) v(s)$$,
                 '22003', 'ticket count out of range', 'combining resolution-time states past 2^63 - 1 tickets is an error');

-- a state of another kind is refused by every final and combine function
SELECT throws_ok('SELECT referral_rate_final(durations) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of avg_resolution_time/unresolved_count passed where a state of referral_rate is expected',
                 'referral_rate_final refuses a resolution-time state');
SELECT throws_ok('SELECT avg_resolution_time_final(list) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of median_resolution_time/resolution_time_percentile passed where a state of avg_resolution_time/unresolved_count is expected',
                 'avg_resolution_time_final refuses a duration list');
SELECT throws_ok('SELECT unresolved_count_final(share) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of referral_rate passed where a state of avg_resolution_time/unresolved_count is expected',
                 'unresolved_count_final refuses a referral state');
SELECT throws_ok('SELECT median_resolution_time_final(durations) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of avg_resolution_time/unresolved_count passed where a state of median_resolution_time/resolution_time_percentile is expected',
                 'median_resolution_time_final refuses a resolution-time state');
SELECT throws_ok('SELECT resolution_time_percentile_final(share) FROM rt_states WHERE half = 0', '42804',
                 'cxm_state of referral_rate passed where a state of median_resolution_time/resolution_time_percentile is expected',
                 'resolution_time_percentile_final refuses a referral state');
SELECT throws_ok('SELECT pg_temp.list_merge(s) FROM (SELECT list FROM rt_states UNION ALL SELECT durations FROM rt_states) u(s)',
                 '42804', 'cxm_state of avg_resolution_time/unresolved_count passed where a state of median_resolution_time/resolution_time_percentile is expected',
                 'resolution_time_list_combine refuses a resolution-time state');

-- cut or altered bytes are refused: text input 22P02, binary COPY 22P03
SELECT throws_ok(format('SELECT %L::cxm_state', left(share::text, -2)), '22P02', 'invalid cxm_state value',
                 'a referral state cut short by a byte') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', left(durations::text, -2)), '22P02', 'invalid cxm_state value',
                 'a resolution-time state cut short by a byte') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', left(list::text, -2)), '22P02', 'invalid cxm_state value',
                 'a duration list cut short by a byte') FROM rt_states WHERE half = 0;
-- the payload starts at character 7 of the text: a referral state's referred count at 15, a
-- resolution-time state's high sum at 15, a duration list's first value at 47
SELECT throws_ok(format('SELECT %L::cxm_state', overlay(share::text placing 'ff' from 15 for 2)), '22P02',
                 'invalid cxm_state value', 'a referral state with more referred than customers') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', overlay(durations::text placing 'ff' from 15 for 2)), '22P02',
                 'invalid cxm_state value', 'a resolution-time state whose sum is too large for its count') FROM rt_states WHERE half = 0;
SELECT throws_ok(format('SELECT %L::cxm_state', overlay(list::text placing 'ff' from 47 for 2)), '22P02',
                 'invalid cxm_state value', 'a duration list with a negative duration') FROM rt_states WHERE half = 0;
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(share), 1, 21) FROM rt_states WHERE half = 0', 'rt_cut')$$,
                 '22P03', 'invalid cxm_state value', 'a referral state cut short in binary COPY');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(durations), 1, 37) FROM rt_states WHERE half = 0', 'rt_cut')$$,
                 '22P03', 'invalid cxm_state value', 'a resolution-time state cut short in binary COPY');
SELECT throws_ok($$SELECT pg_temp.copy_through('SELECT 0, substr(cxm_state_send(list), 1, 40) FROM rt_states WHERE half = 0', 'rt_cut')$$,
                 '22P03', 'invalid cxm_state value', 'a duration list cut short in binary COPY');
-- what depends on cxm goes before the extension moves below
DROP TABLE rt_states, rt_copied, rt_cut;
DROP AGGREGATE pg_temp.share_state(boolean), pg_temp.share_merge(cxm_state),
    pg_temp.durations_state(timestamptz, timestamptz), pg_temp.durations_merge(cxm_state),
    pg_temp.list_state(timestamptz, timestamptz), pg_temp.percentile_state(timestamptz, timestamptz, double precision),
    pg_temp.list_merge(cxm_state);

-- installs into any schema; works schema-qualified with that schema off search_path
DROP EXTENSION cxm;
CREATE SCHEMA ops_elsewhere;
CREATE EXTENSION cxm SCHEMA ops_elsewhere;
SET LOCAL search_path = public;
SELECT is((ops_elsewhere.customer_flow(s, NULL, '2026-01-01', '2026-02-01')).at_start, 1::bigint,
          'customer_flow and its composite type through the schema')
FROM (VALUES (timestamptz '2025-01-01')) v(s);
SELECT is(ops_elsewhere.annual_rate(3), 30.6157639004562, 'annual_rate default resolves without search_path');
SELECT hasnt_function('public', 'churn_rate', ARRAY['timestamptz', 'timestamptz', 'timestamptz', 'timestamptz'],
                      'nothing left behind in public');

SELECT * FROM finish();
ROLLBACK;
