SELECT time_bucket(INTERVAL '30 seconds', ts) AS window_start, customer,
  count(*) AS n, sum(amount) AS total, max(amount) AS biggest
FROM {{orders}}
WHERE customer LIKE 'c%'
GROUP BY ALL
