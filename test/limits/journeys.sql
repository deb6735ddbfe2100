-- Huge inputs: one customer with 10 million events through every journey
-- aggregate and window function; statement_timeout stops their loops promptly.
BEGIN;
SELECT plan(25);

CREATE TEMP VIEW big AS
SELECT i, timestamptz '2026-01-01 00:00+00' + i * interval '1 second' AS ts, i % 4 AS kind
FROM generate_series(1, 10000000) i;

SELECT is(window_funnel(interval '1 hour', ts, kind = 1, kind = 2, kind = 3), 3, 'window_funnel over 10 million events') FROM big;
SELECT is(window_funnel(interval '1 hour', 'strict_order', ts, kind = 1, kind = 2, kind = 3), 3,
          'window_funnel strict_order stores every row of 10 million') FROM big;
SELECT is(array_length(window_funnel_steps(interval '1 hour', ts, kind = 1, kind = 2), 1), 2, 'window_funnel_steps over 10 million events') FROM big;
SELECT is(sequence_match('(?1)(?t<=1)(?2)', ts, kind = 1, kind = 2), true, 'sequence_match over 10 million events') FROM big;
SELECT is(sequence_count('(?1)(?2)', ts, kind = 1, kind = 2), 2500000::bigint, 'sequence_count: 2.5 million non-overlapping matches') FROM big;
SELECT is(session_count(ts, interval '30 minutes'), 1::bigint, 'session_count of one 10-million-event session') FROM big;
SELECT is(session_count(ts, interval '0 seconds'), 10000000::bigint, 'session_count of 10 million one-event sessions') FROM big;
SELECT is(journey_path(kind::text, ts, 3), '{2,3,0}', 'journey_path over 10 million events, last 3 steps') FROM big;
SELECT is(retention(kind = 0, kind = 1, kind = 2), '{1,1,1}', 'retention over 10 million events') FROM big;
SELECT is(retention_periods(ts, interval '1 day', 3, timestamptz '2027-01-01 00:00+00'), '{1,1,1,1}',
          'retention_periods over 10 million events') FROM big;
SELECT is(max(s), 1::bigint, 'sessionize numbers 10 million rows')
FROM (SELECT sessionize(ts, interval '30 minutes') OVER (ORDER BY ts) AS s FROM big) x;
SELECT is(max(e), 2500000::bigint, 'conditional_true_event over 10 million rows')
FROM (SELECT conditional_true_event(kind = 0) OVER (ORDER BY ts) AS e FROM big) x;
SELECT is(max(e), 9999999::bigint, 'conditional_change_event over 10 million rows')
FROM (SELECT conditional_change_event(kind) OVER (ORDER BY ts) AS e FROM big) x;

-- Cancel: the time must be spent inside cxm, so the events are stored first
-- and each timeout falls in a loop of cxm, where only its own interrupt
-- checks can stop the query (with them made no-ops these tests fail: the
-- loop runs on to its end).  See test/tools/cancel.sql.
\ir ../tools/cancel.sql
-- the matcher: a 4,000-step pattern over 300,000 stored events is over a
-- billion steps, hundreds of times the reading of the rows
CREATE TEMP TABLE one_group AS SELECT to_timestamp(i) AS ts FROM generate_series(1, 300000) i;
SET LOCAL statement_timeout = '500ms';
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT sequence_count(repeat('.(?t<=1)', 2000), ts, true) FROM one_group$$),
              '<', 1.0::double precision, 'statement_timeout stops sequence_count''s matcher within a second');
RESET statement_timeout;
-- the sorts and scans of window_funnel and journey_path cost a small
-- multiple of reading the rows, so they are timed in the leader of a
-- parallel plan, after the workers have read 5 million stored events
-- (with 3 million, window_funnel's leader phase came to 0.37 s on one
-- run: too short to place three timeouts in).
-- (session_count's and retention_periods' merges are shorter than the
-- reading itself, under a second here: too short to tell apart.)
CREATE SCHEMA limits_journeys;   -- parallel workers cannot read temporary tables
CREATE TABLE limits_journeys.events AS
SELECT timestamptz '2026-01-01 00:00+00' + ((i::bigint * 7919) % 5000000) * interval '1 second' AS ts, (i % 4)::text AS kind
FROM generate_series(1, 5000000) i;
ANALYZE limits_journeys.events;
\set q 'SELECT window_funnel(interval ''1 hour'', ''strict_order'', ts, kind = ''1'', kind = ''2'', kind = ''3'') FROM limits_journeys.events'
\set what window_funnel
\ir ../tools/cancel_leader.sql
\set q 'SELECT journey_path(kind, ts) FROM limits_journeys.events'
\set what journey_path
\ir ../tools/cancel_leader.sql

