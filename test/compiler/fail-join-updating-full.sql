-- fail: FULL JOIN of two unwindowed streams (an updating join) is not supported yet
-- expect-hint: window both sides with the same tumble
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT o.order_id FROM orders o FULL JOIN orders p ON o.customer = p.customer;
