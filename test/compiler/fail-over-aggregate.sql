-- fail: sum(…) OVER (…) is not supported
-- expect-hint: row_number(), rank() and dense_rank()
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW c AS SELECT window, region, count(*) AS n FROM orders GROUP BY tumble(interval '1 minute') AS window, region;
SELECT sum(n) OVER (PARTITION BY window) AS s FROM c;
