WITH w AS (
  SELECT e.uid, time_bucket(INTERVAL '2 seconds', e.ts) - to_seconds(2 * k.range) AS window_start
  FROM {{events}} AS e, range(5) AS k
),
c AS (SELECT window_start, uid, count(*) AS num FROM w GROUP BY window_start, uid),
m AS (SELECT window_start, max(num) AS maxn FROM c GROUP BY window_start)
SELECT c.window_start, c.uid, c.num FROM c JOIN m ON c.window_start = m.window_start AND c.num >= m.maxn
