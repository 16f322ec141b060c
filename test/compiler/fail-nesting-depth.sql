-- fail: nests more than 32 levels deep here
-- at: 8:50
-- expect-hint: CREATE VIEW
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, ((((((((((((((((((((((((((((((((((((((((amount)))))))))))))))))))))))))))))))))))))))) AS a FROM orders;
