-- fail: RIGHT JOIN of two unwindowed streams (an updating join) is not supported yet
-- at: 8:44
-- expect-hint: swap the two inputs and write LEFT JOIN
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT o.order_id FROM orders o RIGHT JOIN orders p ON o.customer = p.customer;
