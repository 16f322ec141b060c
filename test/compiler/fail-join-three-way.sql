-- fail: joining more than two inputs in one FROM is not supported yet
-- expect-hint: join two inputs in a view
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT o.order_id FROM orders o JOIN orders p ON o.order_id = p.order_id JOIN orders q ON q.order_id = o.order_id;
