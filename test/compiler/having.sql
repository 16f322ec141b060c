-- HAVING filters the aggregated rows, and may aggregate what SELECT does not.
-- expect: aggregates count(*) AS n, max(amount) AS agg1
-- expect: filter n > 1 AND agg1 < 100
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT region, count(*) AS n FROM orders GROUP BY tumble(interval '1 minute'), region HAVING count(*) > 1 AND max(amount) < 100;
