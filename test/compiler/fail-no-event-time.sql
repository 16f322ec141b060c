-- fail: a window needs event time
-- at: 6:43
-- expect-hint: WATERMARK FOR <ts col> AS <ts col> - INTERVAL '5' SECOND
CREATE TABLE clicks (user_id BIGINT, url TEXT, ts TIMESTAMP)
WITH (connector = 'single_file', path = 'data/clicks.jsonl', format = 'json', type = 'source');
SELECT count(*) AS n FROM clicks GROUP BY tumble(interval '1 minute');
