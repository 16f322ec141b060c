-- fail: discount() argument 1 (price) must be DOUBLE, got TEXT
-- udf: udf-modules/pricing.ts
-- at: 9:18
-- expect-hint: CAST(the argument AS DOUBLE)
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, discount(customer) AS net FROM orders;
