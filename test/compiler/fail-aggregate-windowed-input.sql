-- fail: must have window in aggregate: the input is windowed (window)
-- expect-hint: add window to GROUP BY
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
SELECT count(*) AS regions FROM (
  SELECT region, tumble(interval '1 minute') AS window, count(*) AS n FROM orders GROUP BY 1, 2
);
