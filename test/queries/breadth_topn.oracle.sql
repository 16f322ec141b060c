WITH per_user AS (
  SELECT time_bucket(INTERVAL '30 seconds', ts) AS window_start, uid, count(*) AS n, sum(amount) AS total
  FROM {{events}}
  GROUP BY ALL
)
SELECT 'row_number' AS fn, window_start, uid, n, total, rn FROM (
  SELECT *, row_number() OVER (PARTITION BY window_start ORDER BY n DESC, total DESC, uid) AS rn FROM per_user
) WHERE rn <= 3
UNION ALL
SELECT 'dense_rank' AS fn, window_start, uid, n, total, rnk FROM (
  SELECT *, dense_rank() OVER (PARTITION BY window_start ORDER BY n DESC) AS rnk FROM per_user
) WHERE rnk <= 2
