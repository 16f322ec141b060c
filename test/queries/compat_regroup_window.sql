-- Aggregating hop window results again by their window, with another key after it in GROUP BY
-- (Arroyo: "the window field of the input"), selecting that window whole and reading its start and
-- end outside: how many users made n events in each window.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_regroup_window (n BIGINT, users BIGINT, window_start TIMESTAMP, window_end TIMESTAMP)
WITH (connector = 'single_file', path = 'out/compat_regroup_window.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_regroup_window
SELECT n, users, window.start, window.end
FROM (
  SELECT PerUser.n AS n, count(*) AS users, PerUser.window
  FROM (
    SELECT uid, count(*) AS n, hop(interval '5 seconds', interval '15 seconds') AS window
    FROM events GROUP BY uid, window
  ) AS PerUser
  GROUP BY PerUser.window, PerUser.n
);
