SELECT time_bucket(INTERVAL '20 seconds', CAST(ts AS TIMESTAMP)) AS window_start,
  json_extract_string(payload, '$.device') AS device, amount > 500 AS big,
  count(*) AS n, sum(amount) AS total
FROM {{events}}
GROUP BY window_start, device, big
