-- Top-N per tumbling window over a windowed view: row_number (ties broken explicitly by ORDER BY)
-- and dense_rank (ties share a rank), combined with UNION ALL.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE breadth_topn WITH (connector = 'single_file', path = 'out/breadth_topn.jsonl', format = 'json', type = 'sink');

CREATE VIEW per_user AS
SELECT window, uid, count(*) AS n, sum(amount) AS total
FROM events
GROUP BY tumble(interval '30 seconds') AS window, uid;

INSERT INTO breadth_topn
SELECT 'row_number' AS fn, window_start, uid, n, total, rn FROM (
  SELECT window.start AS window_start, uid, n, total,
    row_number() OVER (PARTITION BY window ORDER BY n DESC, total DESC, uid) AS rn
  FROM per_user
) WHERE rn <= 3
UNION ALL
SELECT 'dense_rank' AS fn, window_start, uid, n, total, rnk FROM (
  SELECT window.start AS window_start, uid, n, total, dense_rank() OVER (PARTITION BY window ORDER BY n DESC) AS rnk
  FROM per_user
) WHERE rnk <= 2;
