-- count(DISTINCT x) and the extended aggregates.
-- expect: count(DISTINCT customer) AS n, median(amount) AS med, stddev_samp(amount) AS sd, approx_distinct(customer) AS ad, array_agg(order_id) AS ids
-- expect: ids int[]
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT count(DISTINCT customer) AS n, median(amount) AS med, stddev(amount) AS sd, approx_distinct(customer) AS ad, array_agg(order_id) AS ids FROM orders GROUP BY tumble(interval '1 minute');
