-- Importance (share of the explained NPS variance, LMG) against performance
-- (mean rating) of the five touchpoint ratings, from the stored monthly
-- driver_stats summaries of every channel, rolled up.
SELECT name AS driver, round(share, 1) AS importance, round(mean, 2) AS performance,
       round(correlation, 3) AS correlation, round(beta, 3) AS beta
FROM key_drivers((SELECT rollup(weighted) FROM crm.monthly_drivers), '{delivery,support,price,app,store}')
ORDER BY share DESC
