-- fail: the number 1e999 is out of range
-- at: 8:40
-- expect-hint: smaller number
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, amount * 2 + amount * 1e999 AS boom FROM orders;