-- journey_path's final function makes a text value of every step of the
-- path, a loop as long as the path, and then the array (construct_array,
-- which has no interrupt check): 10 million alternating steps spend seconds
-- there.  The state is stored first and finished by a direct call, so all
-- the time is cxm's: decoding the state, reading the path, the text values,
-- the array.  The same events capped at one step (max_steps 1) take the
-- decoding alone; timeouts armed past that, early in the rest (at 5, 12 and
-- 20% of it: the loop ends a quarter to a third into the rest, the array
-- takes the remainder), land in the text-value loop, and must stop it within
-- a quarter of the rest (with its interrupt check made a no-op, the loop and
-- the array run on to the end).
CREATE AGGREGATE pg_temp.path_state(text, timestamptz) (SFUNC = journey_path_trans, STYPE = cxm_state);
CREATE AGGREGATE pg_temp.path_state(text, timestamptz, integer) (SFUNC = journey_path_trans, STYPE = cxm_state);
CREATE TEMP TABLE path_states (capped boolean, s cxm_state);
ALTER TABLE path_states ALTER COLUMN s SET STORAGE EXTERNAL;   -- no decompression in the timed part
INSERT INTO path_states SELECT false, pg_temp.path_state((ARRAY['a', 'b'])[1 + i % 2], to_timestamp(i)) FROM generate_series(1, 10000000) i;
INSERT INTO path_states SELECT true, pg_temp.path_state((ARRAY['a', 'b'])[1 + i % 2], to_timestamp(i), 1) FROM generate_series(1, 10000000) i;
CREATE FUNCTION pg_temp.final_ms(is_capped boolean, OUT steps integer, OUT ms double precision) LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    SELECT cardinality(journey_path_final(s)) INTO steps FROM path_states WHERE capped = is_capped;
    ms := extract(epoch FROM clock_timestamp() - started) * 1000;
END
$$;
SELECT is((SELECT steps FROM pg_temp.final_ms(false)), 10000000, 'journey_path of 10 million alternating steps keeps every one');
-- the faster of two runs each: a slower run has its timeouts earlier in the
-- loop (or at the end of the decoding, which varies most), not in the array
-- after the loop, which no interrupt check can stop
SELECT least(a.ms, b.ms) AS full_ms FROM pg_temp.final_ms(false) a, pg_temp.final_ms(false) b \gset
SELECT least(a.ms, b.ms) AS decode_ms FROM pg_temp.final_ms(true) a, pg_temp.final_ms(true) b \gset
\set q 'SELECT cardinality(journey_path_final(s)) FROM path_states WHERE NOT capped'
SELECT set_config('statement_timeout', round(:decode_ms + 0.05 * (:full_ms - :decode_ms))::text, true) AS armed \gset
SELECT coalesce(pg_temp.cancel_latency(:'q')::text, '') AS first_run \gset
RESET statement_timeout;
SELECT set_config('statement_timeout', round(:decode_ms + 0.12 * (:full_ms - :decode_ms))::text, true) AS armed \gset
SELECT coalesce(pg_temp.cancel_latency(:'q')::text, '') AS second_run \gset
RESET statement_timeout;
SELECT set_config('statement_timeout', round(:decode_ms + 0.20 * (:full_ms - :decode_ms))::text, true) AS armed \gset
SELECT coalesce(pg_temp.cancel_latency(:'q')::text, '') AS third_run \gset
RESET statement_timeout;
SELECT ok(coalesce((SELECT bool_and(m < least(1.0, (:full_ms - :decode_ms) / 4000)) AND count(m) > 0
                    FROM (SELECT nullif(r, '')::double precision AS m FROM unnest(ARRAY[:'first_run', :'second_run', :'third_run']) r) x), false),
          format('statement_timeout in journey_path_final''s %s s past decoding, its text values: stopped %s s later',
                 round(((:full_ms - :decode_ms) / 1000)::numeric, 2),
                 array_to_string(ARRAY(SELECT coalesce(round(nullif(r, '')::numeric, 3)::text, '(finished)')
                                       FROM unnest(ARRAY[:'first_run', :'second_run', :'third_run']) r), ', ')));

