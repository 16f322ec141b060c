SELECT time_bucket(INTERVAL '20 seconds', ts) AS window_start, kind,
  CAST(trunc(avg(amount)) AS BIGINT) AS mean_amount, CAST(trunc(max(score) * -1.0) AS BIGINT) AS best_score
FROM {{events}}
GROUP BY window_start, kind
