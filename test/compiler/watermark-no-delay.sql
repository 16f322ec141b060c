-- WATERMARK FOR ts without AS: delay 0.
-- stages: 2
-- expect: event time ts (no delay)
CREATE TABLE t (k TEXT, ts TIMESTAMP, WATERMARK FOR ts) WITH (connector = 'single_file', path = 't.jsonl', type = 'source');
SELECT window.start AS ws, k, count(k) AS n FROM t GROUP BY tumble(interval '1 day') AS window, k;
