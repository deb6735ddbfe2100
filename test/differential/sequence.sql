-- sequence_match and sequence_count against values computed outside cxm:
-- 1,620 small random event streams (ties, rows meeting no condition or two,
-- every kind of pattern element and time condition) whose results
-- test/tools/sequence_reference.py computed by replaying ClickHouse's search
-- in Python (test/fixtures/sequence_cases.csv; the script is not run here).
-- The conditions are given as separate arguments, as one VARIADIC array, and
-- over timestamp as well as timestamptz.
BEGIN;
SELECT plan(5);
CREATE TEMP TABLE cases (case_id integer, pattern text, events text, matched boolean, matches bigint);
\copy cases FROM 'test/fixtures/sequence_cases.csv' CSV HEADER
CREATE TEMP TABLE rows AS
SELECT case_id, k, split_part(e, ':', 1)::integer AS t, split_part(e, ':', 2) AS conds
FROM cases, regexp_split_to_table(events, ' ') WITH ORDINALITY x(e, k);
CREATE TEMP TABLE computed AS
SELECT c.case_id,
       sequence_match(c.pattern, to_timestamp(r.t), r.conds LIKE '%1%', r.conds LIKE '%2%', r.conds LIKE '%3%') AS matched,
       sequence_count(c.pattern, to_timestamp(r.t), r.conds LIKE '%1%', r.conds LIKE '%2%', r.conds LIKE '%3%') AS matches,
       sequence_match(c.pattern, to_timestamp(r.t), VARIADIC ARRAY[r.conds LIKE '%1%', r.conds LIKE '%2%', r.conds LIKE '%3%']) AS matched_array,
       sequence_count(c.pattern, to_timestamp(r.t), VARIADIC ARRAY[r.conds LIKE '%1%', r.conds LIKE '%2%', r.conds LIKE '%3%']) AS matches_array,
       sequence_match(c.pattern, timestamp '2026-01-01' + r.t * interval '1 second',
                      r.conds LIKE '%1%', r.conds LIKE '%2%', r.conds LIKE '%3%') AS matched_ts,
       sequence_count(c.pattern, timestamp '2026-01-01' + r.t * interval '1 second',
                      r.conds LIKE '%1%', r.conds LIKE '%2%', r.conds LIKE '%3%') AS matches_ts
FROM cases c JOIN rows r USING (case_id)
GROUP BY c.case_id, c.pattern;

SELECT is((SELECT count(*) FROM cases), 1620::bigint, 'the recorded cases are all there');
SELECT is((SELECT array_agg(format('%s %s', c.case_id, c.pattern) ORDER BY c.case_id) FROM cases c LEFT JOIN computed x USING (case_id)
           WHERE x.matched IS DISTINCT FROM c.matched), NULL, 'sequence_match gives the recorded result in every case');
SELECT is((SELECT array_agg(format('%s %s', c.case_id, c.pattern) ORDER BY c.case_id) FROM cases c LEFT JOIN computed x USING (case_id)
           WHERE x.matches IS DISTINCT FROM c.matches), NULL, 'sequence_count gives the recorded count in every case');
SELECT is((SELECT array_agg(format('%s %s', c.case_id, c.pattern) ORDER BY c.case_id) FROM cases c LEFT JOIN computed x USING (case_id)
           WHERE (x.matched_array, x.matches_array) IS DISTINCT FROM (c.matched, c.matches)), NULL,
          'conditions given as one VARIADIC array give the recorded results');
SELECT is((SELECT array_agg(format('%s %s', c.case_id, c.pattern) ORDER BY c.case_id) FROM cases c LEFT JOIN computed x USING (case_id)
           WHERE (x.matched_ts, x.matches_ts) IS DISTINCT FROM (c.matched, c.matches)), NULL,
          'over timestamp: the recorded results');
SELECT * FROM finish();
ROLLBACK;
