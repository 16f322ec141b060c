SELECT time_bucket(INTERVAL '30 seconds', ts) AS window_start, kind, count(*) AS n, sum(amount) AS total
FROM {{events}}
WHERE amount > 500
GROUP BY window_start, kind
