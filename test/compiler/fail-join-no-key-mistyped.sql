-- fail: updating joins must include an equijoin condition
-- at: 9:32
-- Arroyo refuses a join without an equality before it types the condition (BIGINT < TEXT here).
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
SELECT a.order_id, b.customer
FROM orders a JOIN orders b ON a.order_id < b.customer;
