-- An updating aggregate previews as Debezium changes; no GROUP BY is a global key.
-- expect: updating_aggregate keys (_global)
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT count(*) AS n, sum(amount) AS total FROM orders;
