-- fail: the integer 9223372036854775808 is out of range
-- at: 8:46
-- expect-hint: 9223372036854775808.0
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id FROM orders WHERE order_id < 9223372036854775808;
