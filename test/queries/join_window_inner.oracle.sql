WITH placed AS (
  SELECT time_bucket(INTERVAL '10 seconds', ts) AS w, customer, count(*) AS n
  FROM {{orders}} WHERE status = 'placed' GROUP BY ALL
), shipped AS (
  SELECT time_bucket(INTERVAL '10 seconds', ts) AS w, customer, max(amount) AS biggest
  FROM {{orders}} WHERE status = 'shipped' GROUP BY ALL
)
SELECT p.w AS window_start, p.w + INTERVAL '10 seconds' AS window_end, p.customer, p.n, s.biggest
FROM placed p JOIN shipped s ON p.customer = s.customer AND s.w = p.w AND s.biggest > 100
