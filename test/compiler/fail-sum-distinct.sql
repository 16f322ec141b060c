-- fail: sum(DISTINCT …) is not supported
-- expect-hint: count(DISTINCT x)
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT sum(DISTINCT amount) AS s FROM orders GROUP BY tumble(interval '1 minute');
