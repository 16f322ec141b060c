SELECT time_bucket(INTERVAL '1 minute', ts) AS window_start,
  time_bucket(INTERVAL '1 minute', ts) + INTERVAL '1 minute' AS window_end, region,
  count(*) AS orders, count(amount) AS priced, sum(amount) AS revenue, avg(amount) AS avg_amount,
  min(amount) AS min_amount, max(amount) AS max_amount
FROM {{orders}}
WHERE status <> 'cancelled'
GROUP BY ALL
