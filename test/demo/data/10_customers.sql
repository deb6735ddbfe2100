-- 5,000 customers acquired over two years, in four regions.
CREATE TABLE crm.customers (
    customer_id integer PRIMARY KEY,
    region text NOT NULL,
    segment text NOT NULL,
    acquisition_channel text NOT NULL,
    referred boolean NOT NULL,
    signed_up_at timestamptz NOT NULL
);

INSERT INTO crm.customers
SELECT i,
       (ARRAY['north', 'south', 'east', 'west'])[crm.demo_pick(i, 'region', '{4,3,2,1}')],
       (ARRAY['consumer', 'small business', 'enterprise'])[crm.demo_pick(i, 'segment', '{7,2,1}')],
       (ARRAY['search', 'social', 'email', 'partner', 'direct'])[crm.demo_pick(i, 'acq', '{4,3,2,1,2}')],
       crm.demo_rand(i, 'referred') < 0.08,
       timestamptz '2024-11-01 00:00+00' + (crm.demo_rand(i, 'signup') * 730) * interval '1 day'
FROM generate_series(1, 5000) i;
