-- pk: uid
-- An updating aggregate (GROUP BY without a window) written as Debezium changes. HAVING makes rows
-- appear (c), change (u) and disappear (d, once a user passes 25 events).
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE breadth_updating WITH (connector = 'single_file', path = 'out/breadth_updating.jsonl', format = 'debezium_json', type = 'sink');

INSERT INTO breadth_updating
SELECT uid, count(*) AS n, sum(amount) AS total, max(score) AS best, count(DISTINCT kind) AS kinds
FROM events
GROUP BY uid
HAVING count(*) BETWEEN 3 AND 25;