-- running windows evaluate the whole state again on every row (quadratic,
-- README); a cancel still stops them between rows.  The 64,000 rows are
-- materialised first, so the time is spent in cxm's final functions.
-- (cancel_latency, from test/tools/cancel.sql, counts from the timeout.)
CREATE TEMP TABLE running AS
SELECT i, timestamptz '2026-01-01 00:00+00' + i * interval '1 minute' AS ts, i % 4 AS kind,
       (ARRAY['web', 'app', 'store'])[1 + i % 3] AS channel
FROM generate_series(1, 64000) i;
SET LOCAL statement_timeout = '1s';
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT count(l) FROM (SELECT window_funnel('1 day', ts, kind = 1, kind = 2, kind = 3) OVER (ORDER BY ts DESC) AS l FROM running) x$$),
              '<', 1.0::double precision, 'statement_timeout of 1 s stops window_funnel OVER (ORDER BY ts DESC) over 64,000 rows within a second');
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT count(l) FROM (SELECT window_funnel_steps('1 day', 'strict_once', ts, kind = 1, kind = 2, kind = 3) OVER (ORDER BY ts DESC) AS l FROM running) x$$),
              '<', 1.0::double precision, 'and window_funnel_steps');
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT count(l) FROM (SELECT sequence_match('(?1)(?t<=60)(?2)', ts, kind = 1, kind = 2) OVER (ORDER BY ts DESC) AS l FROM running) x$$),
              '<', 1.0::double precision, 'and sequence_match');
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT count(l) FROM (SELECT journey_path(channel, ts, 3) OVER (ORDER BY ts DESC) AS l FROM running) x$$),
              '<', 1.0::double precision, 'and journey_path');
SELECT cmp_ok(pg_temp.cancel_latency($$SELECT count(l) FROM (SELECT session_count(ts, '30 seconds') OVER (ORDER BY ts DESC) AS l FROM running) x$$),
              '<', 1.0::double precision, 'and session_count');
RESET statement_timeout;

-- A state passed on whole (to a parallel leader, Citus, a stored value) is
-- one value of at most 1 GB (MaxAllocSize, 1,073,741,823 bytes), which
-- holds the 4-byte varlena header and cxm_state's 2-byte header before the
-- payload: the largest payload is 1,073,741,817 bytes.  journey_path's
-- payload is 20 bytes of header, 4 + the bytes of each step name, 12 per
-- event: two events whose names are 536,870,883 bytes each make
-- 20 + 2 * (4 + 536,870,883) + 2 * 12 = 1,073,741,818, one byte too many:
-- refused with 54000, not a failed allocation (pg_temp.path_state: above).
SELECT throws_ok($$CREATE TEMP TABLE one_byte_too_many AS
                   SELECT pg_temp.path_state(repeat(c, 536870883), ts)
                   FROM (VALUES ('a', timestamptz '2026-01-01 00:00+00'), ('b', timestamptz '2026-01-02 00:00+00')) v(c, ts)$$,
                 '54000', 'journey_path state of 1073741818 bytes is too large to pass on',
                 'a state one byte over 1 GB with its headers is refused (program limit), not left to a failed allocation');
-- and one byte less, names of 536,870,883 and 536,870,882 bytes: a payload of
-- 20 + (4 + 536,870,883) + (4 + 536,870,882) + 2 * 12 = 1,073,741,817 bytes,
-- the largest there is, passes: its flat form (what pg_column_size measures
-- of the aggregate's expanded state) is 4 + 2 + 1,073,741,817 = 1,073,741,823
-- bytes, MaxAllocSize itself
SELECT is((SELECT pg_column_size(pg_temp.path_state(repeat(c, n), ts))
           FROM (VALUES ('a', 536870883, timestamptz '2026-01-01 00:00+00'), ('b', 536870882, timestamptz '2026-01-02 00:00+00')) v(c, n, ts)),
          1073741823, 'a state of exactly 1 GB with its headers (MaxAllocSize) can be passed on');

SELECT * FROM finish();
ROLLBACK;
