-- fail: sink column up cannot be GENERATED ALWAYS AS
-- at: 4:31
CREATE TABLE src (value TEXT) WITH (connector = 'single_file', path = 'in.jsonl', format = 'json', type = 'source');
CREATE TABLE out (value TEXT, up TEXT GENERATED ALWAYS AS (upper(value))) WITH (connector = 'single_file', path = 'out.jsonl', format = 'json', type = 'sink');
INSERT INTO out SELECT value, value FROM src;
