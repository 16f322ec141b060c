-- fail: unknown function discont()
-- udf: udf-modules/pricing.ts
-- at: 9:18
-- expect-hint: did you mean discount()?
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, discont(amount) AS net FROM orders;
