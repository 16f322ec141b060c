WITH placed AS (
  SELECT time_bucket(INTERVAL '30 seconds', ts) AS w, region, count(*) AS n
  FROM {{orders}} WHERE status = 'placed' AND customer LIKE 'c00%' GROUP BY ALL
), shipped AS (
  SELECT time_bucket(INTERVAL '30 seconds', ts) AS w, region, sum(amount) AS total
  FROM {{orders}} WHERE status = 'shipped' AND customer LIKE 'c01%' GROUP BY ALL
)
SELECT coalesce(p.w, s.w) AS window_start, coalesce(p.region, s.region) AS region,
  p.n AS placed, s.total AS shipped
FROM placed p FULL JOIN shipped s ON p.w = s.w AND p.region = s.region
