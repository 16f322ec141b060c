-- fail: event time column tss is not a column of t
-- expect-hint: did you mean `ts`?
CREATE TABLE t (a BIGINT, ts TIMESTAMP, WATERMARK FOR tss AS tss - INTERVAL '1' SECOND) WITH (connector = 'single_file', path = 'a', type = 'source');
SELECT a FROM t;
