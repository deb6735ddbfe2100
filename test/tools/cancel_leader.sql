-- Included after test/tools/cancel.sql: one leader-phase cancel test of the
-- query in :q, named :what (see cancel.sql).  statement_timeout is armed by
-- one statement and fires in the next.  Runs vary under load, so the
-- timeout is armed at three points of the measured phase, and once more at
-- its very start if all three runs happened to finish first.
SELECT pg_temp.leader_phase(:'q') AS phase \gset
SELECT pg_temp.arm(:'phase', 0.15) AS armed \gset
SELECT pg_temp.leader_cancel(:'q') AS first_run \gset
RESET statement_timeout;
SELECT pg_temp.arm(:'phase', 0.35) AS armed \gset
SELECT pg_temp.leader_cancel(:'q') AS second_run \gset
RESET statement_timeout;
SELECT pg_temp.arm(:'phase', 0.6) AS armed \gset
SELECT pg_temp.leader_cancel(:'q') AS third_run \gset
RESET statement_timeout;
SELECT '' AS fourth_run, :'first_run' = '' AND :'second_run' = '' AND :'third_run' = '' AS all_finished \gset
\if :all_finished
SELECT pg_temp.arm(:'phase', 0.02) AS armed \gset
SELECT pg_temp.leader_cancel(:'q') AS fourth_run \gset
RESET statement_timeout;
\endif
SELECT pg_temp.leader_cancel_ok(:'phase', ARRAY[:'first_run', :'second_run', :'third_run', :'fourth_run'], :'what');
