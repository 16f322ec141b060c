-- fail: a window needs event time
-- (A window directly over a bounded source without event time is a processing-time window, see
-- processing-time-window.sql; over an unnest it is refused.)
-- at: 8:77
-- expect-hint: WATERMARK FOR <ts col> AS <ts col> - INTERVAL '5' SECOND
CREATE TABLE clicks (user_id BIGINT, url TEXT, tags TEXT[], ts TIMESTAMP)
WITH (connector = 'single_file', path = 'data/clicks.jsonl', format = 'json', type = 'source');
SELECT count(*) AS n FROM (SELECT unnest(tags) AS tag FROM clicks) GROUP BY tumble(interval '1 minute');
