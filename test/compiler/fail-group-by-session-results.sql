-- fail: grouping by a session window's results per window is not supported
-- at: 9:46
-- expect-hint: session(…) call itself
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
CREATE VIEW s AS SELECT region, count(*) AS n, session(interval '1 minute') AS window FROM orders GROUP BY region, window;
SELECT max(n) AS top, window FROM s GROUP BY window;
