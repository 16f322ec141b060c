-- fail: approx_percentile_cont() needs a constant percentile between 0 and 1
-- at: 7:31
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
SELECT approx_percentile_cont(1.5) WITHIN GROUP (ORDER BY amount) AS p FROM orders GROUP BY tumble(interval '1 minute');
