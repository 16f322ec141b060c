-- Arroyo's virtual columns: GENERATED ALWAYS AS (expr) [STORED], computed by the source parser from
-- the physical columns; a BIGINT expression widens to a DOUBLE column; one is the event time.
-- expect: event time event_time - 1 second
-- expect: virtual doubled = CAST(n * 2 AS DOUBLE)
-- expect: virtual event_time = CAST(json_get_str(value, 'ts') AS TIMESTAMP)
CREATE TABLE logs (
  value TEXT NOT NULL,
  n BIGINT,
  doubled DOUBLE GENERATED ALWAYS AS (n * 2) STORED,
  event_time TIMESTAMP GENERATED ALWAYS AS (CAST(json_get_str(value, 'ts') AS TIMESTAMP)),
  WATERMARK FOR event_time AS event_time - INTERVAL '1' SECOND
) WITH (connector = 'single_file', path = 'logs.jsonl', format = 'json', type = 'source');
SELECT count(*) AS c, max(doubled) AS d FROM logs GROUP BY tumble(interval '1 minute');
