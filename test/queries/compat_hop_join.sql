-- A join of two hop window aggregates on their window (and a key), as Arroyo's Nexmark Q5 does:
-- each side's results of one window fire together once the watermark passes the window's end.
CREATE TABLE events (
  id BIGINT, kind TEXT, amount BIGINT, score DOUBLE, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_hop_join (window_start TIMESTAMP, window_end TIMESTAMP, kind TEXT, n BIGINT, total BIGINT, best DOUBLE)
WITH (connector = 'single_file', path = 'out/compat_hop_join.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_hop_join
SELECT a.window.start, a.window.end, a.kind, a.n, a.total, b.best
FROM (
  SELECT kind, count(*) AS n, sum(amount) AS total, hop(interval '10 seconds', interval '30 seconds') AS window
  FROM events GROUP BY kind, window
) AS a
JOIN (
  SELECT kind, max(score) AS best, hop(interval '10 seconds', interval '30 seconds') AS window
  FROM events GROUP BY kind, window
) AS b
ON a.window = b.window AND a.kind = b.kind AND a.n >= 2;
