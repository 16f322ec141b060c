-- fail: async UDF lookup() cannot run after a window aggregate
-- udf: udf-modules/pricing.ts
-- at: 9:8
-- expect-hint: call it in a view over the input
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT lookup(region) AS r, count(*) AS n FROM orders GROUP BY tumble(interval '1 minute') AS window, region;
