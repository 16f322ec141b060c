WITH placed AS (
  SELECT time_bucket(INTERVAL '30 seconds', ts) AS w, customer, count(*) AS placed
  FROM {{orders}} WHERE status = 'placed' GROUP BY ALL
)
SELECT o.order_id, o.customer, o.amount, p.placed
FROM placed p
RIGHT JOIN (SELECT * FROM {{orders}} WHERE amount > 495) o
  ON p.customer = o.customer AND p.w = time_bucket(INTERVAL '30 seconds', o.ts)
