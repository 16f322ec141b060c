-- fail: window frames (ROWS/RANGE BETWEEN …) are not supported
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT rank() OVER (PARTITION BY region ORDER BY amount ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS r FROM orders;
