-- Sample values of every cxm stored type, for the dump/restore and binary
-- COPY round-trip tests: one table samples_<type> per type, which the test
-- finds by name and compares row by row as text.  Each room adds its types.
CREATE TABLE samples_ratings (id integer, name text, value ratings);
INSERT INTO samples_ratings
SELECT g, 'ratings', ratings_agg(s)
FROM (SELECT i % 7 AS g, (i * 13) % 11 AS s FROM generate_series(1, 500) i) x GROUP BY g
UNION ALL
SELECT 100 + g, 'ratings weighted', ratings_agg(s, 0.1 + g)
FROM (SELECT i % 5 AS g, (i * 7) % 11 AS s FROM generate_series(1, 500) i) x GROUP BY g
UNION ALL
SELECT 200, 'ratings empty', ratings_agg(s) FROM (VALUES (NULL::int)) v(s)
UNION ALL
SELECT 201, 'ratings wide counts', '{"version": 1, "counts": [70000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5000000000]}'::ratings;

-- attribution: Markov chains, first and second order, with and without values
CREATE TABLE samples_markov_chain (id integer, value markov_chain);
INSERT INTO samples_markov_chain
SELECT 1, markov_model(p, c) FROM (VALUES ('{search,email}'::text[], true), ('{social}', false), ('{search,direct,email}', true)) v(p, c)
UNION ALL
SELECT 2, markov_model(p, c, v) FROM (VALUES ('{search,email}'::text[], true, 120.5), ('{social}', false, NULL), ('{"with space","ünïcode"}', true, 0.000000001)) v(p, c, v)
UNION ALL
SELECT 3, markov_model(p, c, v, 2) FROM (VALUES ('{a,b,a,c}'::text[], true, 1), ('{b,c}', false, NULL)) v(p, c, v)
UNION ALL
SELECT 4, markov_model(p, c) FROM (VALUES ('{}'::text[], true), ('{}', false)) v(p, c);  -- only empty paths: NULL

-- lifetime value and operational composites
CREATE TABLE samples_rfm (id integer, value rfm);
INSERT INTO samples_rfm
SELECT 1, rfm(a, d, timestamptz '2026-03-01 00:00+00') FROM (VALUES (10.5, timestamptz '2026-01-01 00:00+00'), (20, '2026-02-20 12:00+00')) v(a, d);
CREATE TABLE samples_clv_summary (id integer, value clv_summary);
INSERT INTO samples_clv_summary
SELECT 1, clv_summary(d, a, date '2026-06-30') FROM (VALUES (date '2026-01-01', 10.0), ('2026-01-01', 5), ('2026-02-10', 30.25)) v(d, a);
CREATE TABLE samples_customer_flow (id integer, value customer_flow);
INSERT INTO samples_customer_flow
SELECT 1, customer_flow(s, e, timestamptz '2026-03-01 00:00+00', timestamptz '2026-04-01 00:00+00')
FROM (VALUES (timestamptz '2026-01-01 00:00+00', NULL::timestamptz), ('2026-02-01 00:00+00', '2026-03-15 00:00+00')) v(s, e);
CREATE TABLE samples_bgnbd_model (id integer, value bgnbd_model);
INSERT INTO samples_bgnbd_model VALUES (1, bgnbd_model(0.243, 4.414, 0.793, 2.426));
CREATE TABLE samples_gamma_gamma_model (id integer, value gamma_gamma_model);
INSERT INTO samples_gamma_gamma_model VALUES (1, gamma_gamma_model(6.25, 3.74, 15.44));

-- key drivers: summaries of 1, 3 and 64 drivers (the last larger than a page), weighted, and the empty one
CREATE TABLE samples_driver_stats (id integer, value driver_stats);
INSERT INTO samples_driver_stats
SELECT 1, driver_stats(i % 11, ARRAY[(i * 7 % 5)::float8]) FROM generate_series(1, 200) i
UNION ALL
SELECT 2, driver_stats(i % 11, ARRAY[(i * 7 % 5)::float8, i * 0.001, (i * i % 13) - 6.5], 0.25 + i % 3) FROM generate_series(1, 200) i
UNION ALL
SELECT 3, driver_stats((i * 31 % 17)::float8, ARRAY(SELECT ((i * j * 7919) % 101 + j)::float8 FROM generate_series(1, 64) j)) FROM generate_series(1, 300) i
UNION ALL
SELECT 4, driver_stats(1, ARRAY[1.0]) WHERE false;
