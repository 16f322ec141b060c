-- fail: updating joins must include an equijoin condition
-- expect-hint: ON a.id = b.id
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT o.order_id FROM orders o JOIN orders p ON o.amount > p.amount;
