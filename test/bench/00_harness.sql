-- Benchmark harness: medians of repeated runs, ratios, and a table of
-- results that each room's file appends to.  Runs in one backend with
-- parallelism off; JIT off so that every run compiles nothing.
CREATE SCHEMA bench;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

CREATE TABLE bench.results (
    seq serial,
    room text NOT NULL,
    name text NOT NULL,
    median_ms double precision NOT NULL,
    note text
);

-- Median wall time of a query, in ms, after one warm-up run.
CREATE FUNCTION bench.median_ms(query text, runs integer DEFAULT 7) RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    times double precision[] := '{}';
BEGIN
    EXECUTE query;
    FOR i IN 1 .. runs LOOP
        started := clock_timestamp();
        EXECUTE query;
        times := times || extract(epoch FROM clock_timestamp() - started) * 1000;
    END LOOP;
    RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) t);
END
$$;

CREATE FUNCTION bench.run(room text, name text, query text, runs integer DEFAULT 7) RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
    ms double precision := bench.median_ms(query, runs);
BEGIN
    INSERT INTO bench.results (room, name, median_ms) VALUES (room, name, ms);
    RETURN ms;
END
$$;

-- Queries that are compared run interleaved (round-robin, each round
-- starting one query later), so that a slow spell of the machine hits all of
-- them alike; each gets its median.
CREATE FUNCTION bench.compare(room text, names text[], queries text[], runs integer DEFAULT 7) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    q integer;
    times double precision[] := array_fill(0::double precision, ARRAY[array_length(queries, 1), runs]);
BEGIN
    FOR q IN 1 .. array_length(queries, 1) LOOP
        EXECUTE queries[q];
    END LOOP;
    FOR i IN 1 .. runs LOOP
        FOR step IN 0 .. array_length(queries, 1) - 1 LOOP
            q := 1 + (i + step) % array_length(queries, 1);
            started := clock_timestamp();
            EXECUTE queries[q];
            times[q][i] := extract(epoch FROM clock_timestamp() - started) * 1000;
        END LOOP;
    END LOOP;
    FOR q IN 1 .. array_length(queries, 1) LOOP
        INSERT INTO bench.results (room, name, median_ms)
        SELECT room, names[q], percentile_cont(0.5) WITHIN GROUP (ORDER BY t)
        FROM unnest(times[q:q][1:runs]) t;
    END LOOP;
END
$$;

-- ratio(a, b) = median(a) / median(b)
CREATE FUNCTION bench.ms(room text, name text) RETURNS double precision
LANGUAGE sql AS $$ SELECT median_ms FROM bench.results r WHERE r.room = $1 AND r.name = $2 ORDER BY seq DESC LIMIT 1 $$;

-- Answer checks: each timed cxm query and the hand-written SQL it is compared
-- with must give the same answer.  A difference is a failed check, printed
-- as such, and makes make bench fail (a missed speed target does not).
CREATE TABLE bench.answer_checks (
    seq serial,
    room text NOT NULL,
    what text NOT NULL,
    passed boolean,
    detail text
);
CREATE PROCEDURE bench.answer(room text, what text, passed boolean, detail text DEFAULT NULL)
LANGUAGE sql AS $$ INSERT INTO bench.answer_checks (room, what, passed, detail) VALUES (room, what, passed, detail) $$;

CREATE TABLE bench.checks (
    seq serial,
    room text NOT NULL,
    what text NOT NULL,
    measured text NOT NULL,
    target text NOT NULL,
    met boolean
);
