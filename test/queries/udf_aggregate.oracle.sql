SELECT time_bucket(INTERVAL '10 seconds', ts) AS window_start, kind, count(*) AS n, median(amount) AS med,
  median(amount) AS builtin_med, NULLIF(count(score), 0) AS scored, count(*) AS rows_seen,
  arg_min(uid, ts) AS first_uid, epoch_ms(max(ts)) - epoch_ms(min(ts)) AS span
FROM {{events}}
GROUP BY window_start, kind
