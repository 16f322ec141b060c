-- fail: unknown option paht for a single_file source
-- at: 5:51
-- expect-hint: did you mean `path`?
CREATE TABLE t (a BIGINT)
WITH (connector = 'single_file', type = 'source', paht = 'x.jsonl');
SELECT a FROM t;
