-- fail: the CTE A is defined twice
-- at: 10:6
-- expect-hint: rename one
-- CTE names are case-insensitive, as table names are: a second 'A' clashes with 'a'.
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
WITH a AS (SELECT region FROM orders),
     A AS (SELECT region FROM a)
SELECT region FROM a;
