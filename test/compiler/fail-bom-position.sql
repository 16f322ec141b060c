-- A UTF-8 byte order mark before the first line is skipped; positions are unchanged.
-- fail: unknown column amuont
-- at: 8:18
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, amuont FROM orders;
