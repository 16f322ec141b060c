-- fail: WITHIN GROUP on median
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
SELECT median(amount) WITHIN GROUP (ORDER BY amount) AS p FROM orders GROUP BY tumble(interval '1 minute');
