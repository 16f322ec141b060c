-- Arroyo's Nexmark Q5 shape (hot items): per-key counts of each hop window, joined on the window
-- with the max count per window, which aggregates the count results again by their window.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_hop_q5 (window_start TIMESTAMP, uid TEXT, num BIGINT)
WITH (connector = 'single_file', path = 'out/compat_hop_q5.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_hop_q5
SELECT Counts.window.start, Counts.uid, Counts.num
FROM (
  SELECT uid, count(*) AS num, hop(interval '2 second', interval '10 seconds') AS window
  FROM events GROUP BY uid, window
) AS Counts
JOIN (
  SELECT max(PerKey.num) AS maxn, PerKey.window
  FROM (
    SELECT count(*) AS num, hop(interval '2 second', interval '10 seconds') AS window
    FROM events GROUP BY uid, window
  ) AS PerKey
  GROUP BY PerKey.window
) AS MaxCounts
ON Counts.window = MaxCounts.window AND Counts.num >= MaxCounts.maxn;
