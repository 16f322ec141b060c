-- fail: operator = on TEXT[] values is not supported
-- expect-hint: cardinality
CREATE TABLE t (id BIGINT, tags TEXT[]) WITH (connector = 'single_file', path = 'data/t.jsonl', format = 'json', type = 'source');
SELECT id FROM t WHERE tags = tags;
