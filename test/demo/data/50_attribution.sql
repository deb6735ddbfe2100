-- Marketing touchpoints before the web and app sessions of crm.events: the
-- ad click, search result, email or link that brought the customer in a
-- few minutes before a visit, and now and then an earlier display or social
-- impression.  A customer's first touch is their acquisition channel
-- (crm.customers); sessions that end in a purchase were more often reached
-- through email and paid search, sessions that do not through display and
-- social.  Store visits have no touch.
CREATE TABLE crm.touchpoints (
    touchpoint_id bigint PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES crm.customers,
    channel text NOT NULL CHECK (channel IN ('paid_search', 'organic_search', 'social', 'email', 'display',
                                             'affiliate', 'referral', 'direct')),
    touched_at timestamptz NOT NULL
);

WITH visits AS (
    SELECT v.event_id, v.customer_id, v.occurred_at, c.acquisition_channel,
           row_number() OVER (PARTITION BY v.customer_id ORDER BY v.occurred_at, v.event_id) AS nth,
           EXISTS (SELECT 1 FROM crm.events p
                   WHERE p.customer_id = v.customer_id AND p.event_type = 'purchase'
                     AND p.occurred_at BETWEEN v.occurred_at AND v.occurred_at + interval '2 hours') AS bought
    FROM crm.events v JOIN crm.customers c USING (customer_id)
    WHERE v.event_type = 'visit' AND v.channel <> 'store'
),
channels AS (
    SELECT ARRAY['paid_search', 'organic_search', 'social', 'email', 'display', 'affiliate', 'referral', 'direct'] AS name
),
touches AS (
    -- the touch that brought the visit: 80% of visits, every first one
    SELECT v.customer_id, v.event_id * 2 AS id,
           v.occurred_at - (10 + 290 * crm.demo_rand(v.event_id, 'click lead')) * interval '1 second' AS touched_at,
           CASE WHEN v.nth = 1 THEN
                    CASE v.acquisition_channel
                        WHEN 'search' THEN CASE WHEN crm.demo_rand(v.event_id, 'paid') < 0.6 THEN 'paid_search' ELSE 'organic_search' END
                        WHEN 'partner' THEN CASE WHEN crm.demo_rand(v.event_id, 'partner') < 0.7 THEN 'affiliate' ELSE 'referral' END
                        ELSE v.acquisition_channel
                    END
                WHEN v.bought THEN ch.name[crm.demo_pick(v.event_id, 'click', '{5,3,1,5,0.5,2,1,4}')]
                ELSE ch.name[crm.demo_pick(v.event_id, 'click', '{3,3,4,2,3,1,1,2}')]
           END AS channel
    FROM visits v, channels ch
    WHERE v.nth = 1 OR crm.demo_rand(v.event_id, 'clicked') < 0.8
    UNION ALL
    -- an impression a few days earlier: a third of later visits
    SELECT v.customer_id, v.event_id * 2 + 1,
           v.occurred_at - (1 + 4 * crm.demo_rand(v.event_id, 'seen lead')) * interval '1 day',
           ch.name[crm.demo_pick(v.event_id, 'seen', '{1,1,5,2,6,1,1,0}')]
    FROM visits v, channels ch
    WHERE v.nth > 1 AND crm.demo_rand(v.event_id, 'seen') < 0.33
)
INSERT INTO crm.touchpoints
SELECT row_number() OVER (ORDER BY touched_at, id), customer_id, channel, touched_at
FROM touches;

CREATE INDEX ON crm.touchpoints (customer_id, touched_at);
ANALYZE crm.touchpoints;
