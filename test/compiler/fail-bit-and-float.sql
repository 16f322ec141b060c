-- fail: bit_and() needs an integer, got DOUBLE
-- expect-hint: CAST
CREATE TABLE orders (order_id BIGINT, amount DOUBLE, ts TIMESTAMP, WATERMARK FOR ts)
WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
SELECT bit_and(amount) AS b FROM orders GROUP BY tumble(interval '1 minute');
