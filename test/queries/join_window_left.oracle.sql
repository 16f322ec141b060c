WITH cancelled AS (
  SELECT time_bucket(INTERVAL '1 minute', ts) AS w, region, count(*) AS cancelled
  FROM {{orders}} WHERE status = 'cancelled' GROUP BY ALL
), big_shipped AS (
  SELECT time_bucket(INTERVAL '1 minute', ts) AS w, region, count(*) AS big
  FROM {{orders}} WHERE status = 'shipped' AND amount > 490 GROUP BY ALL
)
SELECT c.w AS window_start, c.region, c.cancelled, b.big
FROM cancelled c LEFT JOIN big_shipped b ON c.w = b.w AND c.region = b.region
