-- stages: 2
-- expect: approx_percentile_cont_with_weight
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
SELECT region, approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS p50,
  approx_percentile_cont(amount, 0.9) AS p90,
  approx_percentile_cont_with_weight(order_id, 0.5) WITHIN GROUP (ORDER BY amount) AS wp50
FROM orders GROUP BY tumble(interval '1 minute'), region;
