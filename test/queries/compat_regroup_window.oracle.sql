WITH w AS (
  SELECT e.uid, time_bucket(INTERVAL '5 seconds', e.ts) - to_seconds(5 * k.range) AS window_start
  FROM {{events}} AS e, range(3) AS k
),
c AS (SELECT window_start, uid, count(*) AS n FROM w GROUP BY window_start, uid)
SELECT n, count(*) AS users, window_start, window_start + INTERVAL '15 seconds' AS window_end
FROM c GROUP BY n, window_start
