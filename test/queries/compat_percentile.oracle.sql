-- DataFusion's t-digest estimate (tdigest.rs, estimate_quantile) over a digest that holds one
-- centroid per row (no compression: every window has at most 46 rows): rows sorted by (x, w), the
-- row pos whose cumulative weight interval [cum - w, cum) holds rank = p × rows, and
--   x[pos] + ((rank - (cum - w)) / w - 0.5) × delta,  delta = (x[pos+1] - x[pos-1]) / 2
-- (one-sided at the ends), clamped to [x[pos-1], x[pos+1]]; BIGINT results truncated.
WITH ev AS (SELECT *, time_bucket(INTERVAL '2 seconds', ts) AS window_start FROM {{events}}),
vals AS (
  SELECT window_start, kind, 'p50_amount' AS col, 0.5::DOUBLE AS q, amount::DOUBLE AS x, 1::DOUBLE AS w FROM ev
  UNION ALL SELECT window_start, kind, 'p90_amount', 0.9::DOUBLE, amount::DOUBLE, 1::DOUBLE FROM ev
  UNION ALL SELECT window_start, kind, 'p25_score', 0.25::DOUBLE, score, 1::DOUBLE FROM ev WHERE score IS NOT NULL
  UNION ALL SELECT window_start, kind, 'wp50_amount', 0.5::DOUBLE, amount::DOUBLE, (id % 7 + 1)::DOUBLE FROM ev
),
ranked AS (
  SELECT *,
    sum(w) OVER g AS cum,
    count(*) OVER (PARTITION BY window_start, kind, col) AS rows_n,
    lag(x) OVER g AS px,
    lead(x) OVER g AS nx
  FROM vals
  WINDOW g AS (PARTITION BY window_start, kind, col ORDER BY x, w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
est AS (
  SELECT window_start, kind, col,
    least(greatest(
      x + ((q * rows_n - (cum - w)) / w - 0.5) *
        CASE WHEN px IS NULL AND nx IS NULL THEN 0 WHEN px IS NULL THEN nx - x
             WHEN nx IS NULL THEN x - px ELSE (nx - px) / 2 END,
      coalesce(px, x)), coalesce(nx, x)) AS v
  FROM ranked
  WHERE cum - w <= q * rows_n AND q * rows_n < cum
)
SELECT ev.window_start, ev.kind, count(*) AS n,
  (SELECT trunc(v)::BIGINT FROM est e WHERE e.window_start = ev.window_start AND e.kind = ev.kind AND col = 'p50_amount') AS p50_amount,
  (SELECT trunc(v)::BIGINT FROM est e WHERE e.window_start = ev.window_start AND e.kind = ev.kind AND col = 'p90_amount') AS p90_amount,
  (SELECT round(v, 6) FROM est e WHERE e.window_start = ev.window_start AND e.kind = ev.kind AND col = 'p25_score') AS p25_score,
  (SELECT trunc(v)::BIGINT FROM est e WHERE e.window_start = ev.window_start AND e.kind = ev.kind AND col = 'wp50_amount') AS wp50_amount
FROM ev
GROUP BY ev.window_start, ev.kind
