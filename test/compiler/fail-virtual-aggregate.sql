-- fail: virtual column c cannot use the aggregate count()
-- at: 6:33
CREATE TABLE logs (
  value TEXT NOT NULL,
  n BIGINT,
  c BIGINT GENERATED ALWAYS AS (count(n))
) WITH (connector = 'single_file', path = 'logs.jsonl', format = 'json', type = 'source');
SELECT c FROM logs;
