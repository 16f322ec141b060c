-- Same through a subquery with an alias, qualified references.
-- stages: 2
-- expect: window_aggregate tumble(2 hours) keys (status)
-- expect: project window_end AS we, status, total
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT c.window.end AS we, c.status, total FROM (
  SELECT window, status, sum(amount) AS total FROM orders GROUP BY tumble(interval '2 hours') AS window, status
) AS c WHERE total > 10.5;
