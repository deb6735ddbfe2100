-- Demo data set: a fictional retailer's CRM, generated deterministically
-- (same rows on every machine: random numbers come from md5 of row keys).
-- Files in data/ run in name order; add a file per room.
CREATE SCHEMA crm;

-- demo_rand(key, salt): a uniform number in [0, 1) fixed by its arguments
CREATE FUNCTION crm.demo_rand(key bigint, salt text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ('x' || substr(md5(key::text || '/' || salt), 1, 12))::bit(48)::bigint / 281474976710656.0
$$;

-- demo_pick(key, salt, weights): an index into weights, drawn with those weights
CREATE FUNCTION crm.demo_pick(key bigint, salt text, weights double precision[]) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(min(i), array_length(weights, 1))
    FROM (SELECT i, sum(weights[i]) OVER (ORDER BY i) AS upto, sum(weights[i]) OVER () AS total
          FROM generate_subscripts(weights, 1) i) w
    WHERE upto > crm.demo_rand(key, salt) * total
$$;
