-- Cohort retention: customers by the 30-day period of their first event, the
-- share of each cohort active 0..8 periods later.  Periods after the data
-- ends are censored: cohort_retention gives NULL, shown as a blank cell.
SELECT to_char(cohort, 'YYYY-MM-DD') AS cohort, customers, p.period - 1 AS period, p.pct
FROM (SELECT cohort, count(*) AS customers, cohort_retention(r, 1) AS shares
      FROM (SELECT customer_id, date_bin('30 days', min(occurred_at), '2025-11-01') AS cohort,
                   retention_periods(occurred_at, '30 days', 8, '2026-11-01', 'on', '2025-11-01') AS r
            FROM crm.events GROUP BY customer_id) c
      GROUP BY cohort) x,
     unnest(x.shares) WITH ORDINALITY AS p(pct, period)
ORDER BY cohort, period
