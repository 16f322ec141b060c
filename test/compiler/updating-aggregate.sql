-- GROUP BY without a window: an updating aggregate into a Debezium sink.
-- stages: 2
-- expect: updating_aggregate keys (region)
-- expect: having n > 10
-- expect: emits changes of region, n
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE changes WITH (connector = 'single_file', path = 'out/changes.jsonl', format = 'debezium_json', type = 'sink');
INSERT INTO changes SELECT region, count(*) AS n FROM orders GROUP BY region HAVING count(*) > 10;
