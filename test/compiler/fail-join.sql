-- fail: CROSS JOIN is not supported
-- at: 8:35
-- expect-hint: JOIN … ON a.key = b.key
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT * FROM orders o CROSS JOIN orders p;
