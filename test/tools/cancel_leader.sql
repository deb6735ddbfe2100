-- Included after test/tools/cancel.sql: one leader-phase cancel test of the
-- query in :q, named :what (see cancel.sql).  statement_timeout is armed by
-- one statement and fires in the next.
SELECT pg_temp.leader_phase(:'q') AS phase \gset
SELECT pg_temp.arm(:'phase', 0.25) AS armed \gset
SELECT pg_temp.leader_cancel(:'q') AS at_quarter \gset
RESET statement_timeout;
SELECT pg_temp.arm(:'phase', 0.5) AS armed \gset
SELECT pg_temp.leader_cancel(:'q') AS at_half \gset
RESET statement_timeout;
SELECT pg_temp.arm(:'phase', 0.75) AS armed \gset
SELECT pg_temp.leader_cancel(:'q') AS at_three_quarters \gset
RESET statement_timeout;
SELECT pg_temp.leader_cancel_ok(:'phase', ARRAY[:'at_quarter', :'at_half', :'at_three_quarters'], :'what');
