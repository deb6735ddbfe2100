-- sequence_match and sequence_count under a forced parallel plan: the
-- answers equal the serial ones, per customer and for one group split
-- across the workers.
SET TimeZone = 'UTC';
CREATE TABLE sequence_par AS
SELECT i, i % 2000 AS customer,
       timestamptz '2026-01-01' + (abs(hashint4(i)) % 600000) * interval '1 minute' AS ts,
       (ARRAY['visit', 'view', 'cart', 'buy', 'other'])[1 + abs(hashint4(-i)) % 5] AS e
FROM generate_series(1, 300000) i;
ANALYZE sequence_par;

CREATE TEMP TABLE serial_answer AS
SELECT customer,
       sequence_match('(?1).*(?2)(?t<=86400)(?3)', ts, e = 'view', e = 'cart', e = 'buy') AS m,
       sequence_count('(?1)(?2)', ts, e = 'view', e = 'cart', e = 'buy') AS c,
       sequence_count('(?1).*(?t>3600)(?3)', ts, e = 'view', e = 'cart', e = 'buy') AS c_time
FROM sequence_par GROUP BY customer;
CREATE TEMP TABLE serial_total AS
SELECT sequence_count('(?1)(?t<=600)(?2)', ts, e = 'view', e = 'cart') AS c FROM sequence_par;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

EXPLAIN (COSTS OFF)
SELECT customer, sequence_match('(?1)(?2)', ts, e = 'view', e = 'cart') FROM sequence_par GROUP BY customer;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE p.m IS DISTINCT FROM s.m OR p.c IS DISTINCT FROM s.c OR p.c_time IS DISTINCT FROM s.c_time) AS differing
FROM (SELECT customer,
             sequence_match('(?1).*(?2)(?t<=86400)(?3)', ts, e = 'view', e = 'cart', e = 'buy') AS m,
             sequence_count('(?1)(?2)', ts, e = 'view', e = 'cart', e = 'buy') AS c,
             sequence_count('(?1).*(?t>3600)(?3)', ts, e = 'view', e = 'cart', e = 'buy') AS c_time
      FROM sequence_par GROUP BY customer) p
FULL JOIN serial_answer s USING (customer);
EXPLAIN (COSTS OFF)
SELECT sequence_count('(?1)(?t<=600)(?2)', ts, e = 'view', e = 'cart') FROM sequence_par;
SELECT sequence_count('(?1)(?t<=600)(?2)', ts, e = 'view', e = 'cart') = (SELECT c FROM serial_total) AS parallel_equals_serial
FROM sequence_par;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- two of them checked against plain SQL over the rows meeting a condition,
-- ordered by time, then step: (?1)(?2) counts a view right before a cart;
-- (?1).*(?2)(?t<=86400)(?3): a view, later a cart, a buy within a day after it
CREATE TEMP TABLE ordered AS
SELECT customer, ts, e, row_number() OVER (PARTITION BY customer ORDER BY ts, array_position(ARRAY['view', 'cart', 'buy'], e)) AS pos
FROM sequence_par WHERE e IN ('view', 'cart', 'buy');
SELECT count(*) AS customers,
       count(*) FILTER (WHERE q.m IS DISTINCT FROM s.m OR q.c IS DISTINCT FROM s.c) AS differing_from_sql
FROM (SELECT customer,
             coalesce(bool_or(e = 'cart' AND pos > first_view AND next_buy <= ts + interval '1 day'), false) AS m,
             count(*) FILTER (WHERE e = 'cart' AND previous = 'view') AS c
      FROM (SELECT *, lag(e) OVER w AS previous,
                   min(pos) FILTER (WHERE e = 'view') OVER (PARTITION BY customer) AS first_view,
                   min(ts) FILTER (WHERE e = 'buy') OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_buy
            FROM ordered WINDOW w AS (PARTITION BY customer ORDER BY pos)) o
      GROUP BY customer) q
FULL JOIN serial_answer s USING (customer);
SELECT m AS matched, count(*) AS customers, sum(c) AS view_cart_pairs FROM serial_answer GROUP BY m ORDER BY m;
DROP TABLE sequence_par;
