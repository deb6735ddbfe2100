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
