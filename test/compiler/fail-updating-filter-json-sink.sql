-- fail: GROUP BY without a window is an updating aggregate, and the sink out is format 'json'
-- expect-hint: debezium_json
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE out (region TEXT)
WITH (connector = 'single_file', path = 'out.jsonl', format = 'json', type = 'sink');
CREATE VIEW totals AS SELECT region, count(*) AS n FROM orders GROUP BY region;
INSERT INTO out SELECT region FROM totals WHERE n > 3;
