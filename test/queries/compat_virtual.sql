-- Arroyo's virtual columns (GENERATED ALWAYS AS (expr) [STORED]): computed from the record's
-- physical columns by the source parser; one of them is the event time (its watermark).
CREATE TABLE events (
  id BIGINT, kind TEXT, amount BIGINT, payload TEXT, ts TEXT NOT NULL,
  device TEXT GENERATED ALWAYS AS (json_get_str(payload, 'device')) STORED,
  big BOOLEAN GENERATED ALWAYS AS (amount > 500),
  event_time TIMESTAMP GENERATED ALWAYS AS (CAST(ts AS TIMESTAMP)),
  WATERMARK FOR event_time AS event_time - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_virtual WITH (connector = 'single_file', path = 'out/compat_virtual.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_virtual
SELECT window.start AS window_start, device, big, count(*) AS n, sum(amount) AS total
FROM events
GROUP BY tumble(interval '20 seconds') AS window, device, big;
