\echo
\echo '=== Journeys: sessions, event windows, retention and paths ========================'
SET timezone = 'UTC';

\echo 'Sessions (a new one after 30 minutes without an event), by the channel they happen on:'
WITH numbered AS (
    SELECT customer_id, channel, event_type, occurred_at,
           sessionize(occurred_at, '30 minutes') OVER (PARTITION BY customer_id ORDER BY occurred_at) AS session
    FROM crm.events
), sessions AS (
    SELECT customer_id, session, min(channel) AS channel, count(*) AS events,
           max(occurred_at) - min(occurred_at) AS duration, bool_or(event_type = 'purchase') AS purchased
    FROM numbered GROUP BY customer_id, session
)
SELECT channel, count(*) AS sessions, round(avg(events), 1) AS events_per_session,
       date_trunc('second', avg(duration)) AS avg_duration,
       round(100.0 * count(*) FILTER (WHERE purchased) / count(*), 1) AS "purchase %"
FROM sessions GROUP BY channel ORDER BY sessions DESC;

\echo 'Sessions per customer, counted by session_count (any row order) and by the numbering:'
SELECT round(avg(n), 2) AS avg_sessions, max(n) AS most_sessions,
       (SELECT round(avg(last_session), 2) FROM (
            SELECT customer_id, max(session) AS last_session
            FROM (SELECT customer_id, sessionize(occurred_at, '30 minutes') OVER (PARTITION BY customer_id ORDER BY occurred_at) AS session
                  FROM crm.events) s
            GROUP BY customer_id) x) AS avg_from_numbering
FROM (SELECT customer_id, session_count(occurred_at, '30 minutes') AS n FROM crm.events GROUP BY customer_id) c;

\echo 'Event windows: channel switches per customer (conditional_change_event) and the sessions it takes'
\echo 'to buy for the first time (conditional_true_event counts purchases so far):'
WITH windows AS (
    SELECT customer_id, event_type, occurred_at,
           conditional_change_event(channel) OVER w AS switches,
           conditional_true_event(event_type = 'purchase') OVER w AS purchases_so_far,
           sessionize(occurred_at, '30 minutes') OVER w AS session
    FROM crm.events WINDOW w AS (PARTITION BY customer_id ORDER BY occurred_at, event_id)
), customers AS (
    SELECT customer_id, max(switches) AS switches,
           min(session) FILTER (WHERE event_type = 'purchase' AND purchases_so_far = 1) AS session_of_first_purchase
    FROM windows GROUP BY customer_id
)
SELECT CASE WHEN switches = 0 THEN '0 (one channel)' WHEN switches <= 2 THEN '1-2' WHEN switches <= 5 THEN '3-5' ELSE '6 or more' END AS channel_switches,
       count(*) AS customers,
       round(100.0 * count(session_of_first_purchase) / count(*), 1) AS "bought %",
       round(avg(session_of_first_purchase), 1) AS "sessions to 1st purchase"
FROM customers GROUP BY 1 ORDER BY 1;

\echo 'Retention (ClickHouse retention()): of the customers active in November 2025, how many came'
\echo 'back in the months after:'
SELECT sum(r[1]) AS "active Nov", sum(r[2]) AS "and Dec", sum(r[3]) AS "and Jan", sum(r[4]) AS "and Feb",
       cohort_retention(r, 1) AS "shares %"
FROM (SELECT customer_id,
             retention(occurred_at < '2025-12-01',
                       occurred_at >= '2025-12-01' AND occurred_at < '2026-01-01',
                       occurred_at >= '2026-01-01' AND occurred_at < '2026-02-01',
                       occurred_at >= '2026-02-01' AND occurred_at < '2026-03-01') AS r
      FROM crm.events GROUP BY customer_id) c;

\echo 'Cohort retention: % of each cohort (customers first active in a 30-day period from 2025-11-01)'
\echo 'active again k periods later; blank where the cohort has not reached period k by 2026-11-01:'
SELECT cohort::date, customers, s[2] AS "1", s[3] AS "2", s[4] AS "3", s[5] AS "4", s[6] AS "5", s[7] AS "6", s[8] AS "7", s[9] AS "8"
FROM (SELECT cohort, count(*) AS customers, cohort_retention(r, 1) AS s
      FROM (SELECT customer_id, date_bin('30 days', min(occurred_at), '2025-11-01') AS cohort,
                   retention_periods(occurred_at, '30 days', 8, '2026-11-01', 'on', '2025-11-01') AS r
            FROM crm.events GROUP BY customer_id) c
      GROUP BY cohort) x
ORDER BY cohort;

\echo 'The same cohorts "on or after" (active in period k or later), and with rolling periods that'
\echo 'start at each customer''s first event (each customer counts once their own period k has ended):'
SELECT cohort::date, cohort_retention(a, 1) AS "on or after, periods 0..8", cohort_retention(r, 1) AS "rolling, periods 0..8"
FROM (SELECT customer_id, date_bin('30 days', min(occurred_at), '2025-11-01') AS cohort,
             retention_periods(occurred_at, '30 days', 8, '2026-11-01', 'on_or_after', '2025-11-01') AS a,
             retention_periods(occurred_at, '30 days', 8, '2026-11-01') AS r
      FROM crm.events GROUP BY customer_id) c
GROUP BY cohort ORDER BY cohort;

\echo 'Top 10 paths to a first purchase (channels, repeats collapsed, last 4 touches):'
SELECT array_to_string(path, ' > ') AS path, count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "%"
FROM (SELECT e.customer_id, journey_path(e.channel, e.occurred_at, 4) AS path
      FROM crm.events e
      JOIN (SELECT customer_id, min(occurred_at) AS bought FROM crm.events WHERE event_type = 'purchase' GROUP BY customer_id) p
        ON p.customer_id = e.customer_id AND e.occurred_at <= p.bought
      GROUP BY e.customer_id) x
GROUP BY path ORDER BY customers DESC, path LIMIT 10;
