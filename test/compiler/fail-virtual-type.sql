-- fail: virtual column len is declared BIGINT but its expression is TEXT
-- at: 6:3
CREATE TABLE logs (
  value TEXT NOT NULL,
  n BIGINT,
  len BIGINT GENERATED ALWAYS AS (upper(value))
) WITH (connector = 'single_file', path = 'logs.jsonl', format = 'json', type = 'source');
SELECT len FROM logs;
