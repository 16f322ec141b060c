-- fail: WITH (common table expressions) is not supported yet
-- expect-hint: CREATE VIEW
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
WITH x AS (SELECT * FROM orders) SELECT * FROM x;
