-- fail: WITH RECURSIVE is not supported
-- at: 7:1
-- expect-hint: separate CTEs
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
WITH RECURSIVE x AS (SELECT * FROM orders) SELECT * FROM x;
