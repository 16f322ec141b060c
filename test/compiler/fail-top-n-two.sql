-- fail: only one window function per SELECT is supported
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW c AS SELECT window, region, count(*) AS n FROM orders GROUP BY tumble(interval '1 minute') AS window, region;
SELECT rank() OVER (PARTITION BY window ORDER BY n) AS a, dense_rank() OVER (PARTITION BY window ORDER BY n) AS b FROM c;
