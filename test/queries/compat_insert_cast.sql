-- INSERT of DOUBLE values into BIGINT sink columns: Arroyo (DataFusion) casts on insert, truncating
-- toward zero (its smoke test udaf.sql writes a median of 49.5 as 49).
CREATE TABLE events (
  id BIGINT, kind TEXT, amount BIGINT, score DOUBLE, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_insert_cast (window_start TIMESTAMP, kind TEXT, mean_amount BIGINT, best_score BIGINT)
WITH (connector = 'single_file', path = 'out/compat_insert_cast.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_insert_cast
SELECT window.start, kind, avg(amount), max(score) * -1.0
FROM events
GROUP BY tumble(interval '20 seconds') AS window, kind;
