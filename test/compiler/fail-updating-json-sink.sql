-- fail: GROUP BY without a window is an updating aggregate, and the sink totals is format 'json'
-- expect-hint: debezium_json
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE totals WITH (connector = 'single_file', path = 'out/t.jsonl', format = 'json', type = 'sink');
INSERT INTO totals SELECT region, count(*) AS n FROM orders GROUP BY region;
