-- fail: corr() takes exactly two arguments
-- at: 6:8
-- expect-hint: corr(y, x)
CREATE TABLE orders (order_id BIGINT, amount DOUBLE, ts TIMESTAMP, WATERMARK FOR ts)
WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
SELECT corr(amount) AS c FROM orders GROUP BY tumble(interval '1 minute');
