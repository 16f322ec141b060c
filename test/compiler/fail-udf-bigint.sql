-- fail: bucket() argument 1 (n) must be BIGINT, got DOUBLE
-- udf: udf-modules/pricing.ts
-- at: 8:18
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, bucket(amount) AS b FROM orders;
