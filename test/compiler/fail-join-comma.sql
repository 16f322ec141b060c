-- fail: comma joins (FROM a, b) are not supported
-- at: 8:25
-- expect-hint: FROM a JOIN b ON a.key = b.key
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT * FROM orders o, orders p WHERE o.order_id = p.order_id;
