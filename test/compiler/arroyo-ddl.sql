-- Arroyo's DDL as its smoke tests write it: UNSIGNED types, NOT NULL, PRIMARY KEY and a watermark
-- expression in parentheses.
-- expect: event time timestamp - 1 minute
-- expect: schema counter int not null, n int not null
CREATE TABLE impulse (
  timestamp TIMESTAMP NOT NULL,
  counter BIGINT UNSIGNED NOT NULL,
  subtask_index INT UNSIGNED,
  id TEXT PRIMARY KEY,
  WATERMARK FOR timestamp AS (timestamp - INTERVAL '1' MINUTE)
) WITH (connector = 'single_file', path = 'data/impulse.jsonl', format = 'json', type = 'source');
SELECT counter, count(*) AS n FROM impulse GROUP BY tumble(interval '1 minute'), counter;
