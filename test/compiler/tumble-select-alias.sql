-- Window selected as a struct and grouped by its alias and an ordinal; expanded to window_start/window_end.
-- stages: 2
-- expect: project window_start, window_end, region, n
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT tumble(interval '1 minute') AS window, region, count(*) AS n FROM orders GROUP BY window, 2;
