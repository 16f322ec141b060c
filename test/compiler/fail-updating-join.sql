-- fail: a JOIN reading an updating aggregate (GROUP BY without a window) is not supported
-- at: 9:20
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW totals AS SELECT region, count(*) AS n FROM orders GROUP BY region;
SELECT o.order_id, t.n
FROM orders o JOIN totals t ON o.region = t.region;
