-- fail: discount() takes 1 argument, got 2
-- udf: udf-modules/pricing.ts
-- at: 9:18
-- expect-hint: discount(price DOUBLE) → DOUBLE, declared at
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, discount(amount, 2) AS net FROM orders;
