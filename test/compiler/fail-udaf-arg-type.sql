-- fail: my_median() argument 1 (values) must be DOUBLE, got TEXT
-- udf: udf-modules/pricing.ts
-- at: 8:26
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT region, my_median(customer) AS m FROM orders GROUP BY tumble(interval '1 minute') AS window, region;
