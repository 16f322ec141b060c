-- fail: a windowed aggregate over an updating aggregate (GROUP BY without a window) is not supported
-- at: 10:6
-- expect-hint: window the inner aggregate
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW totals AS SELECT region, count(*) AS n FROM orders GROUP BY region;
SELECT count(*)
FROM totals GROUP BY tumble(interval '1 minute');
