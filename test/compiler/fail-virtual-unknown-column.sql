-- fail: unknown column nope
-- at: 6:38
CREATE TABLE logs (
  value TEXT NOT NULL,
  n BIGINT,
  up TEXT GENERATED ALWAYS AS (upper(nope))
) WITH (connector = 'single_file', path = 'logs.jsonl', format = 'json', type = 'source');
SELECT up FROM logs;
