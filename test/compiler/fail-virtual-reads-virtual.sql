-- fail: virtual column tripled reads the virtual column doubled
-- at: 7:39
CREATE TABLE logs (
  value TEXT NOT NULL,
  n BIGINT,
  doubled BIGINT GENERATED ALWAYS AS (n * 2),
  tripled BIGINT GENERATED ALWAYS AS (doubled + n)
) WITH (connector = 'single_file', path = 'logs.jsonl', format = 'json', type = 'source');
SELECT tripled FROM logs;
