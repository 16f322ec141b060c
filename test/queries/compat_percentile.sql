-- Arroyo's (DataFusion's) t-digest percentiles in 2-second tumbling windows per kind:
-- approx_percentile_cont(p) WITHIN GROUP (ORDER BY x) of a BIGINT (the result truncated to an
-- integer, as DataFusion's) and of a DOUBLE with NULLs (skipped), and
-- approx_percentile_cont_with_weight(w, p), whose rank is p × rows (DataFusion counts rows, not
-- weights). Windows hold at most 46 rows, fewer than the digest's compression starts at, so the
-- digest keeps one centroid per row and the oracle is DataFusion's estimate over the sorted rows.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS (ts - INTERVAL '4' SECOND)
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_percentile WITH (connector = 'single_file', path = 'out/compat_percentile.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_percentile
SELECT window.start AS window_start, kind, count(*) AS n,
  approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS p50_amount,
  approx_percentile_cont(0.9) WITHIN GROUP (ORDER BY amount) AS p90_amount,
  round(approx_percentile_cont(0.25) WITHIN GROUP (ORDER BY score), 6) AS p25_score,
  approx_percentile_cont_with_weight(id % 7 + 1, 0.5) WITHIN GROUP (ORDER BY amount) AS wp50_amount
FROM events
GROUP BY tumble(interval '2 seconds') AS window, kind;
