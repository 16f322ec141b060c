WITH w AS (
  SELECT e.*, time_bucket(INTERVAL '10 seconds', e.ts) - to_seconds(10 * k.range) AS window_start
  FROM {{events}} AS e, range(3) AS k
),
a AS (SELECT window_start, kind, count(*) AS n, sum(amount) AS total FROM w GROUP BY window_start, kind),
b AS (SELECT window_start, kind, max(score) AS best FROM w GROUP BY window_start, kind)
SELECT a.window_start, a.window_start + INTERVAL '30 seconds' AS window_end, a.kind, a.n, a.total, b.best
FROM a JOIN b ON a.window_start = b.window_start AND a.kind = b.kind AND a.n >= 2
