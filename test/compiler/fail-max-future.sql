-- fail: invalid max_future: invalid interval 'soon'
-- at: 4:110
-- expect-hint: max_future = '1 hour'
CREATE TABLE orders (id BIGINT, ts TIMESTAMP, WATERMARK FOR ts) WITH (connector = 'single_file', path = 'a', max_future = 'soon', type = 'source');
SELECT count(*) AS n FROM orders GROUP BY tumble(interval '1 minute');
